"""The invitation email: in the person's language, with the username and the link."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from planwerk.accounts import services, tasks
from planwerk.accounts.models import AccountInvitation
from planwerk.accounts.queries import member_accounts
from planwerk.bodies.notifications import Sent

from .conftest import Group

pytestmark = pytest.mark.django_db


def test_the_email_speaks_german_to_a_german_reader(group: Group) -> None:
    services.invite(group.coordinator, group.anna)

    [email] = mail.outbox
    assert email.subject == "Ihr Zugang zu planwerk"
    assert email.body.startswith("Guten Tag Anna Berg,")
    assert "Ihr Benutzername: anna.berg" in email.body
    assert str(group.body.name) in email.body
    assert f"/konto/einrichten/{group.anna.uuid}/" in email.body
    assert "neue Einladung" in email.body


def test_the_email_speaks_english_to_an_english_reader_whatever_the_page(group: Group) -> None:
    from django.utils import translation

    with translation.override("de"):
        services.invite(group.coordinator, group.ben)

    [email] = mail.outbox
    assert email.subject == "Your account for planwerk"
    assert email.body.startswith("Hello Ben Cole,")
    assert "Your username: ben" in email.body
    assert "The link works once and until" in email.body
    assert "ask the coordination for a new invitation" in email.body


def test_the_link_uses_the_address_the_coordinator_used(group: Group) -> None:
    services.invite(group.coordinator, group.ben, base_url="https://planwerk.example.org/")

    assert f"https://planwerk.example.org/konto/einrichten/{group.ben.uuid}/" in (
        mail.outbox[0].body
    )


def test_an_email_that_could_not_be_sent_is_shown(group: Group, monkeypatch: Any) -> None:
    monkeypatch.setattr(
        tasks, "send", lambda emails: Sent(failed=[a for e in emails for a in e.to])
    )

    invitation = services.invite(group.coordinator, group.ben)

    invitation.refresh_from_db()
    assert invitation.status == AccountInvitation.Status.FAILED
    [row] = [r for r in member_accounts(group.body) if r.person == group.ben]
    assert row.invitation == invitation
