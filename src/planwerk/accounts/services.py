"""What the coordination and the members do about accounts: one function each, one
transaction, the permission first, an audit entry.

The coordination invites a current member with an email address: planwerk links an
account to the person (a new one with no usable password, or the one already
linked) and the task worker emails a one-time link to set the password. The
member sets it on the page the link opens and is logged in."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planwerk.accounts import tasks
from planwerk.accounts.domain.accounts import INVITABLE, State, username_for
from planwerk.accounts.models import AccountInvitation
from planwerk.accounts.queries import (
    current_memberships,
    last_invitation,
    member_accounts,
    state_of,
)
from planwerk.audit.services import record
from planwerk.bodies.models import Body, Person
from planwerk.core.permissions import require

#: The one answer to every link that does not work: expired, used, mistyped or
#: naming nobody, so that the page tells nobody which people have accounts.
LINK_INVALID = gettext_lazy(
    "This link no longer works: it has been used already or has expired. "
    "Please ask the coordination for a new invitation."
)


def invite(user: Any, person: Person, *, base_url: str = "") -> AccountInvitation:
    """Invite one current member to set up an account (again: a new link)."""
    require(user, "people.invite", person)
    with transaction.atomic():
        locked = Person.objects.select_related("user").select_for_update(of=("self",))
        return _invite(user, locked.get(pk=person.pk), base_url)


def invite_members(user: Any, body: Body, *, base_url: str = "") -> list[AccountInvitation]:
    """Invite every current member of the body who has an email address and was
    never invited; the others are left as they are."""
    require(user, "people.invite", body)
    with transaction.atomic():
        waiting = [row.person.pk for row in member_accounts(body) if row.state == State.NOT_INVITED]
        people = (
            Person.objects.select_related("user")
            .select_for_update(of=("self",))
            .filter(pk__in=waiting)
            .order_by("family_name", "given_name", "pk")
        )
        invitations = []
        for person in people:
            # Checked again under the lock: another coordinator may have been faster.
            if state_of(person, last_invitation(person)) == State.NOT_INVITED:
                invitations.append(_invite(user, person, base_url, body=body))
        return invitations


def _invite(
    user: Any, person: Person, base_url: str, body: Body | None = None
) -> AccountInvitation:
    if not person.email:
        raise ValidationError(
            _("%(person)s has no email address: record one first, then invite them.")
            % {"person": person}
        )
    if not current_memberships(person).exists():
        raise ValidationError(
            _(
                "%(person)s is not a current member of a body: only members are invited "
                "to an account."
            )
            % {"person": person}
        )
    previous = last_invitation(person)
    state = state_of(person, previous)
    if state == State.ACTIVE:
        raise ValidationError(
            _("%(person)s has set up an account already and logs in with it.") % {"person": person}
        )
    if state == State.DISABLED:
        raise ValidationError(
            _(
                "The account of %(person)s has been switched off. The operator can switch "
                "it on again in the administration."
            )
            % {"person": person}
        )
    assert state in INVITABLE
    account = person.user if person.user is not None else _new_account(person)
    if account.email != person.email:
        # The link is bound to the address too: links sent to an old address stop working.
        account.email = person.email
        account.save(update_fields=["email"])
    invitation = AccountInvitation.objects.create(
        person=person, user=account, invited_by=user.get_username()
    )
    payload: dict[str, Any] = {"person": person.uuid, "again": state == State.INVITED}
    if body is not None:
        payload["body"] = body.slug
    record("people.invited", actor=user, obj=person, payload=payload)
    tasks.send_account_invitation.enqueue(invitation.pk, base_url)
    return invitation


def _new_account(person: Person) -> Any:
    """An account without a usable password, linked to the person; its username comes
    from the email address."""
    users = get_user_model().objects
    for _attempt in range(5):
        username = username_for(
            person.email, lambda name: users.filter(username__iexact=name).exists()
        )
        try:
            with transaction.atomic():
                account = users.create_user(
                    username,
                    email=person.email,
                    first_name=person.given_name[:150],
                    last_name=person.family_name[:150],
                )
        except IntegrityError:  # the name was taken meanwhile: try the next one
            continue
        account.set_unusable_password()
        account.save(update_fields=["password"])
        person.user = account
        person.save(update_fields=["user"])
        return account
    raise ValidationError(_("No username could be found for this person; please try again."))


def account_for_link(uuid: UUID | str, token: str) -> Any | None:
    """The account an invitation's link sets up, or None if the link does not work."""
    person = Person.objects.select_related("user").filter(uuid=uuid).first()
    account = person.user if person is not None else None
    if account is None or not account.is_active:
        return None
    if not default_token_generator.check_token(account, token):
        return None
    return account


def set_up_account(actor: Any, uuid: UUID | str, token: str, password: str) -> Any:
    """Set the password of the account the link names; the link then stops working.

    Two requests with the same link wait for each other on the account's row: the
    second finds the password changed and the link used."""
    require(actor, "people.set_up_account")
    with transaction.atomic():
        found = account_for_link(uuid, token)
        account = (
            get_user_model().objects.select_for_update().filter(pk=found.pk).first()
            if found is not None
            else None
        )
        if account is None or not default_token_generator.check_token(account, token):
            raise ValidationError(LINK_INVALID, code="link_invalid")
        password_validation.validate_password(password, account)
        account.set_password(password)
        account.save(update_fields=["password"])
        person = Person.objects.get(user=account)
        record(
            "people.account_set_up",
            actor=account,
            obj=person,
            payload={"person": person.uuid},
        )
        return account
