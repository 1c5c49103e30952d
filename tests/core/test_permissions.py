"""The table of who may do what (core/permissions.py) against the site itself.

Every URL pattern and every API operation names its action; each is asked by every
role, with real objects of the Hannover demo in the address, and the answer must be
the table's: a role the table lets act gets neither 403 nor the login page, a role
it refuses gets one of them. A new page needs no new case here, only its action.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from tests.elections import factories

from planwerk.bodies.models import (
    Body,
    BodyLead,
    Membership,
    Nomination,
    Person,
    TopicChangeRequest,
)
from planwerk.core import permissions
from planwerk.core.models import RoleAssignment
from planwerk.core.permissions import (
    RULES,
    Address,
    action_of,
    addresses,
    may,
    may_some,
    roles_of,
    visible,
)
from planwerk.elections import services as election_services
from planwerk.elections.models import MigrantOrganisation, Round
from planwerk.meetings.models import AgendaItem, Meeting

ROLES = ["anonymous", "public", "member", "dezernat", "coordinator", "superuser"]
LOGIN_PAGES = ("/anmelden/", "/admin/login/")
UNKNOWN = "00000000-0000-4000-8000-000000000000"


@dataclass
class Demo:
    """The pks of the objects the addresses name, and of a user in each role."""

    users: dict[str, int]
    body: str
    election: int
    candidacy: int
    organisation: int
    nomination: int
    membership: int
    topic_request: int
    person: int
    role_assignment: int
    token: str
    meeting: str = ""
    agenda_item: int = 0


@pytest.fixture
def world(demo: Any) -> Demo:
    """The Hannover demo with one election and a user in each role."""
    process = demo
    users = get_user_model().objects
    coordinator = users.create_user("rollen-koordination")
    RoleAssignment.objects.create(user=coordinator, role="coordinator")
    # An expert group with a lead Dezernat and members: every condition holds there.
    lead = (
        BodyLead.objects.filter(body__process=process, body__kind="expert_group")
        .select_related("body", "unit")
        .first()
    )
    assert lead is not None
    body = lead.body
    dezernat = users.create_user("rollen-dezernat")
    RoleAssignment.objects.create(user=dezernat, role="dezernat", unit=lead.unit)
    member = users.create_user("rollen-mitglied")
    seat = body.seat_categories.first()
    membership = Membership.objects.create(
        person=Person.objects.create(given_name="Rollen", family_name="Mitglied", user=member),
        body=body,
        seat=seat,
        start=dt.date(2020, 1, 1),
    )
    nomination = Nomination.objects.filter(body=body).first() or Nomination.objects.create(
        body=body,
        organisation="Verein",
        contact_name="Kontakt",
        contact_email="k@example.org",
        nominee_given_name="Mara",
        nominee_family_name="Lindqvist",
        nominee_kind="external",
        expertise="Sozialberatung",
        consent=True,
    )
    nomination.status = Nomination.Status.FORWARDED
    nomination.save()
    topic_request = TopicChangeRequest.objects.create(
        body=body, proposed_subtopics=["Neu"], reason="Weil", requested_by="x"
    )
    m = factories.meeting(process, coordinator, organisations=4, candidates=2)
    election_services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    meeting = Meeting.objects.create(
        body=body,
        title="Sitzung",
        starts_at=dt.datetime(2030, 1, 1, 9, tzinfo=dt.UTC),
        place="Rathaus",
    )
    agenda_item = AgendaItem.objects.create(meeting=meeting, position=1, title="Begrüßung")
    return Demo(
        users={
            "public": users.create_user("rollen-konto").pk,
            "member": member.pk,
            "dezernat": dezernat.pk,
            "coordinator": coordinator.pk,
            "superuser": users.create_superuser("rollen-admin").pk,
        },
        body=body.slug,
        election=m.election.pk,
        candidacy=m.candidates[0].pk,
        organisation=m.organisations[0].pk,
        nomination=nomination.pk,
        membership=membership.pk,
        topic_request=topic_request.pk,
        person=membership.person_id,
        role_assignment=RoleAssignment.objects.get(user=dezernat).pk,
        token=nomination.token,
        meeting=str(meeting.uuid),
        agenda_item=agenda_item.pk,
    )


# -- the addresses -------------------------------------------------------------------
def test_every_address_and_api_operation_names_an_action_of_the_table() -> None:
    unnamed = [a.name for a in addresses() if a.action is None]
    assert not unnamed, f"Name the action (permissions.permission): {unnamed}"
    unknown = [a.name for a in addresses() if a.action not in RULES]
    assert not unknown
    api = {a.name: a.action for a in addresses() if a.namespace == "api"}
    assert api["api:list_bodies"] == api["api:get_body"] == "bodies.view"


def test_an_address_without_an_action_is_found() -> None:
    """Positive control: a view that names no action is caught."""

    def view(request: Any) -> None:
        return None

    assert action_of(view, "new_page", "bodies") is None
    assert action_of(permissions.permission("bodies.view")(view), "new_page", "bodies") == (
        "bodies.view"
    )


def _kwargs(address: Address, w: Demo) -> dict[str, Any] | None:
    """Real objects for the address's parameters (None: the address is skipped)."""
    by_name = {
        "bodies:nomination_detail": w.nomination,
        "bodies:end_membership": w.membership,
        "bodies:topic_change_decide": w.topic_request,
        "bodies:self_declaration": w.person,
        "bodies:role_remove": w.role_assignment,
        "elections:organisation_edit": w.organisation,
        "elections:confirm_eligibility": w.organisation,
        "meetings:agenda_remove": w.agenda_item,
    }
    values: dict[str, Any] = {
        "slug": w.body,
        "election_id": w.election,
        "candidacy_pk": w.candidacy,
        "org_pk": w.organisation,
        "number": 1,
        "token": w.token,
        "uuid": w.meeting,
        "meeting_id": w.meeting,
        # An address with an unknown id answers 404 to those let in.
        "version_id": UNKNOWN,
        "statement_id": UNKNOWN,
        "decision_id": UNKNOWN,
        "paper_id": UNKNOWN,
        "comment_id": UNKNOWN,
        "key": "absatz",
        "code": "en",
        "fmt": "xlsx",  # a page's table as a file (core/tables.py)
    }
    kwargs = {}
    for key in address.kwargs:
        if key == "pk":
            kwargs[key] = by_name.get(address.name, w.election)
        elif key in values:
            kwargs[key] = values[key]
        elif key in ("stage", "section"):
            kwargs[key] = _draft_kwargs(w)[key]
        elif address.namespace == "admin":
            return _admin_kwargs(address, w)
        else:
            raise AssertionError(f"{address.name}: no object for the parameter {key!r}")
    return kwargs


