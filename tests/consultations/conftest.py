"""A Hannover expert group that has submitted a version, members of consulted
bodies, and the coordination."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from tests.conftest import english_client
from tests.factories import MembershipFactory, PersonFactory

from planwerk.bodies.models import Body, SeatCategory
from planwerk.consultations.models import Consultation
from planwerk.papers import services as papers
from planwerk.papers.models import Version
from planwerk.processes.models import Process


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    """Attachments are stored in a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def client() -> Client:
    return english_client()


@pytest.fixture
def member_of(make_user: Any) -> Any:
    """member_of(body, name, email="", language="de"): an account sitting in the body."""

    def make(body: Body, name: str, email: str = "", language: str = "de") -> Any:
        user = make_user(name)
        seat = body.seat_categories.filter(retired=False).exclude(kinds=[]).first()
        if seat is None:  # a body the definition gives no seats
            seat = SeatCategory.objects.get_or_create(
                body=body,
                slug="mitglieder",
                defaults={"min_seats": 0, "max_seats": 99, "kinds": ["external"]},
            )[0]
        MembershipFactory(
            seat=seat,
            person=PersonFactory(kind=seat.kinds[0], user=user, email=email, language=language),
        )
        return user

    return make


@dataclass
class World:
    process: Process
    author: Body
    writer: Any
    version: Version
    coordinator: Any
    stranger: Any

    def consultation(self, kind: str) -> Consultation:
        found = Consultation.objects.filter(version=self.version, kind=kind).first()
        assert found is not None, kind
        return found


@pytest.fixture
def world(hannover: Process, member_of: Any, make_user: Any, coordinator: Any) -> World:
    author = Body.objects.filter(process=hannover, kind=Body.Kind.EXPERT_GROUP).first()
    assert author is not None
    writer = member_of(author, "schreibt")
    draft = papers.open_draft(writer, author, hannover.stages.first())
    papers.add_section(writer, draft, "Leitlinien", "Erste Zeile\n\nZweite")
    papers.add_section(writer, draft, "Begriffe", "Teilhabe")
    version = papers.submit(writer, draft)
    return World(hannover, author, writer, version, coordinator, make_user("fremd"))
