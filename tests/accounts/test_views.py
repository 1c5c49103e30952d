"""The pages: "Konto einrichten" for the member, the invitations for the coordination."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from tests.conftest import english_client

from planwerk.accounts import services, views
from planwerk.accounts.models import AccountInvitation

from .conftest import Group
from .test_services import link_of

pytestmark = pytest.mark.django_db

PASSWORD = "ein-langes-Passwort-2024"


def invited(group: Group) -> str:
    """Invite Anna; the address of the link in her email."""
    services.invite(group.coordinator, group.anna)
    uuid, token = link_of(mail.outbox[-1])
    return reverse("accounts:set_up", args=[uuid, token])


def as_user(user: Any) -> Client:
    client = english_client()
    client.force_login(user)
    return client


# -- "Konto einrichten" ---------------------------------------------------------------
def test_the_page_shows_whose_account_it_is(group: Group, client: Client) -> None:
    response = client.get(invited(group))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Set up your account" in page and "Anna Berg" in page and "anna.berg" in page
    assert 'name="new_password1"' in page and 'name="new_password2"' in page


def test_setting_the_password_logs_in_and_leads_home(group: Group, client: Client) -> None:
    url = invited(group)

    response = client.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    group.anna.refresh_from_db()
    assert group.anna.user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(group.anna.user.pk)
    assert "you log in as “anna.berg”" in client.get("/").content.decode()
    # The member's pages are open to her now.
    assert client.get(reverse("meetings:list", args=[group.body.slug])).status_code == 200


def test_a_used_link_says_to_ask_for_a_new_invitation(group: Group, client: Client) -> None:
    url = invited(group)
    client.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    again = english_client()

    response = again.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert "ask the coordination for a new invitation" in page
    assert "new_password1" not in page
    response = again.post(url, {"new_password1": "x" + PASSWORD, "new_password2": "x" + PASSWORD})
    assert "ask the coordination for a new invitation" in response.content.decode()
    group.anna.refresh_from_db()
    assert group.anna.user.check_password(PASSWORD)


def test_an_expired_link_says_to_ask_for_a_new_invitation(
    group: Group, client: Client, monkeypatch: Any
) -> None:
    url = invited(group)
    later = dt.datetime.now() + dt.timedelta(days=8)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)

    response = client.get(url)

    assert response.status_code == 200
    assert "ask the coordination for a new invitation" in response.content.decode()


def test_a_wrong_link_tells_nothing_about_who_has_an_account(group: Group, client: Client) -> None:
    url = invited(group)
    wrong_token = url.rsplit("/", 2)[0] + "/abc-123/"
    nobody = reverse("accounts:set_up", args=["00000000-0000-4000-8000-000000000000", "abc-123"])
    no_account = reverse("accounts:set_up", args=[group.ben.uuid, "abc-123"])

    def page(url: str) -> str:
        # Apart from the page's own address and the CSRF token in the header's forms.
        text = client.get(url).content.decode().replace(url, "")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)

    pages = {page(u) for u in (wrong_token, nobody, no_account)}

    assert len(pages) == 1
    assert "ask the coordination for a new invitation" in pages.pop()


def test_passwords_that_differ_or_are_weak_are_refused_on_the_form(
    group: Group, client: Client
) -> None:
    url = invited(group)

    differ = client.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD + "x"})
    weak = client.post(url, {"new_password1": "12345678", "new_password2": "12345678"})

    assert differ.status_code == weak.status_code == 200
    assert "didn’t match" in differ.content.decode()
    assert "too common" in weak.content.decode() or "entirely numeric" in weak.content.decode()
    assert client.get(url).status_code == 200
    assert 'name="new_password1"' in client.get(url).content.decode()


def test_the_page_is_throttled_per_address(group: Group, client: Client) -> None:
    url = reverse("accounts:set_up", args=[group.anna.uuid, "abc-123"])
    for _ in range(views.SET_UP_LIMIT):
        assert client.get(url).status_code == 200

    response = client.get(url)

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


# -- the coordination's pages ----------------------------------------------------------
def test_the_body_page_shows_each_members_account_to_the_coordination(group: Group) -> None:
    services.invite(group.coordinator, group.ben)
    client = as_user(group.coordinator)

    page = client.get(reverse("bodies:detail", args=[group.body.slug])).content.decode()

    assert "Members&#x27; accounts" in page or "Members' accounts" in page
    section = page[page.index('id="accounts"') :]
    assert "Frida Alt" not in section  # her membership has ended
    for text in ("Anna Berg", "Nora Dahl", "Dora Eck", "not invited", "no email address"):
        assert text in section
    assert f"invited on {dt.date.today():%m/%d/%Y}" in section
    assert "Invite again" in section


def test_the_body_page_shows_no_accounts_to_others(group: Group, client: Client) -> None:
    for visitor in (client, as_user(group.stranger)):
        page = visitor.get(reverse("bodies:detail", args=[group.body.slug])).content.decode()
        assert 'id="accounts"' not in page


def test_an_active_account_is_shown_as_such(group: Group) -> None:
    Client().post(invited(group), {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client = as_user(group.coordinator)

    page = client.get(reverse("bodies:detail", args=[group.body.slug])).content.decode()

    assert "account active" in page[page.index('id="accounts"') :]


def test_inviting_from_the_body_page_returns_there(group: Group) -> None:
    client = as_user(group.coordinator)
    body_page = reverse("bodies:detail", args=[group.body.slug])
    url = reverse("accounts:invite", args=[group.anna.uuid])

    confirm = client.get(url, {"next": body_page})
    response = client.post(url, {"next": body_page})

    assert "Anna.Berg@example.org" in confirm.content.decode()
    assert response.status_code == 302 and response["Location"] == body_page
    assert len(mail.outbox) == 1


def test_inviting_someone_without_an_address_shows_why(group: Group) -> None:
    client = as_user(group.coordinator)

    response = client.post(reverse("accounts:invite", args=[group.nobody.uuid]), follow=True)

    assert "has no email address" in response.content.decode()
    assert not mail.outbox


def test_the_bulk_invitation_says_how_many_emails_go_out(group: Group) -> None:
    services.invite(group.coordinator, group.ben)
    mail.outbox.clear()
    client = as_user(group.coordinator)
    url = reverse("accounts:invite_body", args=[group.body.slug])

    page = client.get(url).content.decode()
    assert "2 emails go out" in page
    assert "1 member has no email address" in page
    assert "1 member has been invited before" in page
    assert not mail.outbox

    response = client.post(url, follow=True)

    assert "2 invitations to set up an account are being sent." in response.content.decode()
    assert len(mail.outbox) == 2
    assert AccountInvitation.objects.count() == 3


def test_the_invitation_pages_are_the_coordinations(group: Group, client: Client) -> None:
    urls = [
        reverse("accounts:invite", args=[group.anna.uuid]),
        reverse("accounts:invite_body", args=[group.body.slug]),
    ]
    stranger = as_user(group.stranger)
    for url in urls:
        assert client.get(url).status_code == 302  # to the login
        assert client.post(url).status_code == 302
        assert stranger.get(url).status_code == 403
        assert stranger.post(url).status_code == 403
    assert not mail.outbox
    assert not AccountInvitation.objects.exists()