def _draft_kwargs(w: Demo) -> dict[str, Any]:
    """A stage of the body's process and a section of the body's draft for it."""
    from planwerk.papers.models import Draft, Section

    body = Body.objects.get(slug=w.body)
    stage = body.process.stages.first()
    draft, _created = Draft.objects.get_or_create(body=body, stage=stage)
    section = draft.sections.first() or Section.objects.create(draft=draft, title="Ziele")
    return {"stage": stage.slug, "section": section.uuid}


def _admin_kwargs(address: Address, w: Demo) -> dict[str, Any] | None:
    from django.contrib import admin

    kinds = {
        "app_label": None,
        "object_id": None,
        "id": None,
        "content_type_id": None,
        "url": None,
    }
    if set(address.kwargs) - set(kinds):
        raise AssertionError(f"{address.name}: unknown parameters {address.kwargs}")
    if "url" in address.kwargs or "content_type_id" in address.kwargs:
        return None  # redirects to the change page, which is walked itself
    if "app_label" in address.kwargs:
        return {"app_label": "bodies"}
    # admin:<app>_<model>_<view>: the model's first object.
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if address.name.startswith(prefix):
            obj = model._default_manager.order_by("pk").first()
            if obj is None:
                return None
            return {key: obj.pk for key in address.kwargs}
    raise AssertionError(f"{address.name}: no model")


def _client(role: str, w: Demo) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(pk=w.users[role]))
    return client


def _refused(response: Any) -> bool:
    if response.status_code in (401, 403):
        return True
    location = response.get("Location", "") if response.status_code == 302 else ""
    return location.startswith(LOGIN_PAGES)


def mismatches(world: Demo, role: str) -> list[str]:
    """The addresses whose answer to the role is not the table's."""
    client = _client(role, world)
    user = get_user_model().objects.get(pk=world.users[role]) if role != "anonymous" else None
    wrong = []
    asked = 0
    for address in addresses():
        if address.name.startswith("None") or address.name.endswith(":None"):
            continue  # unnamed catch-alls of the admin, which redirect to named pages
        if address.name == "admin:autocomplete":
            continue  # answers only with a model's search field in its query (none has one)
        if address.action is None:
            wrong.append(f"{address.name} names no action")
            continue
        kwargs = _kwargs(address, world)
        if kwargs is None:
            continue
        url = reverse(address.name, kwargs=kwargs)
        allowed = may_some(user, address.action)
        response = client.get(url)
        asked += 1
        if _refused(response) == allowed:
            wrong.append(f"{url} ({address.action}): {response.status_code} {role}")
    assert asked > 60
    return wrong


@pytest.mark.parametrize("role", ROLES)
def test_every_address_answers_each_role_as_the_table_says(world: Demo, role: str) -> None:
    wrong = mismatches(world, role)
    assert not wrong, "\n".join(wrong)


