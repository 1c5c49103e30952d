"""JSON API: the bodies of the current process and their composition."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from planwerk.bodies.models import Body
from planwerk.bodies.queries import bodies_of, body_view
from planwerk.core.permissions import api_permission
from planwerk.processes.queries import current_process

router = Router(tags=["bodies"])


class BodyOut(Schema):
    id: str = Field(description="The body's public identifier: stable across reloads and exports.")
    slug: str
    name: str
    names: dict[str, str] = Field(description="The name in every language it is written in.")
    kind: str


class PositionOut(Schema):
    unit: str
    name: str
    filled: bool


class SeatOut(Schema):
    slug: str
    name: str
    minimum: int
    maximum: int
    filled: int
    vacancies: int
    votes: bool
    positions: list[PositionOut]


class MemberOut(Schema):
    name: str
    seat: str
    position: str | None
    since: str
    until: str | None


class DeputyOut(Schema):
    name: str
    seat: str
    deputy_of: str
    since: str
    until: str | None


class VotesOut(Schema):
    total: int
    filled: int
    joint_votes: list[str]


class FindingOut(Schema):
    code: str
    seat: str | None
    message: str


class CheckOut(Schema):
    errors: list[FindingOut]
    warnings: list[FindingOut]


class BodyDetailOut(BodyOut):
    description: str
    parent: str | None
    leads: list[str]
    subtopics: list[str]
    seats: list[SeatOut]
    members: list[MemberOut]
    deputies: list[DeputyOut]
    votes: VotesOut
    composition: CheckOut


class ErrorOut(Schema):
    detail: str


@router.get(
    "",
    response=list[BodyOut],
    summary="All bodies of the process",
    auth=api_permission("bodies.view"),
)
def list_bodies(request: HttpRequest) -> list[dict[str, object]]:
    process = current_process()
    if process is None:
        return []
    return [
        {
            "id": str(b.uuid),
            "slug": b.slug,
            "name": str(b.name),
            "names": dict(b.name),
            "kind": b.kind,
        }
        for b in bodies_of(process)
    ]


@router.get(
    "/{slug}",
    response={200: BodyDetailOut, 404: ErrorOut},
    summary="One body: seats, members, votes and the composition check",
    auth=api_permission("bodies.view"),
)
def get_body(request: HttpRequest, slug: str) -> dict[str, object]:
    process = current_process()
    body = get_object_or_404(Body.objects.select_related("parent"), process=process, slug=slug)
    view = body_view(body)
    # A plain body is the 200 response; an unknown slug raises Http404 (the 404 schema).
    return {
        "id": str(body.uuid),
        "slug": body.slug,
        "name": str(body.name),
        "names": dict(body.name),
        "kind": body.kind,
        "description": str(body.description),
        "parent": body.parent.slug if body.parent else None,
        "leads": [lead.unit.slug for lead in body.leads.select_related("unit")],
        "subtopics": [str(t.name) for t in body.subtopics.all()],
        "seats": [
            {
                "slug": s.category.slug,
                "name": str(s.category.name),
                "minimum": s.category.min_seats,
                "maximum": s.category.max_seats,
                "filled": s.filled,
                "vacancies": s.vacancies,
                "votes": s.category.votes,
                "positions": [
                    {
                        "unit": p.position.unit.slug,
                        "name": str(p.position.unit.name),
                        "filled": p.holder is not None,
                    }
                    for p in s.positions
                ],
            }
            for s in view.seats
        ],
        "members": [
            {
                "name": str(m.person),
                "seat": m.seat.slug,
                "position": m.position.unit.slug if m.position else None,
                "since": m.start.isoformat(),
                "until": m.end.isoformat() if m.end else None,
            }
            for m in view.members
        ],
        "deputies": [
            {
                "name": str(m.person),
                "seat": m.seat.slug,
                "deputy_of": str(m.deputy_of.person) if m.deputy_of else "",
                "since": m.start.isoformat(),
                "until": m.end.isoformat() if m.end else None,
            }
            for m in view.deputies
        ],
        "votes": {
            "total": view.votes_total,
            "filled": view.votes_filled,
            "joint_votes": [str(jv.name) for jv in view.joint_votes],
        },
        "composition": {
            "errors": [
                {"code": f.code, "seat": f.seat, "message": text}
                for f, text in zip(view.check.errors, view.errors, strict=True)
            ],
            "warnings": [
                {"code": f.code, "seat": f.seat, "message": text}
                for f, text in zip(view.check.warnings, view.warnings, strict=True)
            ],
        },
    }
