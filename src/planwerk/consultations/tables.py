"""The coordination's overview of consultations and the statements given in them, as
files (core/tables.py). Both read the overview's consultations, as its page does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from planwerk.consultations.models import Consultation
from planwerk.core.tables import Cell, Column, Table


def _draft_columns() -> list[Column]:
    return [Column(_("Draft of"), 36), Column(_("Version"), 9), Column(_("Body"), 36)]


def _draft_cells(c: Consultation) -> list[Cell]:
    return [c.version.draft.body.name, c.version.number, c.body.name]


def overview(rows: list[dict[str, Any]]) -> Table:
    """The rows of the overview page (`queries.rows`), a fact to a column."""

    def cells() -> Iterator[list[Cell]]:
        for row in rows:
            c: Consultation = row["consultation"]
            statement = row["statement"]
            yield [
                *_draft_cells(c),
                c.get_kind_display(),
                c.addressed_to.name if c.addressed_to else "",
                bool(c.condition),
                c.deadline,
                row["state_text"],
                statement.on_behalf if statement else None,
                row["supplements"],
                bool(c.extended_reason),
            ]

    return Table(
        title=_("Open consultations"),
        filename="stellungnahmen-uebersicht",
        columns=[
            *_draft_columns(),
            Column(_("Kind"), 22),
            Column(_("Addressed to"), 30),
            Column(_("Because the version is relevant to gender equality"), 14),
            Column(_("Deadline"), 12),
            Column(_("State"), 22),
            Column(_("Entered by the coordination"), 14),
            Column(_("Supplements"), 12),
            Column(_("Deadline extended"), 12),
        ],
        rows=cells(),
    )


def statements(consultations: list[Consultation]) -> Table:
    """Every statement and supplement given in the consultations, in the overview's
    order; the text as written (Markdown), the attachments by name."""

    def cells() -> Iterator[list[Cell]]:
        for c in consultations:
            for s in sorted(c.statements.all(), key=lambda s: s.number):
                yield [
                    *_draft_cells(c),
                    c.get_kind_display(),
                    s.label,
                    s.given_by_name,
                    s.on_behalf,
                    s.created,
                    s.text,
                    ", ".join(a.name for a in s.attachments.all()),
                ]

    return Table(
        title=_("Statements"),
        filename="stellungnahmen",
        columns=[
            *_draft_columns(),
            Column(_("Kind"), 22),
            Column(_("Statement or supplement"), 18),
            Column(_("Given by"), 24),
            Column(_("Entered by the coordination"), 14),
            Column(_("Given on"), 17),
            Column(_("Text"), 80, wrap=True),
            Column(_("Attachments"), 30, wrap=True),
        ],
        rows=cells(),
    )
