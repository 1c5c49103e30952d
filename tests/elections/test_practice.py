"""A practice election rehearses the meeting with the same pages: marked as practice
everywhere, never public, never filling seats, and deletable. An election that never
opened a round can be cancelled."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from tests.conftest import english_client
from tests.elections.factories import meeting, new_election, register, vote

from planwerk.audit.models import AuditEntry
from planwerk.audit.services import verify
from planwerk.bodies.models import Membership
from planwerk.elections import invitations, services
from planwerk.elections.models import (
    BallotCount,
    Candidacy,
    CheckIn,
    CodeUse,
    Election,
    Round,
    VotingCard,
)

pytestmark = pytest.mark.django_db

MARK = "Practice election"


@pytest.fixture
def client(coordinator: Any) -> Client:
    client = english_client()
    client.force_login(coordinator)
    return client


def text(response: Any) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def practice(hannover: Any, coordinator: Any) -> Any:
    """A practice meeting whose round 1 has a result: c1 is elected with c2."""
    m = meeting(hannover, coordinator, organisations=4, candidates=3, practice=True)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1", "c2", "c1"])
    services.close_round(coordinator, m.election.rounds.get())
    services.enter_seed(coordinator, m.election, "1-2-3-4-5-6")
    return m


def test_a_practice_election_is_created_from_the_same_form(client, hannover, coordinator):
    now = timezone.localtime()
    response = client.post(
        "/wahl/",
        {
            "title": "Probe",
            "meeting_at": f"{now + dt.timedelta(days=2):%Y-%m-%dT%H:%M}",
            "place": "Raum 1",
            "nomination_deadline": f"{now + dt.timedelta(days=1):%Y-%m-%dT%H:%M}",
            "reply_to": "integration@example.org",
            "seats": "2",
            "runoff_size": "4",
            "tie_rule": "lot",
            "practice": "on",
        },
    )
    election = Election.objects.get()
    assert response.status_code == 302 and election.practice
    assert AuditEntry.objects.get(action="elections.election.created").payload["practice"] is True
    assert "Practice" in text(client.get("/wahl/"))


def test_the_practice_is_marked_on_every_page_and_document(client, practice):
    pk = practice.election.pk
    anonymous = english_client()
    for page in (
        client.get(f"/wahl/{pk}/"),
        anonymous.get(f"/wahl/{pk}/projektor/"),
        anonymous.get(f"/wahl/{pk}/abstimmen/"),
        client.get(f"/wahl/{pk}/einchecken/"),
        client.get(f"/wahl/{pk}/kandidaturen/"),
    ):
        assert MARK in text(page), page.wsgi_request.path
    sheet = client.post(
        f"/wahl/{pk}/karte/{practice.organisations[0].pk}/", {"confirmed": "yes"}, follow=True
    )
    assert "PRACTICE" in text(sheet)
    minutes = text(client.get(f"/wahl/dokumente/{pk}/niederschrift/"))
    assert "Practice election: a rehearsal, not an election." in minutes
    letters = text(client.get(f"/wahl/dokumente/{pk}/briefe/"))
    assert "ÜBUNGSWAHL" in letters


def test_a_practice_election_is_never_public(client, practice, hannover):
    pk = practice.election.pk
    anonymous = english_client()
    assert practice.election.title not in text(anonymous.get("/"))
    assert anonymous.get(f"/wahl/{pk}/kandidaturen/").status_code == 404
    assert anonymous.get(f"/wahl/dokumente/{pk}/wahlergebnis.json").status_code == 404
    # The coordination rehearses with them.
    assert client.get(f"/wahl/{pk}/kandidaturen/").status_code == 200
    assert client.get(f"/wahl/dokumente/{pk}/wahlergebnis.json").status_code == 200
    assert anonymous.get(f"/wahl/{pk}/ergebnis/").status_code == 404
    assert client.get(f"/wahl/{pk}/ergebnis/").status_code == 200


def test_a_real_election_stays_on_the_home_page_beside_a_practice(hannover, coordinator, practice):
    real = new_election(hannover, coordinator, title="Die echte Wahl")
    services.open_nominations(coordinator, real)
    home = text(english_client().get("/"))
    assert "Die echte Wahl" in home and practice.election.title not in home


def test_a_practice_election_fills_no_seats(client, coordinator, practice):
    state = services.election_state(practice.election)
    assert state.result is not None and state.result.complete
    page = text(client.get(f"/wahl/{practice.election.pk}/"))
    assert "A practice election fills no seats." in page
    assert "/sitze/" not in page
    with translation.override("en"), pytest.raises(services.ValidationError, match="no seats"):
        services.fill_seats(coordinator, practice.election, timezone.localdate())
    assert not Membership.objects.filter(note__startswith="Elected").exists()
    refused = client.post(
        f"/wahl/{practice.election.pk}/sitze/", {"start": "2026-01-01", "confirmed": "yes"}
    )
    assert "fills no seats" in text(refused)


def test_a_practice_election_sends_no_emails(hannover, coordinator):
    register(hannover, coordinator, 2)
    election = new_election(hannover, coordinator, practice=True)
    with translation.override("en"), pytest.raises(services.ValidationError, match="practice"):
        invitations.request_invitations(coordinator, election)
    assert mail.outbox == []


def test_deleting_a_practice_election_asks_first_and_removes_everything_in_it(
    client, coordinator, practice
):
    pk = practice.election.pk
    confirm = text(client.get(f"/wahl/{pk}/loeschen/"))
    assert "Delete the practice election" in confirm and "The audit log keeps" in confirm
    assert Election.objects.filter(pk=pk).exists()
    written = AuditEntry.objects.count()
    response = client.post(f"/wahl/{pk}/loeschen/", {"confirmed": "yes"})
    assert response.status_code == 302 and response["Location"] == "/wahl/"
    assert not Election.objects.filter(pk=pk).exists()
    for model in (Candidacy, CheckIn, VotingCard, Round, CodeUse, BallotCount):
        assert not model.objects.exists(), model
    # The log keeps what happened during the practice, and says it was deleted.
    assert AuditEntry.objects.count() == written + 1
    deleted = AuditEntry.objects.get(action="elections.practice.deleted")
    assert deleted.object_id == str(pk)
    assert deleted.payload["title"] == practice.election.title
    assert deleted.payload["cards"] == 4
    assert AuditEntry.objects.filter(action="elections.round.opened", object_id__gt="").exists()
    assert verify().ok


def test_a_real_election_cannot_be_deleted(client, hannover, coordinator):
    real = new_election(hannover, coordinator)
    assert client.get(f"/wahl/{real.pk}/loeschen/").status_code == 404
    assert client.post(f"/wahl/{real.pk}/loeschen/", {"confirmed": "yes"}).status_code == 404
    with pytest.raises(services.ValidationError):
        services.delete_practice_election(coordinator, real)
    assert Election.objects.filter(pk=real.pk).exists()


# -- cancelling -------------------------------------------------------------------------------
def test_an_election_without_a_round_is_cancelled_after_a_confirmation(
    client, hannover, coordinator
):
    m = meeting(hannover, coordinator, organisations=3, candidates=2)
    pk = m.election.pk
    assert "Cancel the election …" in text(client.get(f"/wahl/{pk}/"))
    client.get(f"/wahl/{pk}/absagen/")
    assert Election.objects.get(pk=pk).phase == Election.Phase.MEETING
    client.post(f"/wahl/{pk}/absagen/", {"confirmed": "yes"})
    election = Election.objects.get(pk=pk)
    assert election.phase == Election.Phase.CANCELLED
    entry = AuditEntry.objects.get(action="elections.election.cancelled")
    assert entry.payload["phase_before"] == "meeting"
    page = text(client.get(f"/wahl/{pk}/"))
    assert "The election has been cancelled." in page and "/wahlgang/" not in page
    with translation.override("en"), pytest.raises(services.ValidationError, match="cancelled"):
        services.start_meeting(coordinator, election)
    with pytest.raises(services.ValidationError):
        services.open_round(coordinator, election, Round.Mode.ELECTRONIC)
    with pytest.raises(services.BallotRefused):
        services.cast_ballot(election, next(iter(m.codes.values())), "c1")
    assert "This election has been cancelled." in text(
        english_client().get(f"/wahl/{pk}/kandidaturen/")
    )


def test_an_election_whose_round_1_was_opened_cannot_be_cancelled(client, hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=3, candidates=2)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    assert "Cancel the election" not in text(client.get(f"/wahl/{m.election.pk}/"))
    refused = client.post(f"/wahl/{m.election.pk}/absagen/", {"confirmed": "yes"}, follow=True)
    assert "can no longer be cancelled" in text(refused)
    assert Election.objects.get(pk=m.election.pk).phase == Election.Phase.MEETING
