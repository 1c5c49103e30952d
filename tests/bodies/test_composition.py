"""The composition check: hard seat rules, the paper's targets, and private figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.conftest import HANNOVER as HANNOVER_FILE
from tests.factories import MembershipFactory

from planwerk.bodies.domain import composition as c
from planwerk.bodies.messages import finding_text
from planwerk.bodies.models import Body, SeatCategory
from planwerk.bodies.queries import body_view
from planwerk.processes.definition import BodyDef, load_definition_file
from planwerk.processes.models import Process

HANNOVER = load_definition_file(HANNOVER_FILE)
PARITY = c.Target("gender_parity", tolerance=1)
MIGRATION = c.Target("migration_background_share", share=0.5)


def seats_of(body: BodyDef) -> list[c.Seat]:
    return [
        c.Seat(
            s.slug,
            s.min,
            s.max,
            frozenset(s.kinds),
            frozenset(s.units),
            s.positions,
            s.votes,
        )
        for s in body.seats
    ]


def joint_votes_of(body: BodyDef) -> list[list[c.VoteSeat]]:
    return [[c.VoteSeat(r.seat, r.position) for r in jv.seats] for jv in body.joint_votes]


def codes(check: c.CompositionCheck) -> list[str]:
    return [f.code for f in check.findings]


def people(count: int, seat: str = "s", **fields: Any) -> list[c.Member]:
    fields.setdefault("kind", "external")
    return [c.Member(person=f"{seat}-{i}", seat=seat, **fields) for i in range(count)]


ONE_SEAT = [c.Seat("s", min=2, max=3)]


# -- hard rules ----------------------------------------------------------------------
def test_a_body_within_every_minimum_and_maximum_breaks_no_rule() -> None:
    assert c.check_composition(ONE_SEAT, people(2)).ok


def test_too_many_people_in_a_seat_is_an_error_with_the_figures() -> None:
    (finding,) = c.check_composition(ONE_SEAT, people(4)).errors

    assert (finding.code, finding.seat) == ("too_many", "s")
    assert (finding.figure("count"), finding.figure("max")) == (4, 3)


def test_too_few_people_in_a_seat_is_an_error_with_the_figures() -> None:
    (finding,) = c.check_composition(ONE_SEAT, people(1)).errors

    assert finding.code == "too_few"
    assert (finding.figure("count"), finding.figure("min")) == (1, 2)


def test_one_person_in_two_seats_is_an_error() -> None:
    seats = [c.Seat("a", 0, 1), c.Seat("b", 0, 1)]
    members = [c.Member("p", "a", "external"), c.Member("p", "b", "external")]

    (finding,) = c.check_composition(seats, members).errors

    assert (finding.code, finding.person, finding.figure("count")) == ("person_twice", "p", 2)


def test_a_named_seat_held_twice_is_an_error() -> None:
    seats = [c.Seat("fb", 0, 2, positions=("fb-kultur", "fb-sport"))]
    members = [
        c.Member(p, "fb", "internal", frozenset({"fb-kultur"}), position="fb-kultur")
        for p in ("p1", "p2")
    ]

    (finding,) = c.check_composition(seats, members).errors

    assert finding.code == "position_twice"
    assert (finding.figure("position"), finding.figure("count")) == ("fb-kultur", 2)


def test_wrong_kind_wrong_unit_and_missing_or_wrong_named_seats_are_errors() -> None:
    seats = [
        c.Seat("extern", 0, 5, kinds=frozenset({"external"})),
        c.Seat("gf", 0, 5, units=frozenset({"oe-50-6"})),
        c.Seat("fb", 0, 5, positions=("fb-kultur",)),
    ]
    members = [
        c.Member("staff", "extern", "internal"),
        c.Member("culture", "gf", "internal", frozenset({"fb-kultur"})),
        c.Member("nowhere", "fb", "internal"),
        c.Member("sport", "fb", "internal", frozenset({"fb-sport"}), position="fb-kultur"),
        c.Member("ghost", "gone", "internal"),
    ]

    check = c.check_composition(seats, members)

    assert {(f.code, f.person) for f in check.errors} == {
        ("wrong_kind", "staff"),
        ("wrong_unit", "culture"),
        ("needs_position", "nowhere"),
        ("wrong_position", "sport"),
        ("unknown_seat", "ghost"),
    }
    wrong_kind = next(f for f in check.errors if f.code == "wrong_kind")
    assert wrong_kind.figure("kind") == "internal"


# -- targets: warnings with figures, never for small groups ---------------------------
def test_gender_parity_missed_is_a_warning_with_the_figures() -> None:
    members = people(4, gender="female") + people(1, "t", gender="male") + people(1, "u")

    (finding,) = c.check_composition([], members, [PARITY]).warnings

    assert finding.code == "gender_parity"
    assert dict(finding.figures) == {"women": 4, "men": 1, "diverse": 0, "undeclared": 1}


def test_gender_parity_within_the_tolerance_is_no_warning() -> None:
    members = people(3, gender="female") + people(2, "t", gender="male")

    assert c.check_composition([], members, [PARITY]).warnings == ()


def test_gender_is_not_assessed_when_fewer_than_five_declared_it() -> None:
    members = people(4, gender="female") + people(6, "t")

    (finding,) = c.check_composition([], members, [PARITY]).warnings

    assert finding.code == "gender_too_few_declared"
    assert dict(finding.figures) == {"min_group": 5}


def test_a_migration_share_below_the_target_is_a_warning_with_the_figures() -> None:
    members = people(2, migration_background=True) + people(4, "t", migration_background=False)

    (finding,) = c.check_composition([], members, [MIGRATION]).warnings

    assert finding.code == "migration_share"
    assert dict(finding.figures) == {"count": 2, "total": 6, "needed": 3, "percent": 50}


def test_the_migration_share_is_not_shown_for_fewer_than_five_members() -> None:
    (finding,) = c.check_composition([], people(4), [MIGRATION]).warnings

    assert (finding.code, dict(finding.figures)) == ("migration_too_few", {"min_group": 5})


def test_aggregate_figures_are_hidden_below_five_people() -> None:
    small = c.aggregate(people(4, gender="female", migration_background=True))
    five = c.aggregate(people(4, gender="female") + people(1, "t", migration_background=True))

    assert (small.total, small.gender, small.migration_background) == (4, None, None)
    assert five.gender == {"female": 4, "male": 0, "diverse": 0, "undeclared": 1}
    assert five.migration_background == 1


@pytest.mark.parametrize(
    ("finding", "text"),
    [
        (
            c.Finding("error", "too_many", "s", figures=(("count", 4), ("max", 3))),
            "Seat S: 4 people hold it, at most 3 are allowed.",
        ),
        (
            c.Finding("error", "too_few", "s", figures=(("count", 3), ("min", 4))),
            "Seat S: 3 of at least 4 seats are filled.",
        ),
        (
            c.Finding("error", "wrong_kind", "s", "7", (("kind", "internal"),)),
            "Seat S: Anna Becker is from city administration, which may not fill this seat.",
        ),
        (
            c.Finding(
                "warning",
                "gender_parity",
                figures=(("women", 4), ("men", 1), ("diverse", 0), ("undeclared", 1)),
            ),
            "Gender parity is a target: 4 women, 1 man, 0 diverse, 1 without answer.",
        ),
        (
            c.Finding(
                "warning",
                "migration_share",
                figures=(("count", 2), ("total", 6), ("needed", 3), ("percent", 50)),
            ),
            "Target: 50% with a migration background (3 of 6); 2 members have declared one.",
        ),
    ],
    ids=["too-many", "too-few", "wrong-kind", "gender", "migration"],
)
def test_findings_read_as_sentences_with_their_figures(finding: c.Finding, text: str) -> None:
    assert finding_text(finding, {"s": "Seat S"}, {"7": "Anna Becker"}) == text


# -- votes ---------------------------------------------------------------------------
def test_the_steering_group_has_23_votes_the_joint_vote_counted_once() -> None:
    body = HANNOVER.body("lenkungsgruppe")
    places = c.voting_places(seats_of(body))

    assert len(places) == 24
    assert c.count_votes(places, joint_votes_of(body)) == 23


def test_advisory_seats_have_no_vote() -> None:
    body = HANNOVER.body("soziales")

    assert c.count_votes(c.voting_places(seats_of(body)), []) == 8


def test_a_joint_vote_counts_once_only_when_both_places_are_filled() -> None:
    chair, soziales = c.VoteSeat("vorsitz"), c.VoteSeat("fb", "fb-soziales")

    assert c.count_votes([chair, soziales], [[chair, soziales]]) == 1
    assert c.count_votes([chair], [[chair, soziales]]) == 1


def test_a_joint_vote_written_twice_still_leaves_one_vote() -> None:
    chair, soziales = c.VoteSeat("vorsitz"), c.VoteSeat("fb", "fb-soziales")

    assert c.count_votes([chair, soziales], [[chair, soziales], [soziales, chair]]) == 1


# -- properties of the pure core -------------------------------------------------------
SEAT_BODIES = [b for b in HANNOVER.bodies if b.seats]


@st.composite
def filled_body(draw: st.DrawFn) -> tuple[list[c.Seat], list[c.Member]]:
    """A Hannover body filled with eligible people to some count within every seat's limits."""
    body = draw(st.sampled_from(SEAT_BODIES))
    seats = seats_of(body)
    members: list[c.Member] = []
    for seat in seats:
        if seat.positions:
            places: list[str | None] = list(
                draw(
                    st.lists(
                        st.sampled_from(seat.positions),
                        min_size=seat.min,
                        max_size=seat.max,
                        unique=True,
                    )
                )
            )
        else:
            places = [None] * draw(st.integers(seat.min, seat.max))
        for index, position in enumerate(places):
            kind = draw(st.sampled_from(sorted(seat.kinds))) if seat.kinds else "external"
            units = seat.units | ({position} if position else frozenset())
            members.append(
                c.Member(
                    person=f"{seat.slug}-{index}",
                    seat=seat.slug,
                    kind=kind,
                    units=frozenset(units),
                    position=position,
                    gender=draw(st.sampled_from([None, "female", "male", "diverse"])),
                    migration_background=draw(st.sampled_from([None, True, False])),
                )
            )
    return seats, members


