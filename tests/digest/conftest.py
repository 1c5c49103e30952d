"""A member of the lead committee, an expert group that submits, and the coordination."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation
from tests.factories import MembershipFactory, PersonFactory

from planwerk.bodies.models import Body, SeatCategory
from planwerk.processes.models import Process


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _seat(body: Body) -> SeatCategory:
    seat = body.seat_categories.filter(retired=False).exclude(kinds=[]).first()
    if seat is None:
        seat = SeatCategory.objects.create(
            body=body, slug="mitglieder", min_seats=0, max_seats=99, kinds=["external"]
        )
    return seat


def member(body: Body, user: Any, language: str = "de") -> Any:
    MembershipFactory(
        seat=_seat(body),
        person=PersonFactory(kind=_seat(body).kinds[0], user=user, language=language),
    )
    return user


@dataclass
class World:
    process: Process
    lead: Body
    group: Body
    informed: Any
    writer: Any
    stranger: Any
    coordinator: Any


@pytest.fixture
def world(hannover: Process, make_user: Any, coordinator: Any) -> World:
    lead = Body.objects.get(process=hannover, lead_committee=True)
    group = Body.objects.filter(process=hannover, kind=Body.Kind.EXPERT_GROUP).first()
    assert group is not None
    informed = make_user("ausschuss")
    informed.email = "ausschuss@example.org"
    informed.save()
    member(lead, informed, language="en")
    writer = member(group, make_user("schreibt"))
    stranger = member(group, make_user("andere"))
    return World(hannover, lead, group, informed, writer, stranger, coordinator)
