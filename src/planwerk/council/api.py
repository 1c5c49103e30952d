"""JSON API: the council papers (Drucksachen) of the current process, the versions they
hold and their passage through the lead committee and the council.

An account sees them where the permission table lets it (`council.view`); every other
id answers 404."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from planwerk.core.permissions import api_permission, visible
from planwerk.council.models import CouncilPaper, CouncilPaperVersion, Passage
from planwerk.processes.queries import current_process

router = Router(tags=["council"])


class PassageOut(Schema):
    body: str = Field(description="The slug of the body that dealt with the paper.")
    body_id: str
    date: str
    meeting: str | None = Field(description="The id of the meeting, if one was named.")
    outcome: str = Field(description="recommended, decided, postponed, rejected or noted")
    note: str


class ContentOut(Schema):
    version: str = Field(description="The id of the version.")
    body: str = Field(description="The slug of the expert group whose version it is.")
    number: int = Field(description="The version's number in its draft.")


class CouncilPaperOut(Schema):
    id: str = Field(description="The council paper's public identifier.")
    number: str = Field(description="The number the council's information system gives it.")
    title: str
    stage: str = Field(description="The slug of the stage.")
    created: str
    versions: list[str] = Field(description="The ids of the versions it holds, in body order.")
    passages: list[PassageOut] = Field(description="Its passage, in the order of the days.")


class CouncilPaperDetailOut(CouncilPaperOut):
    created_by: str
    contents: list[ContentOut]


class ErrorOut(Schema):
    detail: str


def _papers(request: HttpRequest) -> QuerySet[CouncilPaper]:
    contents = CouncilPaperVersion.objects.select_related("version__draft__body").order_by(
        "position"
    )
    passages = Passage.objects.select_related("body", "meeting").order_by("date", "created")
    return (
        visible(request.user, "council.view", CouncilPaper.objects.all())
        .filter(process=current_process())
        .select_related("stage")
        .prefetch_related(
            Prefetch("contents", queryset=contents), Prefetch("passages", queryset=passages)
        )
        .order_by("created")
    )


def _paper(paper: CouncilPaper) -> dict[str, Any]:
    return {
        "id": str(paper.uuid),
        "number": paper.number,
        "title": paper.title,
        "stage": paper.stage.slug,
        "created": paper.created.isoformat(),
        "versions": [str(c.version.uuid) for c in paper.contents.all()],
        "passages": [
            {
                "body": p.body.slug,
                "body_id": str(p.body.uuid),
                "date": p.date.isoformat(),
                "meeting": str(p.meeting.uuid) if p.meeting else None,
                "outcome": p.outcome,
                "note": p.note,
            }
            for p in paper.passages.all()
        ],
    }


@router.get(
    "/papers",
    response=list[CouncilPaperOut],
    summary="The council papers of the process, oldest first",
    auth=api_permission("council.view"),
)
def list_council_papers(request: HttpRequest, stage: str | None = None) -> list[dict[str, Any]]:
    papers = _papers(request)
    if stage:
        papers = papers.filter(stage__slug=stage)
    return [_paper(p) for p in papers]


@router.get(
    "/papers/{paper_id}",
    response={200: CouncilPaperDetailOut, 404: ErrorOut},
    summary="One council paper: the versions it holds and its passage",
    auth=api_permission("council.view"),
)
def get_council_paper(request: HttpRequest, paper_id: str) -> dict[str, Any]:
    try:
        paper = _papers(request).get(uuid=uuid.UUID(paper_id))
    except (ValueError, CouncilPaper.DoesNotExist) as missing:
        raise Http404("No such council paper.") from missing
    return {
        **_paper(paper),
        "created_by": paper.created_by,
        "contents": [
            {
                "version": str(c.version.uuid),
                "body": c.version.draft.body.slug,
                "number": c.version.number,
            }
            for c in paper.contents.all()
        ],
    }
