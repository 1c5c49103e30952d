"""Reading members with the state of their accounts, in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from planwerk.accounts.domain.accounts import INVITABLE, State, account_state
from planwerk.accounts.models import AccountInvitation
from planwerk.bodies.models import Body, Membership, Person


def current_q(on: dt.date) -> Q:
    return Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on))


def current_memberships(person: Person) -> QuerySet[Membership]:
    """The person's memberships today (as a member or a deputy), with their bodies."""
    return (
        Membership.objects.filter(current_q(timezone.localdate()), person=person)
        .select_related("body__process__coordinating_unit")
        .order_by("body__order", "pk")
    )


def last_invitation(person: Person) -> AccountInvitation | None:
    return AccountInvitation.objects.filter(person=person).first()


def state_of(person: Person, invitation: AccountInvitation | None) -> State:
    """The state of the person's account; `invitation` is the last one sent to them."""
    user = person.user
    return account_state(
        email=bool(person.email),
        account=user is not None,
        password_set=user is not None and user.has_usable_password(),
        active=user is None or user.is_active,
        invited=invitation is not None and invitation.user_id == person.user_id,
    )


@dataclass(frozen=True)
class MemberAccount:
    """A current member of a body and where she or he stands with the account."""

    person: Person
    state: State
    invitation: AccountInvitation | None

    @property
    def invitable(self) -> bool:
        return self.state in INVITABLE


def member_accounts(body: Body) -> list[MemberAccount]:
    """Each person who sits in the body today (members and deputies), once, by name."""
    memberships = (
        Membership.objects.filter(current_q(timezone.localdate()), body=body)
        .select_related("person__user")
        .order_by("person__family_name", "person__given_name", "person_id")
    )
    people: dict[int, Person] = {}
    for membership in memberships:
        people.setdefault(membership.person_id, membership.person)
    latest: dict[int, AccountInvitation] = {}
    for invitation in AccountInvitation.objects.filter(person_id__in=list(people)):
        latest.setdefault(invitation.person_id, invitation)  # newest first (Meta.ordering)
    return [
        MemberAccount(person, state_of(person, latest.get(pk)), latest.get(pk))
        for pk, person in people.items()
    ]
