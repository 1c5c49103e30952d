"""Checking a body's composition against its seats and targets. Pure Python.

Hard rules (errors): too many or too few people in a seat category, a named seat
held twice, a person holding two seats of the same body, a seat filled by someone
of the wrong kind or from the wrong unit. Targets (warnings): gender parity as far
as possible and a share of people with a migration background (Drucksache
2472/2019, 2.2). Aggregates of fewer than `min_group` people are never shown.

`check_appointment` holds the rules for one new membership over a period: the
bodies service asks it before it seats anyone, so the rules exist here only.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Seat:
    slug: str
    min: int
    max: int
    kinds: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()
    positions: tuple[str, ...] = ()
    votes: bool = True
    body: str = ""
    retired: bool = False


@dataclass(frozen=True)
class Member:
    person: str
    seat: str
    kind: str
    # The person's unit and every unit above it, by slug.
    units: frozenset[str] = frozenset()
    position: str | None = None
    gender: str | None = None
    migration_background: bool | None = None


@dataclass(frozen=True)
class Target:
    kind: str  # "gender_parity" or "migration_background_share"
    tolerance: int = 1
    share: float = 0.5


@dataclass(frozen=True)
class Finding:
    """One result of a check; `code` selects the message, `figures` fill it."""

    severity: str
    code: str
    seat: str | None = None
    person: str | None = None
    figures: tuple[tuple[str, int | float | str], ...] = ()

    def figure(self, name: str) -> int | float | str | None:
        return dict(self.figures).get(name)


@dataclass(frozen=True)
class CompositionCheck:
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == WARNING)

    @property
    def ok(self) -> bool:
        return not self.findings


def kind_fits(seat: Seat, kind: str) -> bool:
    """Whether a person of this kind may take the seat (any kind, if it names none)."""
    return not seat.kinds or kind in seat.kinds


def units_fit(allowed: frozenset[str], chain: frozenset[str]) -> bool:
    """Whether a person whose unit and the units above it are `chain` comes from one of
    the `allowed` units (from anywhere, if none is named)."""
    return not allowed or bool(chain & allowed)


def check_composition(
    seats: Sequence[Seat],
    members: Iterable[Member],
    targets: Sequence[Target] = (),
    min_group: int = 5,
) -> CompositionCheck:
    members = list(members)
    findings: list[Finding] = []
    by_seat = {s.slug: s for s in seats}
    filled: Counter[str] = Counter(m.seat for m in members)

    for seat in seats:
        count = filled[seat.slug]
        if count > seat.max:
            findings.append(
                Finding(ERROR, "too_many", seat.slug, figures=(("count", count), ("max", seat.max)))
            )
        elif count < seat.min:
            findings.append(
                Finding(ERROR, "too_few", seat.slug, figures=(("count", count), ("min", seat.min)))
            )

    seats_of_person: Counter[str] = Counter(m.person for m in members)
    for person, count in sorted(seats_of_person.items()):
        if count > 1:
            findings.append(
                Finding(ERROR, "person_twice", person=person, figures=(("count", count),))
            )

    position_holders: Counter[tuple[str, str]] = Counter(
        (m.seat, m.position) for m in members if m.position is not None
    )
    for (seat_slug, position), count in sorted(position_holders.items()):
        if count > 1:
            findings.append(
                Finding(
                    ERROR,
                    "position_twice",
                    seat_slug,
                    figures=(("position", position), ("count", count)),
                )
            )

    for member in members:
        found = by_seat.get(member.seat)
        if found is None:
            findings.append(Finding(ERROR, "unknown_seat", member.seat, member.person))
            continue
        seat = found
        if not kind_fits(seat, member.kind):
            findings.append(
                Finding(ERROR, "wrong_kind", seat.slug, member.person, (("kind", member.kind),))
            )
        if not units_fit(seat.units, member.units):
            findings.append(Finding(ERROR, "wrong_unit", seat.slug, member.person))
        if seat.positions:
            if member.position is None or member.position not in seat.positions:
                findings.append(Finding(ERROR, "needs_position", seat.slug, member.person))
            elif member.position not in member.units:
                findings.append(
                    Finding(
                        ERROR,
                        "wrong_position",
                        seat.slug,
                        member.person,
                        (("position", member.position),),
                    )
                )

    for target in targets:
        findings.extend(_check_target(target, members, min_group))
    return CompositionCheck(tuple(findings))


def _check_target(target: Target, members: list[Member], min_group: int) -> list[Finding]:
    total = len(members)
    if target.kind == "gender_parity":
        declared = [m.gender for m in members if m.gender]
        if len(declared) < min_group:
            # Too few declarations: no figures, they could point at individuals.
            return [
                Finding(WARNING, "gender_too_few_declared", figures=(("min_group", min_group),))
            ]
        counts = Counter(declared)
        women, men = counts.get("female", 0), counts.get("male", 0)
        if abs(women - men) > target.tolerance:
            return [
                Finding(
                    WARNING,
                    "gender_parity",
                    figures=(
                        ("women", women),
                        ("men", men),
                        ("diverse", counts.get("diverse", 0)),
                        ("undeclared", total - len(declared)),
                    ),
                )
            ]
        return []
    if target.kind == "migration_background_share":
        if total < min_group:
            return [Finding(WARNING, "migration_too_few", figures=(("min_group", min_group),))]
        with_background = sum(1 for m in members if m.migration_background is True)
        needed = math.ceil(target.share * total)
        if with_background < needed:
            return [
                Finding(
                    WARNING,
                    "migration_share",
                    figures=(
                        ("count", with_background),
                        ("total", total),
                        ("needed", needed),
                        ("percent", round(target.share * 100)),
                    ),
                )
            ]
        return []
    return []


@dataclass(frozen=True)
class Aggregate:
    """Figures about a group of people, or None where the group is too small to show."""

    total: int
    gender: dict[str, int] | None
    migration_background: int | None


def aggregate(members: Iterable[Member], min_group: int = 5) -> Aggregate:
    members = list(members)
    total = len(members)
    if total < min_group:
        return Aggregate(total, None, None)
    declared = Counter(m.gender or "undeclared" for m in members)
    return Aggregate(
        total,
        {k: declared.get(k, 0) for k in ("female", "male", "diverse", "undeclared")},
        sum(1 for m in members if m.migration_background is True),
    )


@dataclass(frozen=True)
class VoteSeat:
    """A place with a vote: a seat category and, for named seats, the unit of the position."""

    seat: str
    position: str | None = None


def count_votes(places: Iterable[VoteSeat], joint_votes: Iterable[Iterable[VoteSeat]]) -> int:
    """The number of votes of a set of voting places, a joint vote counted once.

    Drucksache 2472/2019, 2.1: the department Soziales shares one vote with the chair.
    """
    places = set(places)
    # Places joined by joint votes form one vote together, however the joint votes
    # overlap or repeat: count the groups of joined places.
    joined: dict[VoteSeat, VoteSeat] = {p: p for p in places}

    def root(place: VoteSeat) -> VoteSeat:
        while joined[place] != place:
            place = joined[place]
        return place

    for group in joint_votes:
        present = [p for p in group if p in places]
        for other in present[1:]:
            joined[root(other)] = root(present[0])
    return sum(1 for p in places if root(p) == p)


def voting_places(seats: Iterable[Seat]) -> list[VoteSeat]:
    """Every place with a vote that a body's seats define."""
    result: list[VoteSeat] = []
    for seat in seats:
        if not seat.votes:
            continue
        if seat.positions:
            result.extend(VoteSeat(seat.slug, p) for p in seat.positions)
        elif seat.max == 1:
            result.append(VoteSeat(seat.slug))
        else:
            result.extend(VoteSeat(seat.slug, f"#{i}") for i in range(seat.max))
    return result


