"""Comments stay with their paragraph across versions, marked when its wording changed;
the publication of a version, and the steering group's panel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from tests.conftest import english_client
from tests.participation.conftest import login, make_version, post_comment

from planwerk.participation import services
from planwerk.participation.models import Comment, Paragraph, Publication

NEWER = [
    {
        "id": "s1",
        "title": "Goals",
        "text": "First paragraph.\n\nSecond paragraph, rewritten.",
        "paragraph_ids": ["p1", "p2"],
    },
    {"id": "s2", "title": "Measures", "text": "A new paragraph.", "paragraph_ids": ["p4"]},
]


def publish_newer(world: Any) -> Publication:
    version = make_version(world.body, world.stage, 2, NEWER)
    now = timezone.now()
    return services.publish(
        world.coordinator, version, now - dt.timedelta(hours=1), now + dt.timedelta(days=9)
    )


def test_comments_follow_their_paragraph_into_the_next_version(world: Any) -> None:
    client = login(world.resident)
    for key in ("p1", "p2", "p3"):
        post_comment(client, world.publication, key, f"about {key}")
    newer = publish_newer(world)
    counts = dict(
        Paragraph.objects.filter(publication=newer).values_list("paragraph_id", "comment_count")
    )
    assert counts == {"p1": 1, "p2": 1, "p4": 0}

    same = english_client().get(f"/mitreden/{newer.uuid}/absatz/p1/").content.decode()
    assert "about p1" in same and "about an older wording" not in same
    changed = english_client().get(f"/mitreden/{newer.uuid}/absatz/p2/").content.decode()
    assert "about p2" in changed
    assert "about an older wording" in changed
    assert f"/mitreden/{world.publication.uuid}/absatz/p2/" in changed
    assert "written on Version 1" in changed


def test_a_new_comment_on_the_old_version_counts_on_the_newer_one(world: Any) -> None:
    newer = publish_newer(world)
    post_comment(login(world.resident), world.publication, "p1", "late but in time")
    assert Paragraph.objects.get(publication=newer, paragraph_id="p1").comment_count == 1
    # A comment on the newer version does not go back to the older one.
    post_comment(login(world.resident), newer, "p1", "on version 2")
    assert (
        Paragraph.objects.get(publication=world.publication, paragraph_id="p1").comment_count == 1
    )
    assert Comment.objects.count() == 2


def test_publishing_asks_for_confirmation_first(world: Any) -> None:
    version = make_version(world.body, world.stage, 2, NEWER)
    client = login(world.coordinator)
    url = f"/mitreden/fassung/{version.uuid}/veroeffentlichen/"
    data = {
        "opens": "2030-01-01T09:00",
        "closes": "2030-02-01T18:00",
        "summary_de": "Zusammenfassung",
        "summary_en": "Summary",
        "easy_summary_de": "In Leichter Sprache",
    }
    first = client.post(url, data)
    assert first.status_code == 200
    assert "Please check and confirm." in first.content.decode()
    assert not Publication.objects.filter(version=version).exists()
    second = client.post(url, {**data, "confirmed": "True"})
    assert second.status_code == 302
    publication = Publication.objects.get(version=version)
    assert publication.summary.exact("en") == "Summary"
    page = english_client().get(f"/mitreden/{publication.uuid}/").content.decode()
    assert "Summary" in page and "In Leichter Sprache" in page


def test_a_period_that_ends_before_it_begins_is_refused(world: Any) -> None:
    version = make_version(world.body, world.stage, 2, NEWER)
    response = login(world.coordinator).post(
        f"/mitreden/fassung/{version.uuid}/veroeffentlichen/",
        {"opens": "2030-02-01T09:00", "closes": "2030-01-01T09:00", "confirmed": "True"},
    )
    assert response.status_code == 400
    assert "The comment period must end after it begins." in response.content.decode()
    assert not Publication.objects.filter(version=version).exists()


def test_the_version_page_shows_the_counts_per_section(world: Any) -> None:
    client = login(world.resident)
    post_comment(client, world.publication, "p1", "a")
    post_comment(client, world.publication, "p2", "b")
    post_comment(client, world.publication, "p3", "c")
    page = (
        login(world.coordinator)
        .get(f"/entwuerfe/{world.body.slug}/{world.stage.slug}/fassung/1/")
        .content.decode()
    )
    assert "Comments of the public" in page
    assert '<th scope="row">Goals</th><td>2</td>' in page
    assert f"/mitreden/{world.publication.uuid}/kommentare/" in page


def test_the_home_page_links_to_the_drafts_open_for_comment(world: Any) -> None:
    page = english_client().get("/").content.decode()
    assert f"/mitreden/{world.publication.uuid}/" in page
