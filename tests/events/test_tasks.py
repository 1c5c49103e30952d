"""The reminder two days before, in the registrant's language, and only while the
registration stands."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core import mail

from planwerk.events import services, tasks


def _remind(registration: Any) -> dict:
    return tasks.remind.call(registration.pk, registration.event.starts_at.isoformat())


def test_the_reminder_goes_to_a_confirmed_registration(world: Any) -> None:
    registration = world.register("Ayşe Demir", "ayse@example.org", language="en")
    mail.outbox.clear()

    result = _remind(registration)

    assert result["sent"] == ["ayse@example.org"]
    assert mail.outbox[0].subject == "Reminder: Kickoff event"


def test_no_reminder_after_cancelling_or_while_waiting(world: Any) -> None:
    cancelled = world.register("Ayşe Demir", "ayse@example.org")
    world.register("Boris Iwanow", "boris@example.org")
    waiting = world.register("Chloé Martin", "chloe@example.org")
    services.cancel_registration(AnonymousUser(), cancelled.token)
    waiting.refresh_from_db()
    still_waiting = world.register("Dana Novak", "dana@example.org")
    mail.outbox.clear()

    assert _remind(cancelled)["skipped"]
    assert _remind(still_waiting)["skipped"]
    assert mail.outbox == []


def test_no_reminder_for_a_time_the_event_no_longer_has(world: Any) -> None:
    registration = world.register("Ayşe Demir", "ayse@example.org")
    old = registration.event.starts_at.isoformat()
    services.update_event(
        world.coordinator,
        world.event,
        starts_at=world.event.starts_at + services.REMINDER_BEFORE,
        ends_at=world.event.ends_at + services.REMINDER_BEFORE,
    )
    mail.outbox.clear()

    assert tasks.remind.call(registration.pk, old)["skipped"]
    assert mail.outbox == []


def test_the_reminder_is_queued_two_days_before(
    world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        registration = world.register("Ayşe Demir", "ayse@example.org")

    queued = [r for r in default_task_backend.results if r.task.func == tasks.remind.func]
    assert len(queued) == 1
    assert queued[0].args[:2] == [registration.pk, world.event.starts_at.isoformat()]
    assert queued[0].task.run_after == world.event.starts_at - services.REMINDER_BEFORE
