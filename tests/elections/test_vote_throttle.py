"""The voting page's limit on wrong codes: it never stops a valid code.

Behind a reverse proxy every phone at the meeting may reach planwerk from the same
address; one client sending wrong codes must not shut out the others.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from tests.conftest import english_client
from tests.elections.factories import Meeting, meeting

from planwerk.elections import refused_codes, services
from planwerk.elections.models import BallotCount, Round
from planwerk.elections.views import public

pytestmark = pytest.mark.django_db
# A smaller limit than the real one (public.VOTE_FAILURE_LIMIT), for speed: the rule
# does not depend on the number.
VOTE_FAILURE_LIMIT = 12


@pytest.fixture(autouse=True)
def _small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    cache.clear()
    monkeypatch.setattr(public, "VOTE_FAILURE_LIMIT", VOTE_FAILURE_LIMIT)


@pytest.fixture
def client() -> Client:
    return english_client()


@pytest.fixture
def m(hannover: Any, coordinator: Any) -> Meeting:
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    return m


def post(client: Client, m: Meeting, code: str, choice: str = "c1") -> Any:
    return client.post(
        f"/wahl/{m.election.pk}/abstimmen/", {"code": code, "choice": choice, "round": 1}
    )


def code_of(m: Meeting, i: int = 0) -> str:
    return m.codes[m.organisations[i].pk]


def counted(m: Meeting) -> int:
    return sum(c.count for c in BallotCount.objects.filter(round__election=m.election))


def exceed_the_limit(client: Client, m: Meeting) -> None:
    for i in range(VOTE_FAILURE_LIMIT + 1):
        post(client, m, f"WRONG-{i:05d}")


def test_a_valid_code_still_votes_after_the_limit_of_wrong_codes_from_the_same_address(client, m):
    exceed_the_limit(client, m)
    response = post(client, m, code_of(m))
    assert response.status_code == 200
    assert "Your ballot has been counted." in response.content.decode()
    assert counted(m) == 1


def test_every_voter_behind_the_same_proxy_address_still_votes(client, m):
    exceed_the_limit(client, m)
    for i in range(1, 5):  # other phones, the same address as the guesser
        phone = english_client()
        assert "Your ballot has been counted." in post(phone, m, code_of(m, i)).content.decode()
    assert counted(m) == 4


def test_wrong_codes_beyond_the_limit_are_answered_429_with_what_to_do(client, m):
    for i in range(VOTE_FAILURE_LIMIT):
        response = post(client, m, f"WRONG-{i:05d}")
        assert response.status_code == 200
        assert "This code is not known." in response.content.decode()
    blocked = post(client, m, "WRONG-AAAAA")
    page = blocked.content.decode()
    assert blocked.status_code == 429
    assert "Many wrong codes have come from your connection" in page
    assert "a valid code is always accepted" in page
    assert "This code is not known." in page
    assert "no-store" in blocked["Cache-Control"]
    assert counted(m) == 0


def test_a_used_code_counts_as_a_wrong_code(client, m):
    post(client, m, code_of(m))
    for _ in range(VOTE_FAILURE_LIMIT):
        post(client, m, code_of(m))
    again = post(client, m, code_of(m))
    assert again.status_code == 429
    assert "This code has already voted in this round." in again.content.decode()
    assert counted(m) == 1


def test_another_client_is_not_warned(client, m):
    exceed_the_limit(client, m)
    other = english_client(REMOTE_ADDR="192.0.2.2")
    response = post(other, m, "WRONG-BBBBB")
    assert response.status_code == 200
    assert "Many wrong codes" not in response.content.decode()


def test_wrong_choices_are_not_wrong_codes(client, m):
    for _ in range(VOTE_FAILURE_LIMIT + 5):
        post(client, m, code_of(m), "c9")
    assert refused_codes.recent(m.election.pk) == 0
    assert "Your ballot has been counted." in post(client, m, code_of(m)).content.decode()


# -- what the coordinator sees --------------------------------------------------------
def dashboard(m: Meeting, coordinator: Any) -> str:
    coordination = english_client()
    coordination.force_login(coordinator)
    return coordination.get(f"/wahl/{m.election.pk}/").content.decode()


def test_the_dashboard_counts_the_codes_refused_lately_without_saying_from_where(
    client, m, coordinator
):
    assert "refused as unknown" not in dashboard(m, coordinator)
    for i in range(3):
        post(client, m, f"WRONG-{i:05d}")
    page = dashboard(m, coordinator)
    assert "In the last ten minutes, 3 codes were refused as unknown" in page
    assert "127.0.0.1" not in page
    assert "trying out codes" not in page  # a few typing errors are no alarm


def test_the_dashboard_warns_when_many_codes_are_refused(client, m, coordinator):
    for _ in range(refused_codes.ALERT):
        refused_codes.note(m.election.pk)
    page = dashboard(m, coordinator)
    assert f"{refused_codes.ALERT} codes were refused" in page
    assert "somebody is trying out codes" in page
    assert "Valid codes are still accepted." in page


def test_refused_codes_older_than_ten_minutes_are_no_longer_counted(m, monkeypatch):
    now = time.time()
    monkeypatch.setattr(refused_codes.time, "time", lambda: now - 11 * 60)
    refused_codes.note(m.election.pk)
    monkeypatch.setattr(refused_codes.time, "time", lambda: now - 5 * 60)
    refused_codes.note(m.election.pk)
    monkeypatch.setattr(refused_codes.time, "time", lambda: now)
    refused_codes.note(m.election.pk)
    assert refused_codes.recent(m.election.pk) == 2
