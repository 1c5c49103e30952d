"""The coordinator's tables about bodies as files (core/tables.py): the members of a
body, the nominations, the people. Each reads what its page reads and shows what its
page shows, nothing more: the people's table says whether self-declared data is
recorded, never what it is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from planwerk.bodies.models import Body, Membership, Nomination, Person
from planwerk.bodies.queries import BodyView
from planwerk.core.models import RoleAssignment
from planwerk.core.tables import Cell, Column, Table


def members(body: Body, view: BodyView) -> Table:
    """The seats and members of a body, as its page lists them: by seat, the holder of
    each position (or "vacant"), the deputies, the appointments from a later date."""

    def rows() -> Iterator[list[Cell]]:
        member, deputy = _("member"), _("deputy")
        for seat in view.seats:
            if seat.positions:
                for p in seat.positions:
                    holder = p.holder
                    yield [
                        seat.category.name,
                        p.position.unit.name,
                        str(holder.person) if holder else _("vacant"),
                        member if holder else "",
                        "",
                        None,
                        holder.end if holder else None,
                    ]
            elif not seat.members:
                yield [seat.category.name, "", _("vacant"), "", "", None, None]
            for m in seat.members if not seat.positions else []:
                yield [seat.category.name, "", str(m.person), member, "", None, m.end]
        for m in view.deputies:
            yield [
                m.seat.name,
                _position(m),
                str(m.person),
                deputy,
                str(m.deputy_of.person) if m.deputy_of else "",
                None,
                m.end,
            ]
        for m in view.upcoming:
            yield [
                m.seat.name,
                _position(m),
                str(m.person),
                deputy if m.role == Membership.Role.DEPUTY else member,
                str(m.deputy_of.person) if m.deputy_of else "",
                m.start,
                m.end,
            ]

    return Table(
        title=_("Seats of %(body)s") % {"body": body.name},
        filename=f"mitglieder-{body.slug}",
        columns=[
            Column(_("Seat"), 40),
            Column(_("Position"), 30),
            Column(_("Member"), 28),
            Column(_("Role"), 12),
            Column(_("Deputy of"), 28),
            Column(_("Appointed from a later date"), 16),
            Column(_("Until"), 12),
        ],
        rows=rows(),
    )


def _position(membership: Membership) -> str:
    position = membership.position
    return str(position.unit.name) if position is not None else ""


def nominations(found: QuerySet[Nomination]) -> Table:
    return Table(
        title=_("Nominations"),
        filename="nominierungen",
        columns=[
            Column(_("Nominee"), 28),
            Column(_("Organisation"), 32),
            Column(_("Expert group"), 36),
            Column(_("Status"), 16),
            Column(_("Submitted on"), 17),
        ],
        rows=(
            [
                f"{n.nominee_given_name} {n.nominee_family_name}",
                n.organisation,
                n.body.name,
                n.get_status_display(),
                n.submitted_at,
            ]
            for n in found
        ),
    )


def _works_in(person: Any) -> str:
    kind = str(person.get_kind_display())
    if person.unit:
        return f"{kind}: {person.unit.name}"
    if person.organisation:
        return f"{kind}: {person.organisation}"
    return kind


def people(found: QuerySet[Person]) -> Table:
    """People with the bodies they sit in today; whether self-declared data is
    recorded, never what (the page shows no more)."""
    return Table(
        title=_("People and self-declared data"),
        filename="personen",
        columns=[
            Column(_("Family name"), 20),
            Column(_("Given name"), 18),
            Column(_("Works in"), 40),
            Column(_("Bodies today"), 50, wrap=True),
            Column(_("Self-declared data"), 18),
        ],
        rows=(
            [
                p.family_name,
                p.given_name,
                _works_in(p),
                ", ".join(str(m.body.name) for m in p.current_memberships),  # type: ignore[attr-defined]
                _("recorded")
                if p.gender or p.migration_background is not None
                else _("none recorded"),
            ]
            for p in found
        ),
    )


def roles(found: QuerySet[RoleAssignment]) -> Table:
    return Table(
        title=_("Roles"),
        filename="rollen",
        columns=[
            Column(_("Account"), 22),
            Column(_("Name"), 28),
            Column(_("locked"), 10),
            Column(_("Role"), 20),
            Column(_("Dezernat"), 40),
        ],
        rows=(
            [
                a.user.get_username(),
                a.user.get_full_name(),
                not a.user.is_active,
                a.get_role_display(),
                a.unit.name if a.unit else "",
            ]
            for a in found
        ),
    )
