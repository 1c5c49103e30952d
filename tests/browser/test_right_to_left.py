"""Arabic pages read right to left: the layout mirrors, nothing scrolls sideways and
axe finds nothing, on a desktop and on a phone, with Arabic content on the page."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGANISATION = "الجمعية العربية للثقافة في هانوفر"
NOMINEE = ("سميرة", "الحداد")


@pytest.fixture
def arabic_nomination(process_data):
    from planwerk.bodies.models import Body, Nomination

    return Nomination.objects.create(
        body=Body.objects.get(process=process_data, slug="soziales"),
        organisation=ORGANISATION,
        contact_name="دلارا قايا",
        contact_email="kontakt@verein.example",
        nominee_given_name=NOMINEE[0],
        nominee_family_name=NOMINEE[1],
        nominee_kind="external",
        expertise="تقدم المشورة للعائلات حول المدرسة والعمل.",
        consent=True,
        language="ar",
    )


@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_arabic_pages_read_right_to_left(
    request,
    fixture,
    live_server,
    arabic_nomination,
    assert_accessible,
    switch_language,
    assert_no_horizontal_scroll,
):
    tab = request.getfixturevalue(fixture)
    # The Arabic button, named in Arabic, switches the pages to Arabic.
    tab.goto(live_server.url + "/")
    switch_language(tab, "ar")
    assert tab.get_attribute("html", "lang") == "ar"
    assert tab.get_attribute("html", "dir") == "rtl"

    # The brand, first in the header, stands at the right edge.
    brand = tab.locator(".pw-brand").bounding_box()
    width = tab.evaluate("document.documentElement.clientWidth")
    assert brand["x"] + brand["width"] > width * 0.75, brand
    assert_no_horizontal_scroll(tab)
    assert_accessible(tab)

    for path in [
        f"/gremien/vorschlag/{arabic_nomination.token}/",
        "/gremien/vorschlagen/",
        "/zeitplan/",
    ]:
        tab.goto(live_server.url + path)
        assert tab.get_attribute("html", "dir") == "rtl"
        assert_no_horizontal_scroll(tab)
        assert_accessible(tab)
    tab.goto(live_server.url + f"/gremien/vorschlag/{arabic_nomination.token}/")
    assert ORGANISATION in tab.locator("main").inner_text()
    assert " ".join(NOMINEE) in tab.locator("main").inner_text()

    # German is one button away, and reads left to right again.
    switch_language(tab, "de")
    assert tab.get_attribute("html", "dir") == "ltr"
