"""Logins are throttled per account and client address (django-axes): a guesser is
stopped with a clear message, and cannot lock the coordinator out from everywhere."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from tests.conftest import english_client

LOGIN = "/anmelden/"
ATTACKER = "203.0.113.66"
OFFICE = "192.0.2.10"


@pytest.fixture
def coordinator_account(db: Any) -> Any:
    return get_user_model().objects.create_user(username="koordination", password="richtig-2026")


def log_in(client: Client, password: str, username: str = "koordination") -> Any:
    return client.post(LOGIN, {"username": username, "password": password})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_after_fifty_wrong_passwords_the_right_one_is_refused_with_a_message(
    coordinator_account,
):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    statuses = [log_in(attacker, f"falsch-{n}").status_code for n in range(50)]

    response = log_in(attacker, "richtig-2026")

    # The login form with its error nine times; the tenth wrong password locks.
    assert statuses[:9] == [200] * 9
    assert set(statuses[9:]) == {429}
    assert response.status_code == 429
    assert not logged_in(attacker)
    page = response.content.decode()
    assert "Zu viele fehlgeschlagene Anmeldungen" in page
    assert "15 Minuten" in page


def test_the_lockout_page_speaks_english_after_the_language_button(coordinator_account):
    attacker = english_client(REMOTE_ADDR=ATTACKER)
    for n in range(10):
        log_in(attacker, f"wrong-{n}")

    page = log_in(attacker, "richtig-2026").content.decode()

    assert "Too many failed logins" in page
    assert "for the next 15 minutes" in page
    assert '<html lang="en"' in page


def test_the_coordinator_still_logs_in_from_another_address(coordinator_account):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for n in range(50):
        log_in(attacker, f"falsch-{n}")

    office = Client(REMOTE_ADDR=OFFICE)
    response = log_in(office, "richtig-2026")

    assert response.status_code == 302
    assert logged_in(office)


def test_other_accounts_log_in_from_the_blocked_address(coordinator_account):
    get_user_model().objects.create_user(username="dez3", password="auch-richtig")
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for n in range(10):
        log_in(attacker, f"falsch-{n}")

    assert log_in(attacker, "auch-richtig", username="dez3").status_code == 302


def test_accounts_that_do_not_exist_are_throttled_alike(db):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    statuses = [log_in(attacker, "x", username="gibt-es-nicht").status_code for _ in range(11)]

    assert statuses[-1] == 429


def test_a_successful_login_forgets_the_earlier_mistakes(coordinator_account):
    office = Client(REMOTE_ADDR=OFFICE)
    for n in range(9):
        log_in(office, f"vertippt-{n}")
    assert log_in(office, "richtig-2026").status_code == 302
    office.logout()

    for n in range(9):
        log_in(office, f"vertippt-again-{n}")

    assert log_in(office, "richtig-2026").status_code == 302


@override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_the_lockout_keeps_to_the_guessing_visitor(coordinator_account):
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    attacker = Client(**proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    for n in range(20):
        log_in(attacker, f"falsch-{n}")

    coordinator = Client(**proxy, HTTP_X_FORWARDED_FOR=OFFICE)

    assert log_in(coordinator, "richtig-2026").status_code == 302


def test_the_admin_login_is_throttled_too(coordinator_account):
    coordinator_account.is_staff = True
    coordinator_account.save()
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for n in range(10):
        attacker.post("/admin/login/", {"username": "koordination", "password": f"x{n}"})

    response = attacker.post(
        "/admin/login/", {"username": "koordination", "password": "richtig-2026"}
    )

    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldungen" in response.content.decode()
