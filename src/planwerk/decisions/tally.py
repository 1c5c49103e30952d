"""From the database to the voting core: the seats of a body as the definition gives
them, and a meeting's attendance as the seats present."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from planwerk.bodies.models import Body, Flow, JointVote, Membership, SeatCategory, SeatPosition
from planwerk.decisions.domain import voting as v
from planwerk.meetings.models import Attendance, Meeting
from planwerk.meetings.queries import day_of, members

RULE_KEYS = ("quorum", "majority", "record_objections")


@dataclass(frozen=True)
class SeatAtMeeting:
    """A seat present at the meeting, and who sat in it."""

    key: str
    label: str
    person: str
    member: str
    deputy: bool
    votes: bool


@dataclass(frozen=True)
class Tally:
    """What the core needs for a meeting of a body, and the names the pages show."""

    body: v.Body
    attendance: tuple[v.Presence, ...]
    seats: dict[str, SeatAtMeeting]
    labels: dict[str, str]
    recorded: bool

    def casting(self) -> tuple[str, ...]:
        return v.casting_seats(self.body, self.attendance)

    def joint_of(self, key: str) -> tuple[str, ...]:
        """The other present seats whose joint vote `key` casts."""
        present = v.present_seats(self.body, self.attendance)
        for joint in self.body.joint_votes:
            if key in joint.seats:
                return tuple(s for s in joint.seats if s != key and s in present)
        return ()


def _categories(body: Body) -> list[SeatCategory]:
    return list(
        SeatCategory.objects.filter(body=body, retired=False)
        .prefetch_related(
            Prefetch("positions", queryset=SeatPosition.objects.select_related("unit"))
        )
        .order_by("order")
    )


def _key(category: SeatCategory, position: SeatPosition | None, place: int | None) -> str:
    if position is not None:
        return f"{category.slug}/{position.unit.slug}"
    if place is not None:
        return f"{category.slug}#{place}"
    return category.slug


def seats_of(body: Body) -> tuple[list[v.Seat], list[SeatCategory]]:
    """Every place the definition gives the body: a named seat per position, one seat
    for a single place, numbered places otherwise."""
    categories = _categories(body)
    seats: list[v.Seat] = []
    for category in categories:
        positions = list(category.positions.all())
        if positions:
            for p in positions:
                seats.append(
                    v.Seat(
                        _key(category, p, None), f"{category.name}: {p.unit.name}", category.votes
                    )
                )
        elif category.max_seats == 1:
            seats.append(v.Seat(category.slug, str(category.name), category.votes))
        else:
            for place in range(1, category.max_seats + 1):
                seats.append(
                    v.Seat(_key(category, None, place), f"{category.name} {place}", category.votes)
                )
    return seats, categories


def voting_body(body: Body) -> v.Body:
    seats, categories = seats_of(body)
    by_pk = {c.pk: c for c in categories}
    positions = {p.pk: p for c in categories for p in c.positions.all()}
    joints = []
    for joint in JointVote.objects.filter(body=body).prefetch_related("seats"):
        ranked = []
        for s in joint.seats.all():
            category = by_pk.get(s.category_id)
            if category is None:
                continue
            key = _key(category, positions.get(s.position_id) if s.position_id else None, None)
            # Drucksache 2472/2019, 2.1: the chair casts the joint vote, the deputy
            # seat only in her absence.
            rank = 0 if category.chair else 2 if s.deputy else 1
            ranked.append((rank, category.order, key))
        keys = tuple(k for _r, _o, k in sorted(ranked))
        if len(keys) >= 2:
            joints.append(v.JointVote(keys))
    raw = body.decision_rules or {}
    rules = v.Rules(
        quorum=raw.get("quorum", v.DEFAULT_QUORUM),
        majority=raw.get("majority", v.DEFAULT_MAJORITY),
        record_objections=bool(raw.get("record_objections", True)),
    )
    return v.Body(tuple(seats), tuple(joints), rules)


def member_keys(body: Body, people: list[Membership]) -> dict[int, str]:
    """The seat each member holds, by membership: named seats by their position,
    numbered places in the order of the members of the category."""
    categories = {c.pk: c for c in _categories(body)}
    used: dict[int, int] = {}
    keys: dict[int, str] = {}
    for m in people:
        category = categories.get(m.seat_id)
        if category is None:
            continue
        if m.position_id is not None:
            keys[m.pk] = _key(category, m.position, None)
        elif category.max_seats == 1:
            keys[m.pk] = category.slug
        else:
            used[category.pk] = used.get(category.pk, 0) + 1
            keys[m.pk] = _key(category, None, used[category.pk])
    return keys


def tally(meeting: Meeting) -> Tally:
    """The body's seats and the meeting's attendance, as the core counts them. A
    deputy present in a member's seat counts as that seat."""
    body = voting_body(meeting.body)
    labels = {s.id: s.label for s in body.seats}
    votes = {s.id: s.votes for s in body.seats}
    people = list(members(meeting.body, day_of(meeting.starts_at)))
    keys = member_keys(meeting.body, people)
    rows = meeting.attendance.select_related("membership__person", "deputy__person")
    presence: list[v.Presence] = []
    seats: dict[str, SeatAtMeeting] = {}
    recorded = False
    for row in rows:
        recorded = True
        key = keys.get(row.membership_id)
        if key is None or key not in labels:
            continue
        present = row.status in (Attendance.Status.PRESENT, Attendance.Status.REPRESENTED)
        deputy = row.status == Attendance.Status.REPRESENTED and row.deputy is not None
        person = str(row.deputy.person) if deputy and row.deputy else str(row.membership.person)
        presence.append(v.Presence(key, present, person, deputy))
        if present:
            seats[key] = SeatAtMeeting(
                key, labels[key], person, str(row.membership.person), deputy, votes[key]
            )
    return Tally(body, tuple(presence), seats, labels, recorded)


def deciding_body(body: Body) -> Body | None:
    """The body that decides on the drafts of `body`: the source of a `requirements`
    flow to the body or its group; otherwise the body it reports to."""
    targets = [body.slug] + ([body.group] if body.group else [])
    for flow in Flow.objects.filter(
        process_id=body.process_id, kind="requirements", target__in=targets
    ):
        found = Body.objects.filter(process_id=body.process_id, slug=flow.source).first()
        if found is not None:
            return found
    return body.parent
