"""The coordinator's pages in a real browser: appointing a person found by the search,
recording self-declared data, giving a role; at desktop and phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, next_path: str) -> None:
    page.goto(f"{live_server.url}/anmelden/?next={next_path}")
    page.get_by_label("Benutzername").fill("koordination")
    page.get_by_label("Passwort").fill("planwerk-demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()


def test_the_coordinator_finds_a_person_while_typing_and_appoints_them(
    page, live_server, assert_accessible
):
    from planwerk.bodies.models import Membership, Person

    wanted = Person.objects.filter(kind="external").order_by("pk").first()
    log_in(page, live_server, "/gremien/wirtschaft/mitglied-berufen/")
    assert_accessible(page)
    assert page.locator("#id_person option").count() == 1  # only "—" before a search

    page.get_by_label("Eine Person, die schon in planwerk erfasst ist").check()
    page.get_by_label("Nach Namen suchen").fill(wanted.family_name)
    expect(page.locator("#person-matches")).to_contain_text(f"„{wanted.family_name}“")
    page.wait_for_load_state("networkidle")
    page.locator("#id_person").select_option(value=str(wanted.pk))
    page.get_by_label("Sitz", exact=True).select_option(
        label="Expert*innengruppe Wirtschaft: Externe Expert*innen"
    )
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Berufen").click()

    assert page.url == live_server.url + "/gremien/wirtschaft/"
    assert Membership.objects.filter(person=wanted, body__slug="wirtschaft").exists()


def test_choosing_a_person_and_typing_a_new_name_is_explained_with_focus_on_the_summary(
    phone_page, live_server, assert_accessible, assert_no_horizontal_scroll
):
    from planwerk.bodies.models import Person

    page = phone_page
    someone = Person.objects.order_by("pk").first()
    log_in(page, live_server, "/gremien/wirtschaft/mitglied-berufen/")
    page.get_by_label("Nach Namen suchen").fill(someone.family_name)
    page.get_by_role("button", name="Suchen").click()
    expect(page.locator("#person-matches")).to_contain_text(f"„{someone.family_name}“")
    page.wait_for_load_state("networkidle")
    page.locator("#id_person").select_option(value=str(someone.pk))
    page.get_by_label("Vorname (neue Person)").fill("Ayşe")
    page.get_by_label("Nachname (neue Person)").fill("Demir")
    with page.expect_navigation():
        page.get_by_role("button", name="Berufen").click()

    summary = page.get_by_role("alert")
    assert "Geben Sie an, wen Sie berufen" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('pw-error-summary')")
    assert page.title().startswith("Fehler:")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("width", ["page", "phone_page"])
def test_recording_self_declared_data_and_giving_a_role(
    width, request, live_server, assert_accessible, assert_no_horizontal_scroll
):
    page = request.getfixturevalue(width)
    log_in(page, live_server, "/gremien/personen/?gremium=soziales")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)

    page.get_by_role("link", name=re.compile("erfass")).first.click()
    page.wait_for_url(re.compile("/selbstauskunft/"))
    assert "nie für eine einzelne Person" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("divers").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Erfassen").click()
    assert "wurde erfasst" in page.get_by_role("status").first.inner_text()
    assert "gremium=soziales" in page.url

    page.goto(live_server.url + "/gremien/rollen/")
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    from django.contrib.auth import get_user_model

    dez5 = get_user_model().objects.get(username="dez5")
    page.get_by_label("Zugang").select_option(value=str(dez5.pk))
    page.get_by_role("radio", name="Dezernat").check()
    page.locator("#id_unit").select_option(label="Dezernat IV – Bildung, Personal und Organisation")
    with page.expect_navigation():
        page.get_by_role("button", name="Rolle geben").click()
    assert "dez5 ist jetzt für Dezernat IV" in page.locator("main").inner_text()
