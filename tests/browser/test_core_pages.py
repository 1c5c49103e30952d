"""planwerk's own pages around the others: page not found, the login lockout, and the
API's documentation under the strict content security policy."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def forget_the_pages_own_status(tab, status: int) -> None:
    """Chromium logs the error status of the page itself as a console error."""
    tab.console_errors[:] = [e for e in tab.console_errors if f"status of {status}" not in e]


def test_the_api_documentation_shows_the_operations(page, live_server):
    response = page.goto(live_server.url + "/api/v1/docs")

    assert response.status == 200
    operation = page.locator(".opblock-summary-path", has_text="/api/v1/bodies/{slug}")
    operation.wait_for()
    assert page.locator(".opblock-summary-path", has_text="/api/v1/bodies").count() == 2
    assert page.get_by_text("planwerk API").first.is_visible()
    assert not page.console_errors, page.console_errors  # the CSP blocked nothing


@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_page_not_found_says_what_to_do_in_german_and_english(
    request, fixture, live_server, assert_accessible, switch_language, assert_no_horizontal_scroll
):
    tab = request.getfixturevalue(fixture)
    response = tab.goto(live_server.url + "/gremien/gibt-es-nicht/")

    assert response.status == 404
    assert tab.get_by_role("heading", level=1).inner_text() == "Seite nicht gefunden"
    forget_the_pages_own_status(tab, 404)
    assert_no_horizontal_scroll(tab)
    assert_accessible(tab)

    switch_language(tab, "en")
    assert tab.get_by_role("heading", level=1).inner_text() == "Page not found"
    forget_the_pages_own_status(tab, 404)
    assert_accessible(tab)
    tab.get_by_role("link", name="Go to the start page").click()
    assert tab.url == live_server.url + "/"


@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_the_login_lockout_page_explains_the_pause(
    request, fixture, live_server, assert_accessible, assert_no_horizontal_scroll
):
    tab = request.getfixturevalue(fixture)
    for attempt in range(10):
        tab.goto(live_server.url + "/anmelden/")
        tab.locator("input[name=username]").fill("koordination")
        tab.locator("input[name=password]").fill(f"falsch-{attempt}")
        with tab.expect_navigation():
            tab.get_by_role("button", name="Anmelden").last.click()

    alert = tab.get_by_role("alert")
    assert "Zu viele fehlgeschlagene Anmeldungen" in alert.inner_text()
    assert "15 Minuten" in alert.inner_text()
    assert tab.evaluate("document.activeElement === document.querySelector('[role=alert]')")
    forget_the_pages_own_status(tab, 429)
    assert_no_horizontal_scroll(tab)
    assert_accessible(tab)
