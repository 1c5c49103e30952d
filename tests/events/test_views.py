"""The public pages (no login), the registration form with its bad input, the
cancellation by the private link, and the coordination's pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import formats, timezone
from tests.conftest import english_client
from tests.events.conftest import make_event

from planwerk.audit.models import AuditEntry
from planwerk.events import services
from planwerk.events.models import Event, Registration

_R = Registration.Status


def client_for(user: Any) -> Client:
    client = english_client()
    client.force_login(user)
    return client


def form(**fields: Any) -> dict[str, Any]:
    data = {
        "name": "Ayşe Demir",
        "email": "ayse@example.org",
        "languages_spoken": ["tr", "de"],
        "other_languages": "Kurmancî",
        "access_needs": "Gebärdensprache",
    }
    data.update(fields)
    return data


def test_the_event_pages_need_no_login_and_show_no_addresses(world: Any) -> None:
    world.register("Ayşe Demir", "ayse@example.org")
    client = english_client()

    listing = client.get("/veranstaltungen/").content.decode()
    page = client.get(f"/veranstaltungen/{world.event.uuid}/").content.decode()

    assert "Kickoff event" in listing
    assert "Kickoff event" in page and "Neues Rathaus" in page
    assert "ayse@example.org" not in listing + page
    assert "Ayşe" not in page


def test_the_page_is_in_german_where_no_translation_exists(world: Any) -> None:
    page = english_client().get(f"/veranstaltungen/{world.event.uuid}/").content.decode()

    assert 'lang="en" dir="ltr">Kickoff event' in page
    assert 'lang="de" dir="ltr">Stufenloser Zugang' in page


def test_german_text_on_an_arabic_page_reads_left_to_right(world: Any) -> None:
    client = english_client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get(f"/veranstaltungen/{world.event.uuid}/").content.decode()

    assert '<html lang="ar" dir="rtl"' in html
    assert 'lang="de" dir="ltr">Auftaktveranstaltung' in html


def test_an_event_past_midnight_shows_both_dates(world: Any) -> None:
    start = timezone.localtime(world.event.starts_at).replace(hour=23, minute=15)
    services.update_event(
        world.coordinator, world.event, starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    page = english_client().get(f"/veranstaltungen/{world.event.uuid}/").content.decode()

    assert formats.date_format(timezone.localtime(start), "DATETIME_FORMAT") in page
    ends = timezone.localtime(start + dt.timedelta(hours=1))
    assert formats.date_format(ends, "DATETIME_FORMAT") in page


def test_an_unpublished_event_is_not_found_by_the_public(world: Any) -> None:
    draft = services.create_event(
        world.coordinator,
        world.process,
        title="Podium",
        starts_at=world.event.starts_at,
        ends_at=world.event.ends_at,
        place="Rathaus",
    )
    assert Client().get(f"/veranstaltungen/{draft.uuid}/").status_code == 404
    assert client_for(world.coordinator).get(f"/veranstaltungen/{draft.uuid}/").status_code == 200
    assert "Podium" not in Client().get("/veranstaltungen/").content.decode()


def test_registering_confirms_and_sends_the_email_in_the_visitors_language(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = english_client().post(
            f"/veranstaltungen/{world.event.uuid}/teilnehmen/", form(), follow=True
        )

    assert "You are registered" in response.content.decode()
    registration = Registration.objects.get(email="ayse@example.org")
    assert registration.status == _R.CONFIRMED and registration.language == "en"
    assert registration.other_languages == "Kurmancî"
    assert [m.to for m in mail.outbox] == [["ayse@example.org"]]
    assert mail.outbox[0].subject == "Your registration: Kickoff event"
    assert f"/veranstaltungen/absagen/{registration.token}/" in mail.outbox[0].body


def test_the_email_is_german_for_a_german_visitor(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(f"/veranstaltungen/{world.event.uuid}/teilnehmen/", form())

    assert mail.outbox[0].subject == "Ihre Teilnahme: Auftaktveranstaltung"
    assert mail.outbox[0].body.startswith("Guten Tag Ayşe Demir,")


def test_a_full_event_puts_the_registration_on_the_waiting_list(world: Any) -> None:
    world.register("Boris Iwanow", "boris@example.org")
    world.register("Chloé Martin", "chloe@example.org")

    response = english_client().post(
        f"/veranstaltungen/{world.event.uuid}/teilnehmen/", form(), follow=True
    )

    assert "You are on the waiting list" in response.content.decode()
    assert Registration.objects.get(email="ayse@example.org").status == _R.WAITING


def test_a_bad_email_address_is_refused_and_nothing_is_stored(world: Any) -> None:
    response = english_client().post(
        f"/veranstaltungen/{world.event.uuid}/teilnehmen/", form(email="ayse@")
    )

    assert response.status_code == 400
    assert "Enter a valid email address, such as name@example.org." in response.content.decode()
    assert not Registration.objects.exists()


def test_an_unknown_workshop_is_refused(world: Any) -> None:
    services.add_workshop(world.coordinator, world.event, title="Bildung")

    response = english_client().post(
        f"/veranstaltungen/{world.event.uuid}/teilnehmen/", form(workshop="999999")
    )

    assert response.status_code == 400
    assert "Choose one of the workshops of this event." in response.content.decode()
    assert not Registration.objects.exists()


def test_the_workshop_is_chosen_on_the_form(world: Any) -> None:
    workshop = services.add_workshop(world.coordinator, world.event, title="Bildung")
    page = english_client().get(f"/veranstaltungen/{world.event.uuid}/teilnehmen/")
    assert "No workshop" in page.content.decode()

    english_client().post(
        f"/veranstaltungen/{world.event.uuid}/teilnehmen/", form(workshop=str(workshop.pk))
    )

    assert Registration.objects.get().workshop == workshop


def test_registering_after_the_event_has_begun_is_refused(world: Any) -> None:
    Event.objects.filter(pk=world.event.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))

    response = english_client().post(f"/veranstaltungen/{world.event.uuid}/teilnehmen/", form())

    assert response.status_code == 409
    assert "already begun; registration is closed" in response.content.decode()
    assert not Registration.objects.exists()
    page = english_client().get(f"/veranstaltungen/{world.event.uuid}/").content.decode()
    assert "Registration is closed." in page


def test_registering_twice_with_one_address_is_refused(world: Any) -> None:
    world.register("Ayşe Demir", "ayse@example.org")

    response = english_client().post(f"/veranstaltungen/{world.event.uuid}/teilnehmen/", form())

    assert response.status_code == 409
    assert "registered for the event already" in response.content.decode()
    assert Registration.objects.count() == 1


def test_registrations_are_throttled_per_address(world: Any) -> None:
    client = english_client()
    url = f"/veranstaltungen/{world.event.uuid}/teilnehmen/"
    for n in range(5):
        client.post(url, form(email="same@example.org", name=f"N{n}"))
    before = Registration.objects.count()

    response = client.post(url, form(email="same@example.org"))

    assert response.status_code == 429
    assert "too many registrations" in response.content.decode()
    assert Registration.objects.count() == before


def test_cancel_by_the_private_link_after_a_confirmation_page(world: Any) -> None:
    registration = world.register("Ayşe Demir", "ayse@example.org")
    waiting = world.register("Boris Iwanow", "boris@example.org")
    world.register("Chloé Martin", "chloe@example.org")
    client = english_client()
    url = f"/veranstaltungen/absagen/{registration.token}/"

    page = client.get(url).content.decode()
    assert "What happens now" in page and "Cancel my registration" in page
    assert Registration.objects.get(pk=registration.pk).status == _R.CONFIRMED

    response = client.post(url, follow=True)

    assert "Your registration has been cancelled." in response.content.decode()
    assert Registration.objects.get(pk=registration.pk).status == _R.CANCELLED
    assert Registration.objects.get(pk=waiting.pk).status == _R.CONFIRMED
    assert english_client().get("/veranstaltungen/absagen/falsch/").status_code == 404


def test_the_coordination_creates_and_publishes_an_event(world: Any) -> None:
    client = client_for(world.coordinator)
    response = client.post(
        "/veranstaltungen/neu/",
        {
            "title_de": "Podiumsdiskussion",
            "title_en": "Podium discussion",
            "starts_at": "2030-03-31T18:00",
            "ends_at": "2030-03-31T20:00",
            "place": "Rathaus",
            "capacity": "120",
        },
    )
    event = Event.objects.get(title__de="Podiumsdiskussion")
    assert response.url == f"/veranstaltungen/{event.uuid}/"
    assert not event.published

    page = client.get(f"/veranstaltungen/{event.uuid}/veroeffentlichen/").content.decode()
    assert "cannot be undone" in page
    client.post(f"/veranstaltungen/{event.uuid}/veroeffentlichen/")

    event.refresh_from_db()
    assert event.published
    assert AuditEntry.objects.filter(action="events.event.published").exists()


def test_an_event_that_ends_before_it_starts_is_refused_on_the_form(world: Any) -> None:
    response = client_for(world.coordinator).post(
        "/veranstaltungen/neu/",
        {
            "title_de": "Podium",
            "starts_at": "2030-03-31T18:00",
            "ends_at": "2030-03-31T17:00",
            "place": "Rathaus",
        },
    )
    assert "The event must end after it starts." in response.content.decode()
    assert not Event.objects.filter(title__de="Podium").exists()


def test_the_coordination_sees_registrations_waiting_list_and_access_needs(world: Any) -> None:
    world.register("Ayşe Demir", "ayse@example.org", access_needs="Rollstuhl")
    world.register("Boris Iwanow", "boris@example.org", languages_spoken=["ru"])
    world.register("Chloé Martin", "chloe@example.org")
    url = f"/veranstaltungen/{world.event.uuid}/teilnahmen/"

    page = client_for(world.coordinator).get(url).content.decode()

    assert "Rollstuhl" in page and "Russian" in page and "chloe@example.org" in page
    assert "Waiting list, in order" in page
    assert client_for(world.member).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_the_home_page_lists_the_upcoming_events(world: Any) -> None:
    make_event(world.coordinator, world.process, title={"de": "Podium"}, capacity=None)

    page = english_client().get("/").content.decode()

    assert "Upcoming events" in page and "Kickoff event" in page and "Podium" in page
