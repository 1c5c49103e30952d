"""Background work of the election, run by a django-tasks worker (`planwerk db_worker`)."""

from __future__ import annotations

from django_tasks import task

from planwerk.elections import invitations
from planwerk.elections.models import Election


@task()
def send_invitations(election_id: int, base_url: str = "", requested_by: str = "") -> dict:
    """Send the invitation emails that are waiting (`invitations.request_invitations`
    marks them) and store, per organisation, whether each was sent or failed.

    `base_url` is the site's address for the links; `requested_by` names the
    coordinator in the audit log.
    """
    election = Election.objects.get(pk=election_id)
    report = invitations.send_invitation_emails(
        election, base_url=base_url, requested_by=requested_by
    )
    return {"sent": report.sent, "letter_only": report.letter_only, "failed": report.failed}
