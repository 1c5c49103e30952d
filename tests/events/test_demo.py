"""`planwerk load-demo` adds the kickoff and the first podium discussion as events."""

from __future__ import annotations

from typing import Any

from planwerk.demo import events as demo_events
from planwerk.events.models import Event
from planwerk.processes.models import Milestone


def test_the_demo_creates_published_events_from_the_event_milestones(demo: Any) -> None:
    assert demo_events.load(demo) == 2

    kickoff, podium = Event.objects.filter(process=demo).order_by("starts_at")
    assert kickoff.published and podium.published
    assert kickoff.milestone.kind == Milestone.Kind.EVENT and kickoff.milestone.end
    assert kickoff.title == kickoff.milestone.name
    assert (kickoff.ends_at.date() - kickoff.starts_at.date()).days == 1
    assert kickoff.workshops.count() == 3
    assert not podium.workshops.exists()
    assert demo_events.load(demo) == 0
