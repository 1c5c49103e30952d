"""Every comment on a published version as CSV and Excel: what the page of all
comments shows, to the coordination, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from tests.exports import both, column
from tests.participation.conftest import login, make_resident, post_comment

from planwerk.participation import services
from planwerk.participation.models import Comment, Paragraph


def url(world: Any) -> str:
    return f"/mitreden/{world.publication.uuid}/kommentare.{{fmt}}"


def test_the_comments_as_csv_and_xlsx_in_the_pages_order(world: Any) -> None:
    resident = login(world.resident)
    post_comment(resident, world.publication, "p3", "Drittens: mehr Grünflächen für Kinder")
    post_comment(resident, world.publication, "p1", '=WEBSERVICE("http://example.org")')
    first = Comment.objects.get(paragraph_key="p1")
    other = make_resident("Јован", "jovan@example.org")
    post_comment(login(other), world.publication, "p1", "Dem stimme ich zu.", reply_to=first.uuid)

    csv_rows, xlsx_rows = both(login(world.coordinator), url(world))

    header = ["Paragraph", "Name", "Date", "Reply", "Comment", "Supports"]
    assert csv_rows[0] == header and xlsx_rows[0] == header
    assert column(xlsx_rows, "Paragraph") == [1, 1, 3]
    assert column(xlsx_rows, "Name") == ["Ayşe", "Јован", "Ayşe"]
    assert column(csv_rows, "Reply") == ["no", "yes", "no"]
    assert column(xlsx_rows, "Comment") == [
        '=WEBSERVICE("http://example.org")',
        "Dem stimme ich zu.",
        "Drittens: mehr Grünflächen für Kinder",
    ]
    assert column(csv_rows, "Comment")[0] == '\'=WEBSERVICE("http://example.org")'
    assert all(isinstance(d, dt.datetime) for d in column(xlsx_rows, "Date"))
    assert "ayse@example.org" not in str(csv_rows)


def test_a_hidden_comment_shows_the_reason_not_its_text(world: Any) -> None:
    post_comment(login(world.resident), world.publication, "p2", "Beleidigung")
    services.hide(world.coordinator, Comment.objects.get(), "Nicht sachlich")

    csv_rows, xlsx_rows = both(login(world.coordinator), url(world))

    assert column(csv_rows, "Comment") == ["Hidden by the moderation: Nicht sachlich"]
    assert "Beleidigung" not in str(xlsx_rows)


def test_only_the_coordination_downloads_the_comments(world: Any) -> None:
    post_comment(login(world.resident), world.publication, "p1", "Eins")
    page = f"/mitreden/{world.publication.uuid}/kommentare/"

    assert login(world.resident).get(url(world).format(fmt="csv")).status_code == 403
    assert Client().get(url(world).format(fmt="xlsx")).status_code == 302
    assert "kommentare.xlsx" not in Client().get(page).content.decode()
    assert "kommentare.xlsx" in login(world.coordinator).get(page).content.decode()


def test_the_file_takes_the_same_queries_for_few_and_many(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    post_comment(login(world.resident), world.publication, "p1", "Eins")
    client = login(world.coordinator)
    client.get(url(world).format(fmt="xlsx"))
    with django_assert_max_num_queries(20) as few:
        client.get(url(world).format(fmt="xlsx"))
    paragraphs = list(Paragraph.objects.filter(publication=world.publication))
    Comment.objects.bulk_create(
        Comment(
            publication=world.publication,
            paragraph=paragraphs[n % len(paragraphs)],
            paragraph_key=paragraphs[n % len(paragraphs)].paragraph_id,
            author=world.resident,
            author_name="Ayşe",
            text=f"Kommentar {n}",
            html=f"<p>Kommentar {n}</p>",
        )
        for n in range(30)
    )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url(world).format(fmt="xlsx"))
    assert response.status_code == 200
