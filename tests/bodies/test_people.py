"""The coordinator's own pages: people's self-declared data, and roles."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from tests.conftest import english_client
from tests.factories import MembershipFactory

from planwerk.audit.models import AuditEntry
from planwerk.bodies.models import Body, Person, SeatCategory
from planwerk.bodies.queries import body_view
from planwerk.core.models import RoleAssignment
from planwerk.core.permissions import dezernat_unit_ids, roles_of
from planwerk.processes.models import Unit

PEOPLE = "/gremien/personen/"
ROLES = "/gremien/rollen/"


def visible(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&amp;", "&")
    return " ".join(text.split())


def logged_in(user: Any) -> Client:
    browser = english_client()
    browser.force_login(user)
    return browser


def seat_five(make_person: Any) -> list[Person]:
    """Five external experts of Soziales, nobody has declared anything."""
    extern = SeatCategory.objects.get(body__slug="soziales", slug="extern")
    intern = SeatCategory.objects.get(body__slug="soziales", slug="intern")
    people = []
    for index in range(5):
        seat = extern if index < 4 else intern
        person = make_person(seat.kinds[0], "dez-iii" if seat == intern else None)
        people.append(MembershipFactory(person=person, seat=seat).person)
    return people


def declaration(pk: int) -> str:
    return f"/gremien/personen/{pk}/selbstauskunft/"


# -- self-declared data ------------------------------------------------------------
def test_recording_what_people_declared_changes_the_composition_check(
    koordination: Any, make_person: Any
) -> None:
    people = seat_five(make_person)
    soziales = Body.objects.get(slug="soziales")
    assert body_view(soziales).aggregate.gender == {
        "female": 0,
        "male": 0,
        "diverse": 0,
        "undeclared": 5,
    }
    browser = logged_in(koordination)

    for person, gender in zip(people, ["female", "female", "male", "diverse", ""], strict=True):
        response = browser.post(
            declaration(person.pk), {"gender": gender, "migration_background": "yes"}
        )
        assert response.status_code == 302

    page = visible(browser.get("/gremien/soziales/").content.decode())
    assert "2 women, 1 man, 1 diverse, 1 without answer; 5 of 5 with a migration background" in (
        page
    )


def test_the_audit_log_notes_the_change_but_not_the_answers(
    koordination: Any, make_person: Any
) -> None:
    person = make_person()

    logged_in(koordination).post(
        declaration(person.pk), {"gender": "female", "migration_background": "no"}
    )

    person.refresh_from_db()
    assert (person.gender, person.migration_background) == ("female", False)
    entry = AuditEntry.objects.get(action="bodies.person.self_declaration_recorded")
    assert entry.actor == "koordination"
    assert entry.payload == {"fields": ["gender", "migration_background"]}
    assert "female" not in str(entry.payload) and "False" not in str(entry.payload)


def test_no_answer_takes_a_declaration_back(koordination: Any, make_person: Any) -> None:
    person = make_person(gender="male", migration_background=True)

    logged_in(koordination).post(declaration(person.pk), {"gender": "", "migration_background": ""})

    person.refresh_from_db()
    assert (person.gender, person.migration_background) == ("", None)


def test_the_page_says_the_answers_are_optional_self_declared_and_only_totals(
    koordination: Any, make_person: Any
) -> None:
    person = make_person(gender="male")

    html = logged_in(koordination).get(declaration(person.pk)).content.decode()

    text = visible(html)
    assert "Every answer is optional" in text
    assert "never shows these answers for a single person" in text
    assert "but not the answers" in text
    assert re.search(r'value="male"[^>]* checked', html)


def test_an_unknown_answer_is_refused_and_nothing_changes(
    koordination: Any, make_person: Any
) -> None:
    person = make_person(gender="female")

    response = logged_in(koordination).post(
        declaration(person.pk), {"gender": "robot", "migration_background": "maybe"}
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"gender", "migration_background"}
    person.refresh_from_db()
    assert person.gender == "female"
    assert not AuditEntry.objects.filter(action__startswith="bodies.person").exists()


def test_after_recording_the_coordinator_returns_to_the_list_she_came_from(
    koordination: Any, make_person: Any
) -> None:
    person = make_person()
    browser = logged_in(koordination)

    back = browser.post(
        declaration(person.pk),
        {"gender": "female", "next": "/gremien/personen/?gremium=soziales"},
    )
    elsewhere = browser.post(
        declaration(person.pk), {"gender": "male", "next": "https://evil.example/"}
    )

    assert back["Location"] == "/gremien/personen/?gremium=soziales"
    assert elsewhere["Location"] == PEOPLE


def test_the_list_never_shows_the_answers_only_whether_something_is_recorded(
    koordination: Any, make_person: Any
) -> None:
    make_person(given_name="Aylin", family_name="Yıldız", gender="female")
    make_person(given_name="Jonas", family_name="Becker")

    text = visible(logged_in(koordination).get(PEOPLE).content.decode())

    assert "Yıldız, Aylin" in text and "recorded: change" in text
    assert "Becker, Jonas" in text and "none recorded: record" in text
    assert "female" not in text


def test_the_list_finds_people_by_name_and_by_body(koordination: Any, make_person: Any) -> None:
    members = seat_five(make_person)
    make_person(given_name="Nicht", family_name="Mitglied")
    browser = logged_in(koordination)

    by_body = visible(browser.get(PEOPLE, {"gremium": "soziales"}).content.decode())
    by_name = visible(browser.get(PEOPLE, {"q": "nicht mitgl"}).content.decode())

    assert "5 current members of Expert group Social affairs" in by_body
    assert all(p.family_name in by_body for p in members) and "Mitglied, Nicht" not in by_body
    assert "1 person" in by_name and "Mitglied, Nicht" in by_name


def test_the_list_of_many_people_takes_few_queries_and_pages(
    koordination: Any, make_person: Any, django_assert_max_num_queries: Any
) -> None:
    for person in seat_five(make_person):
        assert person.pk
    for _number in range(60):
        make_person()
    browser = logged_in(koordination)

    with django_assert_max_num_queries(8):
        response = browser.get(PEOPLE)

    text = visible(response.content.decode())
    assert "65 people" in text and "Page 1 of 2" in text


@pytest.mark.parametrize("url", [PEOPLE, ROLES, "/gremien/rollen/1/entfernen/"])
def test_only_the_coordination_sees_these_pages(dez3: Any, url: str) -> None:
    assert logged_in(dez3).get(url).status_code == 403
    assert english_client().get(url).status_code == 302


def test_a_dezernat_cannot_record_self_declared_data(dez3: Any, make_person: Any) -> None:
    person = make_person()

    assert logged_in(dez3).post(declaration(person.pk), {"gender": "male"}).status_code == 403

    person.refresh_from_db()
    assert person.gender == ""


def test_the_body_page_leads_the_coordinator_to_its_members_data(
    koordination: Any, client: Client
) -> None:
    link = "/gremien/personen/?gremium=soziales"

    assert link in logged_in(koordination).get("/gremien/soziales/").content.decode()
    assert link not in client.get("/gremien/soziales/").content.decode()


# -- roles -------------------------------------------------------------------------
def test_the_coordinator_lets_an_account_act_for_a_dezernat(
    koordination: Any, make_user: Any
) -> None:
    newcomer = make_user("dez4-neu", first_name="Nora", last_name="Neu")
    dez4 = Unit.objects.get(slug="dez-iv")

    response = logged_in(koordination).post(
        ROLES, {"account": newcomer.pk, "role": "dezernat", "unit": dez4.pk}, follow=True
    )

    text = visible(response.content.decode())
    assert "dez4-neu is now acting for Dezernat IV" in text
    assert "dez4-neu (Nora Neu)" in text
    assert dezernat_unit_ids(type(newcomer).objects.get(pk=newcomer.pk)) == {dez4.pk}
    entry = AuditEntry.objects.get(action="core.role.assigned")
    assert entry.payload == {"account": "dez4-neu", "role": "dezernat", "unit": "dez-iv"}


def test_a_second_coordinator_is_named_by_the_first(koordination: Any, make_user: Any) -> None:
    colleague = make_user("koordination2")

    logged_in(koordination).post(ROLES, {"account": colleague.pk, "role": "coordinator"})

    assert "coordinator" in roles_of(type(colleague).objects.get(pk=colleague.pk))


@pytest.mark.parametrize(
    ("role", "unit", "field", "message"),
    [
        ("dezernat", None, "unit", "Choose the Dezernat this account acts for."),
        ("coordinator", "dez-iii", "unit", "A coordinator acts for the whole process"),
        ("dezernat", "dez-iii", "account", "already has this role"),
    ],
)
def test_a_role_that_does_not_fit_is_explained(
    koordination: Any, dez3: Any, role: str, unit: str | None, field: str, message: str
) -> None:
    before = RoleAssignment.objects.count()
    data = {"account": dez3.pk, "role": role}
    if unit:
        data["unit"] = Unit.objects.get(slug=unit).pk

    response = logged_in(koordination).post(ROLES, data)

    assert message in response.context["form"].errors[field][0]
    assert RoleAssignment.objects.count() == before


def test_a_role_is_removed_after_a_confirmation(koordination: Any, dez3: Any) -> None:
    assignment = RoleAssignment.objects.get(user=dez3)
    url = f"/gremien/rollen/{assignment.pk}/entfernen/"
    browser = logged_in(koordination)

    asked = visible(browser.get(url).content.decode())
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    done = visible(browser.post(url, follow=True).content.decode())

    assert "After this, dez3 is no longer acting for Dezernat III" in asked
    assert "dez3 is no longer acting for Dezernat III – Social affairs and sport." in done
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEntry.objects.filter(action="core.role.removed").count() == 1


def test_nobody_removes_their_own_coordinator_role(koordination: Any) -> None:
    own = RoleAssignment.objects.get(user=koordination)

    response = logged_in(koordination).post(f"/gremien/rollen/{own.pk}/entfernen/")

    assert response.status_code == 200
    assert "You cannot remove your own coordinator role" in visible(response.content.decode())
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_a_coordinator_whose_role_was_just_removed_cannot_remove_another(
    koordination: Any, make_user: Any
) -> None:
    from django.core.exceptions import PermissionDenied

    from planwerk.bodies import people

    colleague = make_user("koordination2", "coordinator")
    # koordination's page was loaded before: her roles are cached on her user.
    assert "coordinator" in roles_of(koordination)
    people.remove_role(colleague, RoleAssignment.objects.get(user=koordination))

    with pytest.raises(PermissionDenied):
        people.remove_role(koordination, RoleAssignment.objects.get(user=colleague))

    assert RoleAssignment.objects.filter(user=colleague, role="coordinator").exists()