@settings(deadline=None)
@given(filled_body())
def test_a_body_filled_within_its_limits_with_eligible_people_has_no_errors(
    body: tuple[list[c.Seat], list[c.Member]],
) -> None:
    seats, members = body

    check = c.check_composition(seats, members, [PARITY, MIGRATION])

    assert check.errors == ()


SEATS = st.lists(
    st.builds(
        lambda slug, low, extra: c.Seat(slug, low, low + extra),
        st.sampled_from("abcd"),
        st.integers(0, 3),
        st.integers(0, 3),
    ),
    max_size=4,
    unique_by=lambda s: s.slug,
)
MEMBERS = st.lists(
    st.builds(
        c.Member,
        person=st.text("pqrstu", min_size=1, max_size=2),
        seat=st.sampled_from("abcde"),
        kind=st.sampled_from(["internal", "external", "science"]),
        gender=st.sampled_from([None, "female", "male", "diverse"]),
        migration_background=st.sampled_from([None, True, False]),
    ),
    max_size=12,
)


@settings(deadline=None)
@given(SEATS, MEMBERS, st.sampled_from("abcde"))
def test_adding_a_member_never_removes_a_too_many_error_nor_adds_a_too_few_error(
    seats: list[c.Seat], members: list[c.Member], seat: str
) -> None:
    before = c.check_composition(seats, members)
    after = c.check_composition(seats, [*members, c.Member("newcomer", seat, "external")])

    def count(check: c.CompositionCheck, code: str) -> int:
        return sum(1 for f in check.errors if f.code == code)

    assert count(after, "too_many") >= count(before, "too_many")
    assert count(after, "too_few") <= count(before, "too_few")