def test_a_page_that_lets_in_more_than_its_action_is_found(world: Demo, monkeypatch: Any) -> None:
    """Positive control: a page that names the coordination's action but lets
    everybody in is found."""
    from planwerk.bodies import views

    assert mismatches(world, "public") == []
    monkeypatch.setattr(views.chart, "permission_action", "elections.manage")
    assert mismatches(world, "public") == ["/gremien/organigramm/ (elections.manage): 200 public"]


# -- the rules themselves -----------------------------------------------------------
def test_each_role_has_its_column(world: Demo) -> None:
    users = {r: get_user_model().objects.get(pk=pk) for r, pk in world.users.items()}
    assert roles_of(None) == {"anonymous"}
    assert roles_of(users["public"]) == {"public"}
    assert roles_of(users["member"]) == {"public", "member"}
    assert roles_of(users["dezernat"]) == {"public", "dezernat"}
    assert roles_of(users["coordinator"]) == {"public", "coordinator"}
    assert "superuser" in roles_of(users["superuser"])


def test_the_lead_dezernat_appoints_in_its_body_only(world: Demo) -> None:
    dezernat = get_user_model().objects.get(pk=world.users["dezernat"])
    own = Body.objects.get(slug=world.body)
    others = Body.objects.exclude(leads__unit__in=own.leads.values("unit"))
    assert may(dezernat, "bodies.appoint", own)
    assert others.exists()
    assert not any(may(dezernat, "bodies.appoint", b) for b in others)
    assert list(visible(dezernat, "bodies.appoint", Body.objects.all())) == list(
        Body.objects.filter(leads__unit__in=own.leads.values("unit")).distinct()
    )


def test_a_member_asks_for_a_topic_change_of_her_own_group_only(world: Demo) -> None:
    member = get_user_model().objects.get(pk=world.users["member"])
    own = Body.objects.get(slug=world.body)
    other = Body.objects.filter(kind="expert_group").exclude(pk=own.pk).first()
    assert may(member, "bodies.request_topic_change", own)
    assert not may(member, "bodies.request_topic_change", other)
    assert not may(member, "bodies.appoint", own)


def test_a_dezernat_sees_forwarded_nominations_of_its_groups_only(world: Demo) -> None:
    dezernat = get_user_model().objects.get(pk=world.users["dezernat"])
    coordinator = get_user_model().objects.get(pk=world.users["coordinator"])
    seen = visible(dezernat, "bodies.view_nominations", Nomination.objects.all())
    assert world.nomination in {n.pk for n in seen}
    assert all(n.status != "submitted" and n.body.slug == world.body for n in seen)
    assert visible(coordinator, "bodies.view_nominations", Nomination.objects.all()).count() == (
        Nomination.objects.count()
    )
    assert not visible(None, "bodies.view_nominations", Nomination.objects.all()).exists()


def test_a_practice_election_is_the_coordinations_only(world: Demo) -> None:
    from planwerk.elections.models import Election

    coordinator = get_user_model().objects.get(pk=world.users["coordinator"])
    election = Election.objects.get(pk=world.election)
    assert may(None, "elections.view", election)
    election.practice = True
    assert not may(None, "elections.view", election)
    assert may(coordinator, "elections.view", election)


def test_an_unknown_action_is_an_error_not_a_no() -> None:
    with pytest.raises(LookupError):
        may(None, "bodies.apoint")


def test_the_register_admin_uses_the_audited_service(world: Demo) -> None:
    """The one model kept in the admin with edits: they go through the services."""
    client = _client("superuser", world)
    org = MigrantOrganisation.objects.get(pk=world.organisation)
    url = reverse("admin:elections_migrantorganisation_change", args=[org.pk])
    assert client.get(url).status_code == 200
    assert (
        client.get(reverse("admin:bodies_membership_change", args=[world.membership])).status_code
        == 200
    )
    assert (
        client.post(
            reverse("admin:bodies_nomination_change", args=[world.nomination]),
            {"status": "declined"},
        ).status_code
        == 403
    )
    assert Nomination.objects.get(pk=world.nomination).status == "forwarded"


def test_docs_roles_md_shows_the_table_as_it_is() -> None:
    """docs/roles.md holds the generated table: `planwerk roles-doc` rewrites it."""
    from pathlib import Path

    from planwerk.core.management.commands.roles_doc import BEGIN, render

    committed = (Path(__file__).resolve().parents[2] / "docs" / "roles.md").read_text()
    assert BEGIN in committed
    assert render(committed) == committed, "docs/roles.md is out of date: run planwerk roles-doc"
    assert "| `bodies.appoint` | Appoint a member of a body | – | – | – | [2] | yes | yes |" in (
        committed
    )
