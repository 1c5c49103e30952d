"""Nominations reach people: emails to the organisation, the coordination and the
lead Dezernat (sent by tasks; in tests the immediate backend runs them at once)."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from tests.conftest import english_client

from planwerk.bodies import services
from planwerk.bodies.models import Body, Nomination, Person, SeatCategory
from planwerk.processes.models import Process

FORM = "/gremien/vorschlagen/"


@pytest.fixture(autouse=True)
def fresh_throttle() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people(process: Process, make_user: Any) -> dict[str, Any]:
    return {
        "koordination": make_user("koordination", "coordinator", email="k1@stadt.example"),
        "koordination2": make_user("koordination2", "coordinator", email="k2@stadt.example"),
        "dez3": make_user("dez3", "dezernat", "dez-iii", email="dez3@stadt.example"),
        "dez5": make_user("dez5", "dezernat", "dez-v", email="dez5@stadt.example"),
    }


def nominate(client: Client | None = None) -> Nomination:
    """An organisation nominates on the German page (unless another browser is given)."""
    response = (client or Client()).post(
        FORM,
        {
            "body": Body.objects.get(slug="soziales").pk,
            "organisation": "Elternnetzwerk Linden e.V.",
            "contact_name": "Dilara Kaya",
            "contact_email": "kontakt@verein.example",
            "nominee_given_name": "Samira",
            "nominee_family_name": "Haddad",
            "nominee_kind": "external",
            "expertise": "Berät Familien zu Schule und Beruf.",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    return Nomination.objects.get()


def logged_in(user: Any) -> Client:
    browser = english_client()
    browser.force_login(user)
    return browser


def to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if address in m.to]


def test_the_organisation_gets_a_confirmation_in_german_with_its_status_link(
    client: Client, people: dict[str, Any], settings: Any
) -> None:
    settings.DEFAULT_FROM_EMAIL = "lip@hannover-stadt.example"

    nomination = nominate()

    [confirmation] = to("kontakt@verein.example")
    assert confirmation.from_email == "lip@hannover-stadt.example"
    assert confirmation.subject == "Vorschlag eingegangen: Samira Haddad"
    assert confirmation.body.startswith("Guten Tag Dilara Kaya,")
    assert f"http://testserver/gremien/vorschlag/{nomination.token}/" in confirmation.body
    assert "Expert*innengruppe Soziales" in confirmation.body
    assert "OE 50.6 Integration" in confirmation.body


def test_an_organisation_that_nominates_in_english_hears_back_in_english(
    client: Client, people: dict[str, Any]
) -> None:
    nomination = nominate(client)  # the English page
    assert nomination.language == "en"

    [confirmation] = to("kontakt@verein.example")
    assert confirmation.subject == "Nomination received: Samira Haddad"
    assert confirmation.body.startswith("Dear Dilara Kaya,")
    [notice] = to("k1@stadt.example")  # the coordination reads German
    assert notice.subject == "Neuer Vorschlag: Samira Haddad"

    services.forward_nomination(people["koordination"], nomination)
    mail.outbox.clear()
    logged_in(people["dez3"]).post(
        f"/gremien/vorschlaege/{nomination.pk}/",  # the Dezernat's page is in English, too
        {"action": "decline", "reason": "Die Gruppe ist vollständig."},
    )
    [decision] = mail.outbox
    assert decision.subject == "Decision on your nomination: Samira Haddad"


def test_staff_read_their_notices_in_the_language_of_their_person(people: dict[str, Any]) -> None:
    Person.objects.create(
        given_name="Kim",
        family_name="Koordination",
        kind="internal",
        user=people["koordination2"],
        language="en",
    )

    nominate()

    [german] = to("k1@stadt.example")
    [english] = to("k2@stadt.example")
    assert german.to == ["k1@stadt.example"]
    assert german.subject == "Neuer Vorschlag: Samira Haddad"
    assert english.subject == "New nomination: Samira Haddad"


def test_the_page_after_sending_says_where_the_confirmation_goes(
    client: Client, people: dict[str, Any]
) -> None:
    response = client.get(FORM)
    assert response.status_code == 200

    nominate(client)
    page = client.get(f"/gremien/vorschlag/{Nomination.objects.get().token}/")

    assert "A confirmation with the address of this page goes by email to " in (
        page.content.decode()
    )


def test_the_coordinators_hear_of_a_new_nomination_and_the_dezernat_does_not_yet(
    client: Client, people: dict[str, Any]
) -> None:
    nomination = nominate()

    [notice] = to("k1@stadt.example")
    assert sorted(notice.to) == ["k1@stadt.example", "k2@stadt.example"]
    assert notice.subject == "Neuer Vorschlag: Samira Haddad"
    assert f"http://testserver/gremien/vorschlaege/{nomination.pk}/" in notice.body
    assert to("dez3@stadt.example") == []


def test_the_lead_dezernat_and_the_other_coordinator_hear_of_a_forwarded_nomination(
    client: Client, people: dict[str, Any]
) -> None:
    nomination = nominate()
    mail.outbox.clear()

    logged_in(people["koordination"]).post(
        f"/gremien/vorschlaege/{nomination.pk}/", {"action": "forward"}
    )

    [notice] = mail.outbox
    assert sorted(notice.to) == ["dez3@stadt.example", "k2@stadt.example"]
    assert notice.subject == "Vorschlag zur Entscheidung: Samira Haddad"
    assert f"http://testserver/gremien/vorschlaege/{nomination.pk}/" in notice.body


def test_the_organisation_hears_of_the_decision_with_the_reason(
    client: Client, people: dict[str, Any]
) -> None:
    nomination = nominate()
    services.forward_nomination(people["koordination"], nomination)
    mail.outbox.clear()

    logged_in(people["dez3"]).post(
        f"/gremien/vorschlaege/{nomination.pk}/",
        {"action": "decline", "reason": "Die Gruppe ist vollständig."},
    )

    [decision] = mail.outbox
    assert decision.to == ["kontakt@verein.example"]
    assert decision.subject == "Entscheidung über Ihren Vorschlag: Samira Haddad"
    assert "abgelehnt" in decision.body and "Die Gruppe ist vollständig." in decision.body


def test_an_appointment_from_a_nomination_is_told_to_the_organisation(
    client: Client, people: dict[str, Any]
) -> None:
    nomination = nominate()
    services.forward_nomination(people["koordination"], nomination)
    mail.outbox.clear()
    extern = SeatCategory.objects.get(body__slug="soziales", slug="extern")

    logged_in(people["dez3"]).post(
        f"/gremien/vorschlaege/{nomination.pk}/",
        {"action": "appoint", "seat": extern.pk, "start": "2020-02-01"},
    )

    [decision] = mail.outbox
    assert "berufen" in decision.body


def test_a_mail_server_that_fails_loses_no_nomination(
    client: Client, people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> int:
        raise smtplib.SMTPException("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)

    nomination = nominate(client)

    assert nomination.status == Nomination.Status.SUBMITTED
    assert client.get(f"/gremien/vorschlag/{nomination.token}/").status_code == 200