@settings(deadline=None)
@given(MEMBERS, st.integers(1, 8))
def test_no_figure_about_a_group_smaller_than_the_minimum_is_ever_shown(
    members: list[c.Member], min_group: int
) -> None:
    shown = c.aggregate(members, min_group)
    check = c.check_composition([], members, [PARITY, MIGRATION], min_group=min_group)

    if len(members) < min_group:
        assert (shown.gender, shown.migration_background) == (None, None)
        assert {f.code for f in check.warnings} <= {"gender_too_few_declared", "migration_too_few"}
    else:
        assert shown.gender is not None and sum(shown.gender.values()) == len(members)
    declared = sum(1 for m in members if m.gender)
    for finding in check.warnings:
        if finding.code.startswith("gender") and declared < min_group:
            assert dict(finding.figures) == {"min_group": min_group}


PLACES = st.sampled_from([c.VoteSeat(s, p) for s in "abc" for p in (None, "x", "y")])


@settings(deadline=None)
@given(st.lists(PLACES, max_size=9), st.lists(st.lists(PLACES, max_size=4), max_size=4))
def test_votes_lie_between_places_minus_joint_overlaps_and_the_number_of_places(
    places: list[c.VoteSeat], joint_votes: list[list[c.VoteSeat]]
) -> None:
    distinct = set(places)

    votes = c.count_votes(places, joint_votes)

    overlaps = sum(max(0, len(distinct & set(group)) - 1) for group in joint_votes)
    assert len(distinct) - overlaps <= votes <= len(distinct)
    assert votes >= 1 or not distinct


