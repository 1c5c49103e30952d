"""The register of migrant organisations as CSV and Excel: the register's columns,
with its search, for the coordination, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from tests.conftest import english_client
from tests.elections.factories import register
from tests.exports import both, column, read_csv, read_xlsx

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


# -- the invitations --------------------------------------------------------------------
def election_invited(hannover: Any, coordinator: Any, capture: Any) -> Any:
    """An election whose invitations the coordination has asked to send."""
    from zoneinfo import ZoneInfo

    from tests.elections.factories import new_election

    from planwerk.elections import invitations

    berlin = ZoneInfo("Europe/Berlin")
    election = new_election(
        hannover,
        coordinator,
        meeting_at=dt.datetime(2019, 11, 20, 18, 0, tzinfo=berlin),
        nomination_deadline=dt.datetime(2019, 11, 8, 23, 59, tzinfo=berlin),
        place="Neues Rathaus",
    )
    with capture(execute=True):
        invitations.request_invitations(coordinator, election, base_url="https://p.example/")
    return election


def test_the_invitations_as_csv_and_xlsx(
    hannover: Any, coordinator: Any, make_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    register(hannover, coordinator, 2)
    letter = add(hannover, coordinator, "Kulturverein Ümraniye", contact_name="Frau Yılmaz")
    services.confirm_eligibility(coordinator, letter)
    election = election_invited(hannover, coordinator, django_capture_on_commit_callbacks)
    url = f"/wahl/dokumente/{election.pk}/einladungen.{{fmt}}"
    client = login(coordinator)

    csv_rows, xlsx_rows = both(client, url)
    page = client.get(f"/wahl/dokumente/{election.pk}/einladungen/").content.decode()

    assert csv_rows[0] == ["Organisation", "Email", "Status", "Since", "Error"]
    assert sorted(column(xlsx_rows, "Organisation")) == [
        "Kulturverein Ümraniye",
        "Verein 01",
        "Verein 02",
    ]
    by_name = {row[0]: row for row in xlsx_rows[1:]}
    assert by_name["Verein 01"][1:3] == ["v1@example.org", "sent"]
    assert isinstance(by_name["Verein 01"][3], dt.datetime)
    assert by_name["Kulturverein Ümraniye"][2] == "letter only"
    assert url.format(fmt="xlsx") in page
    assert login(make_user("jemand")).get(url.format(fmt="csv")).status_code == 403


def test_the_invitations_file_takes_the_same_queries_for_few_and_many(
    hannover: Any,
    coordinator: Any,
    django_capture_on_commit_callbacks: Any,
    django_assert_max_num_queries: Any,
) -> None:
    from planwerk.elections import invitations

    register(hannover, coordinator, 1)
    election = election_invited(hannover, coordinator, django_capture_on_commit_callbacks)
    url = f"/wahl/dokumente/{election.pk}/einladungen.xlsx"
    client = login(coordinator)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    more = [
        services.confirm_eligibility(
            coordinator,
            add(hannover, coordinator, f"Gruppe {n}", contact_email=f"g{n}@example.org"),
        )
        for n in range(12)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        invitations.request_invitations(coordinator, election, base_url="https://p.example/")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(read_xlsx(response)) == 1 + 1 + len(more)
