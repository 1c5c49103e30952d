"""JSON API: the consultations on versions and the statements given.

An account sees the consultations the permission table lets it see
(`consultations.view`: those on drafts it may see); every other id answers 404."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema

from planwerk.consultations.models import Consultation, Statement
from planwerk.core.permissions import api_permission, visible
from planwerk.papers.models import Version

router = Router(tags=["consultations"])


class ConsultationOut(Schema):
    id: str = Field(description="The consultation's public identifier.")
    version: str = Field(description="The id of the version the body is consulted on.")
    body: str = Field(description="The slug of the consulted body.")
    body_id: str
    kind: str = Field(description="review, assessment, bundle, statement or consultation")
    addressed_to: str | None = Field(description="The slug of the body an assessment goes to.")
    addressed_to_id: str | None
    deadline: str | None = Field(description="ISO date; none for a flow without days.")
    extended_reason: str = Field(description='Why the deadline was extended ("" if it was not).')
    state: str = Field(
        description="answered, late (past the deadline, no statement), open, or closed "
        "(decided without a statement). A review is open while the version is under "
        "review and answered once it is decided."
    )
    statements: list[str] = Field(
        description="The ids of the statement and its supplements, in order."
    )


class AttachmentOut(Schema):
    id: str
    name: str
    size: int = Field(description="In bytes.")
    url: str = Field(description="The download, which checks who may see the consultation.")


class StatementOut(Schema):
    id: str = Field(description="The statement's public identifier.")
    consultation: str
    version: str
    body: str = Field(description="The slug of the body that gives the statement.")
    body_id: str
    text: str = Field(description="Markdown, as given.")
    given_by: str = Field(description="The name of who gave or entered it.")
    on_behalf: bool = Field(description="Entered by the coordination on the body's behalf.")
    created: str
    cites: list[str] = Field(description="For a bundle: the ids of the assessments it cites.")
    attachments: list[AttachmentOut]


class ErrorOut(Schema):
    detail: str


def _uuid(value: str) -> uuid.UUID:
    """The identifier, or 404 for text that is not one."""
    try:
        return uuid.UUID(value)
    except ValueError as wrong:
        raise Http404("No such identifier.") from wrong


def _consultations(request: HttpRequest) -> QuerySet[Consultation]:
    return visible(request.user, "consultations.view", Consultation.objects.all())


def _state(consultation: Consultation) -> str:
    state = consultation.state()
    if consultation.kind == Consultation.Kind.REVIEW:
        return "open" if state == Version.Status.SUBMITTED else "answered"
    # The extension shows in `extended_reason`; the consultation is open.
    return "open" if state == "extended" else state


@router.get(
    "",
    response={200: list[ConsultationOut], 404: ErrorOut},
    summary="The consultations the account may see, for one version if asked",
    auth=api_permission("consultations.view"),
)
def list_consultations(request: HttpRequest, version: str | None = None) -> list[dict[str, Any]]:
    consultations = (
        _consultations(request)
        .select_related("body", "addressed_to", "version")
        .prefetch_related(
            Prefetch(
                "statements", queryset=Statement.objects.only("uuid", "consultation", "number")
            )
        )
        .order_by("version__submitted_at", "version__number", "body__order")
    )
    if version is not None:
        consultations = consultations.filter(version__uuid=_uuid(version))
    return [
        {
            "id": str(c.uuid),
            "version": str(c.version.uuid),
            "body": c.body.slug,
            "body_id": str(c.body.uuid),
            "kind": c.kind,
            "addressed_to": c.addressed_to.slug if c.addressed_to else None,
            "addressed_to_id": str(c.addressed_to.uuid) if c.addressed_to else None,
            "deadline": c.deadline.isoformat() if c.deadline else None,
            "extended_reason": c.extended_reason,
            "state": _state(c),
            "statements": [str(s.uuid) for s in c.statements.all()],
        }
        for c in consultations
    ]


@router.get(
    "/statements/{statement_id}",
    response={200: StatementOut, 404: ErrorOut},
    summary="One statement: its text, who gave it, what it cites, its attachments",
    auth=api_permission("consultations.view"),
)
def get_statement(request: HttpRequest, statement_id: str) -> dict[str, Any]:
    wanted = _uuid(statement_id)
    try:
        statement = (
            Statement.objects.select_related("consultation__body", "consultation__version")
            .prefetch_related(
                "attachments", Prefetch("cites", queryset=Statement.objects.only("uuid"))
            )
            .get(uuid=wanted, consultation__in=_consultations(request).values("pk"))
        )
    except Statement.DoesNotExist as missing:
        raise Http404("No such statement.") from missing
    consultation = statement.consultation
    return {
        "id": str(statement.uuid),
        "consultation": str(consultation.uuid),
        "version": str(consultation.version.uuid),
        "body": consultation.body.slug,
        "body_id": str(consultation.body.uuid),
        "text": statement.text,
        "given_by": statement.given_by_name,
        "on_behalf": statement.on_behalf,
        "created": statement.created.isoformat(),
        "cites": [str(s.uuid) for s in statement.cites.all()],
        "attachments": [
            {
                "id": str(a.uuid),
                "name": a.name,
                "size": a.size,
                "url": request.build_absolute_uri(
                    reverse("consultations:attachment", args=[a.uuid])
                ),
            }
            for a in statement.attachments.all()
        ],
    }