def filled_places(seats: Iterable[Seat], members: Iterable[Member]) -> list[VoteSeat]:
    """The voting places that members currently fill (at most each seat's maximum)."""
    by_slug = {s.slug: s for s in seats if s.votes}
    used: Counter[str] = Counter()
    result: set[VoteSeat] = set()
    for member in members:
        seat = by_slug.get(member.seat)
        if seat is None:
            continue
        if seat.positions:
            if member.position in seat.positions:
                result.add(VoteSeat(seat.slug, member.position))
        elif used[seat.slug] < seat.max:
            position = None if seat.max == 1 else f"#{used[seat.slug]}"
            result.add(VoteSeat(seat.slug, position))
            used[seat.slug] += 1
    return sorted(result, key=lambda v: (v.seat, v.position or ""))


# -- appointments -------------------------------------------------------------------
MEMBER = "member"
DEPUTY = "deputy"


@dataclass(frozen=True)
class Tenure:
    """A membership over a period, as the appointment rules see it.

    `key` identifies it (a deputy's `deputy_of` names its member's key); `position`
    is the unit of a named seat."""

    key: int | str
    person: str
    seat: str
    start: dt.date
    end: dt.date | None = None
    body: str = ""
    role: str = MEMBER
    position: str | None = None
    deputy_of: int | str | None = None

    def overlaps(self, start: dt.date, end: dt.date | None) -> bool:
        return (self.end is None or self.end >= start) and (end is None or self.start <= end)


