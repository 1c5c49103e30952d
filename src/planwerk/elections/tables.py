"""The register of migrant organisations as a file (core/tables.py), with the page's
search: the columns the register's page shows."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from planwerk.core.tables import Column, Table
from planwerk.elections.models import MigrantOrganisation


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