@settings(deadline=None)
@given(st.lists(PLACES, max_size=9), st.lists(st.lists(PLACES, max_size=4), max_size=4))
def test_repeating_or_reordering_joint_votes_does_not_change_the_count(
    places: list[c.VoteSeat], joint_votes: list[list[c.VoteSeat]]
) -> None:
    votes = c.count_votes(places, joint_votes)

    assert c.count_votes(places, [*joint_votes, *joint_votes]) == votes
    assert c.count_votes(places, list(reversed(joint_votes))) == votes


@settings(deadline=None)
@given(filled_body())
def test_filled_places_are_voting_places_and_never_count_more_votes(
    body: tuple[list[c.Seat], list[c.Member]],
) -> None:
    seats, members = body
    every = c.voting_places(seats)

    filled = c.filled_places(seats, members)

    assert set(filled) <= set(every)
    assume(seats)
    assert c.count_votes(filled, []) <= c.count_votes(every, [])


# -- real bodies ---------------------------------------------------------------------
ON = dt.date(2024, 6, 1)


def view(slug: str) -> Any:
    return body_view(Body.objects.get(slug=slug), on=ON)


def fill(slug: str, seat: str, count: int, make_person: Any, **fields: Any) -> None:
    category = SeatCategory.objects.get(body__slug=slug, slug=seat)
    for _ in range(count):
        MembershipFactory(seat=category, person=make_person(category.kinds[0], **fields))


def test_an_empty_steering_group_lacks_every_seat_and_counts_23_votes(process: Process) -> None:
    result = view("lenkungsgruppe")

    assert {(f.code, f.seat) for f in result.check.errors} == {
        ("too_few", "vorsitz"),
        ("too_few", "fachbereichsleitungen"),
        ("too_few", "delegiertenkonferenz"),
        ("too_few", "dachorganisationen"),
        ("too_few", "mso"),
    }
    assert "Heads of department: 0 of at least 12 seats are filled." in result.errors
    assert (result.votes_total, result.votes_filled) == (23, 0)


def test_the_demo_expert_group_economy_is_short_of_external_experts(process: Process) -> None:
    call_command("load_demo", verbosity=0)

    result = view("wirtschaft")

    assert result.errors == ["External experts: 3 of at least 4 seats are filled."]
    assert view("soziales").errors == []


def test_a_group_of_women_only_gets_a_parity_warning_with_the_figures(
    process: Process, make_person: Any
) -> None:
    fill("bildung", "intern", 2, make_person, gender="female", migration_background=True)
    fill("bildung", "extern", 4, make_person, gender="female", migration_background=False)

    result = view("bildung")

    assert (
        "Gender parity is a target: 6 women, 0 men, 0 diverse, 0 without answer." in result.warnings
    )
    assert (
        "Target: 50% with a migration background (3 of 6); 2 members have declared one."
        in result.warnings
    )


def test_a_body_of_fewer_than_five_shows_no_figures(process: Process, make_person: Any) -> None:
    fill("bildung", "extern", 4, make_person, gender="female", migration_background=True)

    result = view("bildung")

    assert result.aggregate.gender is None
    assert result.aggregate.migration_background is None
    assert not any("women" in w for w in result.warnings)


def test_a_retired_seat_no_longer_counts_in_the_check(process: Process, make_person: Any) -> None:
    SeatCategory.objects.filter(body__slug="lenkungsgruppe", slug="mso").update(retired=True)

    result = view("lenkungsgruppe")

    assert ("too_few", "mso") not in {(f.code, f.seat) for f in result.check.errors}
    assert result.votes_total == 21
