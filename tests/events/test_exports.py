"""An event's registrations and an expert group's concerns as CSV and Excel: what the
pages list, to those the pages let in, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone
from tests.conftest import english_client
from tests.exports import both, column, read_csv

from planwerk.events import services


def client_for(user: Any) -> Client:
    client = english_client()
    client.force_login(user)
    return client


def registrations_url(world: Any) -> str:
    return f"/veranstaltungen/{world.event.uuid}/teilnahmen.{{fmt}}"


def inbox_url(world: Any) -> str:
    return f"/veranstaltungen/anliegen/{world.group.slug}.{{fmt}}"


# -- registrations ---------------------------------------------------------------------
def test_the_registrations_as_csv_and_xlsx_in_the_pages_order(world: Any) -> None:
    world.register("Ayşe Demir", "ayse@example.org", access_needs="Rollstuhl, Gebärdensprache")
    world.register("Boris Iwanow", "boris@example.org", languages_spoken=["ru"])
    waiting = world.register("Chloé Martin", "chloe@example.org")
    services.cancel_registration(world.coordinator, world.register("Dörte", "d@example.org").token)

    csv_rows, xlsx_rows = both(client_for(world.coordinator), registrations_url(world))

    header = [
        "Status",
        "Name",
        "Email",
        "Languages spoken",
        "Other languages",
        "Access needs",
        "Workshop",
        "Registered on",
    ]
    assert csv_rows[0] == header and xlsx_rows[0] == header
    names = ["Ayşe Demir", "Boris Iwanow", "Chloé Martin", "Dörte"]
    assert column(csv_rows, "Name") == names and column(xlsx_rows, "Name") == names
    assert column(csv_rows, "Status") == [
        "confirmed",
        "confirmed",
        "on the waiting list",
        "cancelled",
    ]
    assert "Russian" in column(csv_rows, "Languages spoken")
    assert column(xlsx_rows, "Access needs")[0] == "Rollstuhl, Gebärdensprache"
    assert column(csv_rows, "Email")[2] == "chloe@example.org"
    registered = column(xlsx_rows, "Registered on")[2]
    assert isinstance(registered, dt.datetime)
    # The wall clock in Hannover, as the page shows it.
    assert registered == timezone.localtime(waiting.created).replace(tzinfo=None, microsecond=0)


def test_a_name_that_is_a_formula_is_shown_never_run(world: Any) -> None:
    world.register("=HYPERLINK(1)", "ayse@example.org")

    csv_rows, xlsx_rows = both(client_for(world.coordinator), registrations_url(world))

    assert column(csv_rows, "Name") == ["'=HYPERLINK(1)"]
    assert column(xlsx_rows, "Name") == ["=HYPERLINK(1)"]


def test_the_old_csv_address_still_answers(world: Any) -> None:
    world.register("Ayşe Demir", "ayse@example.org")

    rows = read_csv(
        client_for(world.coordinator).get(f"/veranstaltungen/{world.event.uuid}/teilnahmen.csv")
    )

    assert column(rows, "Name") == ["Ayşe Demir"]


def test_only_the_coordination_downloads_the_registrations(world: Any) -> None:
    url = registrations_url(world).format(fmt="xlsx")

    assert client_for(world.member).get(url).status_code == 403
    assert client_for(world.stranger).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_the_registrations_page_links_to_both_files(world: Any) -> None:
    page = client_for(world.coordinator).get(f"/veranstaltungen/{world.event.uuid}/teilnahmen/")

    assert f"/veranstaltungen/{world.event.uuid}/teilnahmen.csv" in page.content.decode()
    assert f"/veranstaltungen/{world.event.uuid}/teilnahmen.xlsx" in page.content.decode()


def test_the_registrations_file_takes_the_same_queries_for_few_and_many(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    world.event.capacity = None
    world.event.save()
    workshop = services.add_workshop(world.coordinator, world.event, title={"de": "Werkstatt"})
    world.register("Erste", "erste@example.org", workshop=workshop)
    client = client_for(world.coordinator)
    url = registrations_url(world).format(fmt="xlsx")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for number in range(12):
        world.register(f"Person {number}", f"p{number}@example.org", workshop=workshop)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


# -- concerns --------------------------------------------------------------------------
def test_the_groups_concerns_as_csv_and_xlsx(world: Any) -> None:
    services.enter_concern(
        world.coordinator, world.event, text="Mehr Sprachkurse für Mütter", body=world.group
    )
    services.enter_concern(world.coordinator, world.event, text="Radwege", body=world.other_group)
    services.enter_concern(world.coordinator, world.event, text="-1+1", body=world.group)

    csv_rows, xlsx_rows = both(client_for(world.member), inbox_url(world))

    header = ["Concern", "Event", "Status", "Measure", "What the group did"]
    assert csv_rows[0] == header and xlsx_rows[0] == header
    assert column(xlsx_rows, "Concern") == ["Mehr Sprachkurse für Mütter", "-1+1"]
    assert column(csv_rows, "Concern") == ["Mehr Sprachkurse für Mütter", "'-1+1"]
    assert set(column(csv_rows, "Event")) == {"Kickoff event"}


def test_only_the_group_and_the_coordination_download_its_concerns(world: Any) -> None:
    url = inbox_url(world).format(fmt="csv")
    other = f"/veranstaltungen/anliegen/{world.other_group.slug}.csv"

    assert client_for(world.coordinator).get(url).status_code == 200
    assert client_for(world.member).get(other).status_code == 403
    assert client_for(world.stranger).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_the_inbox_links_to_its_files(world: Any) -> None:
    services.enter_concern(world.coordinator, world.event, text="Sprachkurse", body=world.group)

    page = client_for(world.member).get(f"/veranstaltungen/anliegen/{world.group.slug}/")

    assert inbox_url(world).format(fmt="xlsx") in page.content.decode()


def test_the_concerns_file_takes_the_same_queries_for_few_and_many(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    services.enter_concern(world.coordinator, world.event, text="Eins", body=world.group)
    client = client_for(world.member)
    url = inbox_url(world).format(fmt="csv")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for number in range(10):
        services.enter_concern(world.coordinator, world.event, text=f"A{number}", body=world.group)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
