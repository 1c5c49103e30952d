"""The Hannover process with one entry from every app that feeds the timeline: an
election, a published event, a submitted version with a decision, consultation
deadlines (one passed without a statement, one ahead), a retreat and a council
paper's passage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation
from tests.conftest import english_client

from planwerk.bodies.models import Body, SeatCategory
from planwerk.consultations.models import Consultation, Statement
from planwerk.council.models import CouncilPaper, Passage
from planwerk.decisions.models import Decision
from planwerk.elections.models import Election
from planwerk.events.models import Event
from planwerk.meetings.models import Meeting
from planwerk.papers.models import Draft, Version
from planwerk.processes.models import Process


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def login(user: Any) -> Client:
    client = english_client()
    client.force_login(user)
    return client


def days(n: int) -> dt.datetime:
    """n days from now (negative: ago), at noon."""
    today = timezone.localdate() + dt.timedelta(days=n)
    return timezone.make_aware(dt.datetime.combine(today, dt.time(12)))


@dataclass
class Sources:
    process: Process
    election: Election
    event: Event
    version: Version
    decision: Decision
    late: Consultation  # its deadline passed without a statement
    ahead: Consultation  # its deadline is ahead, one statement given
    retreat: Meeting
    passage: Passage


@pytest.fixture
def sources(hannover: Process) -> Sources:
    bodies = {b.kind: b for b in Body.objects.filter(process=hannover).order_by("-order")}
    group = Body.objects.filter(process=hannover, kind=Body.Kind.EXPERT_GROUP).first()
    steering = bodies[Body.Kind.STEERING_GROUP]
    council = bodies[Body.Kind.COUNCIL]
    lead = Body.objects.get(process=hannover, lead_committee=True)
    councils = list(Body.objects.filter(process=hannover, kind=Body.Kind.INTEGRATION_COUNCIL))
    stage = hannover.stages.order_by("order").first()
    election = Election.objects.create(
        process=hannover,
        body=steering,
        seat=SeatCategory.objects.filter(body=steering, elected=True).first(),
        title="Wahl der MSO-Vertreter*innen",
        meeting_at=days(20),
        place="Neues Rathaus",
        nomination_deadline=days(10),
    )
    event = Event.objects.create(
        process=hannover,
        title={"de": "Stadtteilgespräch", "en": "Neighbourhood talk"},
        starts_at=days(30),
        ends_at=days(30) + dt.timedelta(hours=2),
        place="Rathaus",
        published=True,
    )
    draft = Draft.objects.create(body=group, stage=stage)
    version = Version.objects.create(
        draft=draft, number=1, sections=[], submitted_at=days(-40), status="accepted"
    )
    held = Meeting.objects.create(
        body=steering, title="Sitzung", starts_at=days(-20), place="Rathaus", status="held"
    )
    decision = Decision.objects.create(
        body=steering, meeting=held, version=version, outcome=Decision.Outcome.ACCEPTED
    )
    second = Version.objects.create(
        draft=draft, number=2, sections=[], submitted_at=days(-15), status="submitted"
    )
    late = Consultation.objects.create(
        version=second, body=councils[0], kind=Consultation.Kind.STATEMENT, deadline=days(-3).date()
    )
    ahead = Consultation.objects.create(
        version=second, body=councils[1], kind=Consultation.Kind.STATEMENT, deadline=days(5).date()
    )
    Statement.objects.create(consultation=ahead, text="Wir stimmen zu.")
    Consultation.objects.create(
        version=second, body=councils[2], kind=Consultation.Kind.STATEMENT, deadline=days(5).date()
    )
    retreat = Meeting.objects.create(
        body=lead,
        title="Klausurtagung",
        kind=Meeting.Kind.RETREAT,
        starts_at=days(40),
        place="Tagungshaus",
    )
    paper = CouncilPaper.objects.create(
        process=hannover, stage=stage, number="1234/2020", title="Grundlagenpapier"
    )
    passage = Passage.objects.create(
        paper=paper, body=council, date=days(-5).date(), outcome=Passage.Outcome.DECIDED
    )
    return Sources(hannover, election, event, version, decision, late, ahead, retreat, passage)
