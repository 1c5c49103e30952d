"""Two requests that seat one person in two seats of one body at the same moment:
the body's row lock lets exactly one of them through.

Each thread stands for one request on one app server, with its own database
connection. SQLite serialises all writers itself, so this runs on PostgreSQL only.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import translation

from planwerk.bodies import services
from planwerk.bodies.models import Body, Membership, Person, SeatCategory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks (SQLite serialises all writers itself)",
    ),
]

EXPERT_GROUPS = ["soziales", "demokratie", "stadtleben-und-kultur", "bildung"]


def race(*actions: Any) -> list[Exception | None]:
    """Run the actions on threads released at the same moment; return their errors."""
    errors: list[Exception | None] = [None] * len(actions)
    start = threading.Barrier(len(actions))

    def worker(index: int) -> None:
        try:
            start.wait(timeout=10)
            with translation.override("en"):
                actions[index]()
        except Exception as error:
            errors[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads), "threads did not finish in time"
    return errors


def test_one_person_is_seated_once_when_two_seats_are_asked_for_at_once(
    hannover: Any, coordinator: Any
) -> None:
    for slug in EXPERT_GROUPS:
        body = Body.objects.get(slug=slug)
        seats = [
            SeatCategory.objects.get(body=body, slug="extern"),
            SeatCategory.objects.get(body=body, slug="wissenschaft"),
        ]
        person = Person.objects.create(given_name="Mina", family_name=slug, kind="science")

        def appoint(seat: SeatCategory, person: Person = person, body: Body = body) -> None:
            services.appoint(
                coordinator, body=body, person=person, seat=seat, start=dt.date(2020, 1, 1)
            )

        errors = race(*(functools.partial(appoint, seat) for seat in seats))

        assert Membership.objects.filter(person=person, body=body).count() == 1
        refused = [e for e in errors if e is not None]
        assert len(refused) == 1, errors
        assert isinstance(refused[0], ValidationError)
        assert "already holds another seat of this body" in str(refused[0])
