"""The register of migrant organisations as a file (core/tables.py), with the page's
search: the columns the register's page shows."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from planwerk.core.tables import Cell, Column, Table
from planwerk.elections.invitations import DeliveryRow
from planwerk.elections.models import Election, MigrantOrganisation


def register(found: Iterable[MigrantOrganisation]) -> Table:
    return Table(
        title=_("Register of migrant organisations"),
        filename="register-migrantenorganisationen",
        columns=[
            Column(_("Name"), 40),
            Column(_("Contact"), 28),
            Column(_("Email"), 32),
            Column(_("Eligibility confirmed by"), 24),
            Column(_("Eligibility confirmed on"), 17),
            Column(_("In the register"), 12),
        ],
        rows=(
            [
                org.name,
                org.contact_name,
                org.contact_email,
                org.eligibility_confirmed_by,
                org.eligibility_confirmed_at,
                org.active,
            ]
            for org in found
        ),
    )


def invitations(election: Election, rows: Iterable[DeliveryRow]) -> Table:
    """Per invited organisation, as the invitations page shows it: the address the
    email went to (or would go to), its status, since when, and why it failed."""

    def status(row: DeliveryRow) -> list[Cell]:
        delivery = row.delivery
        if row.status == "sent" and delivery is not None:
            return [delivery.get_status_display(), delivery.sent_at, ""]
        if row.status == "waiting" and delivery is not None:
            return [delivery.get_status_display(), delivery.requested_at, ""]
        if row.status == "failed" and delivery is not None:
            return [delivery.get_status_display(), None, delivery.error]
        if row.status == "letter":
            return [_("letter only"), None, ""]
        return [_("not sent yet"), None, ""]

    return Table(
        title=_("Invitation of each organisation"),
        filename=f"einladungen-{election.pk}",
        columns=[
            Column(_("Organisation"), 40),
            Column(_("Email"), 32),
            Column(_("Status"), 16),
            Column(_("Since"), 17),
            Column(_("Error"), 40, wrap=True),
        ],
        rows=(
            [
                row.organisation.name,
                row.delivery.email if row.delivery else row.organisation.contact_email,
                *status(row),
            ]
            for row in rows
        ),
    )
