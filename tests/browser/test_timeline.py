"""The timeline in a real browser: the coordination reads it on a desktop and on a
phone (axe finds nothing, the page does not scroll sideways, the chart scrolls in its
own region), then moves the first stage's end and confirms what moves along."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from tests.browser.test_coordination_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordination_reads_the_timeline_on_a_phone(
    phone_page, live_server, assert_accessible, assert_no_horizontal_scroll
):
    page = phone_page
    log_in(page, live_server, "/zeitplan/")
    assert page.locator("svg.tl-chart").is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    # The chart is wider than the phone and scrolls inside its own region.
    region = page.locator(".tl-scroll")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")


def test_the_coordination_moves_a_stage_and_sees_what_moves_along(
    page, live_server, assert_accessible
):
    from planwerk.processes.models import Stage

    first, second = Stage.objects.order_by("order")[:2]
    log_in(page, live_server, "/zeitplan/")
    assert_accessible(page)
    page.get_by_role(
        "link", name=re.compile(rf"^Verschieben\s*: {re.escape(str(first.name))}$")
    ).click()
    assert_accessible(page)
    later = first.ends + dt.timedelta(days=14)
    page.get_by_label("Ende").fill(later.isoformat())
    page.get_by_label("Grund").fill("Mehr Zeit für die Beteiligung")
    with page.expect_navigation():
        page.get_by_role("button", name="Weiter").click()

    assert page.get_by_role("heading", name="Diese Daten verschieben?").is_visible()
    assert f"{second.name}: Beginn" in page.locator("table").inner_text()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Daten jetzt verschieben").click()

    assert page.url == live_server.url + "/zeitplan/"
    assert "wurden verschoben" in page.locator(".pw-messages").inner_text()
    second.refresh_from_db()
    assert second.starts == dt.date(2020, 4, 15)
