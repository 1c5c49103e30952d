"""The public page of a version reads a fixed number of queries whatever the number of
paragraphs and comments, and serves its paragraphs from the shared cache until a
write (comment, support, hide) changes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.conftest import english_client
from tests.participation.conftest import login, make_version, post_comment

from planwerk.participation import services
from planwerk.participation.models import Comment, Paragraph, Publication


def big_publication(world: Any, paragraphs: int, comments: int) -> Publication:
    ids = [f"q{n}" for n in range(paragraphs)]
    sections = [
        {
            "id": f"t{s}",
            "title": f"Section {s}",
            "text": "\n\n".join(f"Paragraph {n}." for n in range(s * 10, s * 10 + 10)),
            "paragraph_ids": ids[s * 10 : s * 10 + 10],
        }
        for s in range(paragraphs // 10)
    ]
    version = make_version(world.body, world.stage, 2, sections)
    now = timezone.now()
    publication = services.publish(
        world.coordinator, version, now - dt.timedelta(days=1), now + dt.timedelta(days=1)
    )
    rows = list(Paragraph.objects.filter(publication=publication).order_by("position"))
    Comment.objects.bulk_create(
        Comment(
            publication=publication,
            paragraph=rows[n % len(rows)],
            paragraph_key=rows[n % len(rows)].paragraph_id,
            author=world.resident,
            author_name="Ayşe",
            text=f"comment {n}",
            html=f"<p>comment {n}</p>",
        )
        for n in range(comments)
    )
    services.recount(publication)
    publication.refresh_from_db()
    return publication


def queries(url: str) -> tuple[int, str]:
    client = english_client()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize(("paragraphs", "comments"), [(10, 20), (300, 20_000)])
def test_the_public_page_reads_few_queries_at_any_size(
    world: Any, paragraphs: int, comments: int
) -> None:
    publication = big_publication(world, paragraphs, comments)
    url = f"/mitreden/{publication.uuid}/"
    cache.clear()
    cold, page = queries(url)
    warm, again = queries(url)
    # Cold: the generation, the publication, its sections and paragraphs. Warm: an
    # anonymous reader's whole page comes from the shared cache, without the database.
    assert (cold, warm) == (4, 0)
    assert page.split('id="text"')[1] == again.split('id="text"')[1]
    per = comments // paragraphs
    assert f"{per} comments" in page
    assert page.count('class="pw-paragraph"') == paragraphs


def test_a_comment_a_support_and_a_hide_replace_the_cached_page(world: Any) -> None:
    url = f"/mitreden/{world.publication.uuid}/"
    assert "1 comment<" not in english_client().get(url).content.decode()
    post_comment(login(world.resident), world.publication, "p1", "new")
    assert "1 comment<" in english_client().get(url).content.decode()
    comment = Comment.objects.get()
    generation = Publication.objects.get().generation
    login(world.coordinator).post(
        f"/mitreden/{world.publication.uuid}/kommentar/{comment.uuid}/unterstuetzen/"
    )
    assert Publication.objects.get().generation == generation + 1
    login(world.coordinator).post(
        f"/mitreden/kommentar/{comment.uuid}/ausblenden/", {"reason": "x"}
    )
    assert "1 comment<" not in english_client().get(url).content.decode()


def test_every_anonymous_reader_gets_the_same_bytes_compressed_once(world: Any) -> None:
    import gzip

    publication = big_publication(world, 10, 5)
    url = f"/mitreden/{publication.uuid}/"
    first = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    plain = first.get(url)
    packed = english_client().get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    again = english_client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert "Content-Encoding" not in plain
    assert packed.content == again.content
    # The page holds no token and sets no cookie: nothing in it is anybody's own.
    html = gzip.decompress(packed.content).decode()
    assert "csrfmiddlewaretoken" not in html and "pw-csrf-token-placeholder" not in html
    assert "csrftoken" not in plain.cookies and "csrftoken" not in packed.cookies
    # The language buttons are links, and they work from the cached page.
    link = f"/sprache/tr/?next={url}"
    assert link in html
    switched = first.get(link)
    assert switched.status_code == 302 and switched["Location"] == url
    assert ">Türkçe<" not in first.get(url).content.decode()  # now in Turkish: no button for it


def test_a_language_link_leads_only_to_planwerk_pages() -> None:
    client = Client()
    response = client.get("/sprache/ar/?next=https://evil.example.org/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies["django_language"].value == "ar"
    assert client.get("/sprache/xx/").status_code == 404
