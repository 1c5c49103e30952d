"""The public voting page, as a delegate's phone sees it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from tests.conftest import english_client
from tests.elections.factories import Meeting, meeting

from planwerk.elections import services
from planwerk.elections.models import BallotCount, CodeUse, Round
from planwerk.elections.views.public import VOTE_FAILURE_LIMIT

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()  # the failure throttle counts per client address


@pytest.fixture
def client() -> Client:
    return english_client()


@pytest.fixture
def m(hannover: Any, coordinator: Any) -> Meeting:
    return meeting(hannover, coordinator, organisations=5, candidates=3)


@pytest.fixture
def open_round(m: Meeting, coordinator: Any) -> Round:
    return services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)


def url(m: Meeting) -> str:
    return f"/wahl/{m.election.pk}/abstimmen/"


def code_of(m: Meeting, i: int = 0) -> str:
    return m.codes[m.organisations[i].pk]


def post(client: Client, m: Meeting, code: str, choice: str | None, round_number: Any = 1):
    data = {"code": code, "round": round_number}
    if choice is not None:
        data["choice"] = choice
    return client.post(url(m), data)


def counted(m: Meeting) -> dict[str, int]:
    return {c.choice: c.count for c in BallotCount.objects.filter(round__election=m.election)}


def test_the_code_from_the_qr_code_is_filled_in_and_the_candidates_are_offered(
    client, m, open_round
):
    response = client.get(f"{url(m)}?code={code_of(m)}")
    page = response.content.decode()
    assert f'value="{services.format_code(code_of(m))}"' in page
    assert 'autocomplete="off"' in page and 'inputmode="text"' in page
    assert "<fieldset" in page and "<legend" in page
    for c in m.candidates:
        assert f'value="{c.public_id}"' in page and c.name in page
        assert c.organisation.name in page
    assert 'value="abstain"' in page
    assert "no-store" in response["Cache-Control"]
    assert "style=" not in page and "<script>" not in page


def test_a_ballot_is_counted_and_the_page_does_not_echo_the_choice(client, m, open_round):
    response = post(client, m, code_of(m).lower(), "c2")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your ballot has been counted." in page
    main = page[page.index("<main") : page.index("</main>")]
    main = re.sub(r'<input type="hidden"[^>]*>', "", main)  # a CSRF token may hold "c2"
    assert "Kandidatin2" not in main and "c2" not in main
    assert "no-store" in response["Cache-Control"]
    assert counted(m)["c2"] == 1


def test_an_abstention_is_counted_as_an_abstention(client, m, open_round):
    post(client, m, code_of(m), "abstain")
    assert counted(m)[BallotCount.ABSTENTION] == 1
    assert sum(v for k, v in counted(m).items() if k.startswith("c")) == 0


def test_a_second_ballot_with_the_same_code_is_refused_and_changes_nothing(client, m, open_round):
    post(client, m, code_of(m), "c1")
    before = counted(m)
    response = post(client, m, code_of(m), "c2")
    page = response.content.decode()
    assert "This code has already voted in this round." in page
    assert 'aria-describedby="id_code-hint id_code-error"' in page
    assert counted(m) == before
    assert CodeUse.objects.count() == 1


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ("c9", "This candidate does not stand in this round."),
        (None, "Choose a candidate or “Abstain”."),
    ],
)
def test_a_choice_outside_the_round_is_refused(client, m, open_round, choice, message):
    page = post(client, m, code_of(m), choice).content.decode()
    assert message in page
    assert 'aria-describedby="choice-error"' in page
    assert CodeUse.objects.count() == 0


def test_an_unknown_code_is_refused(client, m, open_round):
    page = post(client, m, "AAAAA-AAAAA", "c1").content.decode()
    assert "This code is not known." in page
    assert sum(counted(m).values()) == 0


def test_a_revoked_code_is_refused(client, m, open_round, coordinator):
    services.replace_card(coordinator, m.election, m.organisations[0])
    page = post(client, m, code_of(m), "c1").content.decode()
    assert "no longer valid" in page
    assert sum(counted(m).values()) == 0


def test_without_an_open_round_the_page_shows_no_candidate(client, m):
    page = client.get(f"{url(m)}?code={code_of(m)}").content.decode()
    assert "No round is open for voting at the moment." in page
    assert all(c.name not in page for c in m.candidates)
    refused = post(client, m, code_of(m), "c1").content.decode()
    assert "No round is open for voting at the moment." in refused
    assert all(c.name not in refused for c in m.candidates)


def test_a_ballot_sent_after_the_round_closed_is_refused(client, m, open_round, coordinator):
    client.get(url(m))
    services.close_round(coordinator, open_round)
    page = post(client, m, code_of(m), "c1").content.decode()
    assert "No round is open for voting at the moment." in page
    assert CodeUse.objects.count() == 0


def test_a_ballot_for_a_round_that_has_closed_is_not_counted_in_the_next(
    hannover, coordinator, client
):
    m = meeting(hannover, coordinator, organisations=6, candidates=6)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    form = client.get(url(m)).content.decode()
    assert 'name="round" value="1"' in form
    vote_with = [code_of(m, i) for i in range(1, 6)]
    for code, choice in zip(vote_with, ["c1", "c2", "c3", "c4", "c5"], strict=True):
        services.cast_ballot(m.election, code, choice)
    services.close_round(coordinator, m.election.rounds.get(number=1))
    services.enter_seed(coordinator, m.election, "3-3-3-3-3-3")
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    # The first delegate sends the form of round 1 only now.
    page = post(client, m, code_of(m), "c1", round_number=1).content.decode()
    assert "Round 1 has closed and round 2 is open now. Please choose again." in page
    assert not CodeUse.objects.filter(round__number=2).exists()


def test_the_voting_page_needs_no_login(client, m, open_round):
    response = client.get(url(m))
    assert response.status_code == 200
    assert "Cast my vote" in response.content.decode()


def test_wrong_choices_do_not_count_against_the_client(client, m, open_round):
    for _ in range(VOTE_FAILURE_LIMIT + 5):
        post(client, m, code_of(m), "c9")
    response = post(client, m, code_of(m), "c1")
    assert "Your ballot has been counted." in response.content.decode()


def test_the_voting_page_reads_only_the_open_round_even_in_the_runoff(
    client, hannover, coordinator, django_assert_max_num_queries
):
    """Every phone loads this page: its cost must not grow with the rounds before."""
    big = meeting(hannover, coordinator, organisations=8, candidates=6)
    services.open_round(coordinator, big.election, Round.Mode.ELECTRONIC)
    for i, choice in enumerate(["c1", "c1", "c2", "c3", "c4", "c5", "c6", "c2"]):
        services.cast_ballot(big.election, code_of(big, i), choice)
    services.close_round(coordinator, big.election.rounds.get())
    services.enter_seed(coordinator, big.election, "4-1-6-2-5-3")
    services.open_round(coordinator, big.election, Round.Mode.ELECTRONIC)
    with django_assert_max_num_queries(6):
        page = client.get(url(big)).content.decode()
    assert page.count('name="choice"') == 5  # four in the runoff, and abstaining
