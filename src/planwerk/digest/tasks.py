"""The digest, sent by the task worker at the subscription's time."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from planwerk.bodies.notifications import send
from planwerk.digest import notifications, services
from planwerk.digest.models import Subscription
from planwerk.digest.steps import steps
from planwerk.processes.queries import current_process


@task()
def send_digest(subscription_id: int, frequency: str) -> dict:
    """Send what happened since the last digest, then plan the next one. A
    subscription removed or changed since this run was planned sends nothing (the
    change planned its own run)."""
    subscription = (
        Subscription.objects.select_related("user__person").filter(pk=subscription_id).first()
    )
    if subscription is None or subscription.frequency != frequency:
        return {"sent": False, "reason": "changed"}
    process = current_process()
    now = timezone.now()
    since = subscription.last_sent_at or subscription.created
    sent = False
    if process is not None:
        email = notifications.digest(subscription, process, steps(process, since, now), since)
        if email is not None:
            sent = bool(send([email]).sent)
    if sent:
        subscription.last_sent_at = now
        subscription.save(update_fields=["last_sent_at", "modified"])
    services.schedule(subscription, after=now)
    return {"sent": sent}
