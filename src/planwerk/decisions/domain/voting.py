"""Counting a body's vote on a motion. Pure Python.

The input is what the process definition says about the body – its seats (with or
without a vote), its joint votes and its decision rules – and what happened at the
meeting: who was present in which seat, and each seat's ballot (yes, no, abstain).

Drucksache 2472/2019, 2.1: the department Soziales shares one vote with the chair
and deputises for her. A joint vote is one vote however many of its seats are
present; the chair's seat casts it when present, otherwise the designated deputy
seat. A deputy present in a member's seat counts as that seat.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

YES = "yes"
NO = "no"
ABSTAIN = "abstain"
CHOICES = (YES, NO, ABSTAIN)

# The values the definition reader accepts (processes/definition/schema.py).
QUORUM_RULES = ("none", "more_than_half_of_votes", "half_of_votes", "two_thirds_of_votes")
MAJORITY_RULES = (
    "majority_of_votes_cast",
    "majority_of_votes_present",
    "majority_of_all_votes",
    "two_thirds_of_votes_cast",
    "consensus",
)
DEFAULT_QUORUM = "more_than_half_of_votes"
DEFAULT_MAJORITY = "majority_of_votes_cast"


@dataclass(frozen=True)
class Seat:
    """A place in the body: one named seat, or one of the places of a seat category."""

    id: str
    label: str = ""
    votes: bool = True


@dataclass(frozen=True)
class JointVote:
    """Seats that cast one vote together. `seats` in the order in which they cast it:
    the first of them who is present casts the vote (the chair's seat first, the
    designated deputy seat last)."""

    seats: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    quorum: str = DEFAULT_QUORUM
    majority: str = DEFAULT_MAJORITY
    record_objections: bool = True

    def __post_init__(self) -> None:
        if self.quorum not in QUORUM_RULES:
            raise ValueError(f"unknown quorum rule {self.quorum!r}")
        if self.majority not in MAJORITY_RULES:
            raise ValueError(f"unknown majority rule {self.majority!r}")


@dataclass(frozen=True)
class Body:
    seats: tuple[Seat, ...]
    joint_votes: tuple[JointVote, ...] = ()
    rules: Rules = Rules()

    def __post_init__(self) -> None:
        ids = [s.id for s in self.seats]
        if len(ids) != len(set(ids)):
            raise ValueError("a seat is named twice")
        seen: set[str] = set()
        for joint in self.joint_votes:
            unknown = set(joint.seats) - set(ids)
            if unknown:
                raise ValueError(f"joint vote names unknown seats {sorted(unknown)}")
            if seen & set(joint.seats):
                raise ValueError("a seat belongs to two joint votes")
            seen |= set(joint.seats)

    def seat(self, seat_id: str) -> Seat | None:
        return next((s for s in self.seats if s.id == seat_id), None)

    def units(self) -> list[tuple[str, ...]]:
        """The votes of the body: each a tuple of the voting seats that cast it, in
        the order in which they cast it."""
        voting = {s.id for s in self.seats if s.votes}
        joined: set[str] = set()
        result: list[tuple[str, ...]] = []
        for joint in self.joint_votes:
            members = tuple(s for s in joint.seats if s in voting)
            joined |= set(joint.seats)
            if members:
                result.append(members)
        result.extend((s.id,) for s in self.seats if s.votes and s.id not in joined)
        return result

    @property
    def total_votes(self) -> int:
        return len(self.units())


@dataclass(frozen=True)
class Presence:
    """A seat at the meeting: present (the member, or a deputy in the member's seat)
    or absent. A seat is present when any entry for it says so."""

    seat: str
    present: bool = True
    person: str = ""
    deputy: bool = False


@dataclass(frozen=True)
class Ballot:
    seat: str
    choice: str


class Problem(Enum):
    UNKNOWN_SEAT = "unknown_seat"
    NO_VOTE = "no_vote"
    NOT_PRESENT = "not_present"
    JOINT_VOTE = "joint_vote"
    TWICE = "twice"
    UNKNOWN_CHOICE = "unknown_choice"


class Refused(Exception):
    """A ballot that cannot be counted; `by` names the seat that casts a joint vote."""

    def __init__(self, problem: Problem, seat: str, by: str | None = None) -> None:
        self.problem = problem
        self.seat = seat
        self.by = by
        super().__init__(f"{problem.value}: {seat}" + (f" (cast by {by})" if by else ""))


@dataclass(frozen=True)
class Result:
    total: int
    present: int
    quorate: bool
    yes: int
    no: int
    abstain: int
    carried: bool
    # The seats that voted no, in the order of the body's seats.
    objections: tuple[str, ...]
    # The seat that casts each vote present, in the order of the body's votes.
    casting: tuple[str, ...]
    rules: Rules


def present_seats(body: Body, attendance: Iterable[Presence]) -> frozenset[str]:
    return frozenset(p.seat for p in attendance if p.present and body.seat(p.seat) is not None)


def casting_seats(body: Body, attendance: Iterable[Presence]) -> tuple[str, ...]:
    """The seats that cast the votes present: one per vote, a joint vote by its first
    present seat (Drucksache 2472/2019, 2.1)."""
    present = present_seats(body, attendance)
    casting = []
    for unit in body.units():
        by = next((s for s in unit if s in present), None)
        if by is not None:
            casting.append(by)
    return tuple(casting)


def is_quorate(rule: str, present: int, total: int) -> bool:
    if rule == "none":
        return True
    if rule == "more_than_half_of_votes":
        return 2 * present > total
    if rule == "half_of_votes":
        return 2 * present >= total
    if rule == "two_thirds_of_votes":
        return 3 * present >= 2 * total
    raise ValueError(f"unknown quorum rule {rule!r}")


def has_majority(rule: str, yes: int, no: int, present: int, total: int) -> bool:
    """Whether the yes votes carry. Abstentions are not votes cast."""
    if rule == "majority_of_votes_cast":
        return yes > no
    if rule == "majority_of_votes_present":
        return 2 * yes > present
    if rule == "majority_of_all_votes":
        return 2 * yes > total
    if rule == "two_thirds_of_votes_cast":
        return yes > 0 and 3 * yes >= 2 * (yes + no)
    if rule == "consensus":
        return yes > 0 and no == 0
    raise ValueError(f"unknown majority rule {rule!r}")


def check_ballot(
    body: Body, casting: Iterable[str], present: frozenset[str], ballot: Ballot
) -> None:
    """Raise Refused unless the seat may cast this ballot."""
    seat = body.seat(ballot.seat)
    if seat is None:
        raise Refused(Problem.UNKNOWN_SEAT, ballot.seat)
    if not seat.votes:
        raise Refused(Problem.NO_VOTE, ballot.seat)
    if ballot.seat not in present:
        raise Refused(Problem.NOT_PRESENT, ballot.seat)
    if ballot.seat not in set(casting):
        unit = next(u for u in body.units() if ballot.seat in u)
        by = next(s for s in unit if s in present)
        raise Refused(Problem.JOINT_VOTE, ballot.seat, by)
    if ballot.choice not in CHOICES:
        raise Refused(Problem.UNKNOWN_CHOICE, ballot.seat)


def count(body: Body, attendance: Iterable[Presence], ballots: Sequence[Ballot]) -> Result:
    """The result of a vote. Raises Refused for the first ballot that cannot count."""
    attendance = list(attendance)
    present = present_seats(body, attendance)
    casting = casting_seats(body, attendance)
    seen: set[str] = set()
    for ballot in ballots:
        check_ballot(body, casting, present, ballot)
        if ballot.seat in seen:
            raise Refused(Problem.TWICE, ballot.seat)
        seen.add(ballot.seat)
    choices = {b.seat: b.choice for b in ballots}
    yes = sum(1 for c in choices.values() if c == YES)
    no = sum(1 for c in choices.values() if c == NO)
    abstain = sum(1 for c in choices.values() if c == ABSTAIN)
    total = body.total_votes
    votes_present = len(casting)
    quorate = is_quorate(body.rules.quorum, votes_present, total)
    carried = quorate and has_majority(body.rules.majority, yes, no, votes_present, total)
    objections = tuple(s.id for s in body.seats if choices.get(s.id) == NO)
    return Result(
        total=total,
        present=votes_present,
        quorate=quorate,
        yes=yes,
        no=no,
        abstain=abstain,
        carried=carried,
        objections=objections,
        casting=casting,
        rules=body.rules,
    )
