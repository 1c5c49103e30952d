"""Reminders before a deadline: to the consulted body's members in their language,
to the coordination when nobody can be reached, and not at all once answered or
extended."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail

from planwerk.consultations import services, tasks


def _remind(consultation: Any, deadline: dt.date | None = None) -> dict:
    return tasks.remind.call(consultation.pk, (deadline or consultation.deadline).isoformat())


def test_members_with_an_address_are_reminded_in_their_language(world: Any, member_of: Any) -> None:
    consultation = world.consultation("assessment")
    member_of(consultation.body, "deutsch", email="de@example.org", language="de")
    member_of(consultation.body, "englisch", email="en@example.org", language="en")
    member_of(consultation.body, "ohne", email="")
    result = _remind(consultation)
    assert sorted(result["sent"]) == ["de@example.org", "en@example.org"]
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["de@example.org"].subject.startswith("Erinnerung")
    assert by_address["en@example.org"].subject.startswith("Reminder")
    assert str(consultation.uuid) in by_address["en@example.org"].body


def test_nobody_reachable_reminds_the_coordination(world: Any, settings: Any) -> None:
    settings.COORDINATION_EMAIL = "koordination@example.org"
    _remind(world.consultation("statement"))
    assert [m.to for m in mail.outbox] == [["koordination@example.org"]]


def test_an_answered_consultation_sends_nothing(world: Any, member_of: Any) -> None:
    consultation = world.consultation("statement")
    member_of(consultation.body, "rt", email="rt@example.org")
    services.give_statement(world.coordinator, consultation, "Fertig")
    assert _remind(consultation)["skipped"] and mail.outbox == []


def test_an_extended_deadline_silences_the_old_reminder(world: Any, member_of: Any) -> None:
    consultation = world.consultation("assessment")
    member_of(consultation.body, "beirat", email="b@example.org")
    old = consultation.deadline
    services.extend_deadline(world.coordinator, consultation, old + dt.timedelta(days=7), "Grund")
    assert _remind(consultation, old)["skipped"] and mail.outbox == []
    consultation.refresh_from_db()
    assert _remind(consultation)["sent"] == ["b@example.org"]


def test_reminders_are_queued_before_the_deadline(
    world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    consultation = world.consultation("assessment")
    new = consultation.deadline + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.extend_deadline(world.coordinator, consultation, new, "Grund")
    queued = [r for r in default_task_backend.results if r.task.func == tasks.remind.func]
    assert len(queued) == 1
    assert queued[0].args == [consultation.pk, new.isoformat()]
    assert queued[0].task.run_after == services.reminder_time(new)
    assert services.reminder_time(new).date() == new - dt.timedelta(days=3)
