"""Making, listing and supporting proposals, and each refusal."""

from __future__ import annotations

from typing import Any

import pytest
from tests.conftest import english_client

from planwerk.audit.models import AuditEntry
from planwerk.proposals.models import Proposal, ProposalSupport

from .conftest import login, make_resident

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "<svg/onload=alert(1)>",
    "\u202e<b>reversed</b>",
]


def post(client: Any, world: Any, **fields: Any) -> Any:
    data = {"title": "More benches", "text": "In the park.", "body": world.group.slug}
    data.update(fields)
    return client.post("/vorschlaege/neu/", data)


def test_a_resident_makes_a_proposal_that_everybody_sees(world: Any) -> None:
    response = post(login(world.resident), world, district="Linden-Limmer")
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.title, proposal.body, proposal.district) == (
        "More benches",
        world.group,
        "Linden-Limmer",
    )
    assert proposal.author_name == "Ayşe" and proposal.status == "open"
    assert AuditEntry.objects.filter(action="proposals.proposal.made").count() == 1
    page = english_client().get(f"/vorschlaege/{proposal.uuid}/").content.decode()
    assert "More benches" in page and "In the park." in page and "ayse@example.org" not in page
    listing = english_client().get("/vorschlaege/").content.decode()
    assert "More benches" in listing


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "  "}, "Please give your proposal a title."),
        ({"text": ""}, "Please describe your proposal."),
        ({"title": "x" * 201}, "At most 200 characters are allowed here; this has 201."),
        ({"text": "x" * 5001}, "At most 5000 characters are allowed here; this has 5001."),
        ({"district": "x" * 101}, "At most 100 characters are allowed here; this has 101."),
        ({"body": "no-such-group"}, "Choose one of the theme fields of the process."),
        ({"body": ""}, "Choose one of the theme fields of the process."),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(world: Any, fields: dict, message: str) -> None:
    response = post(login(world.resident), world, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_body_that_is_not_an_expert_group_is_refused(world: Any) -> None:
    from planwerk.bodies.models import Body

    other = Body.objects.filter(process=world.process).exclude(kind="expert_group").first()
    response = post(login(world.resident), world, body=other.slug)
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_an_unconfirmed_address_may_not_write(world: Any) -> None:
    unconfirmed = make_resident("Olek", "olek@example.org", verified=False)
    response = post(login(unconfirmed), world)
    assert response.status_code == 400
    assert "Please confirm your email address" in response.content.decode()
    assert not Proposal.objects.exists()


def test_visitors_are_sent_to_sign_in(world: Any) -> None:
    page = english_client().get("/vorschlaege/").content.decode()
    assert "/mitreden/konto/anmelden/?next=%2Fvorschlaege%2Fneu%2F" in page
    assert english_client().post("/vorschlaege/neu/", {}).status_code == 302
    assert not Proposal.objects.exists()


def test_making_proposals_is_throttled_per_account(world: Any) -> None:
    client = login(world.resident)
    for n in range(5):
        assert post(client, world, title=f"Proposal {n}").status_code == 302
    response = post(client, world, title="One too many")
    assert response.status_code == 429
    assert "Please wait an hour" in response.content.decode()
    assert Proposal.objects.count() == 5


def test_a_proposal_is_supported_once(world: Any) -> None:
    proposal = world.propose()
    other = login(make_resident("Olek", "olek@example.org"))
    url = f"/vorschlaege/{proposal.uuid}/unterstuetzen/"
    assert other.post(url).status_code == 302
    response = other.post(url)
    assert response.status_code == 409
    assert "You have already supported this proposal." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert ProposalSupport.objects.count() == 1
    assert english_client().post(url).status_code == 302  # to the sign-in
    assert ProposalSupport.objects.count() == 1
    own = login(world.resident).post(url)
    assert "You cannot support your own proposal." in own.content.decode()
    assert ProposalSupport.objects.count() == 1


def test_the_list_filters_by_theme_field_and_status_and_counts(world: Any) -> None:
    world.propose("First")
    world.propose("Second")
    from planwerk.proposals.models import Proposal as P

    P.objects.filter(title="Second").update(body=world.other_group)
    client = english_client()
    page = client.get(f"/vorschlaege/?thema={world.group.slug}").content.decode()
    assert "First" in page and "Second" not in page
    assert f"{world.group.name} (1)" in page
    page = client.get("/vorschlaege/?status=taken_up").content.decode()
    assert "First" not in page and "No proposals yet." in page


def test_the_list_is_paginated(world: Any) -> None:
    from django.test import RequestFactory

    from planwerk.proposals import services

    for n in range(26):
        request = RequestFactory().post("/", REMOTE_ADDR=f"10.0.0.{n}")
        request.user = make_resident(f"R{n}", f"r{n}@example.org")
        services.make(request, world.process, title=f"P{n:02}", text="x", body=world.group)
    first = english_client().get("/vorschlaege/").content.decode()
    assert "P25" in first and "P00" not in first and "seite=2" in first
    second = english_client().get("/vorschlaege/?seite=2").content.decode()
    assert "P00" in second


@pytest.mark.parametrize("payload", XSS)
def test_nothing_in_a_title_or_text_executes(world: Any, payload: str) -> None:
    assert post(login(world.resident), world, title=payload, text=payload).status_code == 302
    proposal = Proposal.objects.get()
    assert "\u202e" not in proposal.title + proposal.text
    assert "<" not in proposal.html.replace("<p>", "").replace("</p>", "").replace("<br>", "")
    for url in (f"/vorschlaege/{proposal.uuid}/", "/vorschlaege/"):
        page = english_client().get(url).content.decode()
        assert "<script>alert" not in page
        assert "onerror=" not in page.replace("onerror=&quot;", "")
        assert "<svg" not in page and 'href="javascript' not in page