@dataclass(frozen=True)
class Position:
    """A named seat: the seat category it belongs to and its unit."""

    seat: str
    unit: str
    body: str = ""


@dataclass(frozen=True)
class Appointment:
    """Who is to be seated where, from when until when.

    `units` are the person's unit and every unit above it; `deputy_of` is the member
    a deputy stands in for."""

    person: str
    kind: str
    body: str
    start: dt.date
    end: dt.date | None = None
    units: frozenset[str] = frozenset()
    position: Position | None = None
    deputy_of: Tenure | None = None


@dataclass(frozen=True)
class Refusal:
    """Why an appointment cannot be made: the field concerned, a code that selects
    the message, and the figures that fill it."""

    field: str
    code: str
    figures: tuple[tuple[str, int | str | tuple[int | str, ...]], ...] = ()

    def figure(self, name: str) -> int | str | tuple[int | str, ...] | None:
        return dict(self.figures).get(name)


def most_at_once(periods: Iterable[tuple[dt.date, dt.date | None]], start: dt.date) -> int:
    """The most of these periods that run on one day from `start` on.

    A successor in a seat does not count twice: one who left before another came
    leaves a seat free for the whole period."""
    periods = list(periods)
    days = {start} | {s for s, _e in periods if s > start}
    return max(
        (sum(1 for s, e in periods if s <= day and (e is None or e >= day)) for day in days),
        default=0,
    )


def check_appointment(
    request: Appointment,
    seat: Seat,
    tenures: Iterable[Tenure],
    *,
    deputies_per_member: int = 1,
) -> tuple[Refusal, ...]:
    """Every reason why `request` may not take `seat`, given the body's `tenures`.

    No refusal means the appointment keeps the body's hard rules: nobody holds two
    seats of one body at once, no seat has more members than its maximum on any
    day, no named seat is held twice, and a member has at most
    `deputies_per_member` deputies at once."""
    refusals: list[Refusal] = []

    def fail(field_name: str, code: str, **figures: int | str | tuple[int | str, ...]) -> None:
        refusals.append(Refusal(field_name, code, tuple(figures.items())))

    start, end = request.start, request.end
    deputy_of = request.deputy_of
    position = request.position
    if seat.body != request.body:
        fail("seat", "seat_elsewhere")
    if seat.retired:
        fail("seat", "seat_retired")
    if end is not None and end < start:
        fail("end", "ends_before_start")
    if deputy_of is None:
        if seat.positions and position is None:
            fail("position", "needs_position")
        if position is not None and (
            position.body != seat.body
            or position.seat != seat.slug
            or position.unit not in seat.positions
        ):
            fail("position", "position_elsewhere")
    elif deputy_of.body != request.body:
        fail("deputy_of", "deputy_elsewhere")
    elif deputy_of.role != MEMBER:
        fail("deputy_of", "deputy_of_deputy")
    elif deputy_of.seat != seat.slug:
        fail("seat", "deputy_seat", seat=deputy_of.seat)

    if not kind_fits(seat, request.kind):
        fail("person", "wrong_kind", kind=request.kind)
    allowed_units = frozenset({position.unit}) if position is not None else seat.units
    if deputy_of is None and not units_fit(allowed_units, request.units):
        fail("person", "wrong_unit")

    if any(r.field == "end" for r in refusals):
        return tuple(refusals)
    in_period = [t for t in tenures if t.body == request.body and t.overlaps(start, end)]
    same = [t for t in in_period if t.person == request.person]
    role = MEMBER if deputy_of is None else DEPUTY
    if any(t.seat == seat.slug and t.role == role for t in same):
        fail("person", "holds_seat")
    elif deputy_of is None and any(t.role == MEMBER for t in same):
        fail("person", "holds_other_seat")
    if deputy_of is not None and not any(r.field == "deputy_of" for r in refusals):
        deputies = [t for t in in_period if t.role == DEPUTY and t.deputy_of == deputy_of.key]
        if most_at_once(((d.start, d.end) for d in deputies), start) >= deputies_per_member:
            if deputies_per_member == 0:
                fail("deputy_of", "no_deputies")
            else:
                fail(
                    "deputy_of",
                    "deputies_full",
                    limit=deputies_per_member,
                    deputies=tuple(d.key for d in deputies),
                )
    if deputy_of is None:
        holders = [t for t in in_period if t.seat == seat.slug and t.role == MEMBER]
        if position is not None and any(t.position == position.unit for t in holders):
            fail("position", "position_held")
        elif most_at_once(((t.start, t.end) for t in holders), start) >= seat.max:
            fail("seat", "seat_full", max=seat.max)
    return tuple(refusals)
