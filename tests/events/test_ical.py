"""Calendar files: each event's, and the subscribable calendar of all published events."""

from __future__ import annotations

from typing import Any

import icalendar
from tests.conftest import english_client
from tests.events.conftest import make_event

from planwerk.events import services


def test_each_event_offers_a_calendar_file_with_its_time_zone(world: Any) -> None:
    response = english_client().get(f"/veranstaltungen/{world.event.uuid}/veranstaltung.ics")

    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]) == "Kickoff event"
    assert str(event["location"]) == "Neues Rathaus, Hodlersaal"
    assert event.decoded("dtstart") == world.event.starts_at
    assert event.decoded("dtend") == world.event.ends_at
    assert str(event["url"]).endswith(f"/veranstaltungen/{world.event.uuid}/")
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_the_calendar_holds_every_published_event_and_no_other(world: Any) -> None:
    podium = make_event(world.coordinator, world.process, title={"de": "Podium"})
    draft = services.create_event(
        world.coordinator,
        world.process,
        title="Noch geheim",
        starts_at=world.event.starts_at,
        ends_at=world.event.ends_at,
        place="Rathaus",
    )

    response = english_client().get("/veranstaltungen/kalender.ics")

    cal = icalendar.Calendar.from_ical(response.content)
    uids = {str(e["uid"]) for e in cal.walk("VEVENT")}
    assert uids == {f"{world.event.uuid}@planwerk", f"{podium.uuid}@planwerk"}
    assert f"{draft.uuid}@planwerk" not in uids
    assert cal.walk("VTIMEZONE")


def test_an_unpublished_event_has_no_public_calendar_file(world: Any) -> None:
    draft = services.create_event(
        world.coordinator,
        world.process,
        title="Noch geheim",
        starts_at=world.event.starts_at,
        ends_at=world.event.ends_at,
        place="Rathaus",
    )
    assert (
        english_client().get(f"/veranstaltungen/{draft.uuid}/veranstaltung.ics").status_code == 404
    )
