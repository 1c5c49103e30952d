"""The expert group answers a proposal; the coordination hides one."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from tests.conftest import english_client

from planwerk.audit.models import AuditEntry
from planwerk.core import workflow
from planwerk.proposals import services
from planwerk.proposals.models import Proposal
from planwerk.proposals.workflows import PROPOSAL

from .conftest import login


def answer(client: Any, proposal: Proposal, **data: Any) -> Any:
    return client.post(f"/vorschlaege/{proposal.uuid}/beantworten/", data)


def test_the_group_takes_a_proposal_up_in_a_measure(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    proposal = world.propose()
    client = login(world.member)
    form = client.get(f"/vorschlaege/{proposal.uuid}/beantworten/").content.decode()
    assert "Language courses in every district" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = answer(client, proposal, status="taken_up", measure=str(world.measure.uuid))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "taken_up"
    assert proposal.section_uuid == world.measure.uuid
    assert proposal.section_label.endswith("Language courses in every district")
    assert proposal.section_stage == world.stage
    assert [s.target for s in workflow.steps(proposal, PROPOSAL)] == ["taken up"]
    assert AuditEntry.objects.filter(action="proposals.proposal.answered").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ayse@example.org"]
    assert "Language courses in every district" in mail.outbox[0].body
    page = english_client().get(f"/vorschlaege/{proposal.uuid}/").content.decode()
    assert "taken up" in page and f"#massnahme-{world.measure.uuid}" in page


def test_the_author_is_told_in_their_language(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    resident = world.resident.resident
    resident.language = "tr"
    resident.save()
    proposal = world.propose()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(world.member, proposal, status="not_taken_up", reason="Zu teuer")
    assert mail.outbox[0].subject == "Öneriniz yanıtlandı"
    resident.language = "de"
    resident.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(world.member, proposal, status="examining")
    assert mail.outbox[0].subject == "Ihr Vorschlag wurde beantwortet"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "not_taken_up"}, "Please give the reason."),
        ({"status": "partly", "measure": "M"}, "Please give the reason."),
        ({"status": "taken_up"}, "Choose the measure that takes it up."),
        ({"status": "taken_up", "measure": "00000000-0000-4000-8000-000000000000"}, None),
        ({"status": "open"}, "Choose what the group did with the proposal."),
        ({}, "Choose what the group did with the proposal."),
    ],
)
def test_a_bad_answer_is_refused_and_changes_nothing(
    world: Any, data: dict, message: str | None
) -> None:
    proposal = world.propose()
    if data.get("measure") == "M":
        data["measure"] = str(world.measure.uuid)
    response = answer(login(world.member), proposal, **data)
    assert response.status_code == 400
    if message:
        assert message in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "open" and proposal.answer == ""
    assert not mail.outbox


def test_a_stranger_or_another_group_may_not_answer(world: Any) -> None:
    proposal = world.propose()
    proposal.body = world.other_group
    proposal.save()
    assert answer(login(world.member), proposal, status="examining").status_code == 403
    assert answer(login(world.stranger), proposal, status="examining").status_code == 403
    assert answer(login(world.resident), proposal, status="examining").status_code == 403
    with pytest.raises(PermissionDenied):
        services.answer(world.member, proposal, status="examining")
    proposal.refresh_from_db()
    assert proposal.status == "open"


def test_the_coordination_answers_too(world: Any) -> None:
    proposal = world.propose()
    services.answer(world.coordinator, proposal, status="examining")
    services.answer(
        world.coordinator,
        proposal,
        status="partly",
        reason="Only in two districts",
        measure=str(world.measure.uuid),
    )
    proposal.refresh_from_db()
    assert proposal.status == "partly" and proposal.answer == "Only in two districts"
    with pytest.raises(ValidationError):
        services.answer(
            world.coordinator,
            proposal,
            status="partly",
            reason="Only in two districts",
            measure=str(world.measure.uuid),
        )


def test_the_coordination_hides_a_proposal_with_a_reason_in_place(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    resident = world.resident.resident
    resident.language = "ru"
    resident.save()
    proposal = world.propose("Buy my product")
    client = login(world.coordinator)
    url = f"/vorschlaege/{proposal.uuid}/ausblenden/"
    response = client.post(url, {"reason": " "})
    assert response.status_code == 400
    assert "Please give the reason for hiding the proposal." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"reason": "Advertising"}).status_code == 302
    assert mail.outbox[0].subject == "Ваше предложение скрыто"
    assert "Advertising" in mail.outbox[0].body
    page = english_client().get(f"/vorschlaege/{proposal.uuid}/").content.decode()
    assert "Hidden by the moderation: Advertising" in page and "Buy my product" not in page
    listing = english_client().get("/vorschlaege/").content.decode()
    assert "Hidden by the moderation: Advertising" in listing and "Buy my product" not in listing
    assert login(world.member).post(url, {"reason": "x"}).status_code == 403
