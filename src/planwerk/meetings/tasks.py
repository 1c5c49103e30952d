"""Background work of meetings: the invitations, sent by the task worker
(`planwerk db_worker`) after the service has saved them."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from planwerk.bodies.notifications import send
from planwerk.meetings import notifications
from planwerk.meetings.models import Invitation


@task()
def send_invitations(meeting_id: int, base_url: str = "") -> dict:
    """Send each queued invitation on its own and note whether it went."""
    result: dict[str, list[str]] = {"sent": [], "failed": []}
    queued = Invitation.objects.filter(
        meeting_id=meeting_id, status=Invitation.Status.QUEUED
    ).select_related("meeting__body__process", "membership__person")
    for invitation in queued:
        outcome = send([notifications.invitation(invitation, base_url)])
        if outcome.sent:
            invitation.status = Invitation.Status.SENT
            invitation.sent_at = timezone.now()
        else:
            invitation.status = Invitation.Status.FAILED
        invitation.save(update_fields=["status", "sent_at"])
        result["sent"].extend(outcome.sent)
        result["failed"].extend(outcome.failed)
    return result
