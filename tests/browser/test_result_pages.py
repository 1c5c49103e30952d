"""The seed's confirmation and the public result page in a real browser, at desktop
and phone width: Enter in the seed field fixes nothing, axe finds nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from tests.elections.factories import meeting

from planwerk.elections import services
from planwerk.elections.models import Election, PublishedRecord, Round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROUND_ONE = ["c1", "c1", "c2", "c3", "c3", None, "c1", "c2"]


@pytest.fixture
def closed(process_data: Any) -> Any:
    """Round 1 (the only one: three candidates) has closed; the seed is not entered."""
    coordinator = get_user_model().objects.get(username="koordination")
    m = meeting(process_data, coordinator, organisations=8, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    for org, choice in zip(m.organisations, ROUND_ONE, strict=True):
        services.cast_ballot(m.election, m.codes[org.pk], choice)
    services.close_round(coordinator, m.election.rounds.get())
    return m, coordinator


def log_in(page: Any, url: str, next_path: str) -> None:
    page.goto(f"{url}/anmelden/?next={next_path}")
    page.locator("input[name=username]").fill("koordination")
    page.locator("input[name=password]").fill("planwerk-demo")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("size", ["page", "phone_page"])
def test_enter_in_the_seed_field_only_leads_to_the_confirmation(
    size, request, live_server, closed, assert_accessible, assert_no_horizontal_scroll
):
    page = request.getfixturevalue(size)
    m, _coordinator = closed
    log_in(page, live_server.url, f"/wahl/{m.election.pk}/")
    page.locator("input[name=seed]").fill("7-7")
    with page.expect_navigation():
        page.locator("input[name=seed]").press("Enter")
    assert "7 ist keine Zahl von 1 bis 6" in page.locator("main").inner_text()
    assert Election.objects.get(pk=m.election.pk).lot_seed == ""

    page.locator("input[name=seed]").fill("3 1 6 2 5 4")
    with page.expect_navigation():
        page.locator("input[name=seed]").press("Enter")
    assert page.url.endswith(f"/wahl/{m.election.pk}/los/")
    main = page.locator("main").inner_text()
    assert "3-1-6-2-5-4" in main and "nie mehr geändert" in main
    assert Election.objects.get(pk=m.election.pk).lot_seed == ""
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Losschlüssel 3-1-6-2-5-4 endgültig festlegen").click()
    assert Election.objects.get(pk=m.election.pk).lot_seed == "3-1-6-2-5-4"
    assert "festgelegt" in page.locator("main").inner_text()


@pytest.mark.parametrize("size", ["page", "phone_page"])
def test_the_public_result_page_shows_the_digest_of_the_record(
    size, request, live_server, closed, assert_accessible, assert_no_horizontal_scroll
):
    page = request.getfixturevalue(size)
    m, coordinator = closed
    services.enter_seed(coordinator, m.election, "3-1-6-2-5-4")
    page.goto(f"{live_server.url}/wahl/{m.election.pk}/ergebnis/")
    digest = PublishedRecord.objects.get(election=m.election).sha256
    assert page.locator("#record-sha256").inner_text() == digest
    assert "Kandidatin1 Muster" in page.locator("main").inner_text()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
