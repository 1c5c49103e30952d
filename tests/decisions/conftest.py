"""The Hannover steering group with a member in every seat, a held meeting of it,
and an expert group's draft with a version under review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation
from tests.conftest import english_client
from tests.factories import MembershipFactory, PersonFactory

from planwerk.bodies.models import Body, Membership
from planwerk.decisions.tally import member_keys
from planwerk.meetings.models import Attendance, Meeting
from planwerk.papers import services as papers
from planwerk.papers.models import Draft, Version
from planwerk.processes.models import Process


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return english_client()


@dataclass
class World:
    steering: Body
    group: Body
    draft: Draft
    version: Version
    meeting: Meeting
    coordinator: Any
    writer: Any
    stranger: Any
    seated: Any  # a user with a seat in the steering group
    members: dict[str, Membership] = field(default_factory=dict)

    def key(self, category: str) -> str:
        """The first seat key of a seat category."""
        return next(k for k in self.members if k.split("/")[0].split("#")[0] == category)

    def attend(
        self, absent: tuple[str, ...] = (), deputies: dict[str, Membership] | None = None
    ) -> None:
        """Record the attendance: everyone present except `absent`; `deputies` by seat key."""
        deputies = deputies or {}
        for key, membership in self.members.items():
            if key in deputies:
                status, deputy = Attendance.Status.REPRESENTED, deputies[key]
            elif key in absent:
                status, deputy = Attendance.Status.ABSENT, None
            else:
                status, deputy = Attendance.Status.PRESENT, None
            Attendance.objects.update_or_create(
                meeting=self.meeting,
                membership=membership,
                defaults={"status": status, "deputy": deputy},
            )

    def all_yes(self) -> dict[str, str]:
        from planwerk.decisions.tally import tally

        return {key: "yes" for key in tally(self.meeting).casting()}


@pytest.fixture
def world(hannover: Process, make_user: Any) -> World:
    steering = Body.objects.get(process=hannover, kind=Body.Kind.STEERING_GROUP)
    seated_user = make_user("lenkung")
    created: list[Membership] = []
    for category in steering.seat_categories.filter(retired=False).order_by("order"):
        positions = list(category.positions.all())
        for position in positions or [None] * category.max_seats:
            created.append(
                MembershipFactory(
                    seat=category,
                    position=position,
                    person=PersonFactory(kind=category.kinds[0] if category.kinds else "external"),
                )
            )
    created[-1].person.user = seated_user
    created[-1].person.save()
    keys = member_keys(steering, created)
    members = {keys[m.pk]: m for m in created}
    group = Body.objects.filter(process=hannover, kind=Body.Kind.EXPERT_GROUP).first()
    assert group is not None
    seat = group.seat_categories.filter(retired=False).exclude(kinds=[]).first()
    writer = make_user("schreibt")
    MembershipFactory(seat=seat, person=PersonFactory(kind=seat.kinds[0], user=writer))
    coordinator = make_user("koordination", "coordinator")
    draft = papers.open_draft(coordinator, group, hannover.stages.first())
    papers.add_section(coordinator, draft, "Leitlinien", "Hannover ist eine Stadt der Vielfalt.")
    papers.add_section(coordinator, draft, "Begriffe", "Integration meint Teilhabe.")
    version = papers.submit(coordinator, draft)
    meeting = Meeting.objects.create(
        body=steering,
        title="Lenkungsgruppe 1",
        starts_at=timezone.now() - dt.timedelta(hours=2),
        place="Rathaus",
        status=Meeting.Status.HELD,
    )
    return World(
        steering=steering,
        group=group,
        draft=draft,
        version=version,
        meeting=meeting,
        coordinator=coordinator,
        writer=writer,
        stranger=make_user("fremd"),
        seated=seated_user,
        members=members,
    )
