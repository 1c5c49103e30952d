"""The coordination's tables of an event as files (core/tables.py): the registrations
and an expert group's inbox of concerns, read as their pages read them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from planwerk.core.tables import Column, Table
from planwerk.events.models import Concern, Event, Registration

# The page lists the confirmed registrations, then the waiting list in order, then
# the cancelled ones.
ORDER: dict[str, int] = {
    Registration.Status.CONFIRMED: 0,
    Registration.Status.WAITING: 1,
    Registration.Status.CANCELLED: 2,
}


def registrations(
    event: Event, rows: Sequence[Registration], language_names: dict[str, Any]
) -> Table:
    listed = sorted(rows, key=lambda r: ORDER.get(r.status, 3))  # stable: in order within
    return Table(
        title=_("Registrations"),
        filename=f"teilnahmen-{event.uuid}",
        columns=[
            Column(_("Status"), 16),
            Column(_("Name"), 28),
            Column(_("Email"), 32),
            Column(_("Languages spoken"), 28),
            Column(_("Other languages"), 20),
            Column(_("Access needs"), 40, wrap=True),
            Column(_("Workshop"), 28),
            Column(_("Registered on"), 17),
        ],
        rows=(
            [
                r.get_status_display(),
                r.name,
                r.email,
                ", ".join(str(language_names.get(code, code)) for code in r.languages_spoken),
                r.other_languages,
                r.access_needs,
                str(r.workshop) if r.workshop else "",
                r.created,
            ]
            for r in listed
        ),
    )


def inbox(body: Any, concerns: Sequence[Concern]) -> Table:
    return Table(
        title=_("Concerns from the events"),
        filename=f"anliegen-{body.slug}",
        columns=[
            Column(_("Concern"), 60, wrap=True),
            Column(_("Event"), 32),
            Column(_("Status"), 16),
            Column(_("Measure"), 36, wrap=True),
            Column(_("What the group did"), 60, wrap=True),
        ],
        rows=(
            [c.text, c.event.title, c.get_status_display(), c.section_label, c.answer]
            for c in concerns
        ),
    )
