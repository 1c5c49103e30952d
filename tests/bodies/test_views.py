"""The pages about bodies: what visitors read and what managers do there."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.conftest import english_client
from tests.factories import MembershipFactory

from planwerk.bodies.models import (
    Body,
    Membership,
    Person,
    SeatCategory,
    SeatPosition,
    TopicChangeRequest,
)
from planwerk.processes.models import Process

# The page of one body costs this many queries, however many members it has.
DETAIL_QUERIES = 15


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def visible(html: str) -> str:
    """The text of a page, tags removed and spaces folded, as a reader gets it."""
    text = re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&amp;", "&")
    return " ".join(text.split())


def seat(body: str, slug: str) -> SeatCategory:
    return SeatCategory.objects.get(body__slug=body, slug=slug)


def member(body: str, seat_slug: str, person: Person, **extra: Any) -> Membership:
    return MembershipFactory(person=person, seat=seat(body, seat_slug), **extra)


def logged_in(user: Any) -> Client:
    browser = english_client()
    browser.force_login(user)
    return browser


# -- reading -------------------------------------------------------------------------
def test_the_list_shows_every_body_by_kind_with_its_lead(client: Client, process: Process) -> None:
    text = visible(page(client, "/gremien/"))

    for body in Body.objects.all():
        assert str(body.name) in text, body.slug
    assert "Expert group Urban life and culture" in text
    assert "Dezernat III – Social affairs and sport, Dezernat VI" in text


def test_the_steering_group_page_shows_its_seats_votes_and_what_is_missing(
    client: Client, process: Process
) -> None:
    text = visible(page(client, "/gremien/lenkungsgruppe/"))

    assert "23 in all, 0 of them held now" in text
    assert "Joint vote of the chair and the department Soziales (counted once)" in text
    assert "Heads of department: 0 of at least 12 seats are filled." in text
    assert "Elected representatives of migrant organisations" in text
    assert "Social affairs: vacant" in text


def test_a_member_appears_under_the_seat_they_hold(
    client: Client, process: Process, make_person: Any
) -> None:
    kultur = SeatPosition.objects.get(
        category__slug="fachbereichsleitungen", unit__slug="fb-kultur"
    )
    member(
        "lenkungsgruppe",
        "fachbereichsleitungen",
        make_person("internal", "fb-kultur", given_name="Jonas", family_name="Wagner"),
        position=kultur,
    )

    text = visible(page(client, "/gremien/lenkungsgruppe/"))

    assert "Culture: Jonas Wagner" in text
    assert "1 of at least 12 seats are filled" in text


def test_deputies_and_later_members_are_listed_apart(
    client: Client, process: Process, make_person: Any
) -> None:
    held = member("soziales", "extern", make_person(given_name="Aylin", family_name="Yıldız"))
    member(
        "soziales",
        "extern",
        make_person(given_name="Kim", family_name="Nowak"),
        role="deputy",
        deputy_of=held,
    )
    member(
        "soziales",
        "extern",
        make_person(given_name="Omar", family_name="Haddad"),
        start=dt.date.today() + dt.timedelta(days=30),
    )

    text = visible(page(client, "/gremien/soziales/"))

    assert "Kim Nowak – deputy of Aylin Yıldız" in text
    assert "Omar Haddad – External experts (from" in text


def test_no_figures_about_a_body_of_fewer_than_five_people(
    client: Client, process: Process, make_person: Any
) -> None:
    for _ in range(4):
        member("bildung", "extern", make_person(gender="female", migration_background=True))

    text = visible(page(client, "/gremien/bildung/"))

    assert "Not shown for fewer than 5 members." in text
    assert "women" not in text
    assert "migration background" not in text.replace(
        "The share with a migration background is not shown", ""
    )


def test_figures_about_a_body_of_five_or_more_are_shown(
    client: Client, process: Process, make_person: Any
) -> None:
    for gender in ("female", "female", "female", "male", ""):
        member(
            "bildung",
            "extern" if gender != "male" else "intern",
            make_person(
                "external" if gender != "male" else "internal",
                gender=gender,
                migration_background=gender == "female",
            ),
        )

    text = visible(page(client, "/gremien/bildung/"))

    assert "3 women, 1 man, 0 diverse, 1 without answer; 3 of 5 with a migration background" in text


def test_an_unknown_body_is_not_found(client: Client, process: Process) -> None:
    assert client.get("/gremien/gibt-es-nicht/").status_code == 404


def test_the_body_page_takes_as_many_queries_with_members_as_without(
    client: Client, process: Process, django_assert_max_num_queries: Any
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            page(client, "/gremien/lenkungsgruppe/")
        return len(captured.captured_queries)

    empty = count()
    call_command("load_demo", verbosity=0)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        page(client, "/gremien/lenkungsgruppe/")
    assert count() == empty


def test_the_body_list_takes_a_handful_of_queries(
    client: Client, process: Process, django_assert_max_num_queries: Any
) -> None:
    call_command("load_demo", verbosity=0)

    with django_assert_max_num_queries(5):
        page(client, "/gremien/")


# -- appointing and ending on the page --------------------------------------------------
def test_the_lead_dezernat_appoints_a_new_person_on_the_page(dez3: Any) -> None:
    browser = logged_in(dez3)

    response = browser.post(
        "/gremien/soziales/mitglied-berufen/",
        {
            "given_name": "Fatma",
            "family_name": "Öztürk",
            "kind": "external",
            "seat": seat("soziales", "extern").pk,
            "start": "2020-02-01",
        },
        follow=True,
    )

    assert response.redirect_chain == [("/gremien/soziales/", 302)]
    text = visible(response.content.decode())
    assert "The membership has been recorded." in text
    assert "Fatma Öztürk" in text
    assert Membership.objects.get(person__family_name="Öztürk").seat.slug == "extern"


def test_a_refused_appointment_shows_why_and_saves_no_one(dez3: Any) -> None:
    response = logged_in(dez3).post(
        "/gremien/soziales/mitglied-berufen/",
        {
            "given_name": "Lukas",
            "family_name": "Krüger",
            "kind": "internal",
            "seat": seat("soziales", "extern").pk,
            "start": "2020-02-01",
        },
    )

    assert response.status_code == 200
    assert "this seat is for: Civil society, Science" in visible(response.content.decode())
    assert not Person.objects.filter(family_name="Krüger").exists()
    assert not Membership.objects.exists()


def test_a_new_person_needs_a_name_and_a_kind(dez3: Any) -> None:
    response = logged_in(dez3).post(
        "/gremien/soziales/mitglied-berufen/",
        {"who": "new", "seat": seat("soziales", "extern").pk, "start": "2020-02-01"},
    )

    assert set(response.context["form"].errors) == {"given_name", "family_name", "kind"}
    assert not Person.objects.exists()


APPOINT = "/gremien/soziales/mitglied-berufen/"


def appoint_data(**fields: Any) -> dict[str, Any]:
    return {"seat": seat("soziales", "extern").pk, "start": "2020-02-01", **fields}


def test_the_appoint_form_lists_no_one_until_a_name_is_searched(
    dez3: Any, make_person: Any
) -> None:
    for number in range(87):
        make_person(given_name=f"Person{number}", family_name="Muster")

    html = logged_in(dez3).get(APPOINT).content.decode()

    assert html.count("Muster, Person") == 0
    assert "Search for a name to fill the list." in visible(html)


def test_searching_lists_the_matches_and_keeps_what_was_typed(dez3: Any, make_person: Any) -> None:
    wanted = make_person(given_name="Aylin", family_name="Yıldız")
    make_person(given_name="Jonas", family_name="Becker")

    response = logged_in(dez3).post(
        APPOINT, appoint_data(action="search", q="yıld", note="Nachrückerin")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{wanted.pk}">Yıldız, Aylin – Civil society</option>' in html
    assert "Becker" not in html
    assert "1 person matches “yıld”." in visible(html)
    assert 'value="Nachrückerin"' in html
    assert "Please correct" not in html
    assert not Membership.objects.exists()


def test_the_search_answers_while_typing_with_the_list_alone(dez3: Any, make_person: Any) -> None:
    for number in range(35):
        make_person(given_name=f"Person{number}", family_name="Muster")

    response = logged_in(dez3).get(APPOINT, {"q": "muster"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<form" not in html and html.count("Muster, Person") == 30
    assert 'hx-swap-oob="true"' in html
    assert "35 people match “muster”. The list shows the first 30" in visible(html)


def test_a_person_already_chosen_stays_chosen_when_the_list_is_refreshed(
    dez3: Any, make_person: Any
) -> None:
    chosen = make_person(given_name="Aylin", family_name="Yıldız")

    response = logged_in(dez3).get(
        APPOINT, {"q": "becker", "person": chosen.pk}, headers={"HX-Request": "true"}
    )

    assert f'<option value="{chosen.pk}" selected>Yıldız, Aylin' in response.content.decode()


def test_an_existing_person_found_by_the_search_is_appointed(dez3: Any, make_person: Any) -> None:
    wanted = make_person(given_name="Aylin", family_name="Yıldız")

    response = logged_in(dez3).post(
        APPOINT, appoint_data(who="existing", q="Yıldız", person=wanted.pk), follow=True
    )

    assert response.redirect_chain == [("/gremien/soziales/", 302)]
    assert Membership.objects.get().person == wanted
    assert Person.objects.count() == 1


def test_an_existing_person_and_a_typed_new_name_are_refused_saying_which_is_used(
    dez3: Any, make_person: Any
) -> None:
    chosen = make_person(given_name="Aylin", family_name="Yıldız")
    data = appoint_data(person=chosen.pk, given_name="Fatma", family_name="Öztürk", kind="external")

    for who, field, words in [
        ("existing", "given_name", "so the name Fatma Öztürk is not used"),
        ("new", "person", "so Aylin Yıldız from the list is not used"),
        ("", "who", "You chose Aylin Yıldız from the list and typed the new name Fatma Öztürk"),
    ]:
        response = logged_in(dez3).post(APPOINT, {**data, "who": who})

        errors = response.context["form"].errors
        assert words in errors[field][0], (who, errors)
        assert f'href="#id_{field}' in response.content.decode()
    assert Person.objects.count() == 1
    assert not Membership.objects.exists()


def test_choosing_neither_an_existing_nor_a_new_person_is_explained(dez3: Any) -> None:
    response = logged_in(dez3).post(APPOINT, appoint_data())

    assert response.context["form"].errors["who"] == [
        "Choose a person already in planwerk, or enter a new person."
    ]
    assert 'href="#id_who_0"' in response.content.decode()


def test_the_appoint_form_offers_only_this_bodys_current_seats(dez3: Any) -> None:
    SeatCategory.objects.filter(body__slug="soziales", slug="wissenschaft").update(retired=True)

    response = logged_in(dez3).get("/gremien/soziales/mitglied-berufen/")

    offered = {c.slug for c in response.context["form"].fields["seat"].queryset}
    assert offered == {"intern", "extern", "geschaeftsfuehrung", "fachberatung"}


def test_ending_a_membership_on_the_page(dez3: Any, make_person: Any) -> None:
    held = member("soziales", "extern", make_person(given_name="Ali", family_name="Rahimi"))

    response = logged_in(dez3).post(
        f"/gremien/soziales/mitgliedschaft/{held.pk}/beenden/", {"end": "2020-06-30"}, follow=True
    )

    assert "The membership ends on" in visible(response.content.decode())
    held.refresh_from_db()
    assert held.end == dt.date(2020, 6, 30)


def test_ending_before_the_start_is_explained_on_the_page(dez3: Any, make_person: Any) -> None:
    held = member("soziales", "extern", make_person())

    response = logged_in(dez3).post(
        f"/gremien/soziales/mitgliedschaft/{held.pk}/beenden/", {"end": "2019-06-30"}
    )

    assert response.status_code == 200
    assert "cannot end (06/30/2019) before it starts (01/01/2020)" in visible(
        response.content.decode()
    )
    held.refresh_from_db()
    assert held.end is None


def test_a_membership_of_another_body_is_not_found_here(dez3: Any, make_person: Any) -> None:
    elsewhere = member("bildung", "extern", make_person())

    response = logged_in(dez3).get(f"/gremien/soziales/mitgliedschaft/{elsewhere.pk}/beenden/")

    assert response.status_code == 404


# -- changing the topics on the page ----------------------------------------------------
def test_a_topic_change_goes_from_request_to_the_steering_groups_decision(
    dez3: Any, koordination: Any
) -> None:
    requested = logged_in(dez3).post(
        "/gremien/soziales/themenzuschnitt/",
        {"subtopics": "Frauen\nGesundheit\nWohnungslosigkeit", "reason": "Fehlt bisher."},
        follow=True,
    )
    text = visible(requested.content.decode())
    assert "the steering group decides on it" in text
    assert "Frauen, Gesundheit, Wohnungslosigkeit – requested" in text
    req = TopicChangeRequest.objects.get()

    decided = logged_in(koordination).post(
        f"/gremien/soziales/themenzuschnitt/{req.pk}/",
        {"agreed": "yes", "decision_date": "2020-05-04", "reference": "Protokoll LG 3/2020"},
        follow=True,
    )

    text = visible(decided.content.decode())
    assert "The steering group's decision has been recorded." in text
    assert "agreed by the steering group" in text and "Protokoll LG 3/2020" in text
    subtopics = text[text.index("Subtopics") : text.index("Request a change")]
    assert "Wohnungslosigkeit" in subtopics and "Papierlose" not in subtopics


def test_a_decision_without_a_reference_is_explained(koordination: Any) -> None:
    req = TopicChangeRequest.objects.create(
        body=Body.objects.get(slug="soziales"),
        proposed_subtopics=["Frauen"],
        reason="Kürzer.",
        requested_by="dez3",
    )

    response = logged_in(koordination).post(
        f"/gremien/soziales/themenzuschnitt/{req.pk}/",
        {"agreed": "no", "decision_date": "2020-05-04", "reference": ""},
    )

    assert response.status_code == 200
    assert "reference" in response.context["form"].errors
    req.refresh_from_db()
    assert req.status == TopicChangeRequest.Status.REQUESTED
