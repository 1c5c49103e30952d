"""Background work of events: the emails to residents, sent by the task worker
after the service has committed, and the reminder queued with `run_after`."""

from __future__ import annotations

from django_tasks import task

from planwerk.bodies.notifications import send
from planwerk.events import notifications
from planwerk.events.models import Registration

KINDS = {
    "confirmation": notifications.confirmation,
    "moved_up": notifications.moved_up,
    "cancelled": notifications.cancelled,
}


def _registration(pk: int) -> Registration | None:
    return Registration.objects.select_related("event__process", "workshop").filter(pk=pk).first()


@task()
def notify(registration_id: int, kind: str, base_url: str = "") -> dict:
    registration = _registration(registration_id)
    if registration is None:
        return {"sent": [], "failed": [], "skipped": True}
    return send([KINDS[kind](registration, base_url)]).as_dict()


@task()
def remind(registration_id: int, starts_at: str, base_url: str = "") -> dict:
    """Remind a confirmed registration, unless it was cancelled, still waits, or the
    event moved (a new reminder was queued for the new time)."""
    registration = _registration(registration_id)
    if (
        registration is None
        or registration.status != Registration.Status.CONFIRMED
        or registration.event.starts_at.isoformat() != starts_at
    ):
        return {"sent": [], "failed": [], "skipped": True}
    return send([notifications.reminder(registration, base_url)]).as_dict()
