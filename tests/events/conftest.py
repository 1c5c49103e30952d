"""A published event of the Hannover process with a small capacity and a workshop, the
coordination, and an expert group with a member."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone, translation
from tests.factories import MembershipFactory, PersonFactory

from planwerk.bodies.models import Body
from planwerk.events import services
from planwerk.events.models import Event, Registration
from planwerk.processes.models import Process


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def make_event(user: Any, process: Process, **fields: Any) -> Event:
    start = (timezone.now() + dt.timedelta(days=10)).replace(second=0, microsecond=0)
    values: dict[str, Any] = {
        "title": {"de": "Auftaktveranstaltung", "en": "Kickoff event"},
        "description": {"de": "Bürger*innen treffen Politik und Verwaltung."},
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=6),
        "place": "Neues Rathaus, Hodlersaal",
        "accessibility": {"de": "Stufenloser Zugang"},
        "capacity": 2,
    }
    values.update(fields)
    event = services.create_event(user, process, **values)
    services.publish_event(user, event)
    event.refresh_from_db()
    return event


@dataclass
class World:
    process: Process
    coordinator: Any
    event: Event
    group: Body
    other_group: Body
    member: Any
    stranger: Any

    def register(self, name: str, email: str, **fields: Any) -> Registration:
        from django.contrib.auth.models import AnonymousUser

        return services.register(AnonymousUser(), self.event, name=name, email=email, **fields)


@pytest.fixture
def world(hannover: Process, coordinator: Any, make_user: Any) -> World:
    groups = list(services.expert_groups(hannover)[:2])
    seat = groups[0].seat_categories.filter(retired=False).exclude(kinds=[]).first()
    member = make_user("gruppenmitglied")
    MembershipFactory(seat=seat, person=PersonFactory(kind=seat.kinds[0], user=member))
    return World(
        process=hannover,
        coordinator=coordinator,
        event=make_event(coordinator, hannover),
        group=groups[0],
        other_group=groups[1],
        member=member,
        stranger=make_user("fremd"),
    )
