"""planwerk's own error pages, in the visitor's language, saying what to do next; a
lost database connection answers 503 "please try again", never a bare 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from tests.conftest import english_client


def failing(error: Exception) -> Any:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise error

    return fail


def tolerant_client(english: bool = False) -> Client:
    """A client that shows the error page instead of raising the view's exception."""
    return (
        english_client(raise_request_exception=False)
        if english
        else Client(raise_request_exception=False)
    )


# -- 404 --------------------------------------------------------------------------------
@pytest.mark.django_db
def test_an_unknown_address_shows_planwerks_page_not_found_in_german(client):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Seite nicht gefunden" in page
    assert 'href="/"' in page and "Zur Startseite" in page
    assert "Hauptnavigation" in page  # planwerk's layout


@pytest.mark.django_db
def test_the_page_not_found_speaks_english_after_the_language_button():
    page = english_client().get("/gibt-es-nicht/").content.decode()

    assert "Page not found" in page
    assert "Go to the start page" in page


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/gremien/vorschlag/%00/", "/gremien/a%00b/", "/wahl/%00/"])
def test_a_nul_character_in_the_address_gives_page_not_found(client, hannover, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_character_in_an_api_address_gives_a_json_404(client, hannover):
    response = client.get("/api/v1/bodies/a%00b")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


# -- 403 and CSRF -----------------------------------------------------------------------
@pytest.mark.django_db
def test_a_page_for_another_role_shows_access_denied_with_the_reason(client, make_user, hannover):
    client.force_login(make_user("buerger"))

    response = client.get("/gremien/vorschlaege/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "Zugriff verweigert" in page
    assert "Sie sind als buerger angemeldet" in page
    assert "Abmelden" in page  # the visitor can switch accounts from here


@pytest.mark.django_db
def test_a_form_without_its_security_token_explains_what_to_do(hannover):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/anmelden/", {"username": "x", "password": "y"})

    assert response.status_code == 403
    page = response.content.decode()
    assert "Das Formular konnte nicht gesendet werden" in page
    assert "Nichts wurde gespeichert" in page


@pytest.mark.django_db
def test_the_security_token_page_speaks_english_after_the_language_button(hannover):
    client = english_client(enforce_csrf_checks=True)

    page = client.post("/anmelden/", {"username": "x"}).content.decode()

    assert "The form could not be sent" in page


# -- 500 and 503 ------------------------------------------------------------------------
@pytest.mark.django_db
def test_an_unexpected_error_shows_planwerks_server_error_page(monkeypatch):
    monkeypatch.setattr("planwerk.core.views.shown_sections", failing(RuntimeError("bug")))

    response = tolerant_client().get("/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Bei uns ist etwas schiefgegangen" in page
    assert "Zur Startseite" in page


@pytest.mark.django_db
def test_the_server_error_page_speaks_english_after_the_language_button(monkeypatch):
    monkeypatch.setattr("planwerk.core.views.shown_sections", failing(RuntimeError("bug")))

    page = tolerant_client(english=True).get("/").content.decode()

    assert "Something went wrong on our side" in page
    assert '<html lang="en"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError("gone"), InterfaceError("closed")])
def test_a_lost_database_connection_asks_to_try_again(monkeypatch, error):
    monkeypatch.setattr("planwerk.core.views.shown_sections", failing(error))

    response = tolerant_client().get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Bitte versuchen Sie es noch einmal" in page


@pytest.mark.django_db
def test_the_try_again_page_renders_while_every_query_fails(hannover, make_user):
    """The page needs no database: not for the user, her roles or the session."""
    client = english_client(raise_request_exception=False)
    client.force_login(make_user("koordination", "coordinator"))

    def unreachable(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        raise OperationalError("server closed the connection unexpectedly")

    with connection.execute_wrapper(unreachable):
        response = client.get("/gremien/")

    assert response.status_code == 503
    page = response.content.decode()
    assert "Please try again" in page
    assert "lost the connection to its database" in page
    assert '<html lang="en"' in page


@pytest.mark.django_db
def test_the_api_answers_a_lost_database_connection_in_json(hannover, monkeypatch):
    monkeypatch.setattr("planwerk.bodies.api.current_process", failing(OperationalError("gone")))

    client = Client(raise_request_exception=False)

    response = client.get("/api/v1/bodies", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 503
    assert response.json() == {
        "detail": "The database cannot be reached at the moment. Please try again in a minute."
    }


# -- the API's documentation ------------------------------------------------------------
@pytest.mark.django_db
def test_the_api_documentation_is_served_from_planwerks_own_files(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "/static/core/api-docs.js" in page
    assert "cdn" not in page.lower()
    assert "<script>" not in page  # nothing inline under the content security policy
    assert "/api/v1/openapi.json" in page
