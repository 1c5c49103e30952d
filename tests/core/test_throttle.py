"""Throttles: the visitor's address behind a trusted proxy, and a nomination form that
one client cannot close for everybody who shares its address."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory, override_settings

from planwerk.bodies.models import Body, Nomination
from planwerk.core.throttle import client_address, client_key, throttled

FORM = "/gremien/vorschlagen/"
PROXY = "10.0.0.5"


def request_from(remote: str = PROXY, forwarded: str | None = None) -> Any:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_trusted_proxy_the_connecting_address_counts_and_the_header_is_ignored():
    assert client_address(request_from("192.0.2.1", forwarded="198.51.100.7")) == "192.0.2.1"


@override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=1)
def test_behind_one_trusted_proxy_the_address_it_appended_counts():
    # The visitor sent a forged entry; the proxy appended the address it saw.
    request = request_from(forwarded="203.0.113.66, 198.51.100.7")

    assert client_address(request) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=2)
def test_behind_two_trusted_proxies_the_outer_proxys_entry_counts():
    request = request_from(forwarded="203.0.113.66, 198.51.100.7, 10.0.0.9")

    assert client_address(request) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=2)
@pytest.mark.parametrize("forwarded", [None, "", "198.51.100.7", "not-an-address, 10.0.0.9"])
def test_a_missing_or_malformed_proxy_header_falls_back_to_the_connecting_address(forwarded):
    assert client_address(request_from(forwarded=forwarded)) == PROXY


@override_settings(TRUSTED_PROXY_HEADER="X-Real-IP", TRUSTED_PROXY_COUNT=1)
def test_any_header_can_be_named_for_the_proxy():
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="2001:db8::7")

    assert client_address(request) == "2001:db8::7"


@override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=1)
def test_visitors_behind_one_proxy_are_counted_apart():
    one, other = request_from(forwarded="198.51.100.1"), request_from(forwarded="198.51.100.2")

    assert client_key(one) != client_key(other)
    assert [throttled(one, "t", limit=2, window=60) for _ in range(3)] == [False, False, True]
    assert throttled(other, "t", limit=2, window=60) is False


def test_the_key_is_not_the_address_itself():
    assert "192.0.2.1" not in client_key(request_from("192.0.2.1"))


# -- the public nomination form ----------------------------------------------------------
def nomination(number: int, contact: str = "kontakt@example.org") -> dict[str, Any]:
    return {
        "body": Body.objects.get(slug="soziales").pk,
        "organisation": f"Verein {number} e.V.",
        "contact_name": "Selin Arslan",
        "contact_email": contact,
        "nominee_given_name": f"Person {number}",
        "nominee_family_name": "Lindqvist",
        "nominee_kind": "external",
        "expertise": "Berät seit zehn Jahren Familien.",
        "consent": "on",
    }


@pytest.mark.django_db
def test_one_contact_address_over_its_limit_does_not_block_others_on_the_same_connection(
    hannover,
):
    shared = Client(REMOTE_ADDR=PROXY)
    for number in range(11):
        shared.post(FORM, nomination(number, contact="flood@example.org"))
    assert Nomination.objects.count() == 10

    response = shared.post(FORM, nomination(99, contact="verein@example.org"))

    assert response.status_code == 302
    assert Nomination.objects.count() == 11


@pytest.mark.django_db
def test_the_same_contact_address_is_refused_from_another_connection_too(hannover):
    for number in range(10):
        Client(REMOTE_ADDR=f"192.0.2.{number + 1}").post(FORM, nomination(number))

    response = Client(REMOTE_ADDR="192.0.2.200").post(FORM, nomination(10))

    assert response.status_code == 200
    assert "Zu viele Vorschläge" in response.content.decode()
    assert Nomination.objects.count() == 10


@pytest.mark.django_db
def test_a_shared_connection_may_send_sixty_nominations_an_hour_and_no_more(hannover):
    shared = Client(REMOTE_ADDR=PROXY)
    statuses = [
        shared.post(FORM, nomination(n, contact=f"verein{n}@example.org")).status_code
        for n in range(61)
    ]

    assert statuses[:60] == [302] * 60
    assert statuses[60] == 200
    assert Nomination.objects.count() == 60
