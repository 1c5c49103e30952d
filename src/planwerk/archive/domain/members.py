"""The members of an archive against the checksums its manifest lists."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Problem = Literal["missing", "changed", "unlisted"]


@dataclass(frozen=True)
class MemberProblem:
    member: str
    problem: Problem


def first_member_problem(
    listed: Mapping[str, str], found: Mapping[str, str]
) -> MemberProblem | None:
    """The first member (in name order) that is listed but missing, whose SHA-256
    differs from the listed one, or that is there but not listed; None if every
    member is as listed. `listed` and `found` map member names to SHA-256 digests."""
    for name in sorted({*listed, *found}):
        if name not in found:
            return MemberProblem(name, "missing")
        if name not in listed:
            return MemberProblem(name, "unlisted")
        if listed[name] != found[name]:
            return MemberProblem(name, "changed")
    return None
