"""The meetings API: members and the coordination see their bodies' meetings."""

from __future__ import annotations

from typing import Any

from django.test import Client

from planwerk.meetings import services
from planwerk.meetings.models import Meeting


def test_a_member_reads_the_meeting_and_minutes_only_once_approved(
    meeting: Meeting, people: dict[str, Any]
) -> None:
    coordinator = people["coordinator"]
    services.send_invitations(coordinator, meeting)
    services.record_attendance(
        coordinator,
        meeting,
        [(people["anna"], "represented", people["anna_deputy"]), (people["ben"], "present", None)],
    )
    services.write_minutes(coordinator, meeting, "# Niederschrift\n\nBeschlossen.")
    client = Client()
    client.force_login(people["member_user"])
    listed = client.get("/api/v1/meetings").json()
    assert [m["id"] for m in listed] == [str(meeting.uuid)]
    detail = client.get(f"/api/v1/meetings/{meeting.uuid}").json()
    assert [a["title"] for a in detail["agenda"]] == ["Begrüßung", "Entwurf Leitlinien"]
    assert {a["status"] for a in detail["attendance"]} == {"represented", "present"}
    assert detail["minutes"] is None
    services.approve_minutes(coordinator, meeting)
    detail = client.get(f"/api/v1/meetings/{meeting.uuid}").json()
    assert detail["minutes"].startswith("# Niederschrift")


def test_others_see_no_meeting(meeting: Meeting, people: dict[str, Any]) -> None:
    client = Client()
    assert client.get("/api/v1/meetings").status_code in (401, 403)
    client.force_login(people["stranger"])
    assert client.get("/api/v1/meetings").status_code in (200, 403)
    if client.get("/api/v1/meetings").status_code == 200:
        assert client.get("/api/v1/meetings").json() == []
    assert client.get(f"/api/v1/meetings/{meeting.uuid}").status_code in (403, 404)
    assert client.get("/api/v1/meetings/not-a-uuid").status_code in (403, 404)
