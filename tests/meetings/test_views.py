"""The meeting pages: who sees them, the confirmations, the calendar file, printing."""

from __future__ import annotations

from typing import Any

import icalendar
from django.core import mail
from django.test import Client

from planwerk.meetings import services
from planwerk.meetings.models import Meeting


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_members_and_the_coordination_see_the_meetings(
    meeting: Meeting, people: dict[str, Any]
) -> None:
    url = f"/sitzungen/gremium/{meeting.body.slug}/"
    page = client_for(people["member_user"]).get(url).content.decode()
    assert "Sitzung 1" in page and "Sitzung planen" not in page
    page = client_for(people["coordinator"]).get(url).content.decode()
    assert "Sitzung planen" in page
    assert client_for(people["stranger"]).get(url).status_code == 403
    assert client_for(people["stranger"]).get(f"/sitzungen/{meeting.uuid}/").status_code == 403
    assert Client().get(url).status_code == 302


def test_the_body_page_links_the_meetings_for_those_who_may_see_them(
    meeting: Meeting, people: dict[str, Any]
) -> None:
    url = f"/gremien/{meeting.body.slug}/"
    assert (
        "Sitzungen dieses Gremiums" in client_for(people["member_user"]).get(url).content.decode()
    )
    assert "Sitzungen dieses Gremiums" not in Client().get(url).content.decode()


def test_plan_a_meeting_on_the_page(seat: Any, people: dict[str, Any]) -> None:
    client = client_for(people["coordinator"])
    response = client.post(
        f"/sitzungen/gremium/{seat.body.slug}/planen/",
        {"title": "Auftakt", "starts_at": "2030-03-04T17:00", "place": "Rathaus"},
    )
    meeting = Meeting.objects.get(title="Auftakt")
    assert response.url == f"/sitzungen/{meeting.uuid}/"
    page = client.get(response.url).content.decode()
    assert "Tagesordnung" in page and "Die Tagesordnung ist noch leer." in page


def test_invitations_are_confirmed_before_they_go(meeting: Meeting, people: dict[str, Any]) -> None:
    client = client_for(people["coordinator"])
    mail.outbox.clear()
    page = client.get(f"/sitzungen/{meeting.uuid}/einladen/").content.decode()
    assert "Was jetzt geschieht" in page and "2 aktuelle Mitglieder" in page
    assert mail.outbox == []
    client.post(f"/sitzungen/{meeting.uuid}/einladen/")
    assert len(mail.outbox) == 2
    page = client.get(f"/sitzungen/{meeting.uuid}/").content.decode()
    assert "versandt" in page


def test_attendance_minutes_approval_and_print(meeting: Meeting, people: dict[str, Any]) -> None:
    client = client_for(people["coordinator"])
    client.post(f"/sitzungen/{meeting.uuid}/einladen/")
    anna, ben, deputy = people["anna"], people["ben"], people["anna_deputy"]
    page = client.get(f"/sitzungen/{meeting.uuid}/").content.decode()
    assert str(deputy.person) in page
    client.post(
        f"/sitzungen/{meeting.uuid}/anwesenheit/",
        {
            f"status-{anna.pk}": "represented",
            f"deputy-{anna.pk}": deputy.pk,
            f"status-{ben.pk}": "absent",
        },
    )
    response = client.post(
        f"/sitzungen/{meeting.uuid}/anwesenheit/",
        {f"status-{ben.pk}": "represented", f"deputy-{ben.pk}": deputy.pk},
        follow=True,
    )
    assert "ist nicht als Stellvertretung von" in response.content.decode()
    client.post(
        f"/sitzungen/{meeting.uuid}/niederschrift/bearbeiten/",
        {"minutes": "## TOP 1\n\n<script>alert(1)</script>**Begrüßt**"},
    )
    page = client.get(f"/sitzungen/{meeting.uuid}/niederschrift/genehmigen/").content.decode()
    assert "Niemand kann sie mehr ändern" in page
    client.post(f"/sitzungen/{meeting.uuid}/niederschrift/genehmigen/")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    printed = client_for(people["member_user"]).get(f"/sitzungen/{meeting.uuid}/niederschrift/")
    text = printed.content.decode()
    assert "<strong>Begrüßt</strong>" in text and "<script>alert" not in text
    assert "durch die Stellvertretung vertreten" in text


def test_the_calendar_file_parses(meeting: Meeting, people: dict[str, Any]) -> None:
    response = client_for(people["member_user"]).get(f"/sitzungen/{meeting.uuid}/sitzung.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    event = cal.walk("VEVENT")[0]
    assert str(event["location"]) == "Rathaus, Raum 1"
    assert "Sitzung 1" in str(event["summary"])
    assert "1. Begrüßung" in str(event["description"])
    assert cal.walk("VTIMEZONE")
    services.cancel_meeting(people["coordinator"], meeting, "verschoben")
    response = client_for(people["member_user"]).get(f"/sitzungen/{meeting.uuid}/sitzung.ics")
    assert (
        str(icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]["status"])
        == "CANCELLED"
    )
