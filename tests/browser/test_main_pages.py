"""The main pages, in German and in English, on a desktop and on a phone: axe finds nothing."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN_PAGES = [
    "/",
    "/gremien/",
    "/gremien/lenkungsgruppe/",
    "/gremien/soziales/",
    "/gremien/organigramm/",
    "/zeitplan/",
    "/gremien/vorschlagen/",
    "/anmelden/",
]
# The first link of the main navigation, in each language.
BODIES_LINK = {"de": "Gremien", "en": "Bodies"}


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_page_speaks_german_then_english_after_the_language_button(
    page, live_server, path, assert_accessible, switch_language
):
    response = page.goto(live_server.url + path)
    assert response.status == 200
    assert page.get_attribute("html", "lang") == "de"
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    assert nav.get_by_role("link").first.inner_text() == BODIES_LINK["de"]
    assert_accessible(page)

    switch_language(page, "en")
    assert page.url == live_server.url + path
    nav = page.get_by_role("navigation", name="Main navigation")
    assert nav.get_by_role("link").first.inner_text() == BODIES_LINK["en"]
    assert_accessible(page)


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_page_fits_a_phone_without_sideways_scrolling(
    phone_page, live_server, path, assert_accessible, assert_no_horizontal_scroll
):
    response = phone_page.goto(live_server.url + path)
    assert response.status == 200
    assert_no_horizontal_scroll(phone_page)
    assert_accessible(phone_page)
