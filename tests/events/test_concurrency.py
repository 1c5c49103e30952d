"""Two residents registering for the last place at the same moment: the event's row
lock lets exactly one of them in, the other waits. PostgreSQL only (SQLite
serialises all writers itself); the service-level tests cover the rule itself."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from tests.bodies.test_appointment_concurrency import race
from tests.events.conftest import make_event

from planwerk.events import services
from planwerk.events.models import Registration

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks (SQLite serialises all writers itself)",
    ),
]


def test_two_registrations_for_the_last_place_confirm_one(hannover: Any, coordinator: Any) -> None:
    event = make_event(coordinator, hannover, capacity=1)

    def register(email: str) -> None:
        services.register(AnonymousUser(), event, name=email, email=email)

    errors = race(*(functools.partial(register, f"{n}@example.org") for n in "ab"))

    assert errors == [None, None]
    statuses = sorted(event.registrations.values_list("status", flat=True))
    assert statuses == [Registration.Status.CONFIRMED, Registration.Status.WAITING]
