"""The state of a member's account, and the username an invitation gives it.

Pure Python: no Django import (tests/accounts/test_domain.py checks the rules with
hypothesis)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from enum import StrEnum

#: Django's username field holds 150 characters.
MAX_USERNAME = 150
#: The name an address without usable letters gets.
FALLBACK_USERNAME = "mitglied"


class State(StrEnum):
    """Where a member stands with her or his account."""

    NO_EMAIL = "no_email"  # no address to send an invitation to
    NOT_INVITED = "not_invited"  # has an address, was never invited
    INVITED = "invited"  # invited, has not set a password yet
    ACTIVE = "active"  # has set a password and may log in
    DISABLED = "disabled"  # the operator switched the account off


def account_state(
    *, email: bool, account: bool, password_set: bool, active: bool, invited: bool
) -> State:
    """The state shown on a body's page.

    `email`: the person has an email address; `account`: an account is linked to
    the person; `password_set`: that account has a usable password; `active`: the
    account is not switched off; `invited`: an invitation has been sent before."""
    if account and not active:
        return State.DISABLED
    if account and password_set:
        return State.ACTIVE
    if not email:
        return State.NO_EMAIL
    if invited:
        return State.INVITED
    return State.NOT_INVITED


#: The states in which the coordination may (again) send an invitation.
INVITABLE = frozenset({State.NOT_INVITED, State.INVITED})


def username_for(email: str, taken: Callable[[str], bool]) -> str:
    """A username from the local part of the address: lower case, ASCII letters,
    digits, dots, hyphens and underscores; a number appended while `taken` says the
    name is in use ("anna.berg", "anna.berg2", ...)."""
    local = email.rsplit("@", 1)[0] if "@" in email else email
    ascii_ = unicodedata.normalize("NFKD", local).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9._-]+", "", ascii_.lower()).strip("._-") or FALLBACK_USERNAME
    base = base[: MAX_USERNAME - 6]
    candidate, number = base, 1
    while taken(candidate):
        number += 1
        candidate = f"{base}{number}"
    return candidate
