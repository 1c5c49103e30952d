"""A Hannover expert group with a member, a stranger and the stage to write for."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from tests.conftest import english_client
from tests.factories import MembershipFactory, PersonFactory

from planwerk.bodies.models import Body
from planwerk.processes.models import Process, Stage


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return english_client()


@dataclass
class Group:
    body: Body
    stage: Stage
    member: Any
    other_member: Any
    stranger: Any


@pytest.fixture
def group(hannover: Process, make_user: Any) -> Group:
    body = Body.objects.filter(process=hannover, kind=Body.Kind.EXPERT_GROUP).first()
    assert body is not None
    seat = body.seat_categories.filter(retired=False).exclude(kinds=[]).first()
    users = []
    for name in ("schreibt", "schreibtauch"):
        user = make_user(name)
        MembershipFactory(seat=seat, person=PersonFactory(kind=seat.kinds[0], user=user))
        users.append(user)
    return Group(body, hannover.stages.first(), users[0], users[1], make_user("fremd"))


@pytest.fixture
def catalogue(group: Group) -> Group:
    """The same group writing for the second stage, whose paper is the catalogue of
    goals, intermediate goals and measures."""
    stage = group.body.process.stages.get(order=1)
    assert stage.structure
    return Group(group.body, stage, group.member, group.other_member, group.stranger)
