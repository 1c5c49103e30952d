"""Background work of proposals: telling an author that the group answered."""

from __future__ import annotations

from django_tasks import task

from planwerk.bodies.notifications import send
from planwerk.proposals import notifications
from planwerk.proposals.models import Proposal


@task()
def send_answer(proposal_id: int, base_url: str = "") -> dict:
    proposal = Proposal.objects.select_related("author", "body").filter(pk=proposal_id).first()
    if proposal is None or proposal.author is None or not proposal.author.email:
        return {"sent": 0, "failed": 0}
    outcome = send([notifications.answered(proposal, base_url)])
    return {"sent": len(outcome.sent), "failed": len(outcome.failed)}
