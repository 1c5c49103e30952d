"""OParl's lists: pages and their links, the filters, deleted objects, errors, and
queries that do not grow with the page or the data."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.factories import MembershipFactory, PersonFactory
from tests.oparl.conftest import ROOT, World, body_url, every_page, get, items

from planwerk.bodies.models import Body
from planwerk.consultations import services as consulting
from planwerk.consultations.models import Consultation
from planwerk.meetings.models import AgendaItem, Meeting
from planwerk.oparl.lists import BODY_LISTS
from planwerk.papers import services as papers
from planwerk.papers.models import Draft


def _when(value: dt.datetime) -> str:
    return quote(value.isoformat())


def test_a_list_walked_page_by_page_holds_every_object_once(world: World, client: Client) -> None:
    everything = items(client, body_url(world) + "person/")
    pages = list(every_page(client, body_url(world) + "person/?limit=1"))
    assert [p["data"][0] for p in pages] == everything
    first, second, last = pages[0], pages[1], pages[-1]
    assert first["pagination"] == {
        "totalElements": len(everything),
        "elementsPerPage": 1,
        "currentPage": 1,
        "totalPages": len(everything),
    }
    assert "prev" not in first["links"] and "next" not in last["links"]
    assert second["links"]["prev"] == first["links"]["self"] == first["links"]["first"]
    assert first["links"]["last"] == last["links"]["self"]
    assert second["links"]["self"] == body_url(world) + "person/?limit=1&page=2"


def test_a_list_of_several_kinds_pages_across_them(world: World, client: Client) -> None:
    papers_ = [p["data"][0]["id"] for p in every_page(client, body_url(world) + "paper/?limit=1")]
    assert papers_ == [f"{ROOT}paper/{world.version.uuid}/", f"{ROOT}paper/{world.paper.uuid}/"]
    files = items(client, body_url(world) + "file/?limit=2")
    assert [f["id"] for f in files] == [
        f"{ROOT}file/{world.attachment.uuid}/",
        f"{ROOT}file/{world.version.uuid}/",
        f"{ROOT}file/{world.paper.uuid}/",
    ]


def test_the_links_keep_the_filters(world: World, client: Client) -> None:
    since = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    url = f"{body_url(world)}consultation/?limit=2&created_since={_when(since)}&omit_internal=true"
    page = get(client, url)
    params = dict(parse_qsl(urlsplit(page["links"]["next"]).query))
    assert params == {
        "created_since": "2000-01-01T00:00:00+00:00",
        "omit_internal": "true",
        "limit": "2",
        "page": "2",
    }


def test_created_and_modified_filters_choose_the_objects(world: World, client: Client) -> None:
    url = body_url(world) + "meeting/"
    future = timezone.now() + dt.timedelta(days=1)
    past = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    assert items(client, f"{url}?created_since={_when(future)}") == []
    assert items(client, f"{url}?modified_until={_when(past)}") == []
    both = {m["id"] for m in items(client, url)}
    assert len(both) == 2
    created = Meeting.objects.get(pk=world.cancelled.pk).created
    until = items(client, f"{url}?created_until={_when(created)}")
    since = items(client, f"{url}?created_since={_when(created)}")
    assert {m["id"] for m in until} | {m["id"] for m in since} == both


def test_an_unencoded_plus_in_a_date_is_read_as_plus(world: World, client: Client) -> None:
    page = get(client, body_url(world) + "meeting/?created_since=2000-01-01T00:00:00+01:00")
    assert page["pagination"]["totalElements"] == 2
    assert "2000-01-01T00%3A00%3A00%2B01%3A00" in page["links"]["self"]


def test_deleted_objects_are_listed_only_when_modified_since_asks(
    world: World, client: Client
) -> None:
    people = body_url(world) + "person/"
    shown = items(client, people)
    assert all("deleted" not in p for p in shown)
    since = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    every = items(client, f"{people}?modified_since={_when(since)}")
    gone = {p["id"] for p in every if p.get("deleted")}
    assert gone == {f"{ROOT}person/{world.gone.uuid}/", f"{ROOT}person/{world.hidden.uuid}/"}
    memberships = items(client, f"{body_url(world)}membership/?modified_since={_when(since)}")
    assert f"{ROOT}membership/{world.ended.uuid}/" in {
        m["id"] for m in memberships if m.get("deleted")
    }


def test_a_withdrawn_consent_and_a_deleted_body_are_reported_as_deleted(
    world: World, client: Client
) -> None:
    before = timezone.now() - dt.timedelta(seconds=1)
    world.public.publication_consent = False
    world.public.save()
    world.group.delete()
    changed = {
        obj["id"]: obj
        for key in ("person", "membership", "organization")
        for obj in items(client, f"{body_url(world)}{key}/?modified_since={_when(before)}")
    }
    assert changed[f"{ROOT}person/{world.public.uuid}/"]["deleted"] is True
    assert changed[f"{ROOT}organization/{world.group.uuid}/"]["deleted"] is True
    for membership in world.public.memberships.all():
        assert changed[f"{ROOT}membership/{membership.uuid}/"]["deleted"] is True
    assert f"{ROOT}organization/{world.group.uuid}/" not in {
        o["id"] for o in items(client, body_url(world) + "organization/")
    }


def test_omit_internal_leaves_out_the_embedded_lists(world: World, client: Client) -> None:
    def first(key: str, omit: bool) -> dict[str, Any]:
        suffix = "?omit_internal=true" if omit else ""
        found = [o for o in items(client, f"{body_url(world)}{key}/{suffix}") if o]
        return found[0]

    assert "membership" in first("person", False)
    assert "membership" not in first("person", True)
    meeting = get(client, f"{ROOT}meeting/{world.meeting.uuid}/")
    assert "agendaItem" in meeting
    meetings = items(client, f"{body_url(world)}meeting/?omit_internal=true")
    assert all("agendaItem" not in m for m in meetings)
    papers_ = items(client, f"{body_url(world)}paper/?omit_internal=true")
    assert all("auxiliaryFile" not in p for p in papers_)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("created_since=2020-01-01", "created_since"),
        ("modified_until=gestern", "modified_until"),
        ("modified_since=2020-01-01T10:00:00", "modified_since"),
        ("created_until=2020-02-30T10:00:00%2B01:00", "created_until"),
    ],
)
def test_a_malformed_date_answers_400_with_a_message(
    world: World, client: Client, query: str, name: str
) -> None:
    error = get(client, f"{body_url(world)}paper/?{query}", status=400)
    assert error["type"] == "https://schema.oparl.org/1.1/Error"
    assert error["message"] == (
        f"Der Parameter {name} braucht Datum und Uhrzeit mit dem Abstand zu UTC, "
        "etwa 2024-01-31T23:59:59+01:00."
    )


def test_a_bad_page_or_limit_answers_with_the_error_object(world: World, client: Client) -> None:
    url = body_url(world) + "meeting/"
    assert get(client, f"{url}?limit=0", status=400)["message"] == (
        "Der Parameter limit braucht eine ganze Zahl ab 1."
    )
    assert get(client, f"{url}?page=eins", status=400)["type"].endswith("/Error")
    assert get(client, f"{url}?page=9", status=404)["message"] == (
        "Diese Liste hat keine Seite 9; ihre letzte Seite ist 1."
    )
    assert get(client, f"{url}?limit=100000")["pagination"]["elementsPerPage"] == 1000


def test_the_endpoint_needs_no_login_and_answers_head(client: Client, world: World) -> None:
    response = client.head(ROOT)
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in client.get(body_url(world) + "person/")


# -- queries ------------------------------------------------------------------------------
def queries_of(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def counts(client: Client, world: World, limit: int) -> dict[str, int]:
    found = {
        name: queries_of(client, f"{body_url(world)}{name}/?limit={limit}") for name in BODY_LISTS
    }
    found["body"] = queries_of(client, f"{ROOT}body/?limit={limit}")
    for name in ("meeting", "consultation"):
        found[f"organization {name}"] = queries_of(
            client, f"{ROOT}organization/{world.steering.uuid}/{name}/?limit={limit}"
        )
    return found


def more_data(world: World, writer: Any, coordinator: Any) -> None:
    """Several times the people, meetings, agenda items, versions and statements."""
    seat = world.group.seat_categories.filter(retired=False).exclude(kinds=[])[0]
    for n in range(12):
        MembershipFactory(
            seat=seat, person=PersonFactory(kind=seat.kinds[0], publication_consent=n % 2 == 0)
        )
    for n in range(6):
        meeting = Meeting.objects.create(
            body=world.steering,
            title=f"Sitzung {n}",
            starts_at=timezone.now() + dt.timedelta(days=n),
            place=f"Raum {n}",
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, position=p, title=f"Punkt {p}") for p in range(1, 5)
        )
    for group in Body.objects.filter(process=world.process, kind=Body.Kind.EXPERT_GROUP)[1:4]:
        member = PersonFactory(kind=seat.kinds[0])
        user = type(writer).objects.create_user(f"schreibt-{group.pk}")
        member.user = user
        member.save()
        MembershipFactory(seat=group.seat_categories.exclude(kinds=[])[0], person=member)
        draft = papers.open_draft(user, group, world.version.draft.stage)
        papers.add_section(user, draft, "Ziele", "Teilhabe")
        version = papers.submit(user, draft)
        consulting.give_statement(
            coordinator,
            Consultation.objects.filter(version=version, kind=Consultation.Kind.STATEMENT)[0],
            "Einverstanden.",
            attachments=[],
        )
    assert Draft.objects.filter(stage=world.version.draft.stage).count() >= 4


def test_the_queries_of_a_page_grow_neither_with_its_size_nor_with_the_data(
    world: World, client: Client, coordinator: Any
) -> None:
    small = counts(client, world, limit=1)
    assert counts(client, world, limit=1000) == small
    # Wherever a page falls in a list of several kinds of rows, it costs the same.
    for name, pages in (("paper", 2), ("file", 3), ("consultation", 5)):
        for page in range(2, pages + 1):
            url = f"{body_url(world)}{name}/?limit=1&page={page}"
            assert queries_of(client, url) == small[name], url
    more_data(world, world.public.user, coordinator)
    assert counts(client, world, limit=1000) == small
    # Few: per kind of row its count, its rows and what they need besides.
    assert max(small.values()) <= 12, small
