"""A meeting as an iCalendar file, for the members' calendars."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.utils import timezone

from planwerk.meetings.models import Meeting


def ics(meeting: Meeting, url: str = "") -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//planwerk//Sitzungen//DE")
    cal.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"{meeting.uuid}@planwerk")
    event.add("dtstamp", timezone.now())
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at) if meeting.ends_at else start + dt.timedelta(hours=2)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", f"{meeting.body.name}: {meeting.title}")
    event.add("location", meeting.place)
    agenda = "\n".join(f"{i.position}. {i.title}" for i in meeting.agenda.order_by("position"))
    if agenda:
        event.add("description", agenda)
    if url:
        event.add("url", url)
    if meeting.status == Meeting.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
