"""The consultations' columns on a stage's board (registered in apps.py): how many
of the consulted bodies have answered on each draft's latest version, and the next
deadline still open. Each column reads all drafts with one query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planwerk.consultations.models import Consultation, Statement
from planwerk.papers.extensions import BoardColumn, Cell
from planwerk.papers.models import Draft, Version

PANEL_ANCHOR = "beteiligung"  # the id of the consultations panel on the version page


@dataclass
class _Latest:
    """The consultations (reviews aside) on one draft's latest version."""

    url: str
    open: bool  # the version is under review, not decided
    answered: int = 0
    consulted: int = 0
    late: int = 0
    deadlines: list[dt.date] = field(default_factory=list)  # of the unanswered ones


def _latest(drafts: list[Draft], today: dt.date) -> dict[int, _Latest]:
    """One query: every consultation on the latest version of each draft."""
    newest = Version.objects.filter(draft=OuterRef("version__draft")).order_by("-number")
    found = (
        Consultation.objects.filter(version__draft__in=drafts)
        .exclude(kind=Consultation.Kind.REVIEW)
        .filter(version__number=Subquery(newest.values("number")[:1]))
        .annotate(answered=Exists(Statement.objects.filter(consultation=OuterRef("pk"))))
        .order_by()
        .values_list(
            "version__draft_id",
            "version__draft__body__slug",
            "version__draft__stage__slug",
            "version__number",
            "version__status",
            "deadline",
            "answered",
        )
    )
    latest: dict[int, _Latest] = {}
    for draft_id, body, stage, number, status, deadline, answered in found:
        entry = latest.get(draft_id)
        if entry is None:
            url = reverse("papers:version", args=[body, stage, number]) + f"#{PANEL_ANCHOR}"
            entry = latest[draft_id] = _Latest(url, status == Version.Status.SUBMITTED)
        entry.consulted += 1
        if answered:
            entry.answered += 1
        elif entry.open and deadline is not None:
            entry.deadlines.append(deadline)
            if deadline < today:
                entry.late += 1
    return latest


def statements(drafts: list[Draft]) -> Mapping[int, Cell]:
    """answered / consulted, the number outstanding; attention when one is late."""
    cells = {}
    for draft_id, entry in _latest(drafts, timezone.localdate()).items():
        outstanding = entry.consulted - entry.answered
        text = _("%(answered)s of %(consulted)s answered") % {
            "answered": entry.answered,
            "consulted": entry.consulted,
        }
        if outstanding:
            text += ", " + _("%(count)s outstanding") % {"count": outstanding}
        if entry.late:
            text += ", " + _("%(count)s late") % {"count": entry.late}
        cells[draft_id] = Cell(
            text, url=entry.url, attention=entry.late > 0, sort=(-entry.late, -outstanding)
        )
    return cells


def next_deadline(drafts: list[Draft]) -> Mapping[int, Cell]:
    """The earliest deadline of the latest version's unanswered consultations, while
    the version is under review; attention when it has passed."""
    today = timezone.localdate()
    cells = {}
    for draft_id, entry in _latest(drafts, today).items():
        if not entry.deadlines:
            continue
        day = min(entry.deadlines)
        cells[draft_id] = Cell(
            formats.date_format(day, "SHORT_DATE_FORMAT"),
            url=entry.url,
            attention=day < today,
            sort=day,
        )
    return cells


COLUMNS: list[Any] = [
    BoardColumn("consultations.statements", 20, gettext_lazy("Statements"), statements),
    BoardColumn("consultations.next_deadline", 30, gettext_lazy("Next deadline"), next_deadline),
]
