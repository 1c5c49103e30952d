"""The coordinator's day in a real browser, at phone and desktop width: the check-in
page, the card sheet that a reload does not repeat, the confirmation before a round
opens, and the invitations page. axe finds nothing on any of them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from tests.elections.factories import meeting_of, register

from planwerk.elections import services
from planwerk.elections.models import CheckIn, MigrantOrganisation, Round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = re.compile(r"\b[A-Z0-9]{5}-[A-Z0-9]{5}\b")


@pytest.fixture
def arriving(process_data: Any) -> Any:
    """A meeting where three organisations are present and two are still arriving."""
    coordinator = get_user_model().objects.get(username="koordination")
    orgs = register(process_data, coordinator, 5)
    m = meeting_of(process_data, coordinator, orgs[:3], 3)
    return m, orgs[3:]


def log_in(page: Any, live_server: Any, target: str) -> None:
    page.goto(f"{live_server.url}/anmelden/?next={target}")
    page.locator("input[name=username]").fill("koordination")
    page.locator("input[name=password]").fill("planwerk-demo")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_checking_in_prints_the_cards_once_and_a_reload_repeats_nothing(
    width, request, live_server, arriving, assert_accessible, assert_no_horizontal_scroll
):
    page = request.getfixturevalue("phone_page" if width == "phone" else "page")
    m, waiting = arriving
    log_in(page, live_server, f"/wahl/{m.election.pk}/einchecken/")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    for org in waiting:
        page.locator(f"#select-{org.pk}").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Alle ausgewählten als anwesend erfassen").first.click()
    assert page.url.endswith(f"/wahl/{m.election.pk}/karten/")
    assert len(CODE.findall(page.locator("main").inner_text())) == 2
    assert_accessible(page)
    page.reload()
    assert CODE.findall(page.locator("main").inner_text()) == []
    assert CheckIn.objects.filter(election=m.election).count() == 5
    assert_accessible(page)


def test_opening_a_round_asks_first_and_then_the_first_tab_stop_is_no_close(
    page, live_server, arriving, assert_accessible
):
    m, _waiting = arriving
    log_in(page, live_server, f"/wahl/{m.election.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Wahlgang 1 eröffnen …").click()
    assert "Wahlgang 1 eröffnen?" in page.locator("h1").inner_text()
    assert_accessible(page)
    assert not Round.objects.exists()
    with page.expect_navigation():
        page.get_by_role("button", name="Wahlgang 1 eröffnen").click()
    assert page.url.endswith("#round")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "schließen" not in focused
    page.keyboard.press("Enter")  # whatever it is, it closes nothing
    assert Round.objects.get().status == Round.Status.OPEN


def test_the_invitations_page_is_accessible_on_a_phone(
    phone_page, live_server, process_data, assert_accessible, assert_no_horizontal_scroll
):
    coordinator = get_user_model().objects.get(username="koordination")
    register(process_data, coordinator, 2)
    services.confirm_eligibility(
        coordinator,
        services.register_organisation(
            coordinator,
            MigrantOrganisation(process=process_data, name="Interkulturelles" * 12),
        ),
    )
    from tests.elections.factories import new_election

    election = new_election(process_data, coordinator)
    log_in(phone_page, live_server, f"/wahl/dokumente/{election.pk}/einladungen/")
    assert "Einladungen zur Wahlveranstaltung" in phone_page.locator("h1").inner_text()
    assert_accessible(phone_page)
    assert_no_horizontal_scroll(phone_page)
