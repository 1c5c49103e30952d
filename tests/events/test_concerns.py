"""Concerns raised at an event: entered by the coordination, answered by the expert
group in its inbox."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from tests.conftest import english_client

from planwerk.audit.models import AuditEntry
from planwerk.bodies.models import Body
from planwerk.core import workflow
from planwerk.events import services
from planwerk.events.models import Concern


def client_for(user: Any) -> Client:
    client = english_client()
    client.force_login(user)
    return client


def test_the_coordination_enters_a_concern_for_an_expert_group(world: Any) -> None:
    client = client_for(world.coordinator)
    url = f"/veranstaltungen/{world.event.uuid}/anliegen/"
    page = client.get(url).content.decode()
    assert str(world.group.name) in page and str(world.other_group.name) in page

    response = client.post(url, {"text": "Mehr Sprachkurse am Abend", "body": world.group.pk})

    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.body == world.group and concern.status == Concern.Status.OPEN
    assert AuditEntry.objects.filter(action="events.concern.entered").exists()


def test_only_expert_groups_of_the_process_can_be_chosen(world: Any) -> None:
    other = Body.objects.filter(process=world.process).exclude(kind="expert_group").first()

    response = client_for(world.coordinator).post(
        f"/veranstaltungen/{world.event.uuid}/anliegen/", {"text": "X", "body": other.pk}
    )

    assert response.status_code == 400
    assert "Choose one of the expert groups of the process." in response.content.decode()
    assert not Concern.objects.exists()
    with pytest.raises(ValidationError):
        services.enter_concern(world.coordinator, world.event, text="X", body=other)


def test_the_concern_lands_in_the_groups_inbox_only(world: Any) -> None:
    services.enter_concern(world.coordinator, world.event, text="Sprachkurse", body=world.group)
    services.enter_concern(world.coordinator, world.event, text="Radwege", body=world.other_group)

    page = client_for(world.member).get(f"/veranstaltungen/anliegen/{world.group.slug}/")

    assert "Sprachkurse" in page.content.decode() and "Radwege" not in page.content.decode()
    other_inbox = f"/veranstaltungen/anliegen/{world.other_group.slug}/"
    assert client_for(world.member).get(other_inbox).status_code == 403
    assert client_for(world.stranger).get(other_inbox).status_code == 403
    assert Client().get(other_inbox).status_code == 302
    assert "Radwege" in client_for(world.coordinator).get(other_inbox).content.decode()


def test_the_group_marks_what_it_did(world: Any) -> None:
    concern = services.enter_concern(
        world.coordinator, world.event, text="Sprachkurse", body=world.group
    )
    client = client_for(world.member)
    url = f"/veranstaltungen/anliegen/beantworten/{concern.uuid}/"

    response = client.post(url, {"status": "examining", "answer": ""})
    assert response.status_code == 302
    client.post(url, {"status": "taken_up", "answer": "Maßnahme 3.2"})

    concern.refresh_from_db()
    assert concern.status == Concern.Status.TAKEN_UP and concern.answer == "Maßnahme 3.2"
    assert [c.target for c in workflow.history(concern)] == ["examining", "taken_up"]
    assert (
        "Maßnahme 3.2"
        in client.get(f"/veranstaltungen/anliegen/{world.group.slug}/").content.decode()
    )
    assert AuditEntry.objects.filter(action="events.concern.answered").count() == 2


def test_not_taken_up_needs_a_reason(world: Any) -> None:
    concern = services.enter_concern(
        world.coordinator, world.event, text="Sprachkurse", body=world.group
    )

    response = client_for(world.member).post(
        f"/veranstaltungen/anliegen/beantworten/{concern.uuid}/",
        {"status": "not_taken_up", "answer": "  "},
    )

    assert response.status_code == 400
    assert "Give the reason why the concern is not taken up." in response.content.decode()
    concern.refresh_from_db()
    assert concern.status == Concern.Status.OPEN


def test_a_member_of_another_group_cannot_answer(world: Any) -> None:
    concern = services.enter_concern(
        world.coordinator, world.event, text="Radwege", body=world.other_group
    )

    with pytest.raises(PermissionDenied):
        services.answer_concern(world.member, concern, status="taken_up")
    assert (
        client_for(world.member)
        .get(f"/veranstaltungen/anliegen/beantworten/{concern.uuid}/")
        .status_code
        == 403
    )


def test_members_cannot_enter_concerns(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.enter_concern(world.member, world.event, text="X", body=world.group)


def test_the_home_page_links_the_members_inbox(world: Any) -> None:
    page = client_for(world.member).get("/").content.decode()

    assert f"/veranstaltungen/anliegen/{world.group.slug}/" in page
    assert f"/veranstaltungen/anliegen/{world.other_group.slug}/" not in page


def test_the_answer_page_offers_the_measures_of_the_groups_draft(world: Any) -> None:
    from tests.proposals.conftest import build_measure

    from planwerk.papers.models import Draft

    stage = world.event.process.stages.order_by("-order").first()
    measure = build_measure(Draft.objects.create(body=world.group, stage=stage), "Kurse am Abend")
    concern = services.enter_concern(
        world.coordinator, world.event, text="Sprachkurse", body=world.group
    )
    client = client_for(world.member)
    url = f"/veranstaltungen/anliegen/beantworten/{concern.uuid}/"
    page = client.get(url).content.decode()
    assert f'<option value="{measure.uuid}">' in page and "Kurse am Abend" in page
    response = client.post(url, {"status": "taken_up", "answer": "", "measure": str(measure.uuid)})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.section_uuid == measure.uuid and "Kurse am Abend" in concern.section_label
    refused = client.post(url, {"status": "partly", "answer": "x", "measure": "no-measure"})
    assert refused.status_code == 400
    concern.refresh_from_db()
    assert concern.status == Concern.Status.TAKEN_UP
