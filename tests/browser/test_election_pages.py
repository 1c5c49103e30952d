"""The election in a real browser: a delegate votes on a phone, the room reads the
projector, the coordinator runs the dashboard. axe finds nothing on any of them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from tests.elections.factories import meeting

from planwerk.elections import services
from planwerk.elections.models import BallotCount, Round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def running(process_data: Any) -> Any:
    coordinator = get_user_model().objects.get(username="koordination")
    m = meeting(process_data, coordinator, organisations=8, candidates=4)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    return m, coordinator


def test_a_delegate_votes_on_a_phone_with_the_code_from_the_card(
    phone_page, live_server, running, assert_accessible, assert_no_horizontal_scroll
):
    m, _coordinator = running
    code = m.codes[m.organisations[0].pk]
    # The QR code carries the code in the fragment; the page puts it into the form.
    phone_page.goto(f"{live_server.url}/wahl/{m.election.pk}/abstimmen/#code={code}")
    code_field = phone_page.locator("input[name=code]")
    assert code_field.input_value() == services.format_code(code)
    assert "#code" not in phone_page.url
    assert_no_horizontal_scroll(phone_page)
    assert_accessible(phone_page)

    phone_page.locator("label[for=choice-c2]").click()
    with phone_page.expect_navigation():
        phone_page.locator("main form button[type=submit]").click()
    assert phone_page.locator("main input[name=code]").count() == 0  # the thank-you page
    assert "c2" not in phone_page.locator("main").inner_text()  # the choice is not echoed
    assert_accessible(phone_page)
    counted = {c.choice: c.count for c in BallotCount.objects.filter(round__election=m.election)}
    assert counted["c2"] == 1 and sum(counted.values()) == 1


def test_a_second_try_with_the_same_card_is_refused_on_the_page(
    phone_page, live_server, running, assert_accessible
):
    m, _coordinator = running
    code = m.codes[m.organisations[1].pk]
    services.cast_ballot(m.election, code, "c1")
    phone_page.goto(f"{live_server.url}/wahl/{m.election.pk}/abstimmen/?code={code}")
    phone_page.locator("label[for=choice-c3]").click()
    with phone_page.expect_navigation():
        phone_page.locator("main form button[type=submit]").click()
    assert phone_page.locator("main [role=alert]").first.is_visible()
    assert_accessible(phone_page)
    counted = {c.choice: c.count for c in BallotCount.objects.filter(round__election=m.election)}
    assert counted["c1"] == 1 and counted["c3"] == 0


def test_the_projector_shows_the_result_only_after_the_seed(
    page, live_server, running, assert_accessible
):
    m, coordinator = running
    for org, choice in zip(
        m.organisations, ["c1", "c1", "c2", "c3", "c4", None, "c1", "c2"], strict=True
    ):
        services.cast_ballot(m.election, m.codes[org.pk], choice)
    services.close_round(coordinator, m.election.rounds.get())
    page.goto(f"{live_server.url}/wahl/{m.election.pk}/projektor/")
    assert page.locator("main svg").count() == 0  # no figures before the seed
    assert_accessible(page)

    services.enter_seed(coordinator, m.election, "4-1-6-2-5-3")
    page.reload()
    assert page.locator("main svg").first.is_visible()
    assert "4-1-6-2-5-3" in page.locator("main").inner_text()
    assert_accessible(page)


def test_the_coordinator_dashboard_during_a_round_is_accessible(
    page, live_server, running, assert_accessible
):
    m, _coordinator = running
    page.goto(f"{live_server.url}/anmelden/?next=/wahl/{m.election.pk}/")
    page.locator("input[name=username]").fill("koordination")
    page.locator("input[name=password]").fill("planwerk-demo")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith(f"/wahl/{m.election.pk}/")
    assert_accessible(page)
