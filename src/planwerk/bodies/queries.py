"""Reading bodies with their seats, members and composition check, in few queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from planwerk.bodies.domain import composition as c
from planwerk.bodies.messages import finding_text, gender_figures
from planwerk.bodies.models import (
    Body,
    JointVote,
    Membership,
    Person,
    SeatCategory,
    SeatPosition,
)
from planwerk.core.text import language_codes
from planwerk.processes.models import Process, Unit


def today() -> dt.date:
    return timezone.localdate()


def current_q(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start__lte": on}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": on})
    )


def bodies_of(process: Process) -> QuerySet[Body]:
    return Body.objects.filter(process=process).select_related("parent").order_by("order")


def _any_language(field: str, word: str) -> Q:
    """`field` (a translated text) contains `word` in one of the configured languages."""
    query = Q()
    for code in language_codes():
        query |= Q(**{f"{field}__{code}__icontains": word})
    return query


def people_matching(query: str) -> QuerySet[Person]:
    """People whose names (or unit or organisation) contain every word of the query."""
    qs = Person.objects.select_related("unit")
    for word in query.split()[:5]:
        qs = qs.filter(
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(organisation__icontains=word)
            | _any_language("unit__name", word)
        )
    return qs.order_by("family_name", "given_name", "pk")


def search_people(query: str, limit: int) -> tuple[list[Person], int]:
    """At most `limit` people matching the query, and how many match. No query
    finds no one."""
    if not query.split():
        return [], 0
    qs = people_matching(query)
    found = list(qs[: limit + 1])
    if len(found) <= limit:
        return found, len(found)
    return found[:limit], qs.count()


def people_with_bodies(query: str = "", body: Body | None = None) -> QuerySet[Person]:
    """People for the coordinator's list, each with the bodies they sit in today."""
    qs = people_matching(query)
    if body is not None:
        qs = qs.filter(memberships__in=Membership.objects.filter(current_q(today()), body=body))
        qs = qs.distinct()
    return qs.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(current_q(today())).select_related("body"),
            to_attr="current_memberships",
        )
    )


def unit_chains(process_id: int) -> dict[int, frozenset[str]]:
    """For every unit of a process: its slug and the slugs of all units above it."""
    units = {u.pk: u for u in Unit.objects.filter(process_id=process_id)}
    chains: dict[int, frozenset[str]] = {}
    for pk, unit in units.items():
        slugs = []
        seen: set[int] = set()
        current: Unit | None = unit
        while current is not None and current.pk not in seen:
            seen.add(current.pk)
            slugs.append(current.slug)
            current = units.get(current.parent_id) if current.parent_id else None
        chains[pk] = frozenset(slugs)
    return chains


@dataclass
class PositionView:
    position: SeatPosition
    holder: Membership | None


@dataclass
class SeatView:
    category: SeatCategory
    members: list[Membership]
    positions: list[PositionView]

    @property
    def filled(self) -> int:
        return len(self.members)

    @property
    def vacancies(self) -> int:
        return max(0, self.category.max_seats - self.filled)


@dataclass
class BodyView:
    body: Body
    seats: list[SeatView]
    deputies: list[Membership]
    upcoming: list[Membership]
    check: c.CompositionCheck
    errors: list[str]
    warnings: list[str]
    votes_total: int
    votes_filled: int
    aggregate: c.Aggregate
    joint_votes: list[JointVote] = field(default_factory=list)

    @property
    def members(self) -> list[Membership]:
        return [m for s in self.seats for m in s.members]

    @property
    def vacancies(self) -> int:
        return sum(s.vacancies for s in self.seats)

    @property
    def diversity_text(self) -> str:
        """The self-declared figures, or "" where the body is too small to show them."""
        gender = self.aggregate.gender
        if gender is None:
            return ""
        return _("%(figures)s; %(count)d of %(total)d with a migration background") % {
            "figures": gender_figures(
                gender["female"], gender["male"], gender["diverse"], gender["undeclared"]
            ),
            "count": self.aggregate.migration_background or 0,
            "total": self.aggregate.total,
        }


def body_view(body: Body, on: dt.date | None = None) -> BodyView:
    on = on or today()
    categories = list(
        SeatCategory.objects.filter(body=body)
        .prefetch_related(
            "units",
            Prefetch("positions", queryset=SeatPosition.objects.select_related("unit")),
        )
        .order_by("order")
    )
    memberships = list(
        Membership.objects.filter(body=body)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("person", "person__unit", "seat", "position__unit", "deputy_of__person")
        .order_by("seat__order", "position__order", "start")
    )
    current = [m for m in memberships if m.start <= on]
    upcoming = [m for m in memberships if m.start > on]
    seated = [m for m in current if m.role == Membership.Role.MEMBER]
    deputies = [m for m in current if m.role == Membership.Role.DEPUTY]

    seats: list[SeatView] = []
    for category in categories:
        members = [m for m in seated if m.seat_id == category.pk]
        by_position = {m.position_id: m for m in members if m.position_id}
        seats.append(
            SeatView(
                category=category,
                members=members,
                positions=[
                    PositionView(p, by_position.get(p.pk)) for p in category.positions.all()
                ],
            )
        )

    chains = unit_chains(body.process_id)
    domain_seats = [to_domain_seat(s.category) for s in seats if not s.category.retired]
    domain_members = [to_domain_member(m, chains) for m in seated]
    targets = [
        c.Target(t["kind"], int(t.get("tolerance", 1)), float(t.get("share", 0.5)))
        for t in body.targets
    ]
    check = c.check_composition(domain_seats, domain_members, targets)
    joint_votes = list(
        JointVote.objects.filter(body=body).prefetch_related(
            "seats__category", "seats__position__unit"
        )
    )
    joint_groups = [
        [
            c.VoteSeat(s.category.slug, s.position.unit.slug if s.position else None)
            for s in jv.seats.all()
        ]
        for jv in joint_votes
    ]
    names = {str(m.person_id): str(m.person) for m in seated}
    labels = {s.category.slug: str(s.category.name) for s in seats}
    return BodyView(
        body=body,
        seats=seats,
        deputies=deputies,
        upcoming=upcoming,
        check=check,
        errors=[finding_text(f, labels, names) for f in check.errors],
        warnings=[finding_text(f, labels, names) for f in check.warnings],
        votes_total=c.count_votes(c.voting_places(domain_seats), joint_groups),
        votes_filled=c.count_votes(c.filled_places(domain_seats, domain_members), joint_groups),
        aggregate=c.aggregate(domain_members),
        joint_votes=joint_votes,
    )


def to_domain_seat(category: SeatCategory) -> c.Seat:
    return c.Seat(
        slug=category.slug,
        min=category.min_seats,
        max=category.max_seats,
        kinds=frozenset(category.kinds),
        units=frozenset(u.slug for u in category.units.all()),
        positions=tuple(p.unit.slug for p in category.positions.all()),
        votes=category.votes,
    )


def to_domain_member(membership: Membership, chains: dict[int, frozenset[str]]) -> c.Member:
    person = membership.person
    return c.Member(
        person=str(person.pk),
        seat=membership.seat.slug,
        kind=person.kind,
        units=chains.get(person.unit_id, frozenset()) if person.unit_id else frozenset(),
        position=membership.position.unit.slug if membership.position else None,
        gender=person.gender or None,
        migration_background=person.migration_background,
    )
