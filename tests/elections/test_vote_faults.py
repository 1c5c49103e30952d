"""A ballot the database lost: the voter is told, in her language, to vote again."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.test import Client
from tests.conftest import english_client
from tests.elections.factories import Meeting, meeting

from planwerk.elections import services
from planwerk.elections.models import BallotCount, CodeUse, Round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture
def m(hannover: Any, coordinator: Any) -> Meeting:
    m = meeting(hannover, coordinator, organisations=3, candidates=2)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    return m


def german_client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    return client


def post(client: Client, m: Meeting) -> Any:
    code = m.codes[m.organisations[0].pk]
    return client.post(
        f"/wahl/{m.election.pk}/abstimmen/", {"code": code, "choice": "c1", "round": 1}
    )


def lose_the_connection(monkeypatch: pytest.MonkeyPatch, error: type[Exception]) -> None:
    def cast_ballot(*args: Any, **kwargs: Any) -> None:
        raise error("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "cast_ballot", cast_ballot)


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_ballot_lost_with_the_database_connection_says_it_was_not_counted(m, monkeypatch, error):
    lose_the_connection(monkeypatch, error)
    response = post(english_client(), m)
    page = response.content.decode()
    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]
    assert "<title>Error: Your vote was not counted – planwerk</title>" in page
    assert "Your vote was not counted." in page
    assert "vote again" in page
    assert f'href="/wahl/{m.election.pk}/abstimmen/"' in page
    assert not CodeUse.objects.exists()
    assert sum(c.count for c in BallotCount.objects.all()) == 0


def test_the_page_speaks_the_voters_language(m, monkeypatch):
    lose_the_connection(monkeypatch, OperationalError)
    response = post(german_client(), m)
    page = response.content.decode()
    assert response.status_code == 503
    assert '<html lang="de"' in page
    assert "Ihre Stimme wurde nicht gezählt." in page


def test_the_same_code_votes_once_the_database_is_back(m, monkeypatch):
    lose_the_connection(monkeypatch, OperationalError)
    assert post(english_client(), m).status_code == 503
    monkeypatch.undo()
    response = post(english_client(), m)
    assert "Your ballot has been counted." in response.content.decode()
