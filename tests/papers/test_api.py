"""The drafts API: versions with their frozen sections and line numbers."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from planwerk.bodies.models import Body
from planwerk.papers import recommendations, services
from planwerk.papers.models import Version


def test_a_member_reads_the_versions_of_the_draft(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    services.add_section(group.member, draft, "Leitlinien", "Eins\n\nZwei")
    version = services.submit(group.member, draft)
    client = Client()
    client.force_login(group.member)
    drafts = client.get("/api/v1/papers").json()
    assert [(d["body"], len(d["versions"])) for d in drafts] == [(group.body.slug, 1)]
    assert client.get(f"/api/v1/papers?stage={group.stage.slug}x").json() == []
    got = client.get(f"/api/v1/papers/versions/{version.uuid}").json()
    assert got["number"] == 1 and got["status"] == "submitted"
    assert got["sections"][0]["title"] == "Leitlinien"
    assert (got["sections"][0]["first_line"], got["sections"][0]["last_line"]) == (1, 3)


def test_a_stranger_sees_no_draft(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    services.add_section(group.member, draft, "Leitlinien", "Eins")
    version = services.submit(group.member, draft)
    client = Client()
    assert client.get("/api/v1/papers").status_code in (401, 403)
    client.force_login(group.stranger)
    response = client.get("/api/v1/papers")
    assert response.status_code == 403 or response.json() == []
    assert client.get(f"/api/v1/papers/versions/{version.uuid}").status_code in (403, 404)


# -- the structure of the sections and the change recommendations -------------------------
def test_sections_carry_part_number_fields_and_paragraph_ids(catalogue: Any) -> None:
    draft = services.open_draft(catalogue.member, catalogue.body, catalogue.stage)
    goal = services.add_section(catalogue.member, draft, "Teilhabe", "", part="ziel")
    middle = services.add_section(
        catalogue.member, draft, "Sprache", "", part="mittlerziel", parent=goal
    )
    measure = services.add_section(
        catalogue.member,
        draft,
        "Sprachkurse",
        "Kurse für Eltern.",
        part="massnahme",
        parent=middle,
        fields={"zielgruppen": "Eltern", "zeitrahmen": "2021"},
    )
    version = services.submit(catalogue.member, draft)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(catalogue.member)

    sections = client.get(f"/api/v1/papers/versions/{version.uuid}").json()["sections"]

    assert [(s["part"], s["number"]) for s in sections] == [
        ("ziel", "1"),
        ("mittlerziel", "1.1"),
        ("massnahme", "1.1.1"),
    ]
    shown = sections[2]
    assert shown["parent"] == str(middle.uuid)
    assert [(f["slug"], f["text"]) for f in shown["fields"]] == [
        ("zielgruppen", "Eltern"),
        ("zeitrahmen", "2021"),
    ]
    assert shown["fields"][0]["kind"] and shown["fields"][0]["name"] != "zielgruppen"
    assert shown["paragraph_ids"] == measure.paragraph_ids


def test_a_version_frozen_before_the_structure_reads_with_defaults(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    old = Version.objects.create(
        draft=draft,
        number=1,
        sections=[{"id": "s1", "title": "Alt", "text": "Eins"}],
        submitted_at=timezone.now(),
    )
    client = Client()
    client.force_login(group.member)

    section = client.get(f"/api/v1/papers/versions/{old.uuid}").json()["sections"][0]

    assert (section["part"], section["number"], section["parent"]) == ("", "", None)
    assert (section["fields"], section["paragraph_ids"]) == ([], [])


def test_the_recommendations_of_a_version_with_status_and_answer(group: Any) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    services.add_section(group.member, draft, "Leitlinien", "Eins")
    version = services.submit(group.member, draft)
    section = version.sections[0]["id"]
    taken = recommendations.propose(version, section, "Neu", source="Runder Tisch")
    declined = recommendations.propose(version, section, "Anders", source="Vorgabe 1")
    recommendations.decline(group.member, declined, "Passt nicht.")
    client = Client()
    client.force_login(group.member)

    got = client.get(f"/api/v1/papers/versions/{version.uuid}/recommendations").json()

    assert got == [
        {
            "id": str(taken.uuid),
            "section_id": section,
            "paragraph_id": "",
            "proposed_text": "Neu",
            "source": "Runder Tisch",
            "status": "open",
            "answer": "",
        },
        {
            "id": str(declined.uuid),
            "section_id": section,
            "paragraph_id": "",
            "proposed_text": "Anders",
            "source": "Vorgabe 1",
            "status": "declined",
            "answer": "Passt nicht.",
        },
    ]
    stranger = Client()
    url = f"/api/v1/papers/versions/{version.uuid}/recommendations"
    assert stranger.get(url).status_code == 401
    stranger.force_login(group.stranger)
    assert stranger.get(url).status_code == 403


@pytest.mark.parametrize(
    "version_id", ["kein-uuid", "00000000-0000-4000-8000-000000000000", "other"]
)
def test_unknown_invalid_and_invisible_versions_are_404(
    group: Any, coordinator: Any, version_id: str
) -> None:
    other = Body.objects.filter(process=group.body.process, kind=Body.Kind.EXPERT_GROUP).exclude(
        pk=group.body.pk
    )[0]
    if version_id == "other":
        draft = services.open_draft(coordinator, other, group.stage)
        services.add_section(coordinator, draft, "Fremd", "x")
        version_id = str(services.submit(coordinator, draft).uuid)
    client = Client()
    client.force_login(group.member)

    for url in (
        f"/api/v1/papers/versions/{version_id}",
        f"/api/v1/papers/versions/{version_id}/recommendations",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "detail" in response.json()


def test_listing_drafts_does_not_grow_with_their_versions(
    group: Any, django_assert_max_num_queries: Any
) -> None:
    draft = services.open_draft(group.member, group.body, group.stage)
    services.add_section(group.member, draft, "Leitlinien", "Eins")
    services.submit(group.member, draft)
    client = Client()
    client.force_login(group.member)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/api/v1/papers").json()[0]["versions"]) == 1
    for _ in range(3):
        services.submit(group.member, draft)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get("/api/v1/papers").json()[0]["versions"]) == 4


def test_the_openapi_document_describes_the_sections_and_recommendations(db: Any) -> None:
    document = Client().get("/api/v1/openapi.json")

    assert document.status_code == 200
    assert "/api/v1/papers/versions/{version_id}/recommendations" in document.json()["paths"]
    section = document.json()["components"]["schemas"]["SectionOut"]["properties"]
    assert {"part", "number", "fields", "paragraph_ids"} <= set(section)
