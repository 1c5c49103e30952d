"""The lot seed: it fits the election's seed format, and it is fixed in two steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import english_client
from tests.elections.factories import Meeting, meeting

from planwerk.audit.models import AuditEntry
from planwerk.elections import services
from planwerk.elections.domain.seed import SeedFormat, SeedRefused
from planwerk.elections.models import Election, Round


# -- the format, in plain Python -----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("7-1-2-3-4-5", "out_of_range"),
        ("7-7", "out_of_range"),
        ("0-1-2-3-4-5", "out_of_range"),
        ("1-2-3", "count"),
        ("1-2-3-4-5-6-1", "count"),
        ("1-2-drei-4-5-6", "not_a_number"),
        ("   ", "empty"),
        ("1-2-3-4-5-" + "9" * 5000, "out_of_range"),
    ],
)
def test_a_seed_that_does_not_fit_is_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(SeedRefused) as refused:
        SeedFormat().parse(text)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    "text", ["3-1-6-2-5-4", "3 1 6 2 5 4", "3, 1, 6, 2, 5, 4", " 3–1–6–2–5–4 ", "316254"]
)
def test_a_seed_is_stored_as_the_numbers_joined_by_hyphens(text: str) -> None:
    assert SeedFormat().parse(text) == "3-1-6-2-5-4"


def test_the_paper_default_is_six_throws_of_an_ordinary_die() -> None:
    assert SeedFormat() == SeedFormat(throws=6, faces=6)
    assert SeedFormat().example == "3-1-6-2-5-4"


def test_a_die_with_more_faces_needs_separators() -> None:
    d20 = SeedFormat(throws=3, faces=20)
    assert d20.parse("20 1 7") == "20-1-7"
    with pytest.raises(SeedRefused):
        d20.parse("2017")
    with pytest.raises(SeedRefused):
        d20.parse("21-1-1")


@given(st.integers(1, 20), st.integers(2, 100), st.data())
def test_every_seed_of_the_format_is_read_back_as_written(throws, faces, data) -> None:
    fmt = SeedFormat(throws=throws, faces=faces)
    numbers = data.draw(st.lists(st.integers(1, faces), min_size=throws, max_size=throws))
    seed = "-".join(map(str, numbers))
    assert fmt.parse(seed) == seed
    assert fmt.parse(fmt.example) == fmt.example


# -- the service -----------------------------------------------------------------------
@pytest.fixture
def closed(hannover: Any, coordinator: Any) -> Meeting:
    """Round 1 closed, the seed not entered yet."""
    m = meeting(hannover, coordinator, organisations=6, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    services.cast_ballot(m.election, m.codes[m.organisations[0].pk], "c1")
    services.close_round(coordinator, m.election.rounds.get())
    return m


@pytest.mark.parametrize("seed", ["7-1-2-3-4-5", "7-7"])
def test_a_seed_with_a_seven_is_refused_saying_what_fits(closed, coordinator, seed):
    entries = AuditEntry.objects.count()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.enter_seed(coordinator, closed.election, seed)
    message = " ".join(refused.value.messages)
    assert "7 is not a number from 1 to 6." in message
    assert "6 throws of a die with 6 faces" in message and "3-1-6-2-5-4" in message
    closed.election.refresh_from_db()
    assert closed.election.lot_seed == ""
    assert AuditEntry.objects.count() == entries


def test_the_refusal_is_in_german_first(closed, coordinator):
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        services.enter_seed(coordinator, closed.election, "7-7")
    message = " ".join(refused.value.messages)
    assert "7 ist keine Zahl von 1 bis 6." in message
    assert "3-1-6-2-5-4" in message


def test_too_few_numbers_are_counted_in_the_message(closed, coordinator):
    with translation.override("en"), pytest.raises(ValidationError, match="You entered 3 numbers"):
        services.enter_seed(coordinator, closed.election, "1-2-3")


def test_the_seed_is_stored_in_its_written_form(closed, coordinator):
    services.enter_seed(coordinator, closed.election, "3 1 6 2 5 4")
    closed.election.refresh_from_db()
    assert closed.election.lot_seed == "3-1-6-2-5-4"


def test_an_election_keeps_its_own_seed_format(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=6, candidates=3, seed_throws=3, seed_faces=20)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    services.close_round(coordinator, m.election.rounds.get())
    with translation.override("en"), pytest.raises(ValidationError, match="3 throws of a die"):
        services.enter_seed(coordinator, m.election, "3-1-6-2-5-4")
    services.enter_seed(coordinator, m.election, "20-1-7")
    m.election.refresh_from_db()
    assert m.election.lot_seed == "20-1-7"


# -- the pages: two steps ----------------------------------------------------------------
@pytest.fixture
def client(coordinator: Any) -> Client:
    client = english_client()
    client.force_login(coordinator)
    return client


def test_the_first_post_only_shows_the_seed_once_more(client, closed):
    page = client.post(f"/wahl/{closed.election.pk}/los/", {"seed": "3 1 6 2 5 4"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "3-1-6-2-5-4" in html
    assert "can never change afterwards" in html
    assert f'action="/wahl/{closed.election.pk}/los/bestaetigen/"' in html
    assert 'name="confirm" value="yes"' in html
    closed.election.refresh_from_db()
    assert closed.election.lot_seed == ""


def test_confirming_fixes_the_seed_and_shows_the_result(client, closed):
    response = client.post(
        f"/wahl/{closed.election.pk}/los/bestaetigen/",
        {"seed": "3-1-6-2-5-4", "confirm": "yes"},
        follow=True,
    )
    assert "The seed 3-1-6-2-5-4 is fixed" in response.content.decode()
    closed.election.refresh_from_db()
    assert closed.election.lot_seed == "3-1-6-2-5-4"


def test_without_the_confirmation_button_nothing_is_fixed(client, closed):
    response = client.post(f"/wahl/{closed.election.pk}/los/bestaetigen/", {"seed": "3-1-6-2-5-4"})
    assert "The seed was not confirmed" in response.content.decode()
    closed.election.refresh_from_db()
    assert closed.election.lot_seed == ""


@pytest.mark.parametrize("seed", ["7-1-2-3-4-5", "7-7"])
def test_a_wrong_seed_is_refused_on_the_dashboard_and_never_reaches_the_confirmation(
    client, closed, seed
):
    html = client.post(f"/wahl/{closed.election.pk}/los/", {"seed": seed}).content.decode()
    assert "7 is not a number from 1 to 6." in html
    assert "can never change afterwards" not in html
    assert 'aria-invalid="true"' in html
    confirmed = client.post(
        f"/wahl/{closed.election.pk}/los/bestaetigen/", {"seed": seed, "confirm": "yes"}
    ).content.decode()
    assert "7 is not a number from 1 to 6." in confirmed
    closed.election.refresh_from_db()
    assert closed.election.lot_seed == ""


def test_the_dashboard_says_how_the_seed_is_thrown_and_fixes_nothing_on_enter(client, closed):
    html = client.get(f"/wahl/{closed.election.pk}/").content.decode()
    assert "Throw a die with 6 faces 6 times in front of the meeting." in html
    assert "Check the seed" in html
    assert f'action="/wahl/{closed.election.pk}/los/"' in html
    assert f'action="/wahl/{closed.election.pk}/los/bestaetigen/"' not in html


def test_the_seed_format_is_chosen_when_the_election_is_created(client, hannover):
    now = timezone.now()
    local = lambda when: timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")  # noqa: E731
    response = client.post(
        "/wahl/",
        {
            "title": "Wahl mit Zwanzigflächner",
            "meeting_at": local(now + dt.timedelta(days=14)),
            "place": "Neues Rathaus",
            "nomination_deadline": local(now + dt.timedelta(days=7)),
            "seats": 2,
            "runoff_size": 4,
            "tie_rule": "lot",
            "reply_to": "integration@example.org",
            "seed_throws": 4,
            "seed_faces": 20,
        },
    )
    assert response.status_code == 302
    election = Election.objects.get(title="Wahl mit Zwanzigflächner")
    assert (election.seed_throws, election.seed_faces) == (4, 20)


def test_a_die_with_one_face_is_refused_when_the_election_is_created(client, hannover):
    now = timezone.now()
    local = lambda when: timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")  # noqa: E731
    response = client.post(
        "/wahl/",
        {
            "title": "Wahl",
            "meeting_at": local(now + dt.timedelta(days=14)),
            "place": "Neues Rathaus",
            "nomination_deadline": local(now + dt.timedelta(days=7)),
            "seats": 2,
            "runoff_size": 4,
            "tie_rule": "lot",
            "seed_throws": 6,
            "seed_faces": 1,
        },
    )
    assert response.status_code == 200
    assert not Election.objects.exists()
