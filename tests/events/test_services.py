"""Registering, the waiting list and cancelling, through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from planwerk.audit.models import AuditEntry
from planwerk.events import services
from planwerk.events.models import Event, Registration

_R = Registration.Status


def test_registrations_beyond_the_capacity_go_onto_the_waiting_list(world: Any) -> None:
    first = world.register("Ayşe Demir", "ayse@example.org", languages_spoken=["tr", "de"])
    second = world.register("Boris Iwanow", "boris@example.org")
    third = world.register("Chloé Martin", "chloe@example.org")

    assert [first.status, second.status, third.status] == [_R.CONFIRMED, _R.CONFIRMED, _R.WAITING]
    assert first.languages_spoken == ["de", "tr"]


def test_a_cancellation_moves_the_next_waiting_person_up_and_tells_them(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    first = world.register("Ayşe Demir", "ayse@example.org")
    world.register("Boris Iwanow", "boris@example.org")
    waiting = world.register("Chloé Martin", "chloe@example.org", language="en")
    later = world.register("Dana Novak", "dana@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(AnonymousUser(), first.token)

    first.refresh_from_db()
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert first.status == _R.CANCELLED and first.cancelled_at
    assert waiting.status == _R.CONFIRMED and waiting.moved_up_at
    assert later.status == _R.WAITING
    to = {message.to[0]: message for message in mail.outbox}
    assert "moved up from the waiting list" in to["chloe@example.org"].body
    assert "/veranstaltungen/absagen/" in to["chloe@example.org"].body
    assert "Ihre Teilnahme ist abgesagt" in to["ayse@example.org"].body  # she reads German
    assert "dana@example.org" not in to
    assert AuditEntry.objects.filter(action="events.registration.moved_up").count() == 1


def test_a_cancellation_frees_the_workshop_for_the_one_waiting_for_it(world: Any) -> None:
    workshop = services.add_workshop(world.coordinator, world.event, title="Bildung", capacity=1)
    services.update_event(world.coordinator, world.event, capacity=None)
    world.event.refresh_from_db()
    inside = world.register("Ayşe Demir", "ayse@example.org", workshop=workshop)
    waiting = world.register("Boris Iwanow", "boris@example.org", workshop=workshop)
    assert waiting.status == _R.WAITING

    services.cancel_registration(AnonymousUser(), inside.token)

    waiting.refresh_from_db()
    assert waiting.status == _R.CONFIRMED


def test_a_larger_capacity_moves_the_waiting_up(world: Any) -> None:
    for n in range(4):
        world.register(f"Person {n}", f"p{n}@example.org")

    services.update_event(world.coordinator, world.event, capacity=3)

    statuses = list(world.event.registrations.values_list("status", flat=True))
    assert statuses == [_R.CONFIRMED, _R.CONFIRMED, _R.CONFIRMED, _R.WAITING]


def test_the_capacity_cannot_drop_below_the_confirmed(world: Any) -> None:
    world.register("Ayşe Demir", "ayse@example.org")
    world.register("Boris Iwanow", "boris@example.org")

    with pytest.raises(ValidationError, match="2 registrations are confirmed"):
        services.update_event(world.coordinator, world.event, capacity=1)
    world.event.refresh_from_db()
    assert world.event.capacity == 2


def test_the_same_address_registers_once(world: Any) -> None:
    world.register("Ayşe Demir", "ayse@example.org")

    with pytest.raises(ValidationError, match="registered for the event already"):
        world.register("Ayşe D.", "AYSE@example.org")
    assert world.event.registrations.count() == 1


def test_after_cancelling_one_can_register_again(world: Any) -> None:
    first = world.register("Ayşe Demir", "ayse@example.org")
    services.cancel_registration(AnonymousUser(), first.token)

    again = world.register("Ayşe Demir", "ayse@example.org")

    assert again.status == _R.CONFIRMED


def test_a_workshop_of_another_event_is_refused(world: Any) -> None:
    other = services.create_event(
        world.coordinator,
        world.process,
        title="Podium",
        starts_at=world.event.starts_at,
        ends_at=world.event.ends_at,
        place="Rathaus",
    )
    foreign = services.add_workshop(world.coordinator, other, title="Fremd")

    with pytest.raises(ValidationError, match="workshops of this event"):
        world.register("Ayşe Demir", "ayse@example.org", workshop=foreign)
    assert not world.event.registrations.exists()


def test_registration_closes_when_the_event_begins(world: Any) -> None:
    Event.objects.filter(pk=world.event.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    world.event.refresh_from_db()

    with pytest.raises(ValidationError, match="already begun"):
        world.register("Ayşe Demir", "ayse@example.org")
    assert not world.event.registrations.exists()


def test_an_unpublished_event_takes_no_registrations(world: Any) -> None:
    draft = services.create_event(
        world.coordinator,
        world.process,
        title="Podium",
        starts_at=world.event.starts_at,
        ends_at=world.event.ends_at,
        place="Rathaus",
    )
    with pytest.raises(ValidationError, match="not open for registration"):
        services.register(AnonymousUser(), draft, name="A", email="a@example.org")


def test_cancelling_twice_is_refused(world: Any) -> None:
    first = world.register("Ayşe Demir", "ayse@example.org")
    services.cancel_registration(AnonymousUser(), first.token)

    with pytest.raises(ValidationError, match="cancelled already"):
        services.cancel_registration(AnonymousUser(), first.token)


def test_only_the_coordination_creates_and_publishes(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.create_event(
            world.member,
            world.process,
            title="X",
            starts_at=world.event.starts_at,
            ends_at=world.event.ends_at,
            place="Y",
        )


def test_an_event_ends_after_it_starts(world: Any) -> None:
    with pytest.raises(ValidationError, match="end after it starts"):
        services.create_event(
            world.coordinator,
            world.process,
            title="X",
            starts_at=world.event.starts_at,
            ends_at=world.event.starts_at,
            place="Y",
        )


def test_publishing_twice_is_refused(world: Any) -> None:
    with pytest.raises(ValidationError, match="published already"):
        services.publish_event(world.coordinator, world.event)


def test_counts_by_status(world: Any) -> None:
    for n in range(3):
        world.register(f"Person {n}", f"p{n}@example.org")

    assert services.counts(world.event) == {"confirmed": 2, "waiting": 1, "cancelled": 0}
