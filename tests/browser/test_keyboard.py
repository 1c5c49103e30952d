"""The election with the keyboard and a screen reader, at phone and desktop width.

After a refused ballot the error summary has the focus and leads to the field; the
dashboard's count changes only when the count changes, so that nothing moves under
the coordinator's focus, and stops asking once the round is closed; the projector
fits a phone of 320 px.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from tests.elections.factories import meeting

from planwerk.elections import services
from planwerk.elections.models import Round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 1280]
POLL_MS = 1_000


@pytest.fixture(autouse=True)
def _quick_live_updates(settings: Any) -> None:
    """Live parts ask every second here, not every three: these tests wait for them.
    (Elsewhere a poll could meet a test's write in SQLite's shared in-memory database.)"""
    settings.PLANWERK_POLL_SECONDS = POLL_MS // 1000


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def tab(request: Any, browser: Any, live_server: Any, process_data: Any) -> Iterator[Any]:
    """A fresh German tab at phone or desktop width."""
    context = browser.new_context(viewport={"width": request.param, "height": 844}, locale="de-DE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def running(process_data: Any) -> Any:
    coordinator = get_user_model().objects.get(username="koordination")
    m = meeting(process_data, coordinator, organisations=8, candidates=4)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    return m, coordinator


def code_of(m: Any, i: int) -> str:
    return str(m.codes[m.organisations[i].pk])


def focused(page: Any) -> dict[str, Any]:
    return page.evaluate(
        "() => ({id: document.activeElement.id, cls: document.activeElement.className,"
        " tag: document.activeElement.tagName})"
    )


def in_view(page: Any, selector: str) -> bool:
    return bool(
        page.evaluate(
            "(s) => { const r = document.querySelector(s).getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= window.innerHeight; }",
            selector,
        )
    )


def send_ballot(page: Any, code: str, choose: bool) -> None:
    """Only the keyboard: type the code, Tab to the candidates, Space, Enter."""
    page.locator("input[name=code]").focus()
    page.keyboard.type(code)
    if choose:
        page.keyboard.press("Tab")  # into the group of radios: the first candidate
        page.keyboard.press("Space")
    with page.expect_navigation():
        page.keyboard.press("Enter")


# -- the voting page ------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["wrong", "used", "missing"])
def test_after_a_refused_code_the_focus_is_on_the_error_summary_and_leads_to_the_field(
    tab, live_server, running, assert_accessible, kind
):
    m, _coordinator = running
    code = {"wrong": "AAAAA-AAAAA", "used": code_of(m, 0), "missing": ""}[kind]
    if kind == "used":
        services.cast_ballot(m.election, code, "c1")
    tab.goto(f"{live_server.url}/wahl/{m.election.pk}/abstimmen/")
    send_ballot(tab, code, choose=True)

    assert "pw-error-summary" in focused(tab)["cls"]
    assert tab.title().startswith("Fehler: ")
    summary = tab.locator(".pw-error-summary")
    assert summary.get_attribute("role") == "alert"
    assert "Code auf Ihrer Stimmkarte: " in summary.inner_text()
    assert_accessible(tab)

    tab.keyboard.press("Tab")  # the summary's link
    tab.keyboard.press("Enter")
    assert focused(tab)["id"] == "id_code"
    assert in_view(tab, "label[for=id_code]")


def test_a_missing_choice_leads_to_the_first_radio_with_its_legend_in_view(
    tab, live_server, running, assert_accessible
):
    m, _coordinator = running
    tab.goto(f"{live_server.url}/wahl/{m.election.pk}/abstimmen/")
    send_ballot(tab, code_of(m, 1), choose=False)

    assert "pw-error-summary" in focused(tab)["cls"]
    assert tab.title().startswith("Fehler: ")
    assert "Ihre Stimme in Wahlgang 1: " in tab.locator(".pw-error-summary").inner_text()
    radio = tab.locator("#choice-c1")
    assert radio.get_attribute("aria-invalid") == "true"
    assert_accessible(tab)

    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")
    assert focused(tab)["id"] == "choice-c1"
    # The page may scroll smoothly (for those who did not ask for less motion).
    tab.wait_for_function(
        "() => { const r = document.querySelector('#choice-legend').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        timeout=3_000,
    )
    assert in_view(tab, "#choice-legend")
    # Now choose with the keyboard and vote.
    tab.keyboard.press("Space")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.locator("main input[name=code]").count() == 0  # the thank-you page


def test_smooth_scrolling_stops_for_those_who_want_less_motion(browser, live_server, running):
    m, _coordinator = running
    for motion, expected in (("reduce", "auto"), ("no-preference", "smooth")):
        context = browser.new_context(reduced_motion=motion)
        page = context.new_page()
        for path in ("abstimmen/", "projektor/"):
            page.goto(f"{live_server.url}/wahl/{m.election.pk}/{path}")
            behaviour = page.evaluate("getComputedStyle(document.documentElement).scrollBehavior")
            assert behaviour == expected, (path, motion)
        context.close()


# -- the dashboard --------------------------------------------------------------------
def log_in(page: Any, live_server: Any, target: str) -> None:
    page.goto(f"{live_server.url}/anmelden/?next={target}")
    page.locator("input[name=username]").fill("koordination")
    page.locator("input[name=password]").fill("planwerk-demo")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def next_poll(page: Any, path: str) -> Any:
    return page.expect_response(lambda r: path in r.url, timeout=2 * POLL_MS + 5_000)


def assert_accessible_part(page: Any, selector: str) -> None:
    """axe finds no WCAG 2.1 A/AA violation in this part of the page."""
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"],
    }
    results = Axe().run(page, context=selector, options=options)
    assert results.violations_count == 0, results.generate_report()


def test_the_dashboards_count_changes_nothing_else_and_keeps_the_focus(tab, live_server, running):
    m, coordinator = running
    dashboard = f"/wahl/{m.election.pk}/"
    log_in(tab, live_server, dashboard)
    assert tab.url.endswith(dashboard)
    status = tab.locator("#live-count-status")
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == "0 von 8 anwesenden Organisationen haben abgestimmt."
    assert tab.locator("#live-count a, #live-count button").count() == 0
    # The coordinator is on the "close round" link below the count; the page keeps its nodes.
    close = tab.locator("#round a.kern-btn").first
    close.focus()
    tab.evaluate(
        "() => { window.pwText = document.getElementById('live-count-status').firstChild;"
        " window.pwFocus = document.activeElement; }"
    )
    stand = f"/wahl/{m.election.pk}/stand/"
    for _ in range(2):
        with next_poll(tab, stand) as poll:
            pass
        assert poll.value.status == 204
    assert tab.evaluate(
        "() => document.getElementById('live-count-status').firstChild === window.pwText"
    ), "the unchanged count was swapped"
    assert tab.evaluate("() => document.activeElement === window.pwFocus")

    services.cast_ballot(m.election, code_of(m, 0), "c2")
    with next_poll(tab, stand) as poll:
        pass
    assert poll.value.status == 200
    tab.wait_for_function(
        "() => document.getElementById('live-count-status').textContent.startsWith('1 von 8')"
    )
    assert status.inner_text() == "1 von 8 anwesenden Organisationen hat abgestimmt."
    assert tab.evaluate("() => document.activeElement === window.pwFocus")
    assert_accessible_part(tab, "#round")

    # Once the round is closed the dashboard says so, once, and stops asking.
    services.close_round(coordinator, m.election.rounds.get())
    with next_poll(tab, stand) as poll:
        pass
    assert poll.value.status == 286
    asked: list[str] = []
    tab.on("request", lambda r: asked.append(r.url) if stand in r.url else None)
    tab.wait_for_timeout(POLL_MS + 1_500)
    assert asked == []
    assert "nicht mehr offen" in status.inner_text()


# -- the projector --------------------------------------------------------------------
def test_the_projector_fits_320_px_and_updates_only_its_count(
    browser, live_server, running, assert_accessible, assert_no_horizontal_scroll
):
    m, _coordinator = running
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="de-DE")
    page = context.new_page()
    page.console_errors = []
    try:
        page.goto(f"{live_server.url}/wahl/{m.election.pk}/projektor/")
        assert_no_horizontal_scroll(page)
        widest = page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('main *')]"
            ".map(e => e.getBoundingClientRect().right))"
        )
        assert widest <= 320, f"an element reaches {widest}px"
        count = page.locator("#projector-count")
        assert count.get_attribute("role") == "status"
        page.evaluate("() => { window.pwList = document.querySelector('main ul'); }")
        assert_accessible(page)

        services.cast_ballot(m.election, code_of(m, 0), "c1")
        page.wait_for_function(
            "() => document.getElementById('projector-count').textContent.startsWith('1 von')",
            timeout=2 * POLL_MS + 5_000,
        )
        assert page.evaluate("() => document.querySelector('main ul') === window.pwList")
        assert_no_horizontal_scroll(page)
    finally:
        context.close()
