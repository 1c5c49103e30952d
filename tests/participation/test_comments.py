"""Commenting on a paragraph, replying and supporting, and every refusal: a clear
message, nothing changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.utils import timezone
from tests.conftest import english_client
from tests.participation.conftest import login, make_resident, post_comment

from planwerk.audit.models import AuditEntry
from planwerk.participation.models import Comment, Paragraph, Support


def count(world: Any, key: str) -> int:
    return Paragraph.objects.get(publication=world.publication, paragraph_id=key).comment_count


def test_reading_needs_no_account(world: Any) -> None:
    page = english_client().get(f"/mitreden/{world.publication.uuid}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "First paragraph." in html
    assert "<em>emphasised</em>" in html
    assert 'id="absatz-p2"' in html
    assert "0 comments" in html
    paragraph = english_client().get(f"/mitreden/{world.publication.uuid}/absatz/p1/")
    assert "Sign in with your email address to comment" in paragraph.content.decode()


def test_a_resident_comments_replies_and_the_counts_follow(world: Any) -> None:
    client = login(world.resident)
    response = post_comment(client, world.publication, "p1", "More bus lines, please.\nAt night.")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.author_name == "Ayşe"
    assert comment.html == "<p>More bus lines, please.<br>At night.</p>"
    assert count(world, "p1") == 1
    other = login(make_resident("Olek", "olek@example.org"))
    assert (
        post_comment(
            other, world.publication, "p1", "Agreed.", reply_to=str(comment.uuid)
        ).status_code
        == 302
    )
    assert Comment.objects.get(parent=comment).author_name == "Olek"
    assert count(world, "p1") == 2
    page = client.get(f"/mitreden/{world.publication.uuid}/absatz/p1/").content.decode()
    assert "More bus lines, please.<br>At night." in page and "Agreed." in page
    assert (
        "2 comments"
        in english_client().get(f"/mitreden/{world.publication.uuid}/").content.decode()
    )
    assert AuditEntry.objects.filter(action="participation.comment.written").count() == 2


def test_support_once_per_person(world: Any) -> None:
    comment_client = login(world.resident)
    post_comment(comment_client, world.publication, "p1", "Idea")
    comment = Comment.objects.get()
    supporter = login(make_resident("Olek", "olek@example.org"))
    url = f"/mitreden/{world.publication.uuid}/kommentar/{comment.uuid}/unterstuetzen/"
    assert supporter.post(url).status_code == 302
    second = supporter.post(url)
    assert second.status_code == 409
    assert "You have already supported this comment." in second.content.decode()
    comment.refresh_from_db()
    assert comment.support_count == 1
    assert Support.objects.count() == 1
    own = comment_client.post(url)
    assert "You cannot support your own comment." in own.content.decode()
    assert Support.objects.count() == 1


def refused(response: Any, message: str) -> None:
    assert response.status_code in (400, 404, 409, 429), response.status_code
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_outside_the_period_is_refused(world: Any) -> None:
    publication = world.publication
    publication.closes = timezone.now() - dt.timedelta(minutes=1)
    publication.opens = timezone.now() - dt.timedelta(days=3)
    publication.save()
    refused(
        post_comment(login(world.resident), publication, "p1", "late"),
        "Comments on this draft are taken only during its comment period.",
    )


def test_a_paragraph_that_does_not_exist_is_refused(world: Any) -> None:
    refused(
        post_comment(login(world.resident), world.publication, "nope", "x"),
        "This paragraph does not exist in this version.",
    )


def test_empty_and_overlong_comments_are_refused(world: Any) -> None:
    client = login(world.resident)
    refused(post_comment(client, world.publication, "p1", "  \n "), "Please write your comment.")
    refused(
        post_comment(client, world.publication, "p1", "x" * 5001),
        "A comment may have at most 5000 characters; this one has 5001.",
    )
    assert post_comment(client, world.publication, "p1", "x" * 5000).status_code == 302


def test_an_unconfirmed_address_cannot_comment(world: Any) -> None:
    world.resident.resident.verified = None
    world.resident.resident.save()
    refused(
        post_comment(login(world.resident), world.publication, "p1", "hello"),
        "Please confirm your email address with the link we sent you first.",
    )


def test_a_visitor_without_account_cannot_comment(world: Any) -> None:
    response = post_comment(english_client(), world.publication, "p1", "hello")
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_a_reply_to_a_reply_is_refused(world: Any) -> None:
    client = login(world.resident)
    post_comment(client, world.publication, "p1", "first")
    first = Comment.objects.get()
    post_comment(client, world.publication, "p1", "second", reply_to=str(first.uuid))
    reply = Comment.objects.get(parent=first)
    response = post_comment(client, world.publication, "p1", "third", reply_to=str(reply.uuid))
    assert response.status_code == 400
    assert "This comment cannot be answered here." in response.content.decode()
    assert Comment.objects.count() == 2


def test_commenting_is_throttled_per_account_with_a_message(world: Any) -> None:
    cache.clear()
    client = login(world.resident)
    for n in range(10):
        assert post_comment(client, world.publication, "p1", f"c{n}").status_code == 302
    response = post_comment(client, world.publication, "p1", "one too many")
    assert response.status_code == 429
    assert "Please wait ten minutes." in response.content.decode()
    assert Comment.objects.count() == 10


def test_email_addresses_are_never_shown(world: Any) -> None:
    client = login(world.resident)
    post_comment(client, world.publication, "p1", "hello")
    for url in (
        f"/mitreden/{world.publication.uuid}/",
        f"/mitreden/{world.publication.uuid}/absatz/p1/",
        f"/mitreden/{world.publication.uuid}/kommentare/",
    ):
        assert "ayse@example.org" not in login(world.coordinator).get(url).content.decode()


def test_the_public_pages_work_right_to_left(world: Any) -> None:
    from django.conf import settings

    client = english_client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    for url in (
        "/mitreden/",
        f"/mitreden/{world.publication.uuid}/",
        f"/mitreden/{world.publication.uuid}/absatz/p1/",
        "/mitreden/konto/anmelden/",
    ):
        page = client.get(url).content.decode()
        assert '<html lang="ar" dir="rtl"' in page, url
    css = settings.PACKAGE_DIR / "participation/static/participation/participation.css"
    text = css.read_text()
    assert "left" not in text and "right" not in text  # logical properties only
