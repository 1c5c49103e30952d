"""Who may do what with bodies: every role against every action.

Anonymous visitors are sent to the login page where a page needs an account;
logged-in users who may not act get 403; the others get the page (200) or are sent
on after acting (302). A refused request changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from tests.conftest import english_client

from planwerk.bodies.models import (
    Body,
    Membership,
    Nomination,
    SeatCategory,
    Subtopic,
    TopicChangeRequest,
)
from planwerk.processes.models import Process

ROLES = ["anonymous", "public", "member", "lead_dezernat", "other_dezernat", "coordinator"]


@dataclass
class World:
    users: dict[str, Any]
    membership: Membership
    submitted: Nomination
    forwarded: Nomination
    topic_request: TopicChangeRequest
    extern: SeatCategory


@pytest.fixture
def world(process: Process, make_user: Any, make_person: Any) -> World:
    soziales = Body.objects.get(slug="soziales")
    extern = SeatCategory.objects.get(body=soziales, slug="extern")
    member = make_user("mitglied")
    membership = Membership.objects.create(
        person=make_person("external", user=member),
        body=soziales,
        seat=extern,
        start=dt.date(2020, 1, 1),
    )
    nomination = {
        "body": soziales,
        "organisation": "Verein",
        "contact_name": "Kontakt",
        "contact_email": "k@example.org",
        "nominee_given_name": "Mara",
        "nominee_family_name": "Lindqvist",
        "nominee_kind": "external",
        "expertise": "Sozialberatung",
        "consent": True,
    }
    return World(
        users={
            "anonymous": None,
            "public": make_user("oeffentlich"),
            "member": member,
            "lead_dezernat": make_user("dez3", "dezernat", "dez-iii"),
            "other_dezernat": make_user("dez5", "dezernat", "dez-v"),
            "coordinator": make_user("koordination", "coordinator"),
        },
        membership=membership,
        submitted=Nomination.objects.create(**nomination),
        forwarded=Nomination.objects.create(**nomination, status=Nomination.Status.FORWARDED),
        topic_request=TopicChangeRequest.objects.create(
            body=soziales,
            proposed_subtopics=["Frauen", "Wohnungslosigkeit"],
            reason="Fehlt.",
            requested_by="mitglied",
        ),
        extern=extern,
    )


@dataclass(frozen=True)
class Action:
    method: str
    url: str
    data: dict[str, str] | None = None


def action(name: str, w: World) -> Action:
    soziales = "/gremien/soziales"
    return {
        "body_list": Action("get", "/gremien/"),
        "body_detail": Action("get", f"{soziales}/"),
        "appoint_page": Action("get", f"{soziales}/mitglied-berufen/"),
        "appoint": Action(
            "post",
            f"{soziales}/mitglied-berufen/",
            {
                "given_name": "Neu",
                "family_name": "Person",
                "kind": "external",
                "seat": str(w.extern.pk),
                "start": "2020-02-01",
            },
        ),
        "end_membership_page": Action(
            "get", f"{soziales}/mitgliedschaft/{w.membership.pk}/beenden/"
        ),
        "end_membership": Action(
            "post", f"{soziales}/mitgliedschaft/{w.membership.pk}/beenden/", {"end": "2021-01-01"}
        ),
        "nominations": Action("get", "/gremien/vorschlaege/"),
        "nomination_detail": Action("get", f"/gremien/vorschlaege/{w.forwarded.pk}/"),
        "forward": Action("post", f"/gremien/vorschlaege/{w.submitted.pk}/", {"action": "forward"}),
        "topic_change_page": Action("get", f"{soziales}/themenzuschnitt/"),
        "topic_change": Action(
            "post",
            f"{soziales}/themenzuschnitt/",
            {"subtopics": "Frauen\nGesundheit", "reason": "Neu zuschneiden."},
        ),
        "topic_decision_page": Action("get", f"{soziales}/themenzuschnitt/{w.topic_request.pk}/"),
        "topic_decision": Action(
            "post",
            f"{soziales}/themenzuschnitt/{w.topic_request.pk}/",
            {"agreed": "yes", "decision_date": "2020-05-04", "reference": "LG 3/2020"},
        ),
    }[name]


# Expected outcome per role, in the order of ROLES.
MATRIX: dict[str, tuple[Any, ...]] = {
    "body_list": (200, 200, 200, 200, 200, 200),
    "body_detail": (200, 200, 200, 200, 200, 200),
    "appoint_page": ("login", 403, 403, 200, 403, 200),
    "appoint": ("login", 403, 403, 302, 403, 302),
    "end_membership_page": ("login", 403, 403, 200, 403, 200),
    "end_membership": ("login", 403, 403, 302, 403, 302),
    "nominations": ("login", 403, 403, 200, 200, 200),
    "nomination_detail": ("login", 403, 403, 200, 403, 200),
    "forward": ("login", 403, 403, 403, 403, 302),
    "topic_change_page": ("login", 403, 200, 200, 403, 200),
    "topic_change": ("login", 403, 302, 302, 403, 302),
    "topic_decision_page": ("login", 403, 403, 403, 403, 200),
    "topic_decision": ("login", 403, 403, 403, 403, 302),
}
CASES = [
    pytest.param(role, name, expected, id=f"{name}-{role}")
    for name, outcomes in MATRIX.items()
    for role, expected in zip(ROLES, outcomes, strict=True)
]


def state() -> tuple[Any, ...]:
    """What any of the actions could change."""
    return (
        list(Membership.objects.order_by("pk").values_list("pk", "end")),
        list(Nomination.objects.order_by("pk").values_list("pk", "status")),
        list(TopicChangeRequest.objects.order_by("pk").values_list("pk", "status")),
        list(Subtopic.objects.order_by("pk").values_list("pk", "name")),
    )


@pytest.mark.parametrize(("role", "name", "expected"), CASES)
def test_role_may_or_may_not_act(world: World, role: str, name: str, expected: Any) -> None:
    browser = english_client()
    if world.users[role] is not None:
        browser.force_login(world.users[role])
    step = action(name, world)
    before = state()

    response = getattr(browser, step.method)(step.url, step.data or {})

    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith("/anmelden/?next=")
    else:
        assert response.status_code == expected, response.content.decode()[:2000]
    if expected != 302:
        assert state() == before, "a refused or read-only request changed something"
    else:
        assert state() != before, "an allowed action changed nothing"


def test_a_dezernat_sees_only_the_nominations_of_its_own_groups(world: World) -> None:
    browser = english_client()
    browser.force_login(world.users["other_dezernat"])

    page = browser.get("/gremien/vorschlaege/").content.decode()

    assert "Lindqvist" not in page


def test_the_manage_links_appear_only_for_those_who_may_manage(world: World) -> None:
    for role, shown in (("member", False), ("lead_dezernat", True), ("other_dezernat", False)):
        browser = english_client()
        browser.force_login(world.users[role])

        page = browser.get("/gremien/soziales/").content.decode()

        assert ("/gremien/soziales/mitglied-berufen/" in page) is shown, role
