"""The proposals and their answers as CSV and Excel: what the list and the proposals'
pages show, with the list's filters, to the coordination, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from tests.conftest import english_client
from tests.exports import both, column, read_csv

from planwerk.proposals import services
from planwerk.proposals.models import Proposal

URL = "/vorschlaege/liste.{fmt}"


def login(user: Any) -> Client:
    client = english_client()
    client.force_login(user)
    return client


def test_the_proposals_and_their_answers_as_csv_and_xlsx(world: Any) -> None:
    answered = world.propose("Sprachkurse für Ältere", "Am Nachmittag, bitte.")
    services.answer(
        world.member,
        answered,
        status="taken_up",
        reason="Übernommen.",
        measure=str(world.measure.uuid),
    )
    world.propose("@SUM(1+1)*cmd", "Text")

    csv_rows, xlsx_rows = both(login(world.coordinator), URL)

    header = [
        "Title",
        "Theme field",
        "City district",
        "Status",
        "Supports",
        "Name",
        "Date",
        "Answer",
        "Measure",
        "Answered on",
        "Moderation",
    ]
    assert csv_rows[0] == header and xlsx_rows[0] == header
    assert column(csv_rows, "Title") == ["'@SUM(1+1)*cmd", "Sprachkurse für Ältere"]
    assert column(xlsx_rows, "Title") == ["@SUM(1+1)*cmd", "Sprachkurse für Ältere"]
    row = xlsx_rows[2]
    assert row[1] == str(world.group.name) and row[3] == "taken up" and row[5] == "Ayşe"
    assert row[7] == "Übernommen." and "Language courses in every district" in row[8]
    assert isinstance(row[6], dt.datetime) and isinstance(row[9], dt.datetime)
    assert "ayse@example.org" not in str(csv_rows)


def test_a_hidden_proposal_shows_only_the_reason(world: Any) -> None:
    hidden = world.propose("Beleidigung", "Geheimer Text")
    services.hide(world.coordinator, hidden, "Beleidigend")

    csv_rows, xlsx_rows = both(login(world.coordinator), URL)

    assert column(csv_rows, "Moderation") == ["Hidden by the moderation: Beleidigend"]
    assert "Beleidigung" not in str(csv_rows) and "Ayşe" not in str(xlsx_rows)


def test_the_file_keeps_the_lists_filters(world: Any) -> None:
    world.propose("Eins")
    other = world.propose("Zwei")
    other.body = world.other_group
    other.save()
    client = login(world.coordinator)

    page = client.get("/vorschlaege/", {"thema": world.group.slug, "seite": "1"})
    rows = read_csv(client.get(URL.format(fmt="csv"), {"thema": world.group.slug}))
    by_status = read_csv(client.get(URL.format(fmt="csv"), {"status": "not_taken_up"}))

    assert f'href="/vorschlaege/liste.csv?thema={world.group.slug}"' in page.content.decode()
    assert column(rows, "Title") == ["Eins"]
    assert by_status[1:] == []


def test_only_the_coordination_downloads_the_proposals(world: Any) -> None:
    world.propose()
    url = URL.format(fmt="xlsx")

    assert login(world.member).get(url).status_code == 403
    assert login(world.resident).get(url).status_code == 403
    assert Client().get(url).status_code == 302
    assert "liste.xlsx" not in login(world.resident).get("/vorschlaege/").content.decode()
    assert "liste.xlsx" in login(world.coordinator).get("/vorschlaege/").content.decode()


def test_the_file_takes_the_same_queries_for_few_and_many(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    world.propose()
    client = login(world.coordinator)
    client.get(URL.format(fmt="xlsx"))
    with django_assert_max_num_queries(20) as few:
        client.get(URL.format(fmt="xlsx"))
    for number in range(15):
        Proposal.objects.create(
            process=world.process,
            body=world.group if number % 2 else world.other_group,
            title=f"Vorschlag {number}",
            text="Text",
            html="<p>Text</p>",
            author_name="Ayşe",
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL.format(fmt="xlsx"))
    assert response.status_code == 200
