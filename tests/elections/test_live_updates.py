"""The counts that update themselves: the dashboard's and the projector's.

They change only when something changed (so that nothing moves under the keyboard
focus), in one small status region (so that a screen reader announces the new count,
not the whole page), and the dashboard stops asking once the round is closed.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from tests.conftest import english_client
from tests.elections.factories import Meeting, meeting

from planwerk.elections import refused_codes, services
from planwerk.elections.models import Round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture
def m(hannover: Any, coordinator: Any) -> Meeting:
    m = meeting(hannover, coordinator, organisations=4, candidates=2)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    return m


@pytest.fixture
def coordination(coordinator: Any) -> Any:
    client = english_client()
    client.force_login(coordinator)
    return client


def vote(m: Meeting, i: int) -> None:
    services.cast_ballot(m.election, m.codes[m.organisations[i].pk], "c1")


def attribute(page: str, element_id: str, name: str) -> str:
    tag = re.search(rf'<[^>]*id="{element_id}"[^>]*>', page)
    assert tag, f"no element #{element_id}"
    value = re.search(rf'{name}="([^"]*)"', tag.group(0))
    assert value, f"#{element_id} has no {name}"
    return value.group(1)


def polled_part(page: str) -> str:
    start = page.index('<div id="live-count"')
    return page[start : page.index("</div>\n</div>", start)]


# -- the dashboard --------------------------------------------------------------------
def test_the_dashboard_polls_a_small_status_region_without_links(m, coordination):
    page = coordination.get(f"/wahl/{m.election.pk}/").content.decode()
    part = polled_part(page)
    assert 'hx-trigger="every 3s"' in part and 'hx-swap="none"' in part
    assert "<a " not in part and "<button" not in part
    status = re.search(r'<p[^>]*role="status"[^>]*>(.*?)</p>', part, re.S)
    assert status and status.group(1) == "0 of 4 organisations present have voted."


def test_an_unchanged_count_answers_204_and_htmx_swaps_nothing(m, coordination):
    page = coordination.get(f"/wahl/{m.election.pk}/").content.decode()
    version = attribute(page, "live-count-version", "value")
    poll = f"/wahl/{m.election.pk}/stand/?round=1&v={version}"
    response = coordination.get(poll)
    assert response.status_code == 204 and response.content == b""

    vote(m, 0)
    changed = coordination.get(poll)
    body = changed.content.decode()
    assert changed.status_code == 200
    # Only the text of the status region is replaced; the region itself stays.
    assert '<p id="live-count-status" hx-swap-oob="innerHTML">1 of 4 organisations' in body
    assert "has voted." in body
    new_version = attribute(body, "live-count-version", "value")
    assert new_version != version
    again = coordination.get(f"/wahl/{m.election.pk}/stand/?round=1&v={new_version}")
    assert again.status_code == 204


def test_a_refused_code_changes_the_dashboard_too(m, coordination):
    page = coordination.get(f"/wahl/{m.election.pk}/").content.decode()
    version = attribute(page, "live-count-version", "value")
    refused_codes.note(m.election.pk)
    body = coordination.get(f"/wahl/{m.election.pk}/stand/?round=1&v={version}").content.decode()
    assert "1 code was refused" in body


def test_polling_stops_once_the_round_is_closed(m, coordination, coordinator):
    services.close_round(coordinator, m.election.rounds.get())
    response = coordination.get(f"/wahl/{m.election.pk}/stand/?round=1&v=x")
    assert response.status_code == 286  # htmx stops polling
    body = response.content.decode()
    assert "Round 1 is no longer open. Reload the page" in body
    assert "<a " not in body
    page = coordination.get(f"/wahl/{m.election.pk}/").content.decode()
    assert 'hx-trigger="every 3s"' not in page


def test_polling_stops_when_another_round_is_open_now(hannover, coordination, coordinator):
    m = meeting(hannover, coordinator, organisations=8, candidates=6)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    for i, choice in enumerate(["c1", "c1", "c2", "c3", "c4", "c5", "c6", "c2"]):
        services.cast_ballot(m.election, m.codes[m.organisations[i].pk], choice)
    services.close_round(coordinator, m.election.rounds.get())
    services.enter_seed(coordinator, m.election, "4-1-6-2-5-3")
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    assert coordination.get(f"/wahl/{m.election.pk}/stand/?round=1").status_code == 286
    assert coordination.get(f"/wahl/{m.election.pk}/stand/?round=2").status_code == 200


def test_the_dashboard_poll_needs_few_queries(m, coordination, django_assert_max_num_queries):
    for i in range(3):
        vote(m, i)
    with django_assert_max_num_queries(12):
        assert coordination.get(f"/wahl/{m.election.pk}/stand/?round=1").status_code == 200


# -- the projector --------------------------------------------------------------------
def projector(m: Meeting) -> str:
    return english_client().get(f"/wahl/{m.election.pk}/projektor/").content.decode()


def poll(m: Meeting, version: str) -> Any:
    return english_client().get(f"/wahl/{m.election.pk}/projektor/stand/?v={version}")


def test_the_projectors_count_is_a_status_region_of_its_own(m):
    page = projector(m)
    status = re.findall(r'<p[^>]*role="status"[^>]*>(.*?)</p>', page, re.S)
    assert status == ["0 of 4 organisations present have voted"]
    assert 'hx-include="#projector-version"' in page


def test_the_projector_swaps_nothing_while_nothing_changed(m):
    version = attribute(projector(m), "projector-version", "value")
    response = poll(m, version)
    assert response.status_code == 204


def test_a_new_vote_replaces_only_the_projectors_count(m):
    version = attribute(projector(m), "projector-version", "value")
    vote(m, 0)
    response = poll(m, version)
    body = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Reswap"] == "none"  # the rest of the projector stays as it is
    count = "1 of 4 organisations present has voted"
    assert f'<p id="projector-count" hx-swap-oob="innerHTML">{count}</p>' in body
    assert "Kandidatin1" not in body
    assert poll(m, attribute(body, "projector-version", "value")).status_code == 204


def test_a_closed_round_replaces_the_whole_projector_part(m, coordinator):
    version = attribute(projector(m), "projector-version", "value")
    services.close_round(coordinator, m.election.rounds.get())
    response = poll(m, version)
    body = response.content.decode()
    assert response.status_code == 200
    assert "HX-Reswap" not in response
    assert 'id="projector-count"' not in body
    assert 'id="projector-version"' in body and 'hx-swap-oob="true"' in body
