"""The consultations API: who sees which consultations and statements, and what a
statement carries (text, who gave it, what it cites, its attachments)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from planwerk.bodies.models import Body, BodyLead
from planwerk.consultations import services
from planwerk.consultations.models import Consultation
from planwerk.papers import services as papers

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def by_body(listed: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["body"]: c for c in listed}


def test_a_member_of_the_group_sees_the_consultations_on_its_version(world: Any) -> None:
    bundle = world.consultation("bundle")
    assessment = world.consultation("assessment")
    review = world.consultation("review")

    listed = login(world.writer).get(f"/api/v1/consultations?version={world.version.uuid}")

    assert listed.status_code == 200
    shown = by_body(listed.json())
    assert len(shown) == 14
    assert shown[assessment.body.slug] == {
        "id": str(assessment.uuid),
        "version": str(world.version.uuid),
        "body": assessment.body.slug,
        "body_id": str(assessment.body.uuid),
        "kind": "assessment",
        "addressed_to": bundle.body.slug,
        "addressed_to_id": str(bundle.body.uuid),
        "deadline": assessment.deadline.isoformat(),
        "extended_reason": "",
        "state": "open",
        "statements": [],
    }
    assert shown[review.body.slug]["kind"] == "review"
    assert shown[review.body.slug]["deadline"] is None
    assert shown[review.body.slug]["state"] == "open"


def test_states_answered_late_extended_and_the_statement_ids(world: Any, member_of: Any) -> None:
    statement = services.give_statement(
        world.coordinator, world.consultation("statement"), "Per Post."
    )
    late = world.consultation("assessment")
    Consultation.objects.filter(pk=late.pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    extended = Consultation.objects.filter(version=world.version, kind="assessment").last()
    services.extend_deadline(
        world.coordinator, extended, extended.deadline + dt.timedelta(days=7), "Sommerferien"
    )

    shown = by_body(login(world.writer).get("/api/v1/consultations").json())

    answered = shown[statement.consultation.body.slug]
    assert (answered["state"], answered["statements"]) == ("answered", [str(statement.uuid)])
    assert shown[late.body.slug]["state"] == "late"
    assert shown[extended.body.slug]["state"] == "open"
    assert shown[extended.body.slug]["extended_reason"] == "Sommerferien"


def test_a_statement_with_its_text_citations_and_attachment(world: Any, member_of: Any) -> None:
    assessment = world.consultation("assessment")
    given = services.give_statement(member_of(assessment.body, "beirat"), assessment, "Gut.")
    bundle = world.consultation("bundle")
    conference = member_of(bundle.body, "delegiert")
    statement = services.give_statement(
        conference,
        bundle,
        "Wir **bündeln**.",
        attachments=[SimpleUploadedFile("anlage.pdf", PDF, content_type="application/pdf")],
        cites=[given],
    )
    client = login(world.writer)

    got = client.get(f"/api/v1/consultations/statements/{statement.uuid}").json()

    attachment = statement.attachments.get()
    assert got["text"] == "Wir **bündeln**."
    assert (got["consultation"], got["version"], got["body"]) == (
        str(bundle.uuid),
        str(world.version.uuid),
        bundle.body.slug,
    )
    assert (got["given_by"], got["on_behalf"]) == (statement.given_by_name, False)
    assert got["created"] == statement.created.isoformat()
    assert got["cites"] == [str(given.uuid)]
    assert got["attachments"] == [
        {
            "id": str(attachment.uuid),
            "name": "anlage.pdf",
            "size": len(PDF),
            "url": f"http://testserver/stellungnahmen/anlage/{attachment.uuid}/",
        }
    ]
    download = client.get(got["attachments"][0]["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_consulted_body_and_the_lead_dezernat_see_the_consultations(
    world: Any, member_of: Any, make_user: Any
) -> None:
    consulted = member_of(world.consultation("statement").body, "rundertisch")
    lead = BodyLead.objects.filter(body=world.author).select_related("unit").first()
    dezernat = make_user("dezernat", "dezernat", lead.unit.slug)

    for user in (consulted, dezernat):
        assert len(login(user).get("/api/v1/consultations").json()) == 14


def test_a_stranger_and_an_unrelated_member_see_nothing(world: Any, member_of: Any) -> None:
    statement = services.give_statement(world.coordinator, world.consultation("statement"), "x")
    url = f"/api/v1/consultations/statements/{statement.uuid}"
    other_group = (
        Body.objects.filter(process=world.process, kind=Body.Kind.EXPERT_GROUP)
        .exclude(pk=world.author.pk)
        .first()
    )
    unrelated = login(member_of(other_group, "anderegruppe"))

    assert unrelated.get("/api/v1/consultations").json() == []
    assert unrelated.get(url).status_code == 404
    assert Client().get("/api/v1/consultations").status_code == 401
    assert Client().get(url).status_code == 401
    assert login(world.stranger).get("/api/v1/consultations").status_code == 403
    assert login(world.stranger).get(url).status_code == 403


@pytest.mark.parametrize("wrong", ["kein-uuid", UNKNOWN])
def test_an_invalid_or_unknown_id_is_a_404_in_json(world: Any, wrong: str) -> None:
    client = login(world.writer)

    missing = client.get(f"/api/v1/consultations/statements/{wrong}")

    assert missing.status_code == 404
    assert "detail" in missing.json()
    if wrong == UNKNOWN:
        assert client.get(f"/api/v1/consultations?version={wrong}").json() == []
    else:
        assert client.get(f"/api/v1/consultations?version={wrong}").status_code == 404


def test_listing_does_not_grow_with_the_consultations(
    world: Any, member_of: Any, django_assert_max_num_queries: Any
) -> None:
    services.give_statement(world.coordinator, world.consultation("statement"), "x")
    client = login(world.writer)
    with django_assert_max_num_queries(8) as one:
        assert len(client.get("/api/v1/consultations").json()) == 14
    for _ in range(2):
        version = papers.submit(world.writer, world.version.draft)
        services.give_statement(
            world.coordinator,
            Consultation.objects.get(version=version, kind="statement"),
            "y",
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get("/api/v1/consultations").json()) == 42


def test_the_openapi_document_describes_the_consultations(client: Client, db: Any) -> None:
    document = client.get("/api/v1/openapi.json")

    assert document.status_code == 200
    paths = document.json()["paths"]
    assert {"/api/v1/consultations", "/api/v1/consultations/statements/{statement_id}"} <= set(
        paths
    )
    assert set(paths["/api/v1/consultations/statements/{statement_id}"]["get"]["responses"]) == {
        "200",
        "404",
    }
