"""The members' accounts of a body as CSV and Excel: the state the body's page shows,
for the coordination, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.conftest import english_client
from tests.exports import both, column
from tests.factories import MembershipFactory

from planwerk.accounts import services

from .conftest import Group

pytestmark = pytest.mark.django_db


def url(group: Group) -> str:
    return f"/konto/gremium/{group.body.slug}/konten.{{fmt}}"


def as_user(user: Any) -> Client:
    client = english_client()
    client.force_login(user)
    return client


def test_the_members_accounts_as_csv_and_xlsx(group: Group) -> None:
    services.invite(group.coordinator, group.ben)

    csv_rows, xlsx_rows = both(as_user(group.coordinator), url(group))

    header = ["Member", "Account", "Invited on", "the email could not be sent"]
    assert csv_rows[0] == header and xlsx_rows[0] == header
    states = dict(zip(column(csv_rows, "Member"), column(csv_rows, "Account"), strict=True))
    assert states["Ben Cole"] == "invited"
    assert states["Nora Dahl"] == "no email address"
    assert states["Anna Berg"] == "not invited"
    assert "Frida Alt" not in states  # her membership has ended, as on the page
    ben = next(r for r in xlsx_rows if r[0] == "Ben Cole")
    assert ben[2] == dt.datetime.combine(dt.date.today(), dt.time())
    assert "ben@example.org" not in str(csv_rows)


def test_the_body_page_links_to_the_accounts_file(group: Group) -> None:
    page = as_user(group.coordinator).get(reverse("bodies:detail", args=[group.body.slug]))

    assert url(group).format(fmt="xlsx") in page.content.decode()


def test_only_the_coordination_downloads_the_accounts(group: Group, client: Client) -> None:
    assert as_user(group.stranger).get(url(group).format(fmt="csv")).status_code == 403
    assert client.get(url(group).format(fmt="xlsx")).status_code == 302


def test_the_file_takes_the_same_queries_for_few_and_many(
    group: Group, django_assert_max_num_queries: Any
) -> None:
    services.invite(group.coordinator, group.ben)
    client = as_user(group.coordinator)
    client.get(url(group).format(fmt="xlsx"))
    with django_assert_max_num_queries(20) as few:
        client.get(url(group).format(fmt="xlsx"))
    for number in range(10):
        member = MembershipFactory(seat=group.seat, person__email=f"m{number}@example.org")
        services.invite(group.coordinator, member.person)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url(group).format(fmt="xlsx"))
    assert response.status_code == 200
