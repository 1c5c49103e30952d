"""Background work of public comments: telling an author that a comment was hidden."""

from __future__ import annotations

from django_tasks import task

from planwerk.bodies.notifications import send
from planwerk.participation import notifications
from planwerk.participation.models import Comment


@task()
def send_hidden_notice(comment_id: int, base_url: str = "") -> dict:
    comment = (
        Comment.objects.select_related("author", "publication__version__draft__body")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None or comment.author is None or not comment.author.email:
        return {"sent": 0, "failed": 0}
    outcome = send([notifications.hidden(comment, base_url)])
    return {"sent": len(outcome.sent), "failed": len(outcome.failed)}
