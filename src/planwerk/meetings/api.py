"""JSON API: the meetings of bodies, their agenda, attendance and approved minutes.

An account sees the meetings of the bodies the permission table lets it see
(`meetings.view`); minutes appear once they are approved."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from planwerk.core.permissions import api_permission, visible
from planwerk.meetings.models import Meeting

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: str = Field(description="The meeting's public identifier.")
    body: str
    body_id: str
    title: str
    starts_at: str
    ends_at: str | None
    place: str
    status: str = Field(description="planned, invited, held, minutes_approved or cancelled")


class AgendaItemOut(Schema):
    position: int
    title: str
    description: str


class AttendanceOut(Schema):
    name: str
    seat: str
    status: str = Field(description="present, absent or represented")
    represented_by: str | None


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]
    attendance: list[AttendanceOut]
    minutes: str | None = Field(description="Markdown; only once the minutes are approved.")
    minutes_approved_at: str | None


class ErrorOut(Schema):
    detail: str


def _meetings(request: HttpRequest) -> Any:
    return visible(request.user, "meetings.view", Meeting.objects.all()).select_related("body")


def _meeting(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": str(meeting.uuid),
        "body": meeting.body.slug,
        "body_id": str(meeting.body.uuid),
        "title": meeting.title,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat() if meeting.ends_at else None,
        "place": meeting.place,
        "status": meeting.status,
    }


@router.get(
    "",
    response=list[MeetingOut],
    summary="The meetings the account may see",
    auth=api_permission("meetings.view"),
)
def list_meetings(request: HttpRequest, body: str | None = None) -> list[dict[str, Any]]:
    meetings = _meetings(request)
    if body:
        meetings = meetings.filter(body__slug=body)
    return [_meeting(m) for m in meetings]


@router.get(
    "/{meeting_id}",
    response={200: MeetingDetailOut, 404: ErrorOut},
    summary="One meeting: agenda, attendance and, once approved, the minutes",
    auth=api_permission("meetings.view"),
)
def get_meeting(request: HttpRequest, meeting_id: str) -> dict[str, Any]:
    try:
        meeting = _meetings(request).get(uuid=meeting_id)
    except (Meeting.DoesNotExist, ValidationError) as missing:
        raise Http404("No such meeting.") from missing
    approved = meeting.status == Meeting.Status.MINUTES_APPROVED
    attendance = meeting.attendance.select_related(
        "membership__person", "membership__seat", "deputy__person"
    )
    return {
        **_meeting(meeting),
        "agenda": [
            {"position": a.position, "title": a.title, "description": a.description}
            for a in meeting.agenda.all()
        ],
        "attendance": [
            {
                "name": str(a.membership.person),
                "seat": a.membership.seat.slug,
                "status": a.status,
                "represented_by": str(a.deputy.person) if a.deputy else None,
            }
            for a in attendance
        ],
        "minutes": meeting.minutes if approved else None,
        "minutes_approved_at": (
            meeting.minutes_approved_at.isoformat() if meeting.minutes_approved_at else None
        ),
    }
