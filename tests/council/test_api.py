"""The council API: the council papers, the versions they hold and their passage, for
members of bodies, the Dezernate and the coordination."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from planwerk.council import queries, services
from planwerk.meetings.models import Meeting

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_member_reads_the_papers_their_versions_and_passage(
    written: Any, coordinator: Any
) -> None:
    paper = services.create_paper(coordinator, written.stage, number="2472/2019", title="LIP")
    lead, council = queries.deciding_bodies(paper.process)
    meeting = Meeting.objects.create(
        body=lead,
        title="Ausschuss",
        starts_at=dt.datetime(2021, 2, 3, 15, tzinfo=dt.UTC),
        place="Rathaus",
    )
    services.record_passage(coordinator, paper, body=lead, outcome="recommended", meeting=meeting)
    services.record_passage(
        coordinator, paper, body=council, outcome="decided", date=dt.date(2021, 3, 1), note="ok"
    )
    client = login(written.member)

    listed = client.get("/api/v1/council/papers").json()
    got = client.get(f"/api/v1/council/papers/{paper.uuid}").json()

    first, second = written.accepted
    expected = {
        "id": str(paper.uuid),
        "number": "2472/2019",
        "title": "LIP",
        "stage": written.stage.slug,
        "created": paper.created.isoformat(),
        "versions": [str(first.uuid), str(second.uuid)],
        "passages": [
            {
                "body": lead.slug,
                "body_id": str(lead.uuid),
                "date": "2021-02-03",
                "meeting": str(meeting.uuid),
                "outcome": "recommended",
                "note": "",
            },
            {
                "body": council.slug,
                "body_id": str(council.uuid),
                "date": "2021-03-01",
                "meeting": None,
                "outcome": "decided",
                "note": "ok",
            },
        ],
    }
    assert listed == [expected]
    assert got == {
        **expected,
        "created_by": paper.created_by,
        "contents": [
            {"version": str(first.uuid), "body": written.groups[0].slug, "number": 1},
            {"version": str(second.uuid), "body": written.groups[1].slug, "number": 3},
        ],
    }
    assert client.get(f"/api/v1/council/papers?stage={written.stage.slug}x").json() == []


def test_a_stranger_and_an_anonymous_visitor_see_nothing(
    written: Any, coordinator: Any, make_user: Any
) -> None:
    paper = services.create_paper(coordinator, written.stage, number="1/2021", title="LIP")
    url = f"/api/v1/council/papers/{paper.uuid}"

    assert Client().get("/api/v1/council/papers").status_code == 401
    assert Client().get(url).status_code == 401
    stranger = login(make_user("fremd"))
    assert stranger.get("/api/v1/council/papers").status_code == 403
    assert stranger.get(url).status_code == 403


@pytest.mark.parametrize("wrong", ["kein-uuid", UNKNOWN])
def test_an_invalid_or_unknown_id_is_a_404_in_json(written: Any, wrong: str) -> None:
    response = login(written.member).get(f"/api/v1/council/papers/{wrong}")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_listing_does_not_grow_with_the_papers(
    written: Any, coordinator: Any, django_assert_max_num_queries: Any
) -> None:
    services.create_paper(coordinator, written.stage, number="1/2021", title="LIP")
    client = login(written.member)
    with django_assert_max_num_queries(10) as one:
        assert len(client.get("/api/v1/council/papers").json()) == 1
    lead, council = queries.deciding_bodies(written.stage.process)
    for number in ("2/2021", "3/2021"):
        paper = services.create_paper(coordinator, written.stage, number=number, title="LIP")
        for body in (lead, council):
            services.record_passage(
                coordinator, paper, body=body, outcome="noted", date=dt.date(2021, 1, 1)
            )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get("/api/v1/council/papers").json()) == 3


def test_the_openapi_document_describes_the_council_papers(db: Any) -> None:
    document = Client().get("/api/v1/openapi.json")

    assert document.status_code == 200
    assert {"/api/v1/council/papers", "/api/v1/council/papers/{paper_id}"} <= set(
        document.json()["paths"]
    )
