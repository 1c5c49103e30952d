"""The coordination hides a comment with a reason: shown in place, the author told."""

from __future__ import annotations

from typing import Any

from django.core import mail
from tests.participation.conftest import login, post_comment

from planwerk.audit.models import AuditEntry
from planwerk.participation.models import Comment, Paragraph


def test_hiding_shows_the_reason_in_place_and_tells_the_author(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    post_comment(login(world.resident), world.publication, "p1", "Rude words")
    comment = Comment.objects.get()
    mail.outbox.clear()
    coordination = login(world.coordinator)
    url = f"/mitreden/kommentar/{comment.uuid}/ausblenden/"
    assert coordination.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = coordination.post(url, {"reason": "Insults a person"})
    assert response.status_code == 302
    page = coordination.get(f"/mitreden/{world.publication.uuid}/absatz/p1/").content.decode()
    assert "Hidden by the moderation: Insults a person" in page
    assert "Rude words" not in page
    assert Paragraph.objects.get(paragraph_id="p1").comment_count == 0
    assert AuditEntry.objects.filter(action="participation.comment.hidden").count() == 1
    [email] = mail.outbox
    assert email.to == ["ayse@example.org"]
    assert "Insults a person" in email.body
    assert email.subject == "Your comment has been hidden"


def test_the_author_is_told_in_their_language(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    resident = world.resident.resident
    resident.language = "de"
    resident.save()
    post_comment(login(world.resident), world.publication, "p1", "Text")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        login(world.coordinator).post(
            f"/mitreden/kommentar/{Comment.objects.get().uuid}/ausblenden/", {"reason": "Werbung"}
        )
    assert mail.outbox[0].subject == "Ihr Kommentar wurde ausgeblendet"


def test_hiding_without_a_reason_is_refused(world: Any) -> None:
    post_comment(login(world.resident), world.publication, "p1", "Text")
    comment = Comment.objects.get()
    response = login(world.coordinator).post(
        f"/mitreden/kommentar/{comment.uuid}/ausblenden/", {"reason": "  "}
    )
    assert response.status_code == 400
    assert "Please give the reason for hiding the comment." in response.content.decode()
    comment.refresh_from_db()
    assert comment.hidden_at is None


def test_residents_may_not_hide(world: Any) -> None:
    post_comment(login(world.resident), world.publication, "p1", "Text")
    comment = Comment.objects.get()
    response = login(world.resident).post(
        f"/mitreden/kommentar/{comment.uuid}/ausblenden/", {"reason": "mine"}
    )
    assert response.status_code == 403
    assert Comment.objects.get().hidden_at is None
