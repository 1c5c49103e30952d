"""Inviting members to an account and setting it up by the link."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from planwerk.accounts import services
from planwerk.accounts.domain.accounts import State
from planwerk.accounts.models import AccountInvitation
from planwerk.accounts.queries import member_accounts
from planwerk.audit.models import AuditEntry
from planwerk.bodies.models import Membership

from .conftest import Group

pytestmark = pytest.mark.django_db


def link_of(email: Any) -> tuple[str, str]:
    """(person uuid, token) of the link in an invitation email."""
    match = re.search(r"/konto/einrichten/([0-9a-f-]+)/([^/\s]+)/", email.body)
    assert match, email.body
    return match.group(1), match.group(2)


def test_inviting_creates_an_account_without_a_password_and_sends_the_link(group: Group) -> None:
    invitation = services.invite(group.coordinator, group.anna)

    group.anna.refresh_from_db()
    account = group.anna.user
    assert account is not None and account == invitation.user
    assert account.username == "anna.berg"
    assert not account.has_usable_password()
    assert account.email == "Anna.Berg@example.org"
    invitation.refresh_from_db()
    assert invitation.status == AccountInvitation.Status.SENT and invitation.sent_at
    [email] = mail.outbox
    assert email.to == ["Anna.Berg@example.org"]
    uuid, token = link_of(email)
    assert uuid == str(group.anna.uuid)
    assert services.account_for_link(uuid, token) == account


def test_the_audit_entry_names_the_person_not_the_address(group: Group) -> None:
    services.invite(group.coordinator, group.anna)

    entry = AuditEntry.objects.get(action="people.invited")
    assert entry.actor == "koordination"
    assert entry.payload["person"] == str(group.anna.uuid)
    assert entry.payload["again"] is False
    assert "example.org" not in str(entry.payload)


def test_inviting_again_reuses_the_account_and_sends_a_fresh_link(group: Group) -> None:
    first = services.invite(group.coordinator, group.anna)
    second = services.invite(group.coordinator, group.anna)

    assert first.user == second.user
    assert get_user_model().objects.filter(person=group.anna).count() == 1
    assert len(mail.outbox) == 2
    assert AuditEntry.objects.filter(action="people.invited").last().payload["again"] is True
    [row] = [r for r in member_accounts(group.body) if r.person == group.anna]
    assert row.state == State.INVITED
    assert row.invitation == second


def test_a_linked_account_is_reused_and_gets_the_current_address(
    group: Group, make_user: Any
) -> None:
    existing = make_user("anna-alt", email="alt@example.org")
    existing.set_unusable_password()
    existing.save()
    group.anna.user = existing
    group.anna.save()

    invitation = services.invite(group.coordinator, group.anna)

    assert invitation.user == existing
    existing.refresh_from_db()
    assert existing.email == "Anna.Berg@example.org"


def test_usernames_stay_unique(group: Group, make_user: Any) -> None:
    make_user("ben")
    services.invite(group.coordinator, group.ben)
    group.ben.refresh_from_db()
    assert group.ben.user.username == "ben2"


def test_only_the_coordination_invites(group: Group, dezernat3: Any) -> None:
    for user in (group.stranger, dezernat3, None):
        with pytest.raises(PermissionDenied):
            services.invite(user, group.anna)
    with pytest.raises(PermissionDenied):
        services.invite_members(group.stranger, group.body)
    assert not mail.outbox
    assert not AccountInvitation.objects.exists()


def test_a_person_without_an_address_is_refused_with_a_reason(group: Group) -> None:
    with pytest.raises(ValidationError, match="has no email address"):
        services.invite(group.coordinator, group.nobody)
    assert group.nobody.user is None
    assert not mail.outbox


def test_a_former_member_is_refused_with_a_reason(group: Group) -> None:
    with pytest.raises(ValidationError, match="not a current member"):
        services.invite(group.coordinator, group.former)
    assert not mail.outbox


def test_an_active_account_is_not_invited(group: Group) -> None:
    services.invite(group.coordinator, group.anna)
    uuid, token = link_of(mail.outbox[0])
    services.set_up_account(None, uuid, token, "ein-langes-Passwort-2024")

    with pytest.raises(ValidationError, match="set up an account already"):
        services.invite(group.coordinator, group.anna)


def test_inviting_the_body_reaches_everyone_waiting_once(group: Group) -> None:
    services.invite(group.coordinator, group.ben)
    mail.outbox.clear()

    invitations = services.invite_members(group.coordinator, group.body)

    # Anna and her deputy Dora: Ben was invited, Nora has no address, Frida has left.
    assert {i.person for i in invitations} == {group.anna, group.deputy}
    assert sorted(m.to[0] for m in mail.outbox) == ["Anna.Berg@example.org", "dora@example.org"]
    assert services.invite_members(group.coordinator, group.body) == []
    assert (
        AuditEntry.objects.filter(action="people.invited", payload__body=group.body.slug).count()
        == 2
    )


def test_the_link_sets_the_password_once(group: Group) -> None:
    services.invite(group.coordinator, group.anna)
    uuid, token = link_of(mail.outbox[0])

    account = services.set_up_account(None, uuid, token, "ein-langes-Passwort-2024")

    assert account.check_password("ein-langes-Passwort-2024")
    assert AuditEntry.objects.filter(action="people.account_set_up").count() == 1
    assert services.account_for_link(uuid, token) is None
    with pytest.raises(ValidationError) as refused:
        services.set_up_account(None, uuid, token, "noch-ein-Passwort-2025")
    assert refused.value.code == "link_invalid"
    account.refresh_from_db()
    assert account.check_password("ein-langes-Passwort-2024")


def test_an_expired_link_does_not_work(group: Group, monkeypatch: Any) -> None:
    services.invite(group.coordinator, group.anna)
    uuid, token = link_of(mail.outbox[0])
    later = dt.datetime.now() + dt.timedelta(days=7, minutes=1)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)

    assert services.account_for_link(uuid, token) is None
    with pytest.raises(ValidationError):
        services.set_up_account(None, uuid, token, "ein-langes-Passwort-2024")


def test_a_link_to_an_old_address_stops_working(group: Group) -> None:
    services.invite(group.coordinator, group.anna)
    uuid, token = link_of(mail.outbox[0])
    group.anna.email = "anna.neu@example.org"
    group.anna.save()

    services.invite(group.coordinator, group.anna)

    assert services.account_for_link(uuid, token) is None
    assert services.account_for_link(*link_of(mail.outbox[1])) is not None


def test_a_weak_password_is_refused_and_the_link_still_works(group: Group) -> None:
    services.invite(group.coordinator, group.anna)
    uuid, token = link_of(mail.outbox[0])

    with pytest.raises(ValidationError):
        services.set_up_account(None, uuid, token, "12345678")

    assert services.account_for_link(uuid, token) is not None


def test_a_member_who_leaves_keeps_the_account_but_sees_nothing_of_the_body(
    group: Group,
) -> None:
    from planwerk.core.permissions import may, roles_of

    services.invite(group.coordinator, group.anna)
    uuid, token = link_of(mail.outbox[0])
    account = services.set_up_account(None, uuid, token, "ein-langes-Passwort-2024")
    account = get_user_model().objects.get(pk=account.pk)
    assert may(account, "papers.view", group.body)
    assert may(account, "meetings.view", group.body)

    Membership.objects.filter(person=group.anna).update(end=dt.date(2021, 6, 30))
    account = get_user_model().objects.get(pk=account.pk)

    assert account.is_active and account.check_password("ein-langes-Passwort-2024")
    assert "member" not in roles_of(account)
    for action in ("papers.view", "papers.edit", "meetings.view"):
        assert not may(account, action, group.body)
