"""Background work of proposals: telling an author that the group answered, or that
the moderation hid the proposal."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from planwerk.bodies.notifications import send
from planwerk.proposals import notifications
from planwerk.proposals.models import Proposal


def _send(proposal_id: int, write: Any, base_url: str) -> dict:
    proposal = Proposal.objects.select_related("author", "body").filter(pk=proposal_id).first()
    if proposal is None or proposal.author is None or not proposal.author.email:
        return {"sent": 0, "failed": 0}
    outcome = send([write(proposal, base_url)])
    return {"sent": len(outcome.sent), "failed": len(outcome.failed)}


@task()
def send_answer(proposal_id: int, base_url: str = "") -> dict:
    return _send(proposal_id, notifications.answered, base_url)


@task()
def send_hidden_notice(proposal_id: int, base_url: str = "") -> dict:
    return _send(proposal_id, notifications.hidden, base_url)
