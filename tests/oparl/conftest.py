"""A Hannover process with something of everything OParl shows: people who agreed to
publication and one who did not, a deputy, a deleted membership and a deleted person,
meetings with agendas, a submitted version with its consultations and a statement with
a PDF, the steering group's decision, and a council paper with its passage."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from tests.factories import MembershipFactory, PersonFactory

from planwerk.bodies.models import Body, Membership, Person
from planwerk.consultations import services as consulting
from planwerk.consultations.models import Consultation, StatementAttachment
from planwerk.council import queries as council_queries
from planwerk.council import services as council
from planwerk.council.models import CouncilPaper, Passage
from planwerk.decisions.models import Decision
from planwerk.meetings.models import AgendaItem, Meeting
from planwerk.papers import services as papers
from planwerk.papers.models import Version
from planwerk.processes.models import Process

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROOT = "http://testserver/oparl/v1/"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    """Attachments are stored in a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@dataclass
class World:
    process: Process
    group: Body  # an expert group
    steering: Body
    public: Person  # agreed to publication
    deputy: Person  # agreed too, the deputy of `public`
    hidden: Person  # did not agree
    gone: Person  # agreed, then was deleted
    ended: Membership  # a deleted membership of `public`
    meeting: Meeting
    cancelled: Meeting
    version: Version
    attachment: StatementAttachment
    paper: CouncilPaper
    passage: Passage


def _seat(body: Body) -> Any:
    return body.seat_categories.filter(retired=False).exclude(kinds=[]).order_by("order")[0]


@pytest.fixture
def world(hannover: Process, make_user: Any, coordinator: Any) -> World:
    group = Body.objects.filter(process=hannover, kind=Body.Kind.EXPERT_GROUP).first()
    steering = Body.objects.get(process=hannover, kind=Body.Kind.STEERING_GROUP)
    assert group is not None
    seat = _seat(group)
    writer = make_user("schreibt")
    public = PersonFactory(
        given_name="Ada",
        family_name="Öffentlich",
        kind=seat.kinds[0],
        user=writer,
        email="ada@example.org",
        publication_consent=True,
    )
    member = MembershipFactory(seat=seat, person=public)
    deputy = PersonFactory(given_name="Bea", family_name="Vertretung", publication_consent=True)
    MembershipFactory(seat=seat, person=deputy, role=Membership.Role.DEPUTY, deputy_of=member)
    hidden = PersonFactory(given_name="Hanna", family_name="Verborgen", email="geheim@example.org")
    MembershipFactory(seat=_seat(steering), person=hidden)
    ended = MembershipFactory(seat=_seat(steering), person=public)
    ended.delete()
    gone = PersonFactory(given_name="Gustav", family_name="Gelöscht", publication_consent=True)
    MembershipFactory(seat=seat, person=gone).delete()
    gone.delete()

    meeting = Meeting.objects.create(
        body=steering,
        title="3. Sitzung der Lenkungsgruppe",
        starts_at=dt.datetime(2020, 3, 2, 17, tzinfo=dt.UTC),
        ends_at=dt.datetime(2020, 3, 2, 19, tzinfo=dt.UTC),
        place="Neues Rathaus, Hodlersaal",
        status=Meeting.Status.HELD,
    )
    for position, title in enumerate(["Begrüßung", "Entscheidung über die Fassung"], start=1):
        AgendaItem.objects.create(meeting=meeting, position=position, title=title)
    cancelled = Meeting.objects.create(
        body=group,
        title="Ausgefallene Sitzung",
        starts_at=dt.datetime(2020, 2, 1, 9, tzinfo=dt.UTC),
        place="Stadtbibliothek",
        status=Meeting.Status.CANCELLED,
    )

    stage = hannover.stages.order_by("order").first()
    draft = papers.open_draft(writer, group, stage)
    papers.add_section(writer, draft, "Leitlinien", "Gleiche Chancen für alle")
    version = papers.submit(writer, draft)
    statement = consulting.give_statement(
        coordinator,
        Consultation.objects.filter(version=version, kind=Consultation.Kind.STATEMENT).first(),
        "Wir stimmen zu.",
        attachments=[SimpleUploadedFile("Stellungnahme Runder Tisch.pdf", PDF, "application/pdf")],
    )
    Decision.objects.create(
        body=steering, meeting=meeting, version=version, outcome=Decision.Outcome.ACCEPTED
    )
    version.status = Version.Status.ACCEPTED
    version.save(update_fields=["status"])
    paper = council.create_paper(coordinator, stage, number="1234/2020", title="Der neue LIP")
    lead = council_queries.deciding_bodies(hannover)[0]
    passage = council.record_passage(
        coordinator,
        paper,
        body=lead,
        outcome=Passage.Outcome.RECOMMENDED,
        date=timezone.localdate(),
    )
    return World(
        process=hannover,
        group=group,
        steering=steering,
        public=public,
        deputy=deputy,
        hidden=hidden,
        gone=gone,
        ended=ended,
        meeting=meeting,
        cancelled=cancelled,
        version=version,
        attachment=statement.attachments.get(),
        paper=paper,
        passage=passage,
    )


@pytest.fixture
def client() -> Client:
    return Client()


def get(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:500])
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def every_page(client: Client, url: str) -> Iterator[dict[str, Any]]:
    """The pages of a list, following `next`."""
    seen = set()
    while url:
        assert url not in seen, url
        seen.add(url)
        page = get(client, url)
        yield page
        url = page["links"].get("next", "")


def items(client: Client, url: str) -> list[dict[str, Any]]:
    return [obj for page in every_page(client, url) for obj in page["data"]]


def body_url(world: World) -> str:
    return f"{ROOT}body/{world.process.uuid}/"


def by_id(objects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {obj["id"]: obj for obj in objects}
