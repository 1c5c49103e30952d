"""The appointment rules of the composition core, as properties over many histories.

Whatever sequence of appointments is asked for, the ones the rules accept never
seat one person twice in a body at once, never overfill a seat on any day, never
hold a named seat twice, and never give a member more deputies than allowed.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from planwerk.bodies.domain import composition as c

DAY0 = dt.date(2020, 1, 1)
BODY = "gruppe"
SEATS = (
    c.Seat("a", 0, 1, body=BODY),
    c.Seat("b", 0, 2, body=BODY),
    c.Seat("named", 0, 2, positions=("fb-1", "fb-2"), body=BODY),
)
BY_SLUG = {s.slug: s for s in SEATS}


def tenure_days(t: c.Tenure, horizon: int) -> range:
    last = (t.end - DAY0).days if t.end is not None else horizon
    return range((t.start - DAY0).days, last + 1)


requests = st.lists(
    st.tuples(
        st.sampled_from(["p1", "p2", "p3", "p4"]),
        st.sampled_from([s.slug for s in SEATS]),
        st.integers(0, 30),  # start day
        st.one_of(st.none(), st.integers(0, 30)),  # length in days, or open-ended
        st.sampled_from(["fb-1", "fb-2"]),
        st.one_of(st.none(), st.integers(0, 20)),  # deputise the n-th accepted tenure
    ),
    max_size=25,
)


def run(history: list[tuple[str, str, int, int | None, str, int | None]], limit: int) -> list:
    accepted: list[c.Tenure] = []
    for key, (person, slug, first, length, unit, deputise) in enumerate(history):
        start = DAY0 + dt.timedelta(days=first)
        end = None if length is None else start + dt.timedelta(days=length)
        deputy_of = None
        if deputise is not None and accepted:
            deputy_of = accepted[deputise % len(accepted)]
        seat = BY_SLUG[slug]
        position = c.Position(slug, unit, BODY) if seat.positions and deputy_of is None else None
        request = c.Appointment(
            person=person,
            kind="external",
            body=BODY,
            start=start,
            end=end,
            units=frozenset({unit}),
            position=position,
            deputy_of=deputy_of,
        )
        if not c.check_appointment(request, seat, accepted, deputies_per_member=limit):
            accepted.append(
                c.Tenure(
                    key=key,
                    person=person,
                    seat=slug,
                    start=start,
                    end=end,
                    body=BODY,
                    role=c.MEMBER if deputy_of is None else c.DEPUTY,
                    position=position.unit if position else None,
                    deputy_of=deputy_of.key if deputy_of else None,
                )
            )
    return accepted


@settings(max_examples=300, deadline=None)
@given(requests, st.integers(0, 2))
def test_accepted_appointments_keep_the_hard_rules_on_every_day(history: list, limit: int) -> None:
    accepted = run(history, limit)
    horizon = 70
    for day in range(horizon + 1):
        on_day = [t for t in accepted if day in tenure_days(t, horizon)]
        members = [t for t in on_day if t.role == c.MEMBER]
        people = [t.person for t in members]
        assert len(people) == len(set(people)), "one person in two seats at once"
        for seat in SEATS:
            assert sum(1 for t in members if t.seat == seat.slug) <= seat.max
        positions = [(t.seat, t.position) for t in members if t.position is not None]
        assert len(positions) == len(set(positions)), "a named seat held twice"
        for member in members:
            deputies = [t for t in on_day if t.role == c.DEPUTY and t.deputy_of == member.key]
            assert len(deputies) <= limit
        for deputy in (t for t in on_day if t.role == c.DEPUTY):
            stood_in = next(t for t in accepted if t.key == deputy.deputy_of)
            assert stood_in.role == c.MEMBER and stood_in.seat == deputy.seat
        # The composition check of the body on that day agrees: no hard rule broken.
        check = c.check_composition(
            SEATS,
            [
                c.Member(t.person, t.seat, "external", frozenset({t.position or ""}), t.position)
                for t in members
            ],
        )
        assert check.errors == ()


@settings(max_examples=200, deadline=None)
@given(requests)
def test_the_rules_depend_on_the_period_only_where_it_overlaps(history: list) -> None:
    """Tenures that ended before the new period starts never refuse it."""
    accepted = run(history, 1)
    later = DAY0 + dt.timedelta(days=1000)
    for seat in SEATS:
        position = c.Position(seat.slug, "fb-1", BODY) if seat.positions else None
        request = c.Appointment(
            "p1", "external", BODY, later, units=frozenset({"fb-1"}), position=position
        )
        ended = [t for t in accepted if t.end is not None]
        assert c.check_appointment(request, seat, ended) == ()


@given(st.integers(1, 4), st.integers(0, 10))
def test_a_seat_takes_members_up_to_its_maximum_and_not_one_more(size: int, gap: int) -> None:
    seat = c.Seat("s", 0, size, body=BODY)
    held = [c.Tenure(i, f"p{i}", "s", DAY0, body=BODY) for i in range(size - 1)]
    start = DAY0 + dt.timedelta(days=gap)
    newcomer = c.Appointment("new", "external", BODY, start)
    assert c.check_appointment(newcomer, seat, held) == ()

    full = [*held, c.Tenure(size, "last", "s", DAY0, body=BODY)]
    (refusal,) = c.check_appointment(newcomer, seat, full)
    assert (refusal.field, refusal.code, refusal.figure("max")) == ("seat", "seat_full", size)


def test_every_problem_is_named_at_once() -> None:
    seat = c.Seat("s", 0, 1, kinds=frozenset({"internal"}), units=frozenset({"fb"}), body=BODY)
    request = c.Appointment(
        "p", "external", BODY, DAY0, end=DAY0 - dt.timedelta(days=1), units=frozenset({"x"})
    )
    assert [(r.field, r.code) for r in c.check_appointment(request, seat, [])] == [
        ("end", "ends_before_start"),
        ("person", "wrong_kind"),
        ("person", "wrong_unit"),
    ]


def test_a_seat_of_another_body_or_a_retired_seat_is_refused() -> None:
    request = c.Appointment("p", "external", BODY, DAY0)
    assert [r.code for r in c.check_appointment(request, c.Seat("s", 0, 1, body="x"), [])] == [
        "seat_elsewhere"
    ]
    retired = c.Seat("s", 0, 1, body=BODY, retired=True)
    assert [r.code for r in c.check_appointment(request, retired, [])] == ["seat_retired"]
