"""JSON API: the decisions on versions, with the count, the votes by seat and the
requirements (Vorgaben) and their answers.

An account sees the decisions the permission table lets it see (`decisions.view`:
those of meetings or on drafts it may see); every other id answers 404. Objections
are named by seat only where the body's rules record them (`record_objections`), as
the pages show them."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from planwerk.core.permissions import api_permission, may, visible
from planwerk.decisions.models import Decision, Requirement, RequirementAnswer

router = Router(tags=["decisions"])


class CountOut(Schema):
    total: int = Field(description="The votes of the body.")
    present: int = Field(description="The votes present.")
    yes: int
    no: int
    abstain: int
    quorum: str = Field(description="The quorum rule, e.g. more_than_half_of_votes.")
    quorate: bool
    rule: str = Field(description="The majority rule, e.g. majority_of_votes_cast.")
    carried: bool
    record_objections: bool = Field(description="Whether objections are recorded by seat.")


class DecisionOut(Schema):
    id: str = Field(description="The decision's public identifier.")
    body: str = Field(description="The slug of the deciding body.")
    body_id: str
    meeting: str = Field(description="The id of the meeting that decided.")
    version: str = Field(description="The id of the version decided on.")
    outcome: str = Field(description="accepted or returned")
    decided_at: str
    count: CountOut


class VoteOut(Schema):
    seat: str = Field(
        description=(
            "The seat's key: the seat category, with the position or the place number "
            "where a category has several (category/position, category#n)."
        )
    )
    seat_label: str
    voted_by: str = Field(description="Who sat in the seat (a deputy in the member's seat).")
    choice: str = Field(description="yes, no or abstain")


class AnswerOut(Schema):
    answer: str = Field(description="followed or not_followed")
    reason: str
    version: str | None = Field(
        description="The version that answers it; none while the next one is not submitted "
        "(such an answer is shown to those who may see the draft only)."
    )


class RequirementOut(Schema):
    id: str
    number: int
    text: str
    section_ids: list[str] = Field(description="The sections of the version it points at.")
    recommendation: str | None = Field(description="The id of its change recommendation.")
    answers: list[AnswerOut]


class DecisionDetailOut(DecisionOut):
    note: str
    recorded_by: str
    votes: list[VoteOut]
    objections: list[str] = Field(
        description="The labels of the seats that voted no, where the rules record "
        "objections; otherwise empty."
    )
    requirements: list[RequirementOut]


class ErrorOut(Schema):
    detail: str


def _uuid(value: str) -> uuid.UUID:
    """The identifier, or 404 for text that is not one."""
    try:
        return uuid.UUID(value)
    except ValueError as wrong:
        raise Http404("No such identifier.") from wrong


def _decisions(request: HttpRequest) -> QuerySet[Decision]:
    return visible(request.user, "decisions.view", Decision.objects.all()).select_related(
        "body", "meeting", "version__draft__body"
    )


def _count(result: dict[str, Any]) -> dict[str, Any]:
    return {
        "total": result.get("votes_total", 0),
        "present": result.get("votes_present", 0),
        "yes": result.get("yes", 0),
        "no": result.get("no", 0),
        "abstain": result.get("abstain", 0),
        "quorum": result.get("quorum", ""),
        "quorate": bool(result.get("quorate", False)),
        "rule": result.get("majority", ""),
        "carried": bool(result.get("carried", False)),
        "record_objections": bool(result.get("record_objections", True)),
    }


def _decision(d: Decision) -> dict[str, Any]:
    return {
        "id": str(d.uuid),
        "body": d.body.slug,
        "body_id": str(d.body.uuid),
        "meeting": str(d.meeting.uuid),
        "version": str(d.version.uuid),
        "outcome": d.outcome,
        "decided_at": d.created.isoformat(),
        "count": _count(d.result),
    }


@router.get(
    "",
    response={200: list[DecisionOut], 404: ErrorOut},
    summary="The decisions the account may see, for one version or meeting if asked",
    auth=api_permission("decisions.view"),
)
def list_decisions(
    request: HttpRequest, version: str | None = None, meeting: str | None = None
) -> list[dict[str, Any]]:
    decisions = _decisions(request).order_by("created")
    if version is not None:
        decisions = decisions.filter(version__uuid=_uuid(version))
    if meeting is not None:
        decisions = decisions.filter(meeting__uuid=_uuid(meeting))
    return [_decision(d) for d in decisions]


@router.get(
    "/{decision_id}",
    response={200: DecisionDetailOut, 404: ErrorOut},
    summary="One decision: the count, the votes by seat, the requirements and answers",
    auth=api_permission("decisions.view"),
)
def get_decision(request: HttpRequest, decision_id: str) -> dict[str, Any]:
    answers = RequirementAnswer.objects.select_related("version").order_by("created")
    requirements = Requirement.objects.select_related("recommendation").prefetch_related(
        Prefetch("answers", queryset=answers)
    )
    try:
        decision = (
            _decisions(request)
            .prefetch_related("votes", Prefetch("requirements", queryset=requirements))
            .get(uuid=_uuid(decision_id))
        )
    except Decision.DoesNotExist as missing:
        raise Http404("No such decision.") from missing
    votes = list(decision.votes.all())
    recorded = bool(decision.result.get("record_objections", True))
    # An answer not yet bound to a version is the draft's work in progress: shown to
    # those who may see the draft, as its page does.
    sees_draft = may(request.user, "papers.view", decision.version.draft)
    return {
        **_decision(decision),
        "note": decision.note,
        "recorded_by": decision.recorded_by_name,
        "votes": [
            {
                "seat": v.seat_key,
                "seat_label": v.seat_label,
                "voted_by": v.person_name,
                "choice": v.choice,
            }
            for v in votes
        ],
        "objections": [v.seat_label for v in votes if v.choice == "no"] if recorded else [],
        "requirements": [
            {
                "id": str(r.uuid),
                "number": r.number,
                "text": r.text,
                "section_ids": [str(i) for i in r.section_ids],
                "recommendation": str(r.recommendation.uuid) if r.recommendation else None,
                "answers": [
                    {
                        "answer": a.answer,
                        "reason": a.reason,
                        "version": str(a.version.uuid) if a.version else None,
                    }
                    for a in r.answers.all()
                    if a.version is not None or sees_draft
                ],
            }
            for r in decision.requirements.all()
        ],
    }
