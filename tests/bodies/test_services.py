"""Appointing and ending memberships, and changing an expert group's topics."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from tests.factories import MembershipFactory

from planwerk.audit.models import AuditEntry
from planwerk.bodies import services
from planwerk.bodies.models import (
    Body,
    Membership,
    Person,
    SeatCategory,
    SeatPosition,
    TopicChangeRequest,
)
from planwerk.bodies.queries import body_view
from planwerk.core.permissions import may
from planwerk.processes.models import Process, Unit

START = dt.date(2020, 1, 1)


def body(slug: str) -> Body:
    return Body.objects.get(slug=slug)


def seat(body_slug: str, slug: str) -> SeatCategory:
    return SeatCategory.objects.get(body__slug=body_slug, slug=slug)


def named_seat(body_slug: str, seat_slug: str, unit: str) -> SeatPosition:
    return SeatPosition.objects.get(
        category__body__slug=body_slug, category__slug=seat_slug, unit__slug=unit
    )


def subtopics(slug: str) -> list[str]:
    return [t.name.exact("de") for t in body(slug).subtopics.all()]


def stored() -> tuple[int, int, int]:
    """People, memberships and audit entries: what a refused appointment must not add."""
    return Person.objects.count(), Membership.objects.count(), AuditEntry.objects.count()


@pytest.fixture
def appoint(koordination: Any) -> Any:
    """Appoint as the coordinator, to a body given by slug and a seat given by slug."""

    def run(body_slug: str, seat_slug: str, person: Person, **extra: Any) -> Membership:
        extra.setdefault("start", START)
        return services.appoint(
            koordination,
            body=body(body_slug),
            person=person,
            seat=seat(body_slug, seat_slug),
            **extra,
        )

    return run


def refusal(call: Any) -> dict[str, list[str]]:
    """Run a call that must be refused; return its messages by field."""
    before = stored()
    with pytest.raises(ValidationError) as caught:
        call()
    assert stored() == before, "a refused appointment saved something"
    return caught.value.message_dict


# -- appointing and ending ----------------------------------------------------------
def test_an_appointed_member_holds_the_seat_and_the_audit_log_says_so(
    appoint: Any, make_person: Any
) -> None:
    person = make_person("external", given_name="Aylin", family_name="Yıldız")

    membership = appoint("soziales", "extern", person)

    assert (membership.person, membership.seat.slug, membership.role) == (
        person,
        "extern",
        Membership.Role.MEMBER,
    )
    assert membership.created_by == "koordination"
    view = body_view(body("soziales"), on=dt.date(2020, 6, 1))
    assert [str(m.person) for m in view.members] == ["Aylin Yıldız"]
    entry = AuditEntry.objects.get(action="bodies.membership.appointed")
    assert entry.actor == "koordination"
    assert entry.payload["seat"] == "extern" and entry.payload["start"] == "2020-01-01"


def test_a_new_person_is_saved_with_the_appointment(appoint: Any, process: Process) -> None:
    person = Person(given_name="Kwame", family_name="Mensah", kind="external")

    membership = appoint("soziales", "extern", person)

    assert Person.objects.get(pk=membership.person_id).family_name == "Mensah"


def test_an_ended_membership_no_longer_counts(
    appoint: Any, make_person: Any, koordination: Any
) -> None:
    membership = appoint("soziales", "extern", make_person())

    services.end_membership(koordination, membership, dt.date(2020, 6, 30))

    membership.refresh_from_db()
    assert membership.end == dt.date(2020, 6, 30)
    assert body_view(body("soziales"), on=dt.date(2020, 7, 1)).members == []
    assert AuditEntry.objects.filter(action="bodies.membership.ended").count() == 1


def test_ending_a_membership_before_it_started_is_refused(
    appoint: Any, make_person: Any, koordination: Any
) -> None:
    membership = appoint("soziales", "extern", make_person())

    with pytest.raises(ValidationError) as caught:
        services.end_membership(koordination, membership, dt.date(2019, 12, 31))

    assert "before it starts" in caught.value.message_dict["end"][0]
    membership.refresh_from_db()
    assert membership.end is None


def test_ending_an_ended_membership_later_is_refused(
    appoint: Any, make_person: Any, koordination: Any
) -> None:
    membership = appoint("soziales", "extern", make_person(), end=dt.date(2020, 3, 31))

    with pytest.raises(ValidationError) as caught:
        services.end_membership(koordination, membership, dt.date(2020, 12, 31))

    assert "already ended on 03/31/2020" in caught.value.message_dict["end"][0]


def test_another_dezernat_may_not_end_a_membership(
    appoint: Any, make_person: Any, dez5: Any
) -> None:
    membership = appoint("soziales", "extern", make_person())

    with pytest.raises(PermissionDenied):
        services.end_membership(dez5, membership, dt.date(2020, 6, 30))


# -- refused appointments -----------------------------------------------------------
def test_the_same_member_twice_in_the_same_seat_is_refused(appoint: Any, make_person: Any) -> None:
    person = make_person()
    appoint("soziales", "extern", person)

    errors = refusal(lambda: appoint("soziales", "extern", person, start=dt.date(2020, 5, 1)))

    assert "already holds this seat in that period" in errors["person"][0]


def test_one_person_in_two_seats_of_the_same_body_is_refused(
    appoint: Any, make_person: Any
) -> None:
    person = make_person("science")
    appoint("soziales", "extern", person)

    errors = refusal(lambda: appoint("soziales", "wissenschaft", person))

    assert "already holds another seat of this body" in errors["person"][0]


def test_the_same_person_may_hold_the_seat_again_after_leaving(
    appoint: Any, make_person: Any
) -> None:
    person = make_person()
    appoint("soziales", "extern", person, end=dt.date(2020, 3, 31))

    again = appoint("soziales", "extern", person, start=dt.date(2020, 4, 1))

    assert again.start == dt.date(2020, 4, 1)


def test_a_membership_ending_before_it_starts_is_refused_and_the_new_person_not_saved(
    appoint: Any, process: Process
) -> None:
    newcomer = Person(given_name="Neu", family_name="Person", kind="external")

    errors = refusal(lambda: appoint("soziales", "extern", newcomer, end=dt.date(2019, 12, 31)))

    assert "cannot end (12/31/2019) before it starts (01/01/2020)" in errors["end"][0]
    assert not Person.objects.filter(family_name="Person").exists()


def test_a_named_seat_already_held_is_refused(appoint: Any, make_person: Any) -> None:
    kultur = named_seat("lenkungsgruppe", "fachbereichsleitungen", "fb-kultur")
    appoint(
        "lenkungsgruppe",
        "fachbereichsleitungen",
        make_person("internal", "fb-kultur"),
        position=kultur,
    )

    newcomer = make_person("internal", "fb-kultur")

    errors = refusal(
        lambda: appoint(
            "lenkungsgruppe",
            "fachbereichsleitungen",
            newcomer,
            position=kultur,
        )
    )

    assert "named seat is already held" in errors["position"][0]


def test_a_full_seat_is_refused(appoint: Any, make_person: Any) -> None:
    appoint("lenkungsgruppe", "mso", make_person())
    appoint("lenkungsgruppe", "mso", make_person())

    newcomer = make_person()

    errors = refusal(lambda: appoint("lenkungsgruppe", "mso", newcomer))

    assert errors["seat"] == [
        "All 2 seats of Elected representatives of migrant organisations are filled in that period."
    ]


def test_a_seat_left_by_one_and_taken_by_a_successor_still_has_room_for_a_second(
    appoint: Any, make_person: Any
) -> None:
    appoint("lenkungsgruppe", "mso", make_person(), end=dt.date(2020, 6, 30))
    appoint("lenkungsgruppe", "mso", make_person(), start=dt.date(2020, 7, 1))

    second = appoint("lenkungsgruppe", "mso", make_person())

    assert second.pk is not None


def test_a_seat_full_on_one_day_of_the_period_is_refused(appoint: Any, make_person: Any) -> None:
    appoint("lenkungsgruppe", "mso", make_person())
    appoint("lenkungsgruppe", "mso", make_person(), start=dt.date(2021, 1, 1))

    newcomer = make_person()

    errors = refusal(lambda: appoint("lenkungsgruppe", "mso", newcomer))

    assert "are filled in that period" in errors["seat"][0]


def test_an_internal_expert_in_an_external_seat_is_refused(appoint: Any, make_person: Any) -> None:
    staff = make_person("internal", "fb-soziales", given_name="Anna", family_name="Becker")

    errors = refusal(lambda: appoint("soziales", "extern", staff))

    assert errors["person"] == [
        "Anna Becker is from City administration; this seat is for: Civil society, Science."
    ]


def test_the_city_administration_group_may_fill_external_seats_internally(
    appoint: Any, make_person: Any
) -> None:
    staff = make_person("internal", "fb-personal")

    membership = appoint("stadtverwaltung-und-diversitaet", "extern", staff)

    assert membership.seat.slug == "extern"


def test_someone_from_the_wrong_unit_is_refused(appoint: Any, make_person: Any) -> None:
    culture = make_person("internal", "fb-kultur", given_name="Jonas", family_name="Wagner")

    errors = refusal(lambda: appoint("soziales", "geschaeftsfuehrung", culture))

    assert errors["person"] == ["Jonas Wagner does not belong to a unit that may fill this seat."]


def test_a_unit_below_the_required_one_may_fill_the_seat(appoint: Any, make_person: Any) -> None:
    # The chair's seat is for Dezernat III; OE 50.6 belongs to it through Soziales.
    membership = appoint("lenkungsgruppe", "vorsitz", make_person("internal", "oe-50-6"))

    assert membership.seat.chair


def test_a_named_seat_needs_someone_from_that_department(appoint: Any, make_person: Any) -> None:
    schools = make_person("internal", "fb-schule")

    errors = refusal(
        lambda: appoint(
            "lenkungsgruppe",
            "fachbereichsleitungen",
            schools,
            position=named_seat("lenkungsgruppe", "fachbereichsleitungen", "fb-wirtschaft"),
        )
    )

    assert "does not belong to a unit" in errors["person"][0]


def test_a_named_seat_category_needs_the_named_seat(appoint: Any, make_person: Any) -> None:
    newcomer = make_person("external", "dgb")

    errors = refusal(lambda: appoint("lenkungsgruppe", "dachorganisationen", newcomer))

    assert "Choose which named seat" in errors["position"][0]


def test_a_named_seat_of_another_category_is_refused(appoint: Any, make_person: Any) -> None:
    newcomer = make_person("external", "dgb")

    errors = refusal(
        lambda: appoint(
            "lenkungsgruppe",
            "dachorganisationen",
            newcomer,
            position=named_seat("lenkungsgruppe", "fachbereichsleitungen", "fb-kultur"),
        )
    )

    assert "belongs to another seat category" in errors["position"][0]


def test_a_seat_of_another_body_is_refused(koordination: Any, make_person: Any) -> None:
    newcomer = make_person()

    errors = refusal(
        lambda: services.appoint(
            koordination,
            body=body("soziales"),
            person=newcomer,
            seat=seat("bildung", "extern"),
            start=START,
        )
    )

    assert "does not belong to Expert group Social affairs" in errors["seat"][0]


def test_a_retired_seat_takes_no_new_members(appoint: Any, make_person: Any) -> None:
    SeatCategory.objects.filter(body__slug="lenkungsgruppe", slug="mso").update(retired=True)

    newcomer = make_person()

    errors = refusal(lambda: appoint("lenkungsgruppe", "mso", newcomer))

    assert "no longer part of the process definition" in errors["seat"][0]


def test_every_problem_of_an_appointment_is_named_at_once(appoint: Any, make_person: Any) -> None:
    staff = make_person("internal", "fb-kultur")

    errors = refusal(lambda: appoint("soziales", "wissenschaft", staff, end=dt.date(2019, 1, 1)))

    assert set(errors) == {"person", "end"}


# -- deputies ----------------------------------------------------------------------
def test_a_deputy_stands_in_for_a_member_without_taking_a_seat(
    appoint: Any, make_person: Any
) -> None:
    first = appoint("lenkungsgruppe", "mso", make_person())
    appoint("lenkungsgruppe", "mso", make_person())

    deputy = appoint("lenkungsgruppe", "mso", make_person(), deputy_of=first)

    assert (deputy.role, deputy.deputy_of, deputy.position) == (
        Membership.Role.DEPUTY,
        first,
        None,
    )
    view = body_view(body("lenkungsgruppe"), on=dt.date(2020, 6, 1))
    assert view.deputies == [deputy]
    assert deputy not in view.members


def test_the_same_person_deputising_twice_in_a_seat_is_refused(
    appoint: Any, make_person: Any
) -> None:
    member = appoint("soziales", "extern", make_person())
    stand_in = make_person()
    appoint("soziales", "extern", stand_in, deputy_of=member)

    errors = refusal(lambda: appoint("soziales", "extern", stand_in, deputy_of=member))

    assert "already holds this seat" in errors["person"][0]


def test_a_second_deputy_of_one_member_is_refused_naming_the_first(
    appoint: Any, make_person: Any
) -> None:
    member = appoint("soziales", "extern", make_person())
    appoint(
        "soziales",
        "extern",
        make_person(given_name="Olena", family_name="Petrov"),
        deputy_of=member,
    )

    second = make_person()

    errors = refusal(lambda: appoint("soziales", "extern", second, deputy_of=member))

    assert errors["deputy_of"] == [
        f"{member.person} already has a deputy in that period (Olena Petrov); a member has "
        "at most 1 deputy. End that deputyship first."
    ]


def test_a_new_deputy_may_follow_one_whose_deputyship_ended(appoint: Any, make_person: Any) -> None:
    member = appoint("soziales", "extern", make_person())
    appoint("soziales", "extern", make_person(), deputy_of=member, end=dt.date(2020, 6, 30))

    later = appoint(
        "soziales", "extern", make_person(), deputy_of=member, start=dt.date(2020, 7, 1)
    )

    assert later.deputy_of == member
    overlapping = make_person()
    refusal(
        lambda: appoint(
            "soziales", "extern", overlapping, deputy_of=member, start=dt.date(2020, 3, 1)
        )
    )


def test_the_process_definition_may_allow_two_deputies_per_member(
    appoint: Any, make_person: Any
) -> None:
    Process.objects.update(deputies_per_member=2)
    member = appoint("soziales", "extern", make_person())
    appoint("soziales", "extern", make_person(), deputy_of=member)
    appoint("soziales", "extern", make_person(), deputy_of=member)

    third = make_person()

    errors = refusal(lambda: appoint("soziales", "extern", third, deputy_of=member))

    assert "at most 2 deputies" in errors["deputy_of"][0]


def test_a_deputy_of_a_member_of_another_body_is_refused(appoint: Any, make_person: Any) -> None:
    elsewhere = appoint("bildung", "extern", make_person())

    newcomer = make_person()

    errors = refusal(lambda: appoint("soziales", "extern", newcomer, deputy_of=elsewhere))

    assert "same body" in errors["deputy_of"][0]


def test_a_deputy_takes_the_seat_of_the_member_not_another(appoint: Any, make_person: Any) -> None:
    member = appoint("soziales", "extern", make_person())
    colleague = make_person("internal", "dez-iii")
    errors = refusal(lambda: appoint("soziales", "intern", colleague, deputy_of=member))
    assert "seat of the member" in errors["seat"][0]


def test_a_deputy_cannot_stand_in_for_another_deputy(appoint: Any, make_person: Any) -> None:
    member = appoint("soziales", "extern", make_person())
    deputy = appoint("soziales", "extern", make_person(), deputy_of=member)
    second = make_person()
    errors = refusal(lambda: appoint("soziales", "extern", second, deputy_of=deputy))
    assert "not for another deputy" in errors["deputy_of"][0]


def test_a_deputy_must_be_of_the_right_kind_too(appoint: Any, make_person: Any) -> None:
    member = appoint("soziales", "extern", make_person())

    newcomer = make_person("internal")

    errors = refusal(lambda: appoint("soziales", "extern", newcomer, deputy_of=member))

    assert "this seat is for" in errors["person"][0]


# -- who may appoint ---------------------------------------------------------------
def test_the_lead_dezernat_appoints_to_its_expert_group(dez3: Any, make_person: Any) -> None:
    membership = services.appoint(
        dez3,
        body=body("soziales"),
        person=make_person(),
        seat=seat("soziales", "extern"),
        start=START,
    )

    assert membership.created_by == "dez3"


def test_the_co_leading_dezernat_appoints_to_the_culture_group(dez6: Any, make_person: Any) -> None:
    assert may(dez6, "bodies.appoint", body("stadtleben-und-kultur"))
    assert not may(dez6, "bodies.appoint", body("soziales"))


def test_another_dezernat_may_not_appoint_and_nothing_is_saved(dez5: Any, make_person: Any) -> None:
    person = make_person()
    before = stored()

    with pytest.raises(PermissionDenied):
        services.appoint(
            dez5,
            body=body("soziales"),
            person=person,
            seat=seat("soziales", "extern"),
            start=START,
        )

    assert stored() == before


def test_the_coordinator_manages_every_body(koordination: Any) -> None:
    assert all(may(koordination, "bodies.appoint", b) for b in Body.objects.all())


# -- the topic scope ------------------------------------------------------------------
@pytest.fixture
def member_user(process: Process, make_user: Any, make_person: Any) -> Any:
    """A user who is a current member of the expert group Soziales."""
    user = make_user("mitglied")
    MembershipFactory(person__user=user, seat=seat("soziales", "extern"), start=START)
    return user


def request_change(user: Any, topics: list[str] | None = None) -> TopicChangeRequest:
    return services.request_topic_change(
        user,
        body("soziales"),
        topics or ["Frauen", "Gesundheit", "Wohnungslosigkeit"],
        "Wohnungslosigkeit fehlt.",
    )


def test_a_member_asks_for_new_topics_and_nothing_changes_until_the_steering_group_agrees(
    member_user: Any,
) -> None:
    before = subtopics("soziales")

    req = request_change(member_user, ["Frauen", "", "  Gesundheit  ", "Wohnungslosigkeit"])

    assert req.status == TopicChangeRequest.Status.REQUESTED
    assert req.proposed_subtopics == ["Frauen", "Gesundheit", "Wohnungslosigkeit"]
    assert req.requested_by == "mitglied"
    assert subtopics("soziales") == before


def test_the_steering_groups_agreement_is_recorded_and_changes_the_subtopics(
    member_user: Any, koordination: Any
) -> None:
    req = request_change(member_user)
    frauen = body("soziales").subtopics.get(name__de="Frauen")

    services.decide_topic_change(
        koordination,
        req,
        agreed=True,
        decision_date=dt.date(2020, 5, 4),
        reference=" Protokoll LG 3/2020, TOP 4 ",
    )

    req.refresh_from_db()
    # A subtopic that stays keeps its row, its identifier and its other languages.
    kept = body("soziales").subtopics.get(name__de="Frauen")
    assert (kept.pk, kept.uuid, kept.name) == (frauen.pk, frauen.uuid, frauen.name)
    assert req.status == TopicChangeRequest.Status.AGREED
    assert (req.steering_decision_date, req.steering_reference) == (
        dt.date(2020, 5, 4),
        "Protokoll LG 3/2020, TOP 4",
    )
    assert req.decided_by == "koordination"
    assert subtopics("soziales") == ["Frauen", "Gesundheit", "Wohnungslosigkeit"]
    assert AuditEntry.objects.filter(action="bodies.topics.decided").count() == 1


def test_a_rejected_request_changes_no_subtopic(member_user: Any, koordination: Any) -> None:
    before = subtopics("soziales")
    req = request_change(member_user)

    services.decide_topic_change(
        koordination,
        req,
        agreed=False,
        decision_date=dt.date(2020, 5, 4),
        reference="Protokoll LG 3/2020",
    )

    req.refresh_from_db()
    assert req.status == TopicChangeRequest.Status.REJECTED
    assert req.steering_reference == "Protokoll LG 3/2020"
    assert subtopics("soziales") == before


def test_a_decision_needs_the_minutes_reference(member_user: Any, koordination: Any) -> None:
    req = request_change(member_user)

    with pytest.raises(ValidationError) as caught:
        services.decide_topic_change(
            koordination, req, agreed=True, decision_date=dt.date(2020, 5, 4), reference="  "
        )

    assert "reference" in caught.value.message_dict
    req.refresh_from_db()
    assert req.status == TopicChangeRequest.Status.REQUESTED


def test_a_request_is_decided_only_once(member_user: Any, koordination: Any) -> None:
    req = request_change(member_user)
    services.decide_topic_change(
        koordination, req, agreed=False, decision_date=dt.date(2020, 5, 4), reference="LG 3"
    )

    with pytest.raises(ValidationError, match="already been decided"):
        services.decide_topic_change(
            koordination, req, agreed=True, decision_date=dt.date(2020, 6, 4), reference="LG 4"
        )


def test_a_decision_dated_in_the_future_is_refused_and_changes_nothing(
    member_user: Any, koordination: Any
) -> None:
    before = subtopics("soziales")
    req = request_change(member_user)

    with pytest.raises(ValidationError) as caught:
        services.decide_topic_change(
            koordination, req, agreed=True, decision_date=dt.date(2030, 1, 1), reference="LG 9"
        )

    assert caught.value.message_dict["decision_date"] == [
        "The decision date 01/01/2030 lies in the future: record the steering group's "
        "decision once it has been taken, with the day it was taken."
    ]
    req.refresh_from_db()
    assert req.status == TopicChangeRequest.Status.REQUESTED
    assert subtopics("soziales") == before


def test_a_decision_date_reads_as_germans_write_it_on_a_german_page(
    member_user: Any, koordination: Any
) -> None:
    req = request_change(member_user)

    with translation.override("de"), pytest.raises(ValidationError) as caught:
        services.decide_topic_change(
            koordination, req, agreed=True, decision_date=dt.date(2030, 1, 1), reference="LG 9"
        )

    assert "01.01.2030" in caught.value.message_dict["decision_date"][0]


def test_a_request_that_changes_no_subtopic_is_refused(member_user: Any) -> None:
    current = subtopics("soziales")

    with pytest.raises(ValidationError) as caught:
        request_change(member_user, [*current, " "])

    assert "as they are now" in caught.value.message_dict["subtopics"][0]
    assert not TopicChangeRequest.objects.exists()


@pytest.mark.parametrize("who", ["member_user", "dez3"])
def test_only_the_coordinator_records_the_decision(
    who: str, member_user: Any, request: pytest.FixtureRequest
) -> None:
    req = request_change(member_user)
    before = subtopics("soziales")

    with pytest.raises(PermissionDenied):
        services.decide_topic_change(
            request.getfixturevalue(who),
            req,
            agreed=True,
            decision_date=dt.date(2020, 5, 4),
            reference="LG 3",
        )

    assert subtopics("soziales") == before


def test_the_lead_dezernat_may_ask_for_a_topic_change(dez3: Any) -> None:
    assert request_change(dez3).requested_by == "dez3"


def test_a_former_member_or_another_dezernat_may_not_ask(
    process: Process, make_user: Any, make_person: Any, dez5: Any
) -> None:
    former = make_user("ehemalig")
    Membership.objects.create(
        person=make_person(user=former),
        body=body("soziales"),
        seat=seat("soziales", "extern"),
        start=START,
        end=dt.date(2020, 3, 31),
    )

    for user in (former, dez5):
        assert not may(user, "bodies.request_topic_change", body("soziales"))
        with pytest.raises(PermissionDenied):
            request_change(user)


def test_a_member_whose_term_ends_later_may_still_ask(
    process: Process, make_user: Any, make_person: Any
) -> None:
    leaving = make_user("scheidend")
    Membership.objects.create(
        person=make_person(user=leaving),
        body=body("soziales"),
        seat=seat("soziales", "extern"),
        start=START,
        end=dt.date.today() + dt.timedelta(days=60),
    )

    assert may(leaving, "bodies.request_topic_change", body("soziales"))


def test_a_member_appointed_from_a_later_date_may_not_ask_yet(
    process: Process, make_user: Any, make_person: Any
) -> None:
    coming = make_user("kommend")
    Membership.objects.create(
        person=make_person(user=coming),
        body=body("soziales"),
        seat=seat("soziales", "extern"),
        start=dt.date.today() + dt.timedelta(days=60),
    )

    assert not may(coming, "bodies.request_topic_change", body("soziales"))


def test_only_expert_groups_change_their_topics(koordination: Any) -> None:
    assert not may(koordination, "bodies.request_topic_change", body("lenkungsgruppe"))
    assert may(koordination, "bodies.request_topic_change", body("soziales"))


@pytest.mark.parametrize(
    ("topics", "reason", "field"),
    [
        (["", "  "], "Grund", "subtopics"),
        (["x" * 201], "Grund", "subtopics"),
        (["Frauen"], "   ", "reason"),
        (["Frauen"], "x" * 2001, "reason"),
    ],
    ids=["no-subtopic", "subtopic-too-long", "no-reason", "reason-too-long"],
)
def test_an_incomplete_topic_request_is_refused(
    dez3: Any, topics: list[str], reason: str, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.request_topic_change(dez3, body("soziales"), topics, reason)

    assert field in caught.value.message_dict
    assert not TopicChangeRequest.objects.exists()


def test_units_below_a_dezernat_are_part_of_it(process: Process) -> None:
    # Used by the unit checks above: OE 50.6 is in Soziales, which is in Dezernat III.
    chains = services.unit_chains(process.pk)
    oe = Unit.objects.get(slug="oe-50-6")

    assert chains[oe.pk] == {"oe-50-6", "fb-soziales", "dez-iii"}
