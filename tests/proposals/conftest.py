"""The Hannover process, an expert group with a member and a draft with a measure
in the latest stage, the coordination, and residents."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone, translation
from tests.conftest import english_client
from tests.factories import MembershipFactory, PersonFactory

from planwerk.bodies.models import Body
from planwerk.papers.models import Draft, Section
from planwerk.processes.models import Process, Stage
from planwerk.proposals import services
from planwerk.proposals.models import Proposal
from planwerk.residents.models import Resident


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def make_resident(
    name: str = "Ayşe", email: str = "ayse@example.org", language: str = "en", verified: bool = True
) -> Any:
    user = get_user_model().objects.create_user(
        username=f"einwohner-{email.split('@')[0]}", email=email
    )
    Resident.objects.create(
        user=user,
        display_name=name,
        language=language,
        verified=timezone.now() if verified else None,
    )
    return user


def login(user: Any) -> Client:
    client = english_client()
    client.force_login(user)
    return client


def build_measure(draft: Draft, title: str = "Language courses in every district") -> Section:
    """A section of a leaf part of the stage's structure, below its ancestors."""
    parent = None
    parts = list(draft.stage.structure)
    while parts:
        part = parts[0]
        children = list(part.get("children") or ())
        parent = Section.objects.create(
            draft=draft,
            title=title if not children else f"About {part['slug']}",
            part=part["slug"] if draft.stage.structure else "",
            parent=parent,
        )
        parts = children
    assert parent is not None
    return parent


@dataclass
class World:
    process: Process
    group: Body
    other_group: Body
    stage: Stage
    draft: Draft
    measure: Section
    member: Any
    coordinator: Any
    resident: Any
    stranger: Any

    def propose(self, title: str = "More benches", text: str = "In the park.") -> Proposal:
        from django.test import RequestFactory

        request = RequestFactory().post("/")
        request.user = self.resident
        return services.make(request, self.process, title=title, text=text, body=self.group)


@pytest.fixture
def world(hannover: Process, coordinator: Any, make_user: Any) -> World:
    groups = list(services.expert_groups(hannover)[:2])
    seat = groups[0].seat_categories.filter(retired=False).exclude(kinds=[]).first()
    member = make_user("gruppenmitglied")
    MembershipFactory(seat=seat, person=PersonFactory(kind=seat.kinds[0], user=member))
    stage = hannover.stages.order_by("-order").first()
    draft = Draft.objects.create(body=groups[0], stage=stage)
    return World(
        process=hannover,
        group=groups[0],
        other_group=groups[1],
        stage=stage,
        draft=draft,
        measure=build_measure(draft),
        member=member,
        coordinator=coordinator,
        resident=make_resident(),
        stranger=make_user("fremd"),
    )
