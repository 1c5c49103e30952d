"""What the OParl endpoint serves: every object valid by the official schemas, each at
its own id, and only what may be published."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from tests.oparl import schemas
from tests.oparl.conftest import ROOT, World, body_url, by_id, get, items

from planwerk.meetings import services as meeting_services
from planwerk.meetings.models import AgendaItem
from planwerk.oparl.lists import BODY_LISTS
from planwerk.oparl.objects import BODY_LISTS as BODY_LIST_KEYS


def crawl(client: Client) -> dict[str, dict[str, Any]]:
    """Every object a client finds from the System on, by its id: the lists of each
    Body and of each Organization, all their pages."""
    system = get(client, ROOT)
    found = {system["id"]: system}
    for body in items(client, system["body"]):
        found[body["id"]] = body
        for key in BODY_LIST_KEYS:
            found |= by_id(items(client, body[key]))
    for organization in [o for o in found.values() if o["type"].endswith("/Organization")]:
        for key in ("meeting", "consultation"):
            if key in organization:
                found |= by_id(items(client, organization[key]))
    return found


def test_every_object_of_every_type_is_valid_by_the_official_schema(
    world: World, client: Client
) -> None:
    found = crawl(client)
    kinds = {schemas.type_of(obj) for obj in found.values()}
    assert kinds == set(schemas.TYPES)
    wrong = {obj_id: schemas.problems(obj) for obj_id, obj in found.items()}
    assert {k: v for k, v in wrong.items() if v} == {}


def test_every_object_is_served_at_its_id_as_its_list_shows_it(
    world: World, client: Client
) -> None:
    for obj_id, obj in crawl(client).items():
        assert get(client, obj_id) == obj


def test_deleted_objects_at_their_id_are_valid_and_say_so(world: World, client: Client) -> None:
    for url in (
        f"{ROOT}person/{world.gone.uuid}/",
        f"{ROOT}person/{world.hidden.uuid}/",
        f"{ROOT}membership/{world.ended.uuid}/",
    ):
        obj = get(client, url)
        assert obj["deleted"] is True and schemas.problems(obj) == []


def test_the_system_leads_to_the_process_as_body(world: World, client: Client) -> None:
    system = get(client, ROOT)
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    assert system["license"].startswith("https://")
    body = get(client, body_url(world))
    assert body["system"] == ROOT
    assert body["name"] == world.process.name.get("de")
    for key, path in BODY_LIST_KEYS.items():
        assert body[key] == f"{body_url(world)}{path}/"
        assert path in BODY_LISTS
    terms = [t["name"] for t in body["legislativeTerm"]]
    assert terms == [s.name.get("de") for s in world.process.stages.order_by("order")]
    assert "body" not in body["legislativeTerm"][0]  # embedded: no reference back


def test_only_people_who_agreed_are_published_and_never_an_email(
    world: World, client: Client
) -> None:
    found = crawl(client)
    text = json.dumps(found, ensure_ascii=False)
    assert "Öffentlich" in text and "Vertretung" in text
    for secret in ("Verborgen", "Hanna", "geheim@example.org", "ada@example.org", "Gelöscht"):
        assert secret not in text
    people = [o for o in found.values() if o["type"].endswith("/Person")]
    assert {p["name"] for p in people} >= {"Ada Öffentlich", "Bea Vertretung"}
    assert all("email" not in p and "gender" not in p for p in people)
    # The memberships of a person who did not agree are not published either.
    memberships = [o for o in found.values() if o["type"].endswith("/Membership")]
    hidden = f"{ROOT}person/{world.hidden.uuid}/"
    assert all(m.get("person") != hidden for m in memberships)


def test_a_person_embeds_her_memberships_with_role_and_voting_right(
    world: World, client: Client
) -> None:
    ada = get(client, f"{ROOT}person/{world.public.uuid}/")
    assert ada["body"] == body_url(world)
    (membership,) = ada["membership"]  # the deleted one is not among them
    assert "person" not in membership
    assert membership["organization"] == f"{ROOT}organization/{world.group.uuid}/"
    assert membership["votingRight"] is True
    seat = world.public.memberships.get(deleted__isnull=True).seat
    assert membership["role"] == seat.name.get("de")
    bea = get(client, f"{ROOT}person/{world.deputy.uuid}/")
    (deputy,) = bea["membership"]
    assert deputy["votingRight"] is False
    assert deputy["role"] == f"{seat.name.get('de')} (Stellvertretung)"
    alone = get(client, deputy["id"])
    assert alone["person"] == bea["id"] and alone["role"] == deputy["role"]


def test_an_organization_lists_its_posts_members_and_meetings(world: World, client: Client) -> None:
    group = get(client, f"{ROOT}organization/{world.group.uuid}/")
    assert group["organizationType"] == "Gremium"
    assert group["name"] == world.group.name.get("de")
    assert group["classification"] == "Expert*innengruppe"
    seats = world.group.seat_categories.filter(retired=False).order_by("order", "pk")
    assert group["post"] == [seat.name.get("de") for seat in seats]
    assert group["body"] == body_url(world)
    assert set(group["membership"]) == {
        f"{ROOT}membership/{m.uuid}/"
        for m in world.group.memberships.filter(person__in=[world.public, world.deputy])
    }
    assert group["web"] == f"http://testserver/gremien/{world.group.slug}/"
    meetings = items(client, group["meeting"])
    assert [m["name"] for m in meetings] == ["Ausgefallene Sitzung"]
    council = items(client, body_url(world) + "organization/")
    assert "Parlament" in {o.get("classification") for o in council}


def test_a_meeting_embeds_its_place_and_agenda(world: World, client: Client) -> None:
    meeting = get(client, f"{ROOT}meeting/{world.meeting.uuid}/")
    assert meeting["meetingState"] == "eingeladen" and "cancelled" not in meeting
    assert meeting["location"]["description"] == "Neues Rathaus, Hodlersaal"
    assert "meetings" not in meeting["location"]
    assert [(i["order"], i["number"], i["name"]) for i in meeting["agendaItem"]] == [
        (0, "1", "Begrüßung"),
        (1, "2", "Entscheidung über die Fassung"),
    ]
    assert all("meeting" not in item for item in meeting["agendaItem"])
    location = get(client, meeting["location"]["id"])
    assert location["meetings"] == [meeting["id"]]
    cancelled = get(client, f"{ROOT}meeting/{world.cancelled.uuid}/")
    assert cancelled["cancelled"] is True and cancelled["meetingState"] == "terminiert"


def test_removing_an_agenda_item_changes_the_meeting(
    world: World, client: Client, coordinator: Any
) -> None:
    before = get(client, f"{ROOT}meeting/{world.meeting.uuid}/")
    world.meeting.status = "planned"
    world.meeting.save(update_fields=["status"])
    last = AgendaItem.objects.filter(meeting=world.meeting).order_by("position").last()
    assert last is not None
    meeting_services.remove_agenda_item(coordinator, last)
    after = get(client, f"{ROOT}meeting/{world.meeting.uuid}/")
    assert len(after["agendaItem"]) == 1 and after["modified"] >= before["modified"]
    world.meeting.refresh_from_db()
    assert world.meeting.modified >= last.modified


def test_a_version_is_a_paper_with_its_consultations_and_files(
    world: World, client: Client
) -> None:
    paper = get(client, f"{ROOT}paper/{world.version.uuid}/")
    assert paper["body"] == body_url(world)
    stage = world.version.draft.stage
    assert paper["name"] == f"{world.group.name.get('de')} – {stage.name.get('de')}, Fassung 1"
    assert paper["mainFile"]["name"] == paper["name"]
    assert paper["paperType"] == "Entwurfsfassung"
    assert paper["keyword"] == ["angenommen"]
    assert paper["originatorOrganization"] == [f"{ROOT}organization/{world.group.uuid}/"]
    assert paper["superordinatedPaper"] == [f"{ROOT}paper/{world.paper.uuid}/"]
    assert paper["mainFile"]["fileName"].endswith(".pdf")
    assert "paper" not in paper["mainFile"]
    (attachment,) = paper["auxiliaryFile"]
    assert attachment["name"] == "Stellungnahme Runder Tisch"
    assert attachment["size"] == world.attachment.size
    review = [c for c in paper["consultation"] if c["authoritative"]]
    assert [c["meeting"] for c in review] == [f"{ROOT}meeting/{world.meeting.uuid}/"]
    assert all("paper" not in c for c in paper["consultation"])
    alone = get(client, paper["consultation"][0]["id"])
    assert alone["paper"] == paper["id"]
    assert get(client, attachment["id"])["paper"] == [paper["id"]]


def test_a_council_paper_holds_its_versions_and_its_passage(world: World, client: Client) -> None:
    paper = get(client, f"{ROOT}paper/{world.paper.uuid}/")
    assert paper["reference"] == "1234/2020" and paper["name"] == "Der neue LIP"
    assert paper["subordinatedPaper"] == [f"{ROOT}paper/{world.version.uuid}/"]
    (passage,) = paper["consultation"]
    assert passage["role"] == "Vorberatung" and passage["authoritative"] is False
    assert passage["id"] == f"{ROOT}consultation/{world.passage.uuid}/"


@pytest.mark.parametrize("kind", ["person", "paper", "meeting", "file", "body", "location"])
def test_an_unknown_id_answers_404_with_the_error_object(
    world: World, client: Client, kind: str
) -> None:
    url = f"{ROOT}{kind}/00000000-0000-4000-8000-000000000000/"
    error = get(client, url, status=404)
    assert error["type"] == "https://schema.oparl.org/1.1/Error"
    assert error["message"] == "Unter dieser Adresse gibt es kein OParl-Objekt."
    assert error["debug"]


def test_any_other_address_below_the_endpoint_answers_with_the_error_object(
    client: Client,
) -> None:
    for path in ("nichts/", "person/keine-uuid/", "body/1/paper/"):
        assert get(client, ROOT + path, status=404)["type"].endswith("/Error")


# A standalone object adds the reference back to the object it is embedded in (3.0).
BACK = {
    "AgendaItem": "meeting",
    "Membership": "person",
    "Consultation": "paper",
    "File": "paper",
    "Location": "meetings",
    "LegislativeTerm": "body",
}


def embedded_objects(obj: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for value in obj.values():
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, dict) and "type" in child:
                found += [child, *embedded_objects(child)]
    return found


def test_an_embedded_object_is_the_object_at_its_id_without_the_way_back(
    world: World, client: Client
) -> None:
    checked = set()
    for obj in crawl(client).values():
        for inner in embedded_objects(obj):
            alone = get(client, inner["id"])
            alone.pop(BACK[schemas.type_of(inner)], None)
            assert alone == inner
            checked.add(schemas.type_of(inner))
    assert checked == set(BACK)


def test_a_post_is_refused_and_still_carries_the_cors_header(client: Client) -> None:
    response = client.post(ROOT)
    assert response.status_code == 405 and response["Access-Control-Allow-Origin"] == "*"
