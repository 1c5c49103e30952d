"""A Hannover stage whose expert groups have written: two accepted, one only submitted."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone, translation
from tests.conftest import english_client
from tests.factories import MembershipFactory, PersonFactory

from planwerk.bodies.models import Body
from planwerk.papers.models import Draft, Version
from planwerk.processes.models import Process, Stage


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def login(user: Any) -> Any:
    client = english_client()
    client.force_login(user)
    return client


def version(body: Body, stage: Stage, number: int, status: str, sections: list[dict]) -> Version:
    draft, _ = Draft.objects.get_or_create(body=body, stage=stage)
    return Version.objects.create(
        draft=draft,
        number=number,
        sections=sections,
        submitted_at=timezone.now(),
        status=status,
    )


@dataclass
class Written:
    stage: Stage
    groups: list[Body]  # every expert group, in order
    accepted: list[Version]  # the versions the stage's paper holds, in body order
    member: Any


@pytest.fixture
def written(hannover: Process, make_user: Any) -> Written:
    stage = hannover.stages.order_by("order").first()
    groups = list(Body.objects.filter(process=hannover, kind=Body.Kind.EXPERT_GROUP))
    first, second, third = groups[0], groups[1], groups[2]
    accepted = Version.Status.ACCEPTED
    # The second group: version 1 accepted, version 2 returned, version 3 accepted.
    version(second, stage, 1, accepted, [{"id": "b1", "title": "Alt", "text": "alt"}])
    version(second, stage, 2, Version.Status.RETURNED, [{"id": "b1", "title": "X", "text": "x"}])
    b3 = version(
        second,
        stage,
        3,
        accepted,
        [{"id": "b1", "title": "Ziele", "text": "Gleiche Chancen\n\nFür alle Stadtteile"}],
    )
    a1 = version(
        first,
        stage,
        1,
        accepted,
        [
            {"id": "a1", "title": "Leitbild", "text": "Hannover ist Einwanderungsstadt"},
            {"id": "a2", "title": "Begriffe", "text": "Teilhabe"},
        ],
    )
    version(third, stage, 1, Version.Status.SUBMITTED, [{"id": "c1", "title": "T", "text": "t"}])
    user = make_user("mitglied")
    seat = first.seat_categories.filter(retired=False).exclude(kinds=[]).first()
    MembershipFactory(seat=seat, person=PersonFactory(kind=seat.kinds[0], user=user))
    return Written(stage, groups, [a1, b3], user)
