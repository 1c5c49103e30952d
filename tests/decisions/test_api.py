"""The decisions API: the count, the votes and objections by seat, the requirements
and their answers, to those who may see the meeting or the draft."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from tests.factories import MembershipFactory, PersonFactory

from planwerk.bodies.models import Body
from planwerk.decisions import services
from planwerk.decisions.models import Decision
from planwerk.papers import services as papers

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def accept_with_one_objection(world: Any) -> tuple[Decision, str]:
    world.attend()
    ballots = world.all_yes()
    objector = world.key("mso")
    ballots[objector] = "no"
    decision = services.decide(world.coordinator, world.meeting, world.version, "accepted", ballots)
    return decision, objector


def return_with_requirements(world: Any) -> Decision:
    world.attend()
    first, second = (s.id for s in world.version.paper())
    return services.decide(
        world.coordinator,
        world.meeting,
        world.version,
        "returned",
        world.all_yes(),
        [
            ("Die Leitlinien schärfen.", [first], (first, "Hannover ist Einwanderungsstadt.")),
            ("Begriffe erläutern.", [first, second], None),
        ],
    )


def test_a_member_of_the_deciding_body_reads_the_count_votes_and_objections(world: Any) -> None:
    decision, objector = accept_with_one_objection(world)
    client = login(world.seated)

    listed = client.get("/api/v1/decisions").json()
    got = client.get(f"/api/v1/decisions/{decision.uuid}").json()

    assert [d["id"] for d in listed] == [str(decision.uuid)]
    assert (got["meeting"], got["version"], got["body"]) == (
        str(world.meeting.uuid),
        str(world.version.uuid),
        world.steering.slug,
    )
    assert got["outcome"] == "accepted"
    assert got["count"] == {
        "total": 23,
        "present": 23,
        "yes": 22,
        "no": 1,
        "abstain": 0,
        "quorum": "more_than_half_of_votes",
        "quorate": True,
        "rule": "majority_of_votes_cast",
        "carried": True,
        "record_objections": True,
    }
    assert len(got["votes"]) == 23
    vote = next(v for v in got["votes"] if v["seat"] == objector)
    assert vote["choice"] == "no"
    assert vote["voted_by"] == str(world.members[objector].person)
    assert got["objections"] == [vote["seat_label"]]
    assert got["requirements"] == []


def test_without_record_objections_no_seat_is_named_as_objecting(world: Any) -> None:
    world.steering.decision_rules = {**world.steering.decision_rules, "record_objections": False}
    world.steering.save()
    decision, _objector = accept_with_one_objection(world)

    got = login(world.seated).get(f"/api/v1/decisions/{decision.uuid}").json()

    assert got["count"]["record_objections"] is False
    assert got["count"]["no"] == 1
    assert got["objections"] == []


def test_the_requirements_and_their_answers(world: Any) -> None:
    decision = return_with_requirements(world)
    one, two = decision.requirements.all()
    client = login(world.writer)
    url = f"/api/v1/decisions/{decision.uuid}"

    got = client.get(url).json()

    assert got["outcome"] == "returned"
    assert [
        (r["id"], r["number"], r["text"], r["section_ids"], r["recommendation"])
        for r in got["requirements"]
    ] == [
        (
            str(one.uuid),
            1,
            "Die Leitlinien schärfen.",
            one.section_ids,
            str(one.recommendation.uuid),
        ),
        (str(two.uuid), 2, "Begriffe erläutern.", two.section_ids, None),
    ]
    assert got["requirements"][0]["answers"] == []

    services.answer_requirement(world.writer, one, "followed")
    services.answer_requirement(world.writer, two, "not_followed", "Schon erklärt.")
    answers = [r["answers"] for r in client.get(url).json()["requirements"]]
    assert answers == [
        [{"answer": "followed", "reason": "", "version": None}],
        [{"answer": "not_followed", "reason": "Schon erklärt.", "version": None}],
    ]

    following = papers.submit(world.writer, world.draft)
    answers = [r["answers"] for r in client.get(url).json()["requirements"]]
    assert [a[0]["version"] for a in answers] == [str(following.uuid)] * 2


def test_filters_by_version_and_meeting(world: Any) -> None:
    decision, _objector = accept_with_one_objection(world)
    client = login(world.writer)

    for query in (f"version={world.version.uuid}", f"meeting={world.meeting.uuid}"):
        assert [d["id"] for d in client.get(f"/api/v1/decisions?{query}").json()] == [
            str(decision.uuid)
        ]
    assert client.get(f"/api/v1/decisions?meeting={UNKNOWN}").json() == []
    assert client.get("/api/v1/decisions?version=kein-uuid").status_code == 404


def test_a_stranger_and_an_unrelated_member_see_nothing(world: Any, make_user: Any) -> None:
    decision, _objector = accept_with_one_objection(world)
    url = f"/api/v1/decisions/{decision.uuid}"
    other = Body.objects.filter(kind=Body.Kind.EXPERT_GROUP).exclude(pk=world.group.pk).first()
    seat = other.seat_categories.filter(retired=False).exclude(kinds=[]).first()
    unrelated = make_user("anderegruppe")
    MembershipFactory(seat=seat, person=PersonFactory(kind=seat.kinds[0], user=unrelated))

    assert login(unrelated).get("/api/v1/decisions").json() == []
    assert login(unrelated).get(url).status_code == 404
    assert Client().get("/api/v1/decisions").status_code == 401
    assert Client().get(url).status_code == 401
    assert login(world.stranger).get("/api/v1/decisions").status_code == 403
    assert login(world.stranger).get(url).status_code == 403


@pytest.mark.parametrize("wrong", ["kein-uuid", UNKNOWN])
def test_an_invalid_or_unknown_id_is_a_404_in_json(world: Any, wrong: str) -> None:
    response = login(world.coordinator).get(f"/api/v1/decisions/{wrong}")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_listing_does_not_grow_with_the_decisions(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    accept_with_one_objection(world)
    client = login(world.seated)
    with django_assert_max_num_queries(10) as one:
        assert len(client.get("/api/v1/decisions").json()) == 1
    for other in Body.objects.filter(kind=Body.Kind.EXPERT_GROUP).exclude(pk=world.group.pk)[:2]:
        draft = papers.open_draft(world.coordinator, other, world.draft.stage)
        papers.add_section(world.coordinator, draft, "Ziele", "Teilhabe.")
        version = papers.submit(world.coordinator, draft)
        services.decide(world.coordinator, world.meeting, version, "accepted", world.all_yes())
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get("/api/v1/decisions").json()) == 3


def test_the_lead_dezernat_sees_the_decision_through_the_draft(world: Any, make_user: Any) -> None:
    decision, _objector = accept_with_one_objection(world)
    lead = world.group.leads.select_related("unit").first()
    other = Body.objects.exclude(leads__unit=lead.unit).filter(leads__isnull=False).first()
    leading = login(make_user("fuehrend", "dezernat", lead.unit.slug))
    elsewhere = login(make_user("anderswo", "dezernat", other.leads.first().unit.slug))

    assert [d["id"] for d in leading.get("/api/v1/decisions").json()] == [str(decision.uuid)]
    assert leading.get(f"/api/v1/decisions/{decision.uuid}").status_code == 200
    assert elsewhere.get("/api/v1/decisions").json() == []
    assert elsewhere.get(f"/api/v1/decisions/{decision.uuid}").status_code == 404


def test_the_openapi_document_describes_the_decisions(client: Client, db: Any) -> None:
    document = client.get("/api/v1/openapi.json")

    assert document.status_code == 200
    assert {"/api/v1/decisions", "/api/v1/decisions/{decision_id}"} <= set(document.json()["paths"])
