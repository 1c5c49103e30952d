"""Which planned dates move together (timeline/domain/schedule.py): properties, and
the links of a process like Hannover's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from planwerk.timeline.domain import schedule
from planwerk.timeline.domain.schedule import (
    Conflict,
    Link,
    MilestoneDates,
    StageDates,
    links_of,
    plan_move,
)

D = dt.date


# -- a random plan: a forest of points, each on or after the one it follows --------------
@st.composite
def plans(draw: Any) -> tuple[dict[str, dt.date], list[Link]]:
    size = draw(st.integers(min_value=1, max_value=12))
    base = draw(st.dates(min_value=D(2019, 1, 1), max_value=D(2022, 12, 31)))
    dates: dict[str, dt.date] = {}
    links: list[Link] = []
    for index in range(size):
        point = f"p{index}"
        parent = (
            draw(st.one_of(st.none(), st.integers(min_value=0, max_value=index - 1)))
            if index
            else None
        )
        if parent is None:
            dates[point] = base + dt.timedelta(days=draw(st.integers(0, 400)))
        else:
            before = f"p{parent}"
            dates[point] = dates[before] + dt.timedelta(days=draw(st.integers(0, 120)))
            links.append(Link(before, point))
    return dates, links


@st.composite
def moves(draw: Any) -> tuple[dict[str, dt.date], list[Link], dict[str, dt.date]]:
    dates, links = draw(plans())
    chosen = draw(st.lists(st.sampled_from(sorted(dates)), min_size=1, max_size=3, unique=True))
    changes = {p: dates[p] + dt.timedelta(days=draw(st.integers(-200, 200))) for p in chosen}
    return dates, links, changes


def parents(links: list[Link]) -> dict[str, str]:
    return {link.after: link.before for link in links}


def cause_of(point: str, parent: dict[str, str], changes: dict[str, dt.date]) -> str | None:
    """The nearest set point the point follows (itself if it is set)."""
    while True:
        if point in changes:
            return point
        if point not in parent:
            return None
        point = parent[point]


@given(plans())
def test_setting_every_date_to_itself_moves_nothing(plan: Any) -> None:
    dates, links = plan
    assert plan_move(dates, links, dict(dates)) == []


@given(plans(), st.data())
def test_moving_by_zero_days_moves_nothing(plan: Any, data: Any) -> None:
    dates, links = plan
    point = data.draw(st.sampled_from(sorted(dates)))
    assert plan_move(dates, links, {point: dates[point]}) == []


@given(moves())
def test_every_dependent_moves_by_the_days_of_the_date_it_follows(move: Any) -> None:
    dates, links, changes = move
    try:
        shifts = plan_move(dates, links, changes)
    except Conflict:
        assume(False)
        return
    parent = parents(links)
    moved = {s.point: s for s in shifts}
    for point, old in dates.items():
        cause = cause_of(point, parent, changes)
        days = 0 if cause is None else (changes[cause] - dates[cause]).days
        new = moved[point].new if point in moved else old
        # Every point moves by the days of the set point it follows, or not at all.
        assert (new - old).days == days
        if point in moved:
            assert moved[point].cause == cause
            assert moved[point].dependent == (point not in changes)


@given(moves())
def test_nothing_moves_before_the_date_it_follows(move: Any) -> None:
    dates, links, changes = move
    try:
        shifts = plan_move(dates, links, changes)
    except Conflict as conflict:
        # Refused only for a set date that comes before the one it follows.
        parent = parents(links)
        for problem in conflict.problems:
            assert problem.point in changes and parent[problem.point] == problem.before
            assert problem.day < problem.limit
        return
    new = dict(dates) | {s.point: s.new for s in shifts}
    for link in links:
        assert new[link.after] >= new[link.before]


@given(moves())
def test_the_set_dates_come_first_and_are_what_was_set(move: Any) -> None:
    dates, links, changes = move
    try:
        shifts = plan_move(dates, links, changes)
    except Conflict:
        return
    set_ones = [s for s in shifts if not s.dependent]
    assert shifts[: len(set_ones)] == set_ones
    assert {s.point: s.new for s in set_ones} == {p: d for p, d in changes.items() if d != dates[p]}


def test_a_point_that_follows_two_others_is_refused() -> None:
    dates = {"a": D(2020, 1, 1), "b": D(2020, 1, 2), "c": D(2020, 1, 3)}
    with pytest.raises(ValueError, match="follows two"):
        plan_move(dates, [Link("a", "c"), Link("b", "c")], {"a": D(2020, 1, 5)})


# -- the links of a process -------------------------------------------------------------------
STAGES = [
    StageDates("etappe-1", D(2020, 1, 1), D(2020, 3, 31)),
    StageDates("etappe-2", D(2020, 4, 1), D(2020, 12, 31)),
]
MILESTONES = [
    MilestoneDates("wahl", D(2019, 11, 15)),
    MilestoneDates("auftakt", D(2020, 1, 17), D(2020, 1, 18), stage="etappe-1"),
    MilestoneDates("podium-1", D(2020, 3, 31), stage="etappe-1", after="etappe-1"),
    MilestoneDates("podium-2", D(2020, 12, 31), stage="etappe-2", after="etappe-2"),
    MilestoneDates("rat", D(2021, 3, 31), stage="etappe-2", after="etappe-2"),
    MilestoneDates("nachlese", D(2021, 4, 30), after="rat"),
]


def moved(changes: dict[str, dt.date]) -> dict[str, tuple[dt.date, dt.date]]:
    dates, links = links_of(STAGES, MILESTONES)
    return {s.point: (s.old, s.new) for s in plan_move(dates, links, changes)}


def test_moving_the_first_stages_end_moves_the_second_stage_and_what_follows_it() -> None:
    found = moved(
        {
            schedule.stage_start("etappe-1"): D(2020, 1, 1),
            schedule.stage_end("etappe-1"): D(2020, 4, 30),
        }
    )
    month = dt.timedelta(days=30)
    assert found == {
        "stage:etappe-1:ends": (D(2020, 3, 31), D(2020, 4, 30)),
        "stage:etappe-2:starts": (D(2020, 4, 1), D(2020, 4, 1) + month),
        "milestone:podium-1": (D(2020, 3, 31), D(2020, 3, 31) + month),
        "stage:etappe-2:ends": (D(2020, 12, 31), D(2020, 12, 31) + month),
        "milestone:podium-2": (D(2020, 12, 31), D(2020, 12, 31) + month),
        "milestone:rat": (D(2021, 3, 31), D(2021, 3, 31) + month),
        "milestone:nachlese": (D(2021, 4, 30), D(2021, 4, 30) + month),
    }


def test_a_stages_milestones_move_with_its_start_and_the_election_stays() -> None:
    found = moved(
        {
            schedule.stage_start("etappe-1"): D(2020, 2, 1),
            schedule.stage_end("etappe-1"): D(2020, 3, 31),
        }
    )
    assert found == {
        "stage:etappe-1:starts": (D(2020, 1, 1), D(2020, 2, 1)),
        "milestone:auftakt": (D(2020, 1, 17), D(2020, 2, 17)),
        "milestone:auftakt:end": (D(2020, 1, 18), D(2020, 2, 18)),
    }


def test_a_milestone_cannot_move_before_the_stage_it_follows() -> None:
    dates, links = links_of(STAGES, MILESTONES)
    with pytest.raises(Conflict) as caught:
        plan_move(dates, links, {schedule.milestone_day("rat"): D(2020, 11, 1)})
    (problem,) = caught.value.problems
    assert problem.before == "stage:etappe-2:ends" and problem.limit == D(2020, 12, 31)


def test_an_after_that_names_nothing_or_goes_round_falls_back_to_the_stage() -> None:
    milestones = [
        MilestoneDates("a", D(2020, 2, 1), stage="etappe-1", after="b"),
        MilestoneDates("b", D(2020, 2, 2), stage="etappe-1", after="a"),
        MilestoneDates("c", D(2020, 2, 3), stage="etappe-1", after="unbekannt"),
    ]
    _dates, links = links_of(STAGES, milestones)
    parent = parents(links)
    assert parent["milestone:c"] == "stage:etappe-1:starts"
    # One of the two that name each other follows the other, the other its stage.
    assert {parent["milestone:a"], parent["milestone:b"]} == {
        "milestone:a",
        "stage:etappe-1:starts",
    } or {parent["milestone:a"], parent["milestone:b"]} == {
        "milestone:b",
        "stage:etappe-1:starts",
    }
