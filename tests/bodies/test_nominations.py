"""Nominating an expert on one's own initiative, and what becomes of the nomination."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from tests.conftest import english_client

from planwerk.audit.models import AuditEntry
from planwerk.bodies import services
from planwerk.bodies.models import Body, Membership, Nomination, Person, SeatCategory
from planwerk.processes.models import Process

FORM = "/gremien/vorschlagen/"


@pytest.fixture(autouse=True)
def fresh_throttle() -> Iterator[None]:
    """Every test starts with no nominations counted against its address."""
    cache.clear()
    yield
    cache.clear()


def body(slug: str) -> Body:
    return Body.objects.get(slug=slug)


def form_data(**changes: Any) -> dict[str, Any]:
    data = {
        "body": body("soziales").pk,
        "organisation": "Elternnetzwerk Mehrsprachigkeit e.V.",
        "contact_name": "Selin Arslan",
        "contact_email": "kontakt@example.org",
        "nominee_given_name": "Mara",
        "nominee_family_name": "Lindqvist",
        "nominee_kind": "external",
        "expertise": "Berät seit zehn Jahren Familien in der Sozialberatung.",
        "consent": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def nominate(client: Client, **changes: Any) -> Any:
    return client.post(FORM, form_data(**changes))


def status_text(client: Client, nomination: Nomination) -> str:
    page = client.get(f"/gremien/vorschlag/{nomination.token}/").content.decode()
    start = page.index('id="nomination-status"')
    return page[start : page.index("</dd>", start)]


def submitted() -> Nomination:
    nomination = Nomination.objects.get()
    assert nomination.status == Nomination.Status.SUBMITTED
    return nomination


def logged_in(user: Any) -> Client:
    browser = english_client()
    browser.force_login(user)
    return browser


@pytest.fixture
def forwarded(client: Client, koordination: Any) -> Nomination:
    """A nomination for the expert group Soziales, forwarded to Dezernat III."""
    nominate(client)
    nomination = submitted()
    services.forward_nomination(koordination, nomination)
    nomination.refresh_from_db()
    return nomination


def detail_url(nomination: Nomination) -> str:
    return f"/gremien/vorschlaege/{nomination.pk}/"


# -- the public form ---------------------------------------------------------------
def test_the_form_offers_the_six_expert_groups_only(client: Client, process: Process) -> None:
    response = client.get(FORM)

    assert response.status_code == 200
    choices = {str(label) for _value, label in response.context["form"].fields["body"].choices}
    assert len(choices - {"---------"}) == 6
    assert "Steering group" not in choices


def test_a_nomination_is_saved_and_the_contact_sees_its_status(
    client: Client, process: Process
) -> None:
    response = nominate(client)

    nomination = submitted()
    assert response.status_code == 302
    assert response["Location"] == f"/gremien/vorschlag/{nomination.token}/"
    assert (nomination.organisation, nomination.nominee_family_name) == (
        "Elternnetzwerk Mehrsprachigkeit e.V.",
        "Lindqvist",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Mara Lindqvist" in page
    assert "received" in status_text(client, nomination)
    assert AuditEntry.objects.filter(action="bodies.nomination.submitted").count() == 1


def test_an_unknown_status_link_is_not_found(client: Client, process: Process) -> None:
    assert client.get("/gremien/vorschlag/kein-solcher-link/").status_code == 404


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("organisation", "O" * 201),
        ("contact_name", "C" * 201),
        ("nominee_given_name", "G" * 101),
        ("nominee_family_name", "F" * 101),
        ("expertise", "E" * 2001),
        ("contact_email", "keine-adresse"),
        ("consent", None),
        ("nominee_kind", "alien"),
    ],
)
def test_a_wrong_field_is_named_and_nothing_is_saved(
    client: Client, process: Process, field: str, value: Any
) -> None:
    entries = AuditEntry.objects.count()
    response = nominate(client, **{field: value})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert f'id="id_{field}-error"' in response.content.decode()
    assert not Nomination.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_expertise_too_long_is_explained(client: Client, process: Process) -> None:
    response = nominate(client, expertise="E" * 2001)

    (message,) = response.context["form"].errors["expertise"]
    assert "at most 2000 characters" in message and "2001" in message


def test_the_eleventh_nomination_within_an_hour_is_refused(
    client: Client, process: Process
) -> None:
    for number in range(10):
        assert nominate(client, nominee_given_name=f"Person {number}").status_code == 302

    response = nominate(client, nominee_given_name="Person 11")

    assert response.status_code == 200
    assert "Too many nominations from your connection" in response.content.decode()
    assert Nomination.objects.count() == 10


def test_another_address_may_still_nominate(client: Client, process: Process) -> None:
    for _ in range(11):
        nominate(client)

    other = english_client(REMOTE_ADDR="192.0.2.7")

    assert nominate(other, contact_email="andere@example.org").status_code == 302


def test_the_service_refuses_expertise_longer_than_2000_characters(process: Process) -> None:
    with pytest.raises(ValidationError) as caught:
        services.submit_nomination(
            body=body("soziales"),
            organisation="Verein",
            contact_name="Kontakt",
            contact_email="k@example.org",
            nominee_given_name="Mara",
            nominee_family_name="Lindqvist",
            nominee_kind="external",
            expertise="E" * 2001,
            consent=True,
        )

    assert "expertise" in caught.value.message_dict
    assert not Nomination.objects.exists()


def test_nominations_are_for_expert_groups_only(process: Process) -> None:
    fields = {k: v for k, v in form_data().items() if k not in {"body", "consent"}}

    with pytest.raises(ValidationError) as caught:
        services.submit_nomination(body=body("lenkungsgruppe"), consent=True, **fields)

    assert "body" in caught.value.message_dict


# -- the coordinator forwards, the lead Dezernat decides ------------------------------
def test_the_coordinator_forwards_and_the_contact_sees_it(
    client: Client, koordination: Any
) -> None:
    nominate(client)
    nomination = submitted()

    response = logged_in(koordination).post(detail_url(nomination), {"action": "forward"})

    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.FORWARDED
    assert nomination.forwarded_by == "koordination"
    assert "forwarded to the Dezernat" in status_text(client, nomination)


def test_a_nomination_is_forwarded_once(forwarded: Nomination, koordination: Any) -> None:
    with pytest.raises(ValidationError, match="already been forwarded"):
        services.forward_nomination(koordination, forwarded)


def test_the_dezernat_sees_a_nomination_only_once_it_is_forwarded(
    client: Client, koordination: Any, dez3: Any
) -> None:
    nominate(client)
    nomination = submitted()
    browser = logged_in(dez3)

    assert browser.get(detail_url(nomination)).status_code == 403
    assert "Lindqvist" not in browser.get("/gremien/vorschlaege/").content.decode()

    services.forward_nomination(koordination, nomination)

    assert browser.get(detail_url(nomination)).status_code == 200
    assert "Lindqvist" in browser.get("/gremien/vorschlaege/").content.decode()


def test_the_lead_dezernat_appoints_the_nominee(
    client: Client, forwarded: Nomination, dez3: Any
) -> None:
    extern = SeatCategory.objects.get(body__slug="soziales", slug="extern")

    response = logged_in(dez3).post(
        detail_url(forwarded), {"action": "appoint", "seat": extern.pk, "start": "2020-02-01"}
    )

    assert response.status_code == 302
    forwarded.refresh_from_db()
    assert forwarded.status == Nomination.Status.APPOINTED
    assert forwarded.decided_by == "dez3"
    membership = forwarded.membership
    assert membership is not None
    assert (membership.seat, membership.start) == (extern, dt.date(2020, 2, 1))
    person = membership.person
    assert (person.given_name, person.family_name, person.kind, person.organisation) == (
        "Mara",
        "Lindqvist",
        "external",
        "Elternnetzwerk Mehrsprachigkeit e.V.",
    )
    assert "appointed" in status_text(client, forwarded)


def test_the_lead_dezernat_declines_with_a_reason_the_contact_can_read(
    client: Client, forwarded: Nomination, dez3: Any
) -> None:
    response = logged_in(dez3).post(
        detail_url(forwarded), {"action": "decline", "reason": "Die Gruppe ist vollständig."}
    )

    assert response.status_code == 302
    forwarded.refresh_from_db()
    assert forwarded.status == Nomination.Status.DECLINED
    assert "declined" in status_text(client, forwarded)
    assert (
        "Die Gruppe ist vollständig."
        in client.get(f"/gremien/vorschlag/{forwarded.token}/").content.decode()
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_declining_without_a_reason_is_refused(
    forwarded: Nomination, dez3: Any, reason: str
) -> None:
    response = logged_in(dez3).post(detail_url(forwarded), {"action": "decline", "reason": reason})

    assert response.status_code == 200
    assert "reason" in response.context["decline_form"].errors
    forwarded.refresh_from_db()
    assert forwarded.status == Nomination.Status.FORWARDED


def test_the_service_refuses_a_blank_reason_too(forwarded: Nomination, dez3: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.decline_nomination(dez3, forwarded, "  \n ")

    assert "Please give a reason" in caught.value.message_dict["reason"][0]


def test_appointing_to_a_full_seat_is_refused_and_no_person_is_created(
    forwarded: Nomination, dez3: Any, make_person: Any
) -> None:
    extern = SeatCategory.objects.get(body__slug="soziales", slug="extern")
    for _ in range(4):
        Membership.objects.create(
            person=make_person(), body=extern.body, seat=extern, start=dt.date(2020, 1, 1)
        )
    people = Person.objects.count()

    response = logged_in(dez3).post(
        detail_url(forwarded), {"action": "appoint", "seat": extern.pk, "start": "2020-02-01"}
    )

    assert response.status_code == 200
    assert "All 4 seats of External experts are filled" in response.content.decode()
    assert Person.objects.count() == people
    forwarded.refresh_from_db()
    assert forwarded.status == Nomination.Status.FORWARDED


def test_a_decided_nomination_is_not_decided_again(forwarded: Nomination, dez3: Any) -> None:
    services.decline_nomination(dez3, forwarded, "Passt nicht.")
    extern = SeatCategory.objects.get(body__slug="soziales", slug="extern")

    with pytest.raises(ValidationError, match="forwarded to the Dezernat"):
        services.appoint_from_nomination(dez3, forwarded, seat=extern, start=dt.date(2020, 2, 1))


def test_another_dezernat_can_neither_see_nor_decide(forwarded: Nomination, dez5: Any) -> None:
    browser = logged_in(dez5)
    extern = SeatCategory.objects.get(body__slug="soziales", slug="extern")

    assert browser.get(detail_url(forwarded)).status_code == 403
    assert (
        browser.post(detail_url(forwarded), {"action": "decline", "reason": "Nein"}).status_code
        == 403
    )
    assert "Lindqvist" not in browser.get("/gremien/vorschlaege/").content.decode()
    with pytest.raises(PermissionDenied):
        services.appoint_from_nomination(dez5, forwarded, seat=extern, start=dt.date(2020, 2, 1))
    with pytest.raises(PermissionDenied):
        services.decline_nomination(dez5, forwarded, "Nein")
    forwarded.refresh_from_db()
    assert forwarded.status == Nomination.Status.FORWARDED


def test_only_the_coordinator_forwards(client: Client, dez3: Any) -> None:
    nominate(client)

    with pytest.raises(PermissionDenied):
        services.forward_nomination(dez3, submitted())


def test_the_nominations_page_shows_each_step_who_took_it_and_why(
    forwarded: Nomination, dez3: Any
) -> None:
    logged_in(dez3).post(
        detail_url(forwarded), {"action": "decline", "reason": "Die Gruppe ist vollständig."}
    )

    page = logged_in(dez3).get(detail_url(forwarded)).content.decode()
    history = page[page.index('id="history-h"') :]
    forwarded_at, declined_at = (
        history.index("<strong>forwarded"),
        history.index("<strong>declined"),
    )
    assert forwarded_at < declined_at  # oldest first
    assert "dez3" in history[declined_at:]
    assert "Reason: Die Gruppe ist vollständig." in history[declined_at:]
    assert "koordination" in history[forwarded_at:declined_at]
