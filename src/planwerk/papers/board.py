"""The board of a stage: every drafting body's draft, its state and what is next.

The state of a draft follows its latest version: none yet → writing; submitted →
under review; returned → returned (the body writes the next version); accepted →
accepted. Other apps add columns (outstanding statements, open requirements, the
next deadline) through `papers.extensions.register_board_column`; each column gets
all drafts at once, so that the board's queries do not grow with the drafts,
versions or statements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planwerk.bodies.models import Body
from planwerk.core.permissions import may, permission
from planwerk.core.tables import Column as TableColumn
from planwerk.core.tables import Table, respond
from planwerk.papers import extensions
from planwerk.papers.extensions import Cell
from planwerk.papers.models import Draft, Version
from planwerk.processes.models import Stage
from planwerk.processes.queries import current_process

WRITING = "writing"
UNDER_REVIEW = "under_review"
RETURNED = "returned"
ACCEPTED = "accepted"
STATE_LABELS = {
    WRITING: gettext_lazy("writing"),
    UNDER_REVIEW: gettext_lazy("under review"),
    RETURNED: gettext_lazy("returned"),
    ACCEPTED: gettext_lazy("accepted"),
}
_FROM_VERSION = {
    Version.Status.SUBMITTED: UNDER_REVIEW,
    Version.Status.RETURNED: RETURNED,
    Version.Status.ACCEPTED: ACCEPTED,
}


@dataclass
class Row:
    body: Body
    draft: Draft | None
    state: str
    latest_number: int | None
    latest_status: str | None
    versions: int
    cells: list[tuple[Any, Cell | None]] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def rows(stage: Stage, bodies: list[Body]) -> tuple[list[Row], list[Any]]:
    """The board's rows for the bodies (in their order) and the registered columns."""
    latest = Version.objects.filter(draft=OuterRef("pk")).order_by("-number")
    drafts = {
        d.body_id: d
        for d in Draft.objects.filter(stage=stage, body__in=bodies)
        .select_related("body", "stage")
        .annotate(
            version_count=Count("versions"),
            latest_number=Max("versions__number"),
            latest_status=Subquery(latest.values("status")[:1]),
        )
    }
    found = []
    for body in bodies:
        draft = drafts.get(body.pk)
        status = getattr(draft, "latest_status", None)
        found.append(
            Row(
                body=body,
                draft=draft,
                state=_FROM_VERSION.get(status, WRITING) if status else WRITING,
                latest_number=getattr(draft, "latest_number", None),
                latest_status=status,
                versions=getattr(draft, "version_count", 0),
            )
        )
    columns = extensions.board_columns()
    present = [r.draft for r in found if r.draft is not None]
    for column in columns:
        cells = column.cells(present) if present else {}
        for row in found:
            row.cells.append((column.heading, cells.get(row.draft.pk) if row.draft else None))
    return found, columns


def _board(request: HttpRequest, stage: str) -> tuple[Any, Stage, list[Row], list[Any]]:
    """The process, the stage, the rows the user may see and the columns (the page and
    its table)."""
    process = current_process()
    if process is None:
        raise Http404(_("No process has been loaded yet."))
    stage_ = get_object_or_404(Stage, process=process, slug=stage)
    bodies = [
        b
        for b in Body.objects.filter(process=process, kind=Body.Kind.EXPERT_GROUP).order_by("order")
        if may(request.user, "papers.view", b)
    ]
    found, columns = rows(stage_, bodies)
    return process, stage_, found, columns


@permission("papers.board")
def board(request: HttpRequest, stage: str) -> HttpResponse:
    process, stage_, found, columns = _board(request, stage)
    counts = {state: sum(1 for r in found if r.state == state) for state in STATE_LABELS}
    return render(
        request,
        "papers/board.html",
        {
            "stage": stage_,
            "other_stages": [s for s in process.stages.all() if s != stage_],
            "rows": found,
            "columns": columns,
            "counts": [(STATE_LABELS[s], n) for s, n in counts.items()],
        },
    )


@permission("papers.board")
def board_export(request: HttpRequest, stage: str, fmt: str) -> HttpResponse:
    _process, stage_, found, columns = _board(request, stage)
    table = Table(
        title=_("Drafts of the stage"),
        filename=f"entwuerfe-{stage_.slug}",
        columns=[
            TableColumn(_("Body"), 36),
            TableColumn(_("State"), 16),
            TableColumn(_("Version"), 9),
            *(TableColumn(column.heading, 24) for column in columns),
        ],
        rows=(
            [
                row.body.name,
                row.state_label,
                row.latest_number,
                *(cell.text if cell else "" for _heading, cell in row.cells),
            ]
            for row in found
        ),
    )
    return respond(table, fmt)


@permission("papers.board")
def current(request: HttpRequest) -> HttpResponse:
    """The board of the stage that runs today (the main navigation links here)."""
    from planwerk.papers.services import current_stage

    process = current_process()
    stage = current_stage(list(process.stages.all())) if process else None
    if stage is None:
        raise Http404(_("No process has been loaded yet."))
    return redirect("stages:board", stage.slug)
