"""A Hannover expert group's version published for comment, and residents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone, translation
from tests.conftest import english_client

from planwerk.bodies.models import Body
from planwerk.papers.models import Draft, Version
from planwerk.participation import services
from planwerk.participation.models import Publication
from planwerk.processes.models import Process
from planwerk.residents.models import Resident

SECTIONS = [
    {
        "id": "s1",
        "title": "Goals",
        "text": "First paragraph.\n\nSecond paragraph, *emphasised*.",
        "paragraph_ids": ["p1", "p2"],
    },
    {"id": "s2", "title": "Measures", "text": "Third paragraph.", "paragraph_ids": ["p3"]},
]


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def make_version(body: Body, stage: Any, number: int, sections: list[dict]) -> Version:
    draft, _ = Draft.objects.get_or_create(body=body, stage=stage)
    return Version.objects.create(
        draft=draft, number=number, sections=sections, submitted_at=timezone.now()
    )


def make_resident(name: str = "Ayşe", email: str = "ayse@example.org", language: str = "en") -> Any:
    user = get_user_model().objects.create_user(
        username=f"einwohner-{email.split('@')[0]}", email=email
    )
    Resident.objects.create(
        user=user, display_name=name, language=language, verified=timezone.now()
    )
    return user


def login(user: Any) -> Client:
    client = english_client()
    client.force_login(user)
    return client


@dataclass
class World:
    body: Body
    stage: Any
    version: Version
    publication: Publication
    coordinator: Any
    resident: Any


@pytest.fixture
def world(hannover: Process, make_user: Any) -> World:
    body = Body.objects.filter(process=hannover, kind=Body.Kind.EXPERT_GROUP).first()
    assert body is not None
    stage = hannover.stages.first()
    version = make_version(body, stage, 1, SECTIONS)
    coordinator = make_user("koordination", "coordinator")
    now = timezone.now()
    publication = services.publish(
        coordinator, version, now - dt.timedelta(days=1), now + dt.timedelta(days=20)
    )
    return World(body, stage, version, publication, coordinator, make_resident())


def post_comment(
    client: Client, publication: Publication, key: str, text: str, **extra: Any
) -> Any:
    return client.post(
        f"/mitreden/{publication.uuid}/absatz/{key}/kommentieren/", {"text": text, **extra}
    )
