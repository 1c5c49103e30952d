"""A resident asks for a one-time link, signs in with it, downloads their data and
deletes the account, their comments staying anonymised or going."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import english_client
from tests.participation.conftest import login, make_resident, make_version, post_comment

from planwerk.bodies.models import Body
from planwerk.participation import services as participation
from planwerk.participation.models import Comment, Paragraph, Support
from planwerk.residents.domain.names import clean_name
from planwerk.residents.models import Resident


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def ask(client: Any, email: str = "mara@example.org", name: str = "Mara", **extra: Any) -> Any:
    return client.post(
        "/mitreden/konto/anmelden/",
        {"name": name, "email": email, "language": "en", **extra},
    )


def link_in(email: Any) -> str:
    return re.search(r"http://\S+", email.body).group(0).replace("http://testserver", "")


@pytest.mark.django_db
def test_the_link_signs_in_once(django_capture_on_commit_callbacks: Any) -> None:
    cache.clear()
    client = english_client()
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, next="/mitreden/")
    assert response.status_code == 200
    assert "Please look in your email" in response.content.decode()
    [email] = mail.outbox
    assert email.to == ["mara@example.org"]
    assert email.subject == "Your sign-in link"
    resident = Resident.objects.get()
    assert resident.display_name == "Mara" and resident.verified is None
    assert "mara" not in resident.user.username  # the username never shows the address
    url = link_in(email)
    # Opening the link (a mail program's checker does) only shows the button.
    page = client.get(url)
    assert page.status_code == 200 and "Sign in now" in page.content.decode()
    token = re.search(r'name="sesame" value="([^"]+)"', page.content.decode()).group(1)
    signed_in = client.post("/mitreden/konto/link/", {"sesame": token, "next": "/mitreden/"})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/mitreden/"
    resident.refresh_from_db()
    assert resident.verified is not None
    again = english_client().post("/mitreden/konto/link/", {"sesame": token})
    assert again.status_code == 400
    assert "This sign-in link is not valid" in again.content.decode()


@pytest.mark.django_db
def test_the_link_comes_in_the_residents_language(django_capture_on_commit_callbacks: Any) -> None:
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        english_client().post(
            "/mitreden/konto/anmelden/",
            {"name": "Mara", "email": "mara@example.org", "language": "de"},
        )
    assert mail.outbox[0].subject == "Ihr Anmeldelink"


@pytest.mark.django_db
def test_a_wrong_address_or_a_missing_name_changes_nothing() -> None:
    response = ask(english_client(), email="not an address", name=" ")
    assert response.status_code == 400
    assert not Resident.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_asking_for_links_is_throttled_per_address(django_capture_on_commit_callbacks: Any) -> None:
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _n in range(3):
            assert ask(english_client()).status_code == 200
        refused = ask(english_client())
    assert refused.status_code == 429
    assert "Too many sign-in links were asked for this address." in refused.content.decode()
    assert len(mail.outbox) == 3
    assert Resident.objects.count() == 1
    # Another address is not held up.
    assert ask(english_client(), email="other@example.org").status_code == 200


@pytest.fixture
def written(hannover: Any, coordinator: Any) -> Any:
    body = Body.objects.filter(process=hannover, kind=Body.Kind.EXPERT_GROUP).first()
    version = make_version(
        body, hannover.stages.first(), 1, [{"id": "s", "title": "T", "text": "A\n\nB",
                                            "paragraph_ids": ["a", "b"]}]
    )  # fmt: skip
    now = timezone.now()
    publication = participation.publish(
        coordinator,
        version,
        now - dt.timedelta(days=1),
        now + dt.timedelta(days=1),
    )
    mara = make_resident("Mara", "mara@example.org")
    olek = make_resident("Olek", "olek@example.org")
    post_comment(login(mara), publication, "a", "Mara's comment")
    post_comment(login(mara), publication, "b", "Mara's lonely comment")
    root = Comment.objects.get(text="Mara's comment")
    post_comment(login(olek), publication, "a", "Olek's reply", reply_to=str(root.uuid))
    olek_comment = Comment.objects.get(text="Olek's reply")
    login(mara).post(f"/mitreden/{publication.uuid}/kommentar/{olek_comment.uuid}/unterstuetzen/")
    return publication, mara, olek


def test_the_export_holds_everything_about_the_resident(written: Any) -> None:
    _publication, mara, _olek = written
    response = login(mara).get("/mitreden/konto/meine-daten/herunterladen/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["account"]["email"] == "mara@example.org"
    assert data["resident"]["display_name"] == "Mara"
    texts = {c["text"] for c in data["participation"]["comments"]}
    assert texts == {"Mara's comment", "Mara's lonely comment"}
    assert len(data["participation"]["supports"]) == 1
    assert "Olek" not in response.content.decode()


def test_deleting_keeps_the_comments_anonymised(written: Any) -> None:
    publication, mara, _olek = written
    client = login(mara)
    assert client.get("/mitreden/konto/meine-daten/loeschen/").status_code == 200
    response = client.post("/mitreden/konto/meine-daten/loeschen/", {"comments": "keep"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(email="mara@example.org").exists()
    assert Comment.objects.filter(anonymised=True, author=None).count() == 2
    assert not Support.objects.exists()
    assert Comment.objects.get(text="Olek's reply").support_count == 0
    page = english_client().get(f"/mitreden/{publication.uuid}/absatz/a/").content.decode()
    assert "Deleted account" in page and "Mara&#x27;s comment" in page and "Mara<" not in page


def test_deleting_removes_the_comments(written: Any) -> None:
    publication, mara, _olek = written
    login(mara).post("/mitreden/konto/meine-daten/loeschen/", {"comments": "remove"})
    texts = set(Comment.objects.values_list("text", flat=True))
    # The answered comment keeps its place (for the reply), without its text.
    assert texts == {"", "Olek's reply"}
    assert Comment.objects.get(text="").removed
    counts = dict(
        Paragraph.objects.filter(publication=publication).values_list(
            "paragraph_id", "comment_count"
        )
    )
    assert counts == {"a": 1, "b": 0}
    page = english_client().get(f"/mitreden/{publication.uuid}/absatz/a/").content.decode()
    assert "Removed by its author." in page and "Olek&#x27;s reply" in page


def test_deleting_without_a_choice_changes_nothing(written: Any) -> None:
    _publication, mara, _olek = written
    response = login(mara).post("/mitreden/konto/meine-daten/loeschen/", {})
    assert response.status_code == 400
    assert Resident.objects.filter(user=mara).exists()


@given(st.text(max_size=100))
def test_a_cleaned_name_is_one_line_without_control_characters(value: str) -> None:
    name = clean_name(value)
    assert name == name.strip()
    assert "\n" not in name and "\u202e" not in name and "  " not in name
    assert clean_name(name) == name


def test_registrations_under_the_address_are_exported_and_erased_with_the_account(
    written: Any, coordinator: Any
) -> None:
    from django.contrib.auth.models import AnonymousUser

    from planwerk.events import services as events
    from planwerk.events.models import Registration

    _publication, mara, _olek = written
    start = timezone.now() + dt.timedelta(days=5)
    event = events.create_event(
        coordinator,
        Body.objects.first().process,
        title={"de": "Podium"},
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Rathaus",
        capacity=1,
    )
    events.publish_event(coordinator, event)
    mine = events.register(
        AnonymousUser(), event, name="Mara M.", email="MARA@example.org", access_needs="Ramp"
    )
    waiting = events.register(AnonymousUser(), event, name="Olek", email="olek@example.org")
    assert waiting.status == Registration.Status.WAITING
    data = json.loads(login(mara).get("/mitreden/konto/meine-daten/herunterladen/").content)
    [exported] = data["events"]["registrations"]
    assert exported["name"] == "Mara M." and exported["access_needs"] == "Ramp"
    assert "Olek" not in json.dumps(data)
    login(mara).post("/mitreden/konto/meine-daten/loeschen/", {"comments": "keep"})
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Registration.Status.CANCELLED
    assert mine.name == "—" and "mara" not in mine.email.lower() and mine.access_needs == ""
    # The next person on the waiting list takes the place.
    assert waiting.status == Registration.Status.CONFIRMED


def test_an_unconfirmed_address_reads_no_registrations(written: Any, coordinator: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    from planwerk.events import services as events

    start = timezone.now() + dt.timedelta(days=5)
    event = events.create_event(
        coordinator,
        Body.objects.first().process,
        title={"de": "Podium"},
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Rathaus",
    )
    events.publish_event(coordinator, event)
    events.register(AnonymousUser(), event, name="Eve", email="eve@example.org")
    assert len(events.export_for(make_resident("Eve2", "EVE@example.org"))["registrations"]) == 1
    stranger = get_user_model().objects.get(email="EVE@example.org")
    Resident.objects.filter(user=stranger).update(verified=None)
    stranger = get_user_model().objects.get(pk=stranger.pk)
    assert events.export_for(stranger) == {"registrations": []}
