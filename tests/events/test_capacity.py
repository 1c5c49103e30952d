"""The pure rules of places and the waiting list."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from planwerk.events.domain.capacity import Taken, Waiting, has_room, moving_up


def test_an_event_without_a_capacity_always_has_room() -> None:
    assert has_room(None, {}, Taken(10_000, {}), None)


def test_a_full_workshop_has_no_room_even_when_the_event_has() -> None:
    assert not has_room(10, {1: 1}, Taken(1, {1: 1}), 1)
    assert has_room(10, {1: 1}, Taken(1, {1: 1}), None)


def test_the_first_waiting_who_fits_moves_up() -> None:
    waiting = [Waiting(7, 1), Waiting(8, None), Waiting(9, None)]
    # One place free in the event; workshop 1 is full, so the second in line moves up.
    assert moving_up(3, {1: 1}, Taken(2, {1: 1}), waiting) == [8]


@given(
    capacity=st.one_of(st.none(), st.integers(0, 6)),
    workshop_capacity=st.one_of(st.none(), st.integers(0, 3)),
    taken=st.integers(0, 6),
    wants=st.lists(st.sampled_from([None, 1]), max_size=10),
)
def test_moving_up_never_exceeds_a_capacity_and_keeps_the_order(
    capacity: int | None, workshop_capacity: int | None, taken: int, wants: list[int | None]
) -> None:
    in_workshop = min(taken, workshop_capacity or 0)
    waiting = [Waiting(i, w) for i, w in enumerate(wants)]
    moved = moving_up(capacity, {1: workshop_capacity}, Taken(taken, {1: in_workshop}), waiting)

    assert moved == sorted(moved)
    if capacity is not None:
        assert taken + len(moved) <= max(capacity, taken)
    if workshop_capacity is not None:
        joined = sum(1 for i in moved if wants[i] == 1)
        assert in_workshop + joined <= max(workshop_capacity, in_workshop)
    # Nobody who would have fitted is passed over for a later one of the same kind.
    for i in moved:
        earlier = [j for j in range(i) if wants[j] == wants[i]]
        assert all(j in moved for j in earlier)
