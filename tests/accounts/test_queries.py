"""The members of a body with the state of their accounts, in two queries."""

from __future__ import annotations

from typing import Any

import pytest
from tests.factories import MembershipFactory

from planwerk.accounts import services
from planwerk.accounts.domain.accounts import State
from planwerk.accounts.queries import member_accounts

from .conftest import Group

pytestmark = pytest.mark.django_db


def test_each_current_member_once_with_the_state_of_the_account(group: Group) -> None:
    services.invite(group.coordinator, group.ben)

    states = {row.person.family_name: row.state for row in member_accounts(group.body)}

    assert states == {
        "Berg": State.NOT_INVITED,
        "Cole": State.INVITED,
        "Dahl": State.NO_EMAIL,
        "Eck": State.NOT_INVITED,
    }


def test_a_switched_off_account_is_shown_as_such(group: Group, make_user: Any) -> None:
    group.anna.user = make_user("anna", is_active=False)
    group.anna.save()

    [row] = [r for r in member_accounts(group.body) if r.person == group.anna]

    assert row.state == State.DISABLED and not row.invitable


def test_the_query_count_does_not_grow_with_the_members(
    group: Group, django_assert_num_queries: Any
) -> None:
    for n in range(5):
        membership = MembershipFactory(seat=group.seat, person__email=f"m{n}@example.org")
        services.invite(group.coordinator, membership.person)

    with django_assert_num_queries(2):
        rows = member_accounts(group.body)
        assert [row.state for row in rows].count(State.INVITED) == 5
