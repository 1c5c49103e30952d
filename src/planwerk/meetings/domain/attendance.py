"""Who may stand in for whom at a meeting. Pure Python.

A member is present, absent, or represented by a deputy; a deputy may represent only
the member she or he is deputy of, and one deputy represents one member at most."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

PRESENT = "present"
ABSENT = "absent"
REPRESENTED = "represented"
STATES = frozenset({PRESENT, ABSENT, REPRESENTED})


class Problem(Enum):
    UNKNOWN_STATE = "unknown_state"
    DEPUTY_MISSING = "deputy_missing"
    DEPUTY_NOT_WANTED = "deputy_not_wanted"
    NOT_HER_DEPUTY = "not_her_deputy"
    DEPUTY_TWICE = "deputy_twice"


@dataclass(frozen=True)
class Entry:
    member: int
    state: str
    deputy: int | None = None


@dataclass(frozen=True)
class Refusal:
    problem: Problem
    member: int
    deputy: int | None = None


def check(entries: list[Entry], deputy_of: Mapping[int, int]) -> list[Refusal]:
    """What is wrong with the entries. `deputy_of` maps each deputy to the member she
    or he deputises for; an empty list means the entries may be recorded."""
    found: list[Refusal] = []
    used: set[int] = set()
    for entry in entries:
        if entry.state not in STATES:
            found.append(Refusal(Problem.UNKNOWN_STATE, entry.member))
        elif entry.state != REPRESENTED:
            if entry.deputy is not None:
                found.append(Refusal(Problem.DEPUTY_NOT_WANTED, entry.member, entry.deputy))
        elif entry.deputy is None:
            found.append(Refusal(Problem.DEPUTY_MISSING, entry.member))
        elif deputy_of.get(entry.deputy) != entry.member:
            found.append(Refusal(Problem.NOT_HER_DEPUTY, entry.member, entry.deputy))
        elif entry.deputy in used:
            found.append(Refusal(Problem.DEPUTY_TWICE, entry.member, entry.deputy))
        else:
            used.add(entry.deputy)
    return found
