"""An expert group of the Hannover process with members in each state of an account,
a coordinator and a stranger; the tests read the pages in English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from tests.conftest import english_client
from tests.factories import MembershipFactory

from planwerk.bodies.models import Body, Membership, Person, SeatCategory


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
    seat: SeatCategory
    anna: Person  # German, with an address
    ben: Person  # English, with an address
    nobody: Person  # no email address
    former: Person  # her membership has ended
    deputy: Person  # a deputy of Anna, with an address
    coordinator: Any
    stranger: Any


@pytest.fixture
def group(hannover: Any, make_user: Any) -> Group:
    body = (
        Body.objects.filter(process=hannover, kind=Body.Kind.EXPERT_GROUP).order_by("order").first()
    )
    assert body is not None
    seat = body.seat_categories.filter(retired=False, positions__isnull=True).exclude(kinds=[])[0]
    anna = MembershipFactory(
        seat=seat,
        person__given_name="Anna",
        person__family_name="Berg",
        person__email="Anna.Berg@example.org",
        person__language="de",
    )
    ben = MembershipFactory(
        seat=seat,
        person__given_name="Ben",
        person__family_name="Cole",
        person__email="ben@example.org",
        person__language="en",
    )
    nobody = MembershipFactory(seat=seat, person__given_name="Nora", person__family_name="Dahl")
    former = MembershipFactory(
        seat=seat,
        person__given_name="Frida",
        person__family_name="Alt",
        person__email="frida@example.org",
        end=dt.date(2021, 1, 1),
    )
    deputy = MembershipFactory(
        seat=seat,
        role=Membership.Role.DEPUTY,
        deputy_of=anna,
        person__given_name="Dora",
        person__family_name="Eck",
        person__email="dora@example.org",
    )
    return Group(
        body=body,
        seat=seat,
        anna=anna.person,
        ben=ben.person,
        nobody=nobody.person,
        former=former.person,
        deputy=deputy.person,
        coordinator=make_user("koordination", "coordinator"),
        stranger=make_user("fremd"),
    )
