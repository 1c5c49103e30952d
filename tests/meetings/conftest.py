"""A body with members, a deputy, and accounts in each role, for the meeting tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from tests.factories import MembershipFactory

from planwerk.bodies.models import Membership, SeatCategory
from planwerk.meetings import services
from planwerk.meetings.models import Meeting


@pytest.fixture
def seat(hannover: Any) -> SeatCategory:
    return (
        SeatCategory.objects.filter(body__process=hannover, positions__isnull=True)
        .exclude(kinds=[])
        .order_by("body__order", "order")
        .first()
    )


@pytest.fixture
def people(seat: SeatCategory, make_user: Any) -> dict[str, Any]:
    anna = MembershipFactory(seat=seat, person__email="anna@example.org", person__language="de")
    ben = MembershipFactory(seat=seat, person__email="ben@example.org", person__language="en")
    ended = MembershipFactory(seat=seat, person__email="alt@example.org", end=dt.date(2021, 1, 1))
    anna_deputy = MembershipFactory(
        seat=seat,
        role=Membership.Role.DEPUTY,
        deputy_of=anna,
        person__email="vertretung@example.org",
    )
    member_user = make_user("mitglied")
    anna.person.user = member_user
    anna.person.save()
    return {
        "anna": anna,
        "ben": ben,
        "ended": ended,
        "anna_deputy": anna_deputy,
        "member_user": member_user,
        "coordinator": make_user("koordination", "coordinator"),
        "stranger": make_user("fremd"),
    }


@pytest.fixture
def meeting(seat: SeatCategory, people: dict[str, Any]) -> Meeting:
    meeting = services.plan_meeting(
        people["coordinator"],
        seat.body,
        title="Sitzung 1",
        starts_at=timezone.now() + dt.timedelta(days=7),
        place="Rathaus, Raum 1",
    )
    services.add_agenda_item(people["coordinator"], meeting, title="Begrüßung")
    services.add_agenda_item(people["coordinator"], meeting, title="Entwurf Leitlinien")
    return meeting
