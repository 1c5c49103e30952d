"""The register of migrant organisations as CSV and Excel: the register's columns,
with its search, for the coordination, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from tests.conftest import english_client
from tests.elections.factories import register
from tests.exports import both, column, read_csv

from planwerk.elections import services
from planwerk.elections.models import MigrantOrganisation

URL = "/wahl/register.{fmt}"


def login(user: Any) -> Client:
    client = english_client()
    client.force_login(user)
    return client


def add(hannover: Any, coordinator: Any, name: str, **fields: Any) -> MigrantOrganisation:
    return services.register_organisation(
        coordinator, MigrantOrganisation(process=hannover, name=name, **fields)
    )


def test_the_register_as_csv_and_xlsx(hannover: Any, coordinator: Any) -> None:
    confirmed = add(hannover, coordinator, "Türkischer Elternverein", contact_name="Gül Şahin")
    services.confirm_eligibility(coordinator, confirmed)
    add(hannover, coordinator, "+49 Kulturverein", contact_email="kultur@example.org")

    csv_rows, xlsx_rows = both(login(coordinator), URL)

    header = [
        "Name",
        "Contact",
        "Email",
        "Eligibility confirmed by",
        "Eligibility confirmed on",
        "In the register",
    ]
    assert csv_rows[0] == header and xlsx_rows[0] == header
    assert column(csv_rows, "Name") == ["'+49 Kulturverein", "Türkischer Elternverein"]
    assert column(xlsx_rows, "Name") == ["+49 Kulturverein", "Türkischer Elternverein"]
    assert column(xlsx_rows, "Contact")[1] == "Gül Şahin"
    assert column(csv_rows, "Email")[0] == "kultur@example.org"
    on = column(xlsx_rows, "Eligibility confirmed on")
    assert on[0] is None and isinstance(on[1], dt.datetime)
    assert column(csv_rows, "In the register") == ["yes", "yes"]


def test_the_file_keeps_the_registers_search(hannover: Any, coordinator: Any) -> None:
    register(hannover, coordinator, 3)
    add(hannover, coordinator, "Anderer Name")
    client = login(coordinator)

    page = client.get("/wahl/register/", {"q": "Verein", "page": "1"}).content.decode()
    rows = read_csv(client.get(URL.format(fmt="csv"), {"q": "Verein"}))

    assert 'href="/wahl/register.csv?q=Verein"' in page
    assert column(rows, "Name") == ["Verein 01", "Verein 02", "Verein 03"]


def test_only_the_coordination_downloads_the_register(hannover: Any, make_user: Any) -> None:
    assert login(make_user("jemand")).get(URL.format(fmt="csv")).status_code == 403
    assert Client().get(URL.format(fmt="xlsx")).status_code == 302


def test_the_file_takes_the_same_queries_for_few_and_many(
    hannover: Any, coordinator: Any, django_assert_max_num_queries: Any
) -> None:
    register(hannover, coordinator, 1)
    client = login(coordinator)
    client.get(URL.format(fmt="xlsx"))
    with django_assert_max_num_queries(20) as few:
        client.get(URL.format(fmt="xlsx"))
    MigrantOrganisation.objects.bulk_create(
        MigrantOrganisation(process=hannover, name=f"Verein {n}") for n in range(40)
    )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL.format(fmt="xlsx"))
    assert response.status_code == 200
