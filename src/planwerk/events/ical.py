"""Events as iCalendar files: one event, and the subscribable calendar of all
published events. Texts are in the language active for the request (German where
an event has no translation)."""

from __future__ import annotations

from collections.abc import Iterable

import icalendar
from django.utils import timezone

from planwerk.events.models import Event


def _component(event: Event, url: str = "") -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", f"{event.uuid}@planwerk")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", timezone.localtime(event.starts_at))
    item.add("dtend", timezone.localtime(event.ends_at))
    item.add("summary", str(event.title))
    item.add("location", event.place)
    description = str(event.description)
    if description:
        item.add("description", description)
    if url:
        item.add("url", url)
    item.add("status", "CONFIRMED")
    return item


def calendar(events: Iterable[tuple[Event, str]], name: str = "") -> bytes:
    """A calendar of the events, each with the address of its page."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//planwerk//Veranstaltungen//DE")
    cal.add("version", "2.0")
    if name:
        cal.add("x-wr-calname", name)
    for event, url in events:
        cal.add_component(_component(event, url))
    cal.add_missing_timezones()
    return cal.to_ical()


def ics(event: Event, url: str = "") -> bytes:
    return calendar([(event, url)])
