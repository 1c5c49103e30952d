"""Background work of accounts: the invitation emails, sent by the task worker
(`planwerk db_worker`) after the service has saved the invitation. The worker makes
the link when it sends the email, so that no link is ever stored."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from planwerk.accounts import notifications
from planwerk.accounts.models import AccountInvitation
from planwerk.bodies.notifications import send


@task()
def send_account_invitation(invitation_id: int, base_url: str = "") -> dict:
    """Send the invitation and note whether it went."""
    invitation = AccountInvitation.objects.select_related("person", "user").get(pk=invitation_id)
    outcome = send([notifications.invitation(invitation, base_url)])
    if outcome.sent:
        invitation.status = AccountInvitation.Status.SENT
        invitation.sent_at = timezone.now()
    else:
        invitation.status = AccountInvitation.Status.FAILED
    invitation.save(update_fields=["status", "sent_at"])
    return {"sent": len(outcome.sent), "failed": len(outcome.failed)}
