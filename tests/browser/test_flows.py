"""The main flows in a real browser: nominating, appointing, reading the chart."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What a resident reads on the nomination form, in each language.
FORM = {
    "de": {
        "body": ("Expert*innengruppe", "Expert*innengruppe Bildung"),
        "organisation": "Vorschlagende Organisation",
        "contact_name": "Kontaktperson",
        "contact_email": "E-Mail der Kontaktperson",
        "given_name": "Vorname der vorgeschlagenen Person",
        "family_name": "Nachname der vorgeschlagenen Person",
        "kind": ("Die vorgeschlagene Person arbeitet in", "Zivilgesellschaft"),
        "expertise": "Expertise",
        "consent": "Die vorgeschlagene Person ist einverstanden",
        "send": "Vorschlag absenden",
        "received": "eingegangen",
    },
    "en": {
        "body": ("Expert group", "Expert group Education"),
        "organisation": "Nominating organisation",
        "contact_name": "Contact person",
        "contact_email": "Contact email",
        "given_name": "Given name of the nominee",
        "family_name": "Family name of the nominee",
        "kind": ("The nominee works in", "Civil society"),
        "expertise": "Expertise",
        "consent": "The nominee agrees",
        "send": "Send the nomination",
        "received": "received",
    },
}


@pytest.mark.parametrize("language", ["de", "en"])
def test_resident_sends_a_nomination_and_sees_it_received(
    page, live_server, language, assert_accessible, switch_language
):
    words = FORM[language]
    page.goto(live_server.url + "/gremien/vorschlagen/")
    if language != "de":
        switch_language(page, language)
    page.get_by_label(words["body"][0], exact=True).select_option(label=words["body"][1])
    page.get_by_label(words["organisation"]).fill("Elternnetzwerk Linden e.V.")
    page.get_by_label(words["contact_name"], exact=True).fill("Dilara Kaya")
    page.get_by_label(words["contact_email"]).fill("kontakt@example.org")
    page.get_by_label(words["given_name"]).fill("Samira")
    page.get_by_label(words["family_name"]).fill("Haddad")
    page.get_by_label(words["kind"][0]).select_option(label=words["kind"][1])
    page.get_by_label(words["expertise"], exact=True).fill("Berät Familien zu Schule und Beruf.")
    page.get_by_label(words["consent"]).check()
    with page.expect_navigation():
        page.get_by_role("button", name=words["send"]).click()

    assert "/gremien/vorschlag/" in page.url
    assert words["received"] in page.locator("#nomination-status").inner_text()
    assert "Samira Haddad" in page.locator("main").inner_text()
    assert_accessible(page)


def test_empty_nomination_shows_errors_linked_to_their_fields(page, live_server, assert_accessible):
    page.goto(live_server.url + "/gremien/vorschlagen/")
    with page.expect_navigation():
        page.get_by_role("button", name="Vorschlag absenden").click()

    summary = page.get_by_role("alert")
    assert "Bitte korrigieren Sie" in summary.inner_text()
    # The summary has the focus, and each of its entries jumps to its field.
    assert page.evaluate("document.activeElement.classList.contains('pw-error-summary')")
    invalid = page.locator("main [aria-invalid=true]")
    names = [invalid.nth(i).get_attribute("name") for i in range(invalid.count())]
    assert set(names) == {
        "body",
        "organisation",
        "contact_name",
        "contact_email",
        "nominee_given_name",
        "nominee_family_name",
        "nominee_kind",
        "expertise",
        "consent",
    }
    for name in names:
        field = page.locator(f"main [name={name}]")
        field_id = field.get_attribute("id")
        described = (field.get_attribute("aria-describedby") or "").split()
        assert f"{field_id}-error" in described, name
        error = page.locator(f"#{field_id}-error")
        assert error.is_visible()
        assert error.inner_text().strip(), name
        assert summary.locator(f'a[href="#{field_id}"]').count() == 1
    assert_accessible(page)

    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.name") == "body"


def test_coordinator_appoints_the_missing_external_expert(page, live_server, assert_accessible):
    page.goto(live_server.url + "/anmelden/?next=/gremien/wirtschaft/")
    assert_accessible(page)
    page.get_by_label("Benutzername").fill("koordination")
    page.get_by_label("Passwort").fill("planwerk-demo")
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()

    assert page.url == live_server.url + "/gremien/wirtschaft/"
    check = page.locator("section#composition, section[aria-labelledby=composition]")
    missing = re.compile(r"Externe Expert\*innen: 3 von mindestens 4")
    assert missing.search(check.inner_text())

    with page.expect_navigation():
        page.get_by_role("link", name="Mitglied berufen").click()
    assert_accessible(page)
    page.get_by_label("Eine neue Person", exact=True).check()
    page.get_by_label("Vorname (neue Person)").fill("Ayşe")
    page.get_by_label("Nachname (neue Person)").fill("Demir")
    page.get_by_label("Arbeitet in (neue Person)").select_option(label="Zivilgesellschaft")
    page.get_by_label("Sitz", exact=True).select_option(
        label="Expert*innengruppe Wirtschaft: Externe Expert*innen"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Berufen").click()

    assert page.url == live_server.url + "/gremien/wirtschaft/"
    assert "Die Mitgliedschaft wurde eingetragen." in page.get_by_role("status").inner_text()
    check = page.locator("section[aria-labelledby=composition]")
    assert not missing.search(check.inner_text())
    assert "Jede Sitzregel ist erfüllt." in check.inner_text()
    assert "Ayşe Demir" in page.get_by_role("table", name=re.compile("^Sitze")).inner_text()
    assert_accessible(page)


def test_organisation_chart_is_visible_named_and_told_as_text(page, live_server, assert_accessible):
    page.goto(live_server.url + "/gremien/organigramm/")
    chart = page.get_by_role("img", name=re.compile("^Organisation des Prozesses"))
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 300

    flows = page.locator("#flow-list li")
    assert flows.count() == 12
    text = flows.all_inner_texts()
    assert "Expert*innengruppen → Lenkungsgruppe: Vorlage" in " ".join(text)
    assert "Lenkungsgruppe → Internationaler Ausschuss: Konsensfähiger Entwurf" in text
    assert_accessible(page)


def test_organisation_chart_scrolls_inside_its_own_box_on_a_phone(
    phone_page, live_server, assert_accessible, assert_no_horizontal_scroll
):
    phone_page.goto(live_server.url + "/gremien/organigramm/")
    scroller = phone_page.get_by_role("region", name=re.compile("Infografik 1"))
    wide, shown = scroller.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert wide > shown, "the chart keeps its drawn size and scrolls"
    assert_no_horizontal_scroll(phone_page)
    # Keyboard users reach the box and move the chart with the arrow keys.
    scroller.focus()
    phone_page.keyboard.press("ArrowRight")
    phone_page.keyboard.press("End")
    expect(scroller).not_to_have_js_property("scrollLeft", 0)
    assert_accessible(phone_page)
