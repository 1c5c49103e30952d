"""The coordination's overview of consultations and the statements given, as CSV and
Excel: what the overview lists, to the coordination only, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.conftest import english_client
from tests.exports import both, column, read_csv

from planwerk.bodies.models import Body
from planwerk.consultations import services
from planwerk.consultations.models import Consultation
from planwerk.papers import services as papers

OVERVIEW = "/stellungnahmen/uebersicht.{fmt}"
STATEMENTS = "/stellungnahmen/stellungnahmen.{fmt}"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(user: Any) -> Client:
    client = english_client()
    client.force_login(user)
    return client


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def open_ones(world: Any) -> list[Consultation]:
    return list(
        Consultation.objects.filter(version=world.version).exclude(kind=Consultation.Kind.REVIEW)
    )


def submit_another(world: Any, member_of: Any, index: int) -> None:
    """A version of another expert group, with its own consultations."""
    group = (
        Body.objects.filter(process=world.process, kind=Body.Kind.EXPERT_GROUP)
        .exclude(pk=world.author.pk)
        .order_by("order")[index]
    )
    writer = member_of(group, f"schreibt{index}")
    draft = papers.open_draft(writer, group, world.process.stages.first())
    papers.add_section(writer, draft, "Ziele", "Ein Ziel")
    papers.submit(writer, draft)


def test_the_overview_as_csv_and_xlsx(world: Any) -> None:
    statement = world.consultation("statement")
    services.give_statement(world.coordinator, statement, "Wir stimmen zu.")

    csv_rows, xlsx_rows = both(client_for(world.coordinator), OVERVIEW)

    header = [
        "Draft of",
        "Version",
        "Body",
        "Kind",
        "Addressed to",
        "Because the version is relevant to gender equality",
        "Deadline",
        "State",
        "Entered by the coordination",
        "Supplements",
        "Deadline extended",
    ]
    assert csv_rows[0] == header and xlsx_rows[0] == header
    bodies = [str(c.body.name) for c in open_ones(world)]
    assert sorted(column(csv_rows, "Body")) == sorted(bodies)
    assert sorted(column(xlsx_rows, "Body")) == sorted(bodies)
    row = next(r for r in xlsx_rows if r[2] == str(statement.body.name))
    assert row[1] == 1 and row[7] == "answered" and row[8] == "yes" and row[9] == 0
    deadlines = [d for d in column(xlsx_rows, "Deadline") if d is not None]
    assert deadlines and all(isinstance(d, dt.datetime) for d in deadlines)


def test_the_overview_file_lists_what_the_page_lists(world: Any) -> None:
    client = client_for(world.coordinator)

    page = client.get("/stellungnahmen/").content.decode()
    rows = read_csv(client.get(OVERVIEW.format(fmt="csv")))

    assert len(rows) - 1 == page.count('<th scope="row"')
    for body in column(rows, "Body"):
        assert escape(body) in page
    assert 'href="/stellungnahmen/uebersicht.xlsx"' in page
    assert 'href="/stellungnahmen/stellungnahmen.csv"' in page


def test_the_statements_with_their_texts_supplements_and_attachments(world: Any) -> None:
    consultation = world.consultation("statement")
    services.give_statement(
        world.coordinator,
        consultation,
        "Wir begrüßen die Leitlinien.\n\n=SUMME(A1:A9) ist kein Befehl.",
        attachments=[pdf("Anlage Ämter.pdf")],
    )
    services.give_statement(world.coordinator, consultation, "+ Nachtrag")

    csv_rows, xlsx_rows = both(client_for(world.coordinator), STATEMENTS)

    assert csv_rows[0] == [
        "Draft of",
        "Version",
        "Body",
        "Kind",
        "Statement or supplement",
        "Given by",
        "Entered by the coordination",
        "Given on",
        "Text",
        "Attachments",
    ]
    assert column(csv_rows, "Statement or supplement") == ["Statement", "Supplement 1"]
    assert column(xlsx_rows, "Text") == [
        "Wir begrüßen die Leitlinien.\n\n=SUMME(A1:A9) ist kein Befehl.",
        "+ Nachtrag",
    ]
    assert column(csv_rows, "Text")[1] == "'+ Nachtrag"
    assert column(xlsx_rows, "Attachments") == ["Anlage Ämter.pdf", None]
    assert all(isinstance(v, dt.datetime) for v in column(xlsx_rows, "Given on"))


def test_only_the_coordination_downloads_the_consultations(world: Any, member_of: Any) -> None:
    member = member_of(world.consultation("statement").body, "beirat")

    for url in (OVERVIEW, STATEMENTS):
        assert client_for(member).get(url.format(fmt="csv")).status_code == 403
        assert client_for(world.stranger).get(url.format(fmt="xlsx")).status_code == 403
        assert Client().get(url.format(fmt="csv")).status_code == 302


def test_the_files_take_the_same_queries_for_few_and_many(
    world: Any, member_of: Any, django_assert_max_num_queries: Any
) -> None:
    consultation = world.consultation("statement")
    services.give_statement(world.coordinator, consultation, "Eins", attachments=[pdf("a.pdf")])
    client = client_for(world.coordinator)
    counts = {}
    for url in (OVERVIEW, STATEMENTS):
        client.get(url.format(fmt="xlsx"))
        with django_assert_max_num_queries(20) as few:
            client.get(url.format(fmt="xlsx"))
        counts[url] = len(few.captured_queries)
    submit_another(world, member_of, 0)
    submit_another(world, member_of, 1)
    for c in open_ones(world):
        services.give_statement(world.coordinator, c, "Text", attachments=[pdf("b.pdf")])
        services.give_statement(world.coordinator, c, "Mehr", attachments=[pdf("c.pdf")])

    for url in (OVERVIEW, STATEMENTS):
        with django_assert_max_num_queries(counts[url]):
            response = client.get(url.format(fmt="xlsx"))
        assert response.status_code == 200
    assert len(read_csv(client.get(STATEMENTS.format(fmt="csv")))) > 4
