"""The decisions' column on a stage's board (registered through hooks.register()):
for a draft whose latest decided version was returned, how many of the decision's
requirements have no answer yet. One query for all drafts."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planwerk.decisions.models import Decision
from planwerk.papers.extensions import BoardColumn, Cell
from planwerk.papers.models import Draft

PANEL_ANCHOR = "vorgaben"  # the id of the requirements panel on the draft page


def open_requirements(drafts: list[Draft]) -> Mapping[int, Cell]:
    """“2 of 5 open” (attention) or “all answered”; nothing for drafts never returned
    or whose latest decision accepted the version."""
    latest = Decision.objects.filter(version__draft=OuterRef("version__draft")).order_by(
        "-version__number"
    )
    found = (
        Decision.objects.filter(version__draft__in=drafts, pk=Subquery(latest.values("pk")[:1]))
        .filter(outcome=Decision.Outcome.RETURNED)
        .annotate(
            total=Count("requirements", distinct=True),
            unanswered=Count(
                "requirements", filter=Q(requirements__answers__isnull=True), distinct=True
            ),
        )
        .order_by()
        .values_list(
            "version__draft_id",
            "version__draft__body__slug",
            "version__draft__stage__slug",
            "total",
            "unanswered",
        )
    )
    cells = {}
    for draft_id, body, stage, total, unanswered in found:
        if unanswered:
            text = _("%(open)s of %(total)s open") % {"open": unanswered, "total": total}
        else:
            text = _("all answered")
        cells[draft_id] = Cell(
            text,
            url=reverse("papers:draft", args=[body, stage]) + f"#{PANEL_ANCHOR}",
            attention=unanswered > 0,
            sort=-unanswered,
        )
    return cells


COLUMN = BoardColumn(
    "decisions.requirements", 40, gettext_lazy("Open requirements"), open_requirements
)
