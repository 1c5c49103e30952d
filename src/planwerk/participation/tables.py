"""Every comment on a published version as a file (core/tables.py), as the page of all
comments lists them: by paragraph, hidden and removed ones by the note shown in their
place, the author by the name shown."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from planwerk.core.tables import Cell, Column, Table
from planwerk.participation.models import Comment, Publication


def _row(c: Comment) -> list[Cell]:
    if c.hidden_at:
        text = _("Hidden by the moderation: %(reason)s") % {"reason": c.hidden_reason}
    elif c.removed:
        text = _("Removed by its author.")
    else:
        text = c.text
    return [
        c.paragraph.position + 1,
        _("Deleted account") if c.anonymised else c.author_name,
        c.created,
        c.parent_id is not None,
        text,
        c.support_count,
    ]


def comments(publication: Publication, found: Iterable[Comment]) -> Table:
    return Table(
        title=_("Comments written on this version"),
        filename=f"kommentare-{publication.uuid}",
        columns=[
            Column(_("Paragraph"), 10),
            Column(_("Name"), 22),
            Column(_("Date"), 17),
            Column(_("Reply"), 8),
            Column(_("Comment"), 80, wrap=True),
            Column(_("Supports"), 10),
        ],
        rows=(_row(c) for c in found),
    )
