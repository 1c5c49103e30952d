"""The JSON API: bodies, their seats, members, votes and composition check."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.conftest import HANNOVER

from planwerk.bodies.models import Body, Membership, SeatCategory, SeatPosition
from planwerk.processes.models import Process

# Reading one body costs this many queries, however many members it has.
BODY_QUERIES = 14


def get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response["Content-Type"].startswith("application/json")
    return response


def test_the_list_names_every_body_with_slug_name_and_kind(
    client: Client, process: Process
) -> None:
    bodies = get(client, "/api/v1/bodies").json()

    assert len(bodies) == 24
    steering = Body.objects.get(slug="lenkungsgruppe")
    assert bodies[3] == {
        "id": str(steering.uuid),
        "slug": "lenkungsgruppe",
        "name": "Steering group",
        "names": {"de": "Lenkungsgruppe", "en": "Steering group"},
        "kind": "steering_group",
    }
    assert {b["kind"] for b in bodies} >= {"expert_group", "integration_council", "council"}
    # The public identifier survives a reload of the definition (ids for OParl and archives).
    call_command("load_process", str(HANNOVER), verbosity=0)
    assert get(client, "/api/v1/bodies").json()[3]["id"] == str(steering.uuid)


def test_names_come_in_german_when_asked(process: Process) -> None:
    german = Client(HTTP_ACCEPT_LANGUAGE="de")

    bodies = german.get("/api/v1/bodies").json()

    assert bodies[3]["name"] == "Lenkungsgruppe"


def test_the_steering_group_has_its_seats_with_minimum_maximum_and_filled(
    client: Client, process: Process
) -> None:
    body = get(client, "/api/v1/bodies/lenkungsgruppe").json()

    seats = {s["slug"]: s for s in body["seats"]}
    assert (body["slug"], body["kind"], body["parent"]) == (
        "lenkungsgruppe",
        "steering_group",
        None,
    )
    assert {slug: (s["minimum"], s["maximum"], s["filled"]) for slug, s in seats.items()} == {
        "vorsitz": (1, 1, 0),
        "fachbereichsleitungen": (12, 12, 0),
        "delegiertenkonferenz": (1, 1, 0),
        "dachorganisationen": (8, 8, 0),
        "mso": (2, 2, 0),
    }
    assert len(seats["fachbereichsleitungen"]["positions"]) == 12
    assert seats["fachbereichsleitungen"]["positions"][0] == {
        "unit": "fb-soziales",
        "name": "Social affairs",
        "filled": False,
    }


def test_the_steering_group_has_23_votes_the_joint_vote_counted_once(
    client: Client, process: Process
) -> None:
    votes = get(client, "/api/v1/bodies/lenkungsgruppe").json()["votes"]

    assert votes == {
        "total": 23,
        "filled": 0,
        "joint_votes": ["Joint vote of the chair and the department Soziales"],
    }


def test_members_show_with_their_seat_and_the_check_follows(
    client: Client, process: Process, make_person: Any
) -> None:
    chair = SeatCategory.objects.get(body__slug="lenkungsgruppe", slug="vorsitz")
    heads = SeatCategory.objects.get(body__slug="lenkungsgruppe", slug="fachbereichsleitungen")
    soziales = SeatPosition.objects.get(category=heads, unit__slug="fb-soziales")
    for seat, position, person in (
        (chair, None, make_person("internal", "dez-iii", given_name="Anna", family_name="Becker")),
        (heads, soziales, make_person("internal", "fb-soziales")),
    ):
        Membership.objects.create(
            person=person,
            body=chair.body,
            seat=seat,
            position=position,
            start=dt.date(2020, 1, 1),
        )

    body = get(client, "/api/v1/bodies/lenkungsgruppe").json()

    assert body["members"][0] == {
        "name": "Anna Becker",
        "seat": "vorsitz",
        "position": None,
        "since": "2020-01-01",
        "until": None,
    }
    assert body["members"][1]["position"] == "fb-soziales"
    assert body["votes"]["filled"] == 1
    errors = {(e["code"], e["seat"]): e["message"] for e in body["composition"]["errors"]}
    assert ("too_few", "vorsitz") not in errors
    assert errors[("too_few", "fachbereichsleitungen")] == (
        "Heads of department: 1 of at least 12 seats are filled."
    )


def test_the_check_reports_warnings_about_the_targets(
    client: Client, process: Process, make_person: Any
) -> None:
    extern = SeatCategory.objects.get(body__slug="bildung", slug="extern")
    for _ in range(4):
        Membership.objects.create(
            person=make_person("external", gender="female", migration_background=False),
            body=extern.body,
            seat=extern,
            start=dt.date(2020, 1, 1),
        )

    check = get(client, "/api/v1/bodies/bildung").json()["composition"]

    assert {w["code"] for w in check["warnings"]} == {
        "gender_too_few_declared",
        "migration_too_few",
    }
    assert {(e["code"], e["seat"]) for e in check["errors"]} >= {("too_few", "intern")}


def test_an_expert_group_names_its_lead_parent_and_subtopics(
    client: Client, process: Process
) -> None:
    body = get(client, "/api/v1/bodies/stadtleben-und-kultur").json()

    assert body["parent"] == "lenkungsgruppe"
    assert sorted(body["leads"]) == ["dez-iii", "dez-vi"]
    assert body["subtopics"][0] == "Stadtteilentwicklung"


def test_an_unknown_body_is_a_404_in_json(client: Client, process: Process) -> None:
    response = get(client, "/api/v1/bodies/gibt-es-nicht")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_without_a_process_the_list_is_empty_and_a_body_not_found(client: Client, db: Any) -> None:
    Process.objects.all().delete()

    assert get(client, "/api/v1/bodies").json() == []
    assert get(client, "/api/v1/bodies/lenkungsgruppe").status_code == 404


def test_the_openapi_document_describes_both_paths(client: Client, db: Any) -> None:
    document = get(client, "/api/v1/openapi.json").json()

    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) >= {"/api/v1/bodies", "/api/v1/bodies/{slug}"}
    detail = document["paths"]["/api/v1/bodies/{slug}"]["get"]
    assert set(detail["responses"]) == {"200", "404"}


# -- reads do not grow with the data -------------------------------------------------
def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("slug", ["lenkungsgruppe", "soziales"])
def test_reading_a_body_takes_as_many_queries_with_members_as_without(
    client: Client, process: Process, slug: str, django_assert_max_num_queries: Any
) -> None:
    url = f"/api/v1/bodies/{slug}"
    empty = queries_for(client, url)
    call_command("load_demo", verbosity=0)
    assert Membership.objects.filter(body__slug=slug).count() >= 9

    with django_assert_max_num_queries(BODY_QUERIES):
        client.get(url)
    assert queries_for(client, url) == empty


def test_listing_bodies_takes_two_queries(
    client: Client, process: Process, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(2):
        client.get("/api/v1/bodies")
    assert Body.objects.count() == 24
