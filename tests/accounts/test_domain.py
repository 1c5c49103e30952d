"""The state of an account and the username an invitation gives it (pure rules)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from planwerk.accounts.domain.accounts import (
    INVITABLE,
    MAX_USERNAME,
    State,
    account_state,
    username_for,
)


def test_each_state_as_the_coordination_sees_it() -> None:
    base = dict(email=True, account=False, password_set=False, active=True, invited=False)
    assert account_state(**base) == State.NOT_INVITED
    assert account_state(**{**base, "email": False}) == State.NO_EMAIL
    assert account_state(**{**base, "account": True, "invited": True}) == State.INVITED
    assert account_state(**{**base, "account": True, "password_set": True}) == State.ACTIVE
    assert account_state(**{**base, "account": True, "active": False}) == State.DISABLED


@given(
    email=st.booleans(),
    account=st.booleans(),
    password_set=st.booleans(),
    active=st.booleans(),
    invited=st.booleans(),
)
def test_an_active_account_is_never_invited_and_no_address_never_is(**facts: bool) -> None:
    state = account_state(**facts)
    if facts["account"] and facts["password_set"] and facts["active"]:
        assert state == State.ACTIVE
    if state in INVITABLE:
        assert facts["email"]
        assert not facts["account"] or (facts["active"] and not facts["password_set"])


def test_the_username_is_the_local_part_of_the_address() -> None:
    assert username_for("Anna.Berg@example.org", lambda name: False) == "anna.berg"
    assert username_for("jürgen.öz@example.org", lambda name: False) == "jurgen.oz"
    assert username_for("@example.org", lambda name: False) == "mitglied"


def test_a_taken_username_gets_a_number() -> None:
    taken = {"anna", "anna2"}
    assert username_for("anna@example.org", taken.__contains__) == "anna3"


@given(st.emails() | st.text(max_size=300), st.sets(st.text(max_size=20), max_size=5))
def test_the_username_is_always_valid_and_free(email: str, taken: set[str]) -> None:
    name = username_for(email, taken.__contains__)
    assert name not in taken
    assert 0 < len(name) <= MAX_USERNAME
    assert re.fullmatch(r"[a-z0-9._-]+", name)
