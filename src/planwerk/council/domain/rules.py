"""The stage's paper and the council paper (Drucksache), as plain rules.

Drucksache 2472/2019, section 1: the accepted result of the expert groups goes to the
council; the lead committee and the council decide, and the lead committee holds at
least two retreats (Klausurtagungen) with the expert groups.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")

NUMBER_LIMIT = 50


@dataclass(frozen=True)
class Candidate:
    """A version of some body's draft: which body, its number, whether accepted."""

    body: Hashable
    number: int
    accepted: bool


def latest_accepted(versions: Iterable[Candidate]) -> dict[Hashable, int]:
    """Per body, the number of its latest accepted version (bodies without one are absent)."""
    latest: dict[Hashable, int] = {}
    for v in versions:
        if v.accepted and v.number > latest.get(v.body, 0):
            latest[v.body] = v.number
    return latest


def in_order(expected: Sequence[K], present: Iterable[K]) -> tuple[list[K], list[K]]:
    """The expected keys split in those present and those missing, both in the given order."""
    have = set(present)
    return [k for k in expected if k in have], [k for k in expected if k not in have]


@dataclass(frozen=True)
class Retreats:
    """The retreats a body has planned (not cancelled) against the minimum it must hold."""

    planned: int
    needed: int

    @property
    def short(self) -> bool:
        return self.planned < self.needed

    @property
    def missing(self) -> int:
        return max(self.needed - self.planned, 0)


def count_retreats(cancelled: Iterable[bool], needed: int) -> Retreats:
    """`cancelled`: one flag per retreat of the body; cancelled ones do not count."""
    return Retreats(sum(1 for c in cancelled if not c), needed)


def clean_number(text: str) -> str:
    """A council paper's number as it is kept: spaces collapsed ("2472/2019").

    Raises ValueError("required") or ValueError("too long")."""
    number = " ".join((text or "").split())
    if not number:
        raise ValueError("required")
    if len(number) > NUMBER_LIMIT:
        raise ValueError("too long")
    return number


def same_number(a: str, b: str) -> bool:
    """Two numbers name the same paper when they differ only in case and spaces."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
