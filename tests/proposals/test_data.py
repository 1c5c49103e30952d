"""A resident's proposals and supports in "My data": export and deletion."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from tests.conftest import english_client

from planwerk.proposals.models import Proposal, ProposalSupport

from .conftest import login, make_resident


def written(world: Any) -> tuple[Proposal, Any]:
    """Ayşe's proposal, supported by Olek and Mira (nobody supports their own)."""
    proposal = world.propose("Ayşe's proposal")
    olek = make_resident("Olek", "olek@example.org")
    login(olek).post(f"/vorschlaege/{proposal.uuid}/unterstuetzen/")
    mira = make_resident("Mira", "mira@example.org")
    login(mira).post(f"/vorschlaege/{proposal.uuid}/unterstuetzen/")
    return proposal, olek


def test_the_export_holds_the_proposals_and_supports(world: Any) -> None:
    written(world)
    response = login(world.resident).get("/mitreden/konto/meine-daten/herunterladen/")
    data = json.loads(response.content)["proposals"]
    assert [p["title"] for p in data["proposals"]] == ["Ayşe's proposal"]
    assert data["proposals"][0]["supports"] == 2
    assert data["supports"] == []
    assert "olek@example.org" not in response.content.decode()
    olek = get_user_model().objects.get(email="olek@example.org")
    theirs = login(olek).get("/mitreden/konto/meine-daten/herunterladen/")
    assert len(json.loads(theirs.content)["proposals"]["supports"]) == 1


def test_deleting_keeps_the_proposals_anonymised(world: Any) -> None:
    proposal, _olek = written(world)
    response = login(world.resident).post(
        "/mitreden/konto/meine-daten/loeschen/", {"comments": "keep"}
    )
    assert response.status_code == 302
    assert not get_user_model().objects.filter(email="ayse@example.org").exists()
    proposal.refresh_from_db()
    assert proposal.anonymised and proposal.author is None and proposal.author_name == ""
    assert proposal.support_count == 2  # the others' supports stay
    assert ProposalSupport.objects.count() == 2
    page = english_client().get(f"/vorschlaege/{proposal.uuid}/").content.decode()
    assert "Deleted account" in page and "Ayşe<" not in page


def test_deleting_removes_the_proposals(world: Any) -> None:
    _proposal, olek = written(world)
    other = world.propose("Second")
    login(olek).post("/mitreden/konto/meine-daten/loeschen/", {"comments": "remove"})
    assert Proposal.objects.count() == 2
    assert Proposal.objects.get(title="Ayşe's proposal").support_count == 1
    login(world.resident).post("/mitreden/konto/meine-daten/loeschen/", {"comments": "remove"})
    assert not Proposal.objects.filter(pk=other.pk).exists()
    assert not Proposal.objects.exists() and not ProposalSupport.objects.exists()
