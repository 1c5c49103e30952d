"""The proposals and their answers as a file (core/tables.py), with the filters of the
list: what the list and each proposal's page show, nothing more. A hidden proposal
shows only the moderation's reason, as on its page."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from planwerk.core.tables import Cell, Column, Table
from planwerk.proposals.models import Proposal


def _row(p: Proposal) -> list[Cell]:
    if p.hidden_at:
        hidden = _("Hidden by the moderation: %(reason)s") % {"reason": p.hidden_reason}
        return ["", "", "", "", None, "", p.created, "", "", None, hidden]
    return [
        p.title,
        p.body.name,
        p.district,
        p.get_status_display(),
        p.support_count,
        _("Deleted account") if p.anonymised else p.author_name,
        p.created,
        p.answer,
        p.section_label,
        p.answered_at,
        "",
    ]


def proposals(found: Iterable[Proposal]) -> Table:
    return Table(
        title=_("Proposals"),
        filename="vorschlaege",
        columns=[
            Column(_("Title"), 40, wrap=True),
            Column(_("Theme field"), 30),
            Column(_("City district"), 18),
            Column(_("Status"), 16),
            Column(_("Supports"), 10),
            Column(_("Name"), 22),
            Column(_("Date"), 17),
            Column(_("Answer"), 60, wrap=True),
            Column(_("Measure"), 36, wrap=True),
            Column(_("Answered on"), 17),
            Column(_("Moderation"), 40, wrap=True),
        ],
        rows=(_row(p) for p in found),
    )
