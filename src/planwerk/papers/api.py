"""JSON API: drafts, their versions, the frozen text of each version and the change
recommendations made on it.

Drafts are not public: an account sees the drafts the permission table lets it see
(`papers.view`), and nothing else exists for it (404)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from planwerk.core.permissions import api_permission, visible
from planwerk.papers.domain.paper import line_ranges, number_lines
from planwerk.papers.models import Draft, Version

router = Router(tags=["papers"])


class VersionRef(Schema):
    id: str = Field(description="The version's public identifier.")
    number: int
    status: str = Field(description="submitted, accepted or returned")
    submitted_at: str


class DraftOut(Schema):
    id: str = Field(description="The draft's public identifier.")
    body: str = Field(description="The slug of the body that writes the draft.")
    body_id: str
    stage: str
    versions: list[VersionRef]


class FieldOut(Schema):
    slug: str
    name: str = Field(description="The field's name in the language asked for.")
    kind: str
    text: str = Field(description="Markdown, as submitted.")


class SectionOut(Schema):
    id: str = Field(description="Stable across versions: comments and requirements point at it.")
    title: str
    text: str = Field(description="Markdown, as submitted.")
    part: str = Field(description='The part of the stage\'s structure ("" for a free section).')
    parent: str | None = Field(description="The id of the section this one stands below.")
    number: str = Field(description='The number in the tree ("1.2.3"; "" in older versions).')
    fields: list[FieldOut] = Field(description="The part's filled fields, in their order.")
    paragraph_ids: list[str] = Field(
        description="One stable identifier per paragraph of the text (empty in older versions)."
    )
    first_line: int | None = Field(description="Line numbers of the section in this version.")
    last_line: int | None


class VersionOut(VersionRef):
    draft: str
    body: str
    stage: str
    submitted_by: str
    sections: list[SectionOut]


class RecommendationOut(Schema):
    id: str = Field(description="The recommendation's public identifier.")
    section_id: str = Field(description="The section of the version it proposes wording for.")
    paragraph_id: str = Field(
        description='The paragraph of that section it proposes wording for; "" for the '
        "whole section."
    )
    proposed_text: str = Field(description="Markdown.")
    source: str = Field(description="Who proposed it: a statement or a requirement.")
    status: str = Field(description="open, taken or declined")
    answer: str = Field(description="Why it was not taken (for declined).")


class ErrorOut(Schema):
    detail: str


def _version_ref(version: Version) -> dict[str, Any]:
    return {
        "id": str(version.uuid),
        "number": version.number,
        "status": version.status,
        "submitted_at": version.submitted_at.isoformat(),
    }


def _drafts(request: HttpRequest) -> Any:
    return visible(request.user, "papers.view", Draft.objects.all()).select_related("body", "stage")


def _version(request: HttpRequest, version_id: str) -> Version:
    """A version of a draft the account may see; 404 for any other id."""
    try:
        return Version.objects.select_related("draft__body", "draft__stage").get(
            uuid=version_id, draft__in=_drafts(request)
        )
    except (Version.DoesNotExist, ValidationError) as missing:
        raise Http404("No such version.") from missing


@router.get(
    "",
    response=list[DraftOut],
    summary="The drafts the account may see, with their versions",
    auth=api_permission("papers.view"),
)
def list_drafts(request: HttpRequest, stage: str | None = None) -> list[dict[str, Any]]:
    drafts = _drafts(request).prefetch_related("versions")
    if stage:
        drafts = drafts.filter(stage__slug=stage)
    return [
        {
            "id": str(d.uuid),
            "body": d.body.slug,
            "body_id": str(d.body.uuid),
            "stage": d.stage.slug,
            "versions": [_version_ref(v) for v in d.versions.all()],
        }
        for d in drafts
    ]


@router.get(
    "/versions/{version_id}",
    response={200: VersionOut, 404: ErrorOut},
    summary="One version: its frozen sections with their line numbers",
    auth=api_permission("papers.view"),
)
def get_version(request: HttpRequest, version_id: str) -> dict[str, Any]:
    version = _version(request, version_id)
    paper = version.paper()
    ranges = line_ranges(number_lines(paper))
    return {
        **_version_ref(version),
        "draft": str(version.draft.uuid),
        "body": version.draft.body.slug,
        "stage": version.draft.stage.slug,
        "submitted_by": version.submitted_by_name,
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "text": s.text,
                "part": s.part,
                "parent": s.parent,
                "number": s.number,
                "fields": [
                    {"slug": f.slug, "name": f.name, "kind": f.kind, "text": f.text}
                    for f in s.fields
                ],
                "paragraph_ids": list(s.paragraph_ids),
                "first_line": ranges[s.id][0] if s.id in ranges else None,
                "last_line": ranges[s.id][1] if s.id in ranges else None,
            }
            for s in paper
        ],
    }


@router.get(
    "/versions/{version_id}/recommendations",
    response={200: list[RecommendationOut], 404: ErrorOut},
    summary="The change recommendations for one version, with their status and answer",
    auth=api_permission("papers.view"),
)
def list_recommendations(request: HttpRequest, version_id: str) -> list[dict[str, Any]]:
    version = _version(request, version_id)
    return [
        {
            "id": str(r.uuid),
            "section_id": r.section_id,
            "paragraph_id": r.paragraph_id,
            "proposed_text": r.proposed_text,
            "source": r.source,
            "status": r.status,
            "answer": r.answer,
        }
        for r in version.recommendations.all()
    ]
