"""The services of meetings: permissions, deputies, frozen minutes, invitations."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from planwerk.audit.models import AuditEntry
from planwerk.meetings import services
from planwerk.meetings.models import Invitation, Meeting


def test_only_the_coordination_plans_a_meeting(seat: Any, people: dict[str, Any]) -> None:
    for user in (people["stranger"], people["member_user"]):
        with pytest.raises(PermissionDenied):
            services.plan_meeting(
                user, seat.body, title="x", starts_at="2030-01-01T10:00Z", place="y"
            )


def test_planning_is_audited(meeting: Meeting) -> None:
    assert AuditEntry.objects.filter(action="meetings.meeting.planned").exists()
    assert [i.position for i in meeting.agenda.all()] == [1, 2]


def test_invitations_go_to_current_members_only_in_their_language(
    meeting: Meeting, people: dict[str, Any]
) -> None:
    mail.outbox.clear()
    services.send_invitations(people["coordinator"], meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.INVITED
    to = {m.to[0]: m for m in mail.outbox}
    assert set(to) == {"anna@example.org", "ben@example.org"}
    assert to["anna@example.org"].subject.startswith("Einladung: Sitzung 1 am ")
    assert "Tagesordnung" in to["anna@example.org"].body
    assert "2. Entwurf Leitlinien" in to["anna@example.org"].body
    assert to["ben@example.org"].subject.startswith("Invitation: Sitzung 1 on ")
    assert set(meeting.invitations.values_list("status", flat=True)) == {Invitation.Status.SENT}
    with pytest.raises(ValidationError):
        services.send_invitations(people["coordinator"], meeting)


def test_a_stranger_cannot_send_invitations(meeting: Meeting, people: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.send_invitations(people["stranger"], meeting)


def invited(meeting: Meeting, people: dict[str, Any]) -> Meeting:
    services.send_invitations(people["coordinator"], meeting)
    meeting.refresh_from_db()
    return meeting


def test_a_deputy_represents_her_member(meeting: Meeting, people: dict[str, Any]) -> None:
    meeting = invited(meeting, people)
    services.record_attendance(
        people["coordinator"],
        meeting,
        [
            (people["anna"], "represented", people["anna_deputy"]),
            (people["ben"], "present", None),
        ],
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    row = meeting.attendance.get(membership=people["anna"])
    assert row.deputy == people["anna_deputy"]


def test_a_deputy_of_another_member_is_refused(meeting: Meeting, people: dict[str, Any]) -> None:
    meeting = invited(meeting, people)
    with pytest.raises(ValidationError) as refused:
        services.record_attendance(
            people["coordinator"],
            meeting,
            [(people["ben"], "represented", people["anna_deputy"])],
        )
    assert "ist nicht als Stellvertretung von" in refused.value.messages[0]
    assert not meeting.attendance.exists()


def test_approved_minutes_cannot_change(meeting: Meeting, people: dict[str, Any]) -> None:
    coordinator = people["coordinator"]
    meeting = invited(meeting, people)
    services.record_attendance(coordinator, meeting, [(people["anna"], "present", None)])
    services.write_minutes(coordinator, meeting, "## TOP 1\n\nBegrüßung")
    services.approve_minutes(coordinator, meeting)
    with pytest.raises(ValidationError):
        services.write_minutes(coordinator, meeting, "anders")
    with pytest.raises(ValidationError):
        services.record_attendance(coordinator, meeting, [(people["ben"], "present", None)])
    meeting.refresh_from_db()
    assert meeting.minutes == "## TOP 1\n\nBegrüßung"
    assert AuditEntry.objects.filter(action="meetings.minutes.approved").exists()


def test_cancel_needs_a_reason(meeting: Meeting, people: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        services.cancel_meeting(people["coordinator"], meeting, " ")
    services.cancel_meeting(people["coordinator"], meeting, "Krankheit")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
