"""The tables of the bodies' pages as CSV and Excel: a body's members, the
nominations, the people. Each file lists what its page lists, to those the page lets
in, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from tests.conftest import english_client
from tests.exports import both, column, read_csv
from tests.factories import MembershipFactory, PersonFactory

from planwerk.bodies import services
from planwerk.bodies.models import Nomination, SeatCategory
from planwerk.processes.models import Process

MEMBERS = "/gremien/soziales/mitglieder.{fmt}"
NOMINATIONS = "/gremien/vorschlaege.{fmt}"
PEOPLE = "/gremien/personen.{fmt}"


def logged_in(user: Any) -> Client:
    browser = english_client()
    browser.force_login(user)
    return browser


def extern() -> SeatCategory:
    return SeatCategory.objects.get(body__slug="soziales", slug="extern")


def seat_members(count: int, **person: Any) -> list[Any]:
    seat = extern()
    return [
        MembershipFactory(seat=seat, person=PersonFactory(kind=seat.kinds[0], **person))
        for _ in range(count)
    ]


def nominate(body: str = "soziales", **changes: Any) -> Nomination:
    from planwerk.bodies.models import Body

    fields: dict[str, Any] = {
        "body": Body.objects.get(slug=body),
        "organisation": "Elternnetzwerk Mehrsprachigkeit e.V.",
        "contact_name": "Selin Arslan",
        "contact_email": "kontakt@example.org",
        "nominee_given_name": "Mara",
        "nominee_family_name": "Lindqvist",
        "nominee_kind": "external",
        "expertise": "Berät Familien.",
        "consent": True,
    }
    fields.update(changes)
    return services.submit_nomination(**fields)


# -- a body's members ----------------------------------------------------------------
def test_the_members_of_a_body_as_csv_and_xlsx(process: Process, koordination: Any) -> None:
    seat_members(1, given_name="Jürgen", family_name="Größe-Öztürk")
    ending = seat_members(1, given_name="Ayşe", family_name="Yılmaz")[0]
    ending.end = dt.date(2031, 3, 31)
    ending.save()

    csv_rows, xlsx_rows = both(logged_in(koordination), MEMBERS)

    assert csv_rows[0] == [
        "Seat",
        "Position",
        "Member",
        "Role",
        "Deputy of",
        "Appointed from a later date",
        "Until",
    ]
    assert xlsx_rows[0] == csv_rows[0]
    assert "Jürgen Größe-Öztürk" in column(csv_rows, "Member")
    assert "Jürgen Größe-Öztürk" in column(xlsx_rows, "Member")
    ayse = next(r for r in xlsx_rows if r[2] == "Ayşe Yılmaz")
    assert ayse[6] == dt.datetime(2031, 3, 31)
    assert next(r for r in csv_rows if r[2] == "Ayşe Yılmaz")[6] == "2031-03-31"


def test_the_members_file_lists_what_the_page_lists(
    client: Client, process: Process, koordination: Any
) -> None:
    seat_members(2)

    rows = read_csv(logged_in(koordination).get(MEMBERS.format(fmt="csv")))
    page = client.get("/gremien/soziales/").content.decode()

    for name in column(rows, "Member"):
        assert name in page or name in ("vacant",)
    for seat in SeatCategory.objects.filter(body__slug="soziales"):
        assert str(seat.name) in column(rows, "Seat")


def test_the_lead_dezernat_downloads_its_bodys_members_others_do_not(
    process: Process, dez3: Any, dez5: Any, make_user: Any
) -> None:
    url = MEMBERS.format(fmt="xlsx")

    assert logged_in(dez3).get(url).status_code == 200
    assert logged_in(dez5).get(url).status_code == 403
    assert logged_in(make_user("jemand")).get(url).status_code == 403
    assert english_client().get(url).status_code == 302


def test_the_body_page_offers_the_download_to_the_coordination_only(
    client: Client, process: Process, koordination: Any
) -> None:
    assert "mitglieder.xlsx" in logged_in(koordination).get("/gremien/soziales/").content.decode()
    assert "mitglieder.xlsx" not in client.get("/gremien/soziales/").content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_members_file_takes_the_same_queries_for_few_and_many(
    process: Process, koordination: Any, django_assert_max_num_queries: Any, fmt: str
) -> None:
    browser = logged_in(koordination)
    seat_members(1)
    browser.get(MEMBERS.format(fmt=fmt))  # the session and the roles, read once
    with django_assert_max_num_queries(30) as few:
        browser.get(MEMBERS.format(fmt=fmt))
    seat_members(12)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = browser.get(MEMBERS.format(fmt=fmt))
    assert response.status_code == 200


# -- nominations -----------------------------------------------------------------------
def test_the_nominations_as_csv_and_xlsx(process: Process, koordination: Any) -> None:
    nominate(nominee_given_name="Şükrü", nominee_family_name="Çelik")
    nominate(organisation="=cmd|' /C calc'!A0", nominee_family_name="Meyer")

    csv_rows, xlsx_rows = both(logged_in(koordination), NOMINATIONS)

    header = ["Nominee", "Organisation", "Expert group", "Status", "Submitted on"]
    assert csv_rows[0] == header and xlsx_rows[0] == header
    assert "Şükrü Çelik" in column(csv_rows, "Nominee")
    assert "Şükrü Çelik" in column(xlsx_rows, "Nominee")
    assert "'=cmd|' /C calc'!A0" in column(csv_rows, "Organisation")
    assert "=cmd|' /C calc'!A0" in column(xlsx_rows, "Organisation")
    assert set(column(csv_rows, "Status")) == {"received"}
    assert all(isinstance(v, dt.datetime) for v in column(xlsx_rows, "Submitted on"))
    assert "kontakt@example.org" not in str(csv_rows)


def test_a_dezernat_downloads_the_forwarded_nominations_of_its_groups_only(
    process: Process, koordination: Any, dez3: Any
) -> None:
    forwarded = nominate(nominee_family_name="Weitergeleitet")
    services.forward_nomination(koordination, forwarded)
    nominate(nominee_family_name="Eingereicht")
    nominate("wirtschaft", nominee_family_name="Anderegruppe")

    rows = read_csv(logged_in(dez3).get(NOMINATIONS.format(fmt="csv")))

    assert column(rows, "Nominee") == ["Mara Weitergeleitet"]


def test_nobody_else_downloads_the_nominations(process: Process, make_user: Any) -> None:
    assert logged_in(make_user("jemand")).get(NOMINATIONS.format(fmt="csv")).status_code == 403
    assert english_client().get(NOMINATIONS.format(fmt="csv")).status_code == 302


def test_the_nominations_file_takes_the_same_queries_for_few_and_many(
    process: Process, koordination: Any, django_assert_max_num_queries: Any
) -> None:
    browser = logged_in(koordination)
    nominate()
    browser.get(NOMINATIONS.format(fmt="xlsx"))
    with django_assert_max_num_queries(20) as few:
        browser.get(NOMINATIONS.format(fmt="xlsx"))
    for number in range(10):
        nominate(nominee_family_name=f"Person{number}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        browser.get(NOMINATIONS.format(fmt="xlsx"))


def test_the_nominations_page_links_to_its_files(process: Process, koordination: Any) -> None:
    page = logged_in(koordination).get("/gremien/vorschlaege/").content.decode()

    assert 'href="/gremien/vorschlaege.csv"' in page
    assert 'href="/gremien/vorschlaege.xlsx"' in page


# -- people ---------------------------------------------------------------------------
def test_the_people_file_says_whether_data_is_recorded_never_what(
    process: Process, koordination: Any
) -> None:
    PersonFactory(given_name="Aylin", family_name="Yıldız", gender="female")
    PersonFactory(given_name="Jonas", family_name="Becker", migration_background=True)
    PersonFactory(given_name="Lena", family_name="Böhm")

    csv_rows, xlsx_rows = both(logged_in(koordination), PEOPLE, q="Yıldız Aylin")
    everyone = read_csv(logged_in(koordination).get(PEOPLE.format(fmt="csv")))

    assert csv_rows[0] == [
        "Family name",
        "Given name",
        "Works in",
        "Bodies today",
        "Self-declared data",
    ]
    assert csv_rows[1:] == [["Yıldız", "Aylin", "Civil society", "", "recorded"]]
    assert xlsx_rows[1][:2] == ["Yıldız", "Aylin"]
    names = column(everyone, "Family name")
    by_name = dict(zip(names, column(everyone, "Self-declared data"), strict=True))
    assert by_name["Becker"] == "recorded" and by_name["Böhm"] == "none recorded"
    assert "female" not in str(everyone) and "True" not in str(everyone)


def test_the_people_file_keeps_the_pages_filter_but_not_its_paging(
    process: Process, koordination: Any
) -> None:
    members = seat_members(3)
    PersonFactory(given_name="Nicht", family_name="Mitglied")
    browser = logged_in(koordination)

    page = browser.get("/gremien/personen/", {"gremium": "soziales", "seite": "1"})
    rows = read_csv(browser.get(PEOPLE.format(fmt="csv"), {"gremium": "soziales"}))

    assert 'href="/gremien/personen.csv?gremium=soziales"' in page.content.decode()
    assert {m.person.family_name for m in members} <= set(column(rows, "Family name"))
    assert "Mitglied" not in column(rows, "Family name")
    assert all("Expert group Social affairs" in b for b in column(rows, "Bodies today"))


def test_only_the_coordination_downloads_the_people(process: Process, dez3: Any) -> None:
    assert logged_in(dez3).get(PEOPLE.format(fmt="xlsx")).status_code == 403


def test_the_people_file_takes_the_same_queries_for_few_and_many(
    process: Process, koordination: Any, django_assert_max_num_queries: Any
) -> None:
    browser = logged_in(koordination)
    seat_members(1)
    browser.get(PEOPLE.format(fmt="csv"))
    with django_assert_max_num_queries(20) as few:
        browser.get(PEOPLE.format(fmt="csv"))
    seat_members(15)

    with django_assert_max_num_queries(len(few.captured_queries)):
        browser.get(PEOPLE.format(fmt="csv"))


# -- roles ----------------------------------------------------------------------------
def test_the_roles_as_csv_and_xlsx(process: Process, koordination: Any, dez3: Any) -> None:
    csv_rows, xlsx_rows = both(logged_in(koordination), "/gremien/rollen.{fmt}")

    header = ["Account", "Name", "locked", "Role", "Dezernat"]
    assert csv_rows[0] == header and xlsx_rows[0] == header
    roles = dict(zip(column(csv_rows, "Account"), column(csv_rows, "Dezernat"), strict=True))
    assert roles["dez3"].startswith("Dezernat III") and roles["koordination"] == ""
    assert logged_in(dez3).get("/gremien/rollen.csv").status_code == 403
    assert (
        'href="/gremien/rollen.xlsx"'
        in logged_in(koordination).get("/gremien/rollen/").content.decode()
    )
