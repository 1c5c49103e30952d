"""The interface languages: German first and the fallback; the visitor chooses another
with the buttons in the header; Arabic pages read right to left."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client


def client_in(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_five_languages_are_configured_with_german_first():
    assert [code for code, _name in settings.LANGUAGES] == ["de", "en", "tr", "ar", "ru"]
    assert settings.LANGUAGE_CODE == "de"


PRINT_LANGUAGES = "from django.conf import settings; print([c for c, _ in settings.LANGUAGES])"


def configured_languages(value: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PRINT_LANGUAGES],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "planwerk.settings",
            "PLANWERK_TESTING": "1",
            "PLANWERK_LANGUAGES": value,
        },
        capture_output=True,
        text=True,
    )


def test_the_languages_are_set_in_the_environment_and_german_stays_first():
    result = configured_languages("en,tr")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['de', 'en', 'tr']"

    unknown = configured_languages("de,xx")
    assert unknown.returncode != 0
    assert "PLANWERK_LANGUAGES" in unknown.stderr and "xx" in unknown.stderr


@pytest.mark.django_db
def test_the_header_offers_every_other_language_with_its_texts_named_in_itself(hannover):
    page = Client().get("/").content.decode()
    assert 'hreflang="de"' not in page  # the page is German already
    assert 'aria-label="Sprache"' in page
    for code, name in [("en", "English"), ("tr", "Türkçe"), ("ar", "العربيّة"), ("ru", "Русский")]:
        assert f'href="/sprache/{code}/?next=/" hreflang="{code}" lang="{code}"' in page
        assert f'<span class="kern-label">{name}</span>' in page


@pytest.mark.django_db
def test_a_configured_language_without_its_texts_has_no_button(hannover, monkeypatch):
    # Its pages would be German set right to left, or German with its month names.
    monkeypatch.setattr(
        "planwerk.core.templatetags.languages.has_catalogue", lambda code: code != "ru"
    )
    page = Client().get("/").content.decode()

    assert 'hreflang="ru"' not in page
    assert 'hreflang="tr" lang="tr"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("tr", "ltr"), ("ru", "ltr")])
def test_the_chosen_language_sets_lang_and_direction(hannover, code, direction):
    client = Client()
    assert client.get(f"/sprache/{code}/?next=/")["Location"] == "/"

    page = client.get("/").content.decode()

    assert f'<html lang="{code}" dir="{direction}"' in page
    assert 'hreflang="de" lang="de" dir="ltr"' in page  # the way back


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "text"),
    [("tr", "İçeriğe geç"), ("ar", "انتقل إلى المحتوى"), ("ru", "Перейти к содержанию")],
)
def test_the_pages_are_written_in_the_chosen_language(hannover, code, text):
    page = client_in(code).get("/").content.decode()

    assert text in page
    assert "Zum Inhalt springen" not in page


@pytest.mark.django_db
def test_an_untranslated_text_falls_back_to_german_not_english(hannover, settings):
    # A language planwerk has no texts for (yet): Ukrainian, configured for the test.
    settings.LANGUAGES = [*settings.LANGUAGES, ("uk", "Українська")]

    page = client_in("uk").get("/").content.decode()

    assert '<html lang="uk" dir="ltr"' in page
    assert "Zum Inhalt springen" in page  # "Skip to content", untranslated into Ukrainian
    assert 'hreflang="uk"' not in page  # and no button offers it


@pytest.mark.django_db
def test_a_language_no_longer_configured_falls_back_to_german(hannover, settings):
    settings.LANGUAGES = [("de", "German"), ("en", "English")]

    page = client_in("ar").get("/").content.decode()

    assert '<html lang="de" dir="ltr"' in page


@pytest.mark.django_db
def test_the_api_follows_accept_language_among_the_configured_ones(hannover):
    response = Client().get("/api/v1/bodies", HTTP_ACCEPT_LANGUAGE="ru,en;q=0.5")

    assert response.headers["Content-Language"] == "ru"


@pytest.mark.django_db
def test_an_account_reads_its_pages_in_its_persons_language_until_it_presses_a_button(
    hannover, make_user
):
    from planwerk.bodies.models import Person

    user = make_user("kemal")
    Person.objects.create(
        given_name="Kemal", family_name="Aydın", kind="external", user=user, language="tr"
    )
    client = Client()
    assert '<html lang="de"' in client.get("/").content.decode()

    client.post("/anmelden/", {"username": "kemal", "password": "pw"})
    assert '<html lang="tr"' in client.get("/").content.decode()

    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert '<html lang="de"' in client.get("/").content.decode()
