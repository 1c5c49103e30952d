"""The meeting pages in a real browser at phone width: plan, agenda, invitations,
attendance; accessible and without sideways scrolling."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, next_path: str) -> None:
    page.goto(f"{live_server.url}/anmelden/?next={next_path}")
    page.get_by_label("Benutzername").fill("koordination")
    page.get_by_label("Passwort").fill("planwerk-demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()


def test_the_coordinator_plans_a_meeting_and_invites_on_a_phone(
    phone_page, live_server, assert_accessible, assert_no_horizontal_scroll
):
    from planwerk.meetings.models import Meeting

    page = phone_page
    log_in(page, live_server, "/sitzungen/gremium/wirtschaft/planen/")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.get_by_label("Titel").fill("Auftaktsitzung")
    page.get_by_label("Beginn").fill("2030-03-04T17:00")
    page.get_by_label("Ort").fill("Neues Rathaus, Raum 1")
    with page.expect_navigation():
        page.get_by_role("button", name="Sitzung planen").click()
    page.get_by_label("Tagesordnungspunkt").fill("Begrüßung und Vorstellung")
    with page.expect_navigation():
        page.get_by_role("button", name="Tagesordnungspunkt hinzufügen").click()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Einladungen versenden").click()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Einladungen jetzt versenden").click()
    assert Meeting.objects.get(title="Auftaktsitzung").status == "invited"
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
