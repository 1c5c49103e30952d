"""Who gets a place at an event and who waits: pure rules, no Django.

An event and each of its workshops may have a capacity (None: no limit). A new
registration is confirmed when the event has room and, if it chose a workshop,
the workshop has room too; otherwise it goes onto the waiting list, in the order
of arrival. When room becomes free (a cancellation, a larger capacity), the
waiting registrations move up in that order, each one that fits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Taken:
    """The confirmed registrations: in all, and per workshop."""

    total: int
    by_workshop: Mapping[int, int]


@dataclass(frozen=True)
class Waiting:
    registration: int
    workshop: int | None


def has_room(
    capacity: int | None,
    workshop_capacities: Mapping[int, int | None],
    taken: Taken,
    workshop: int | None,
) -> bool:
    """Whether one more registration (for `workshop`, or none) can be confirmed."""
    if capacity is not None and taken.total >= capacity:
        return False
    if workshop is None:
        return True
    limit = workshop_capacities.get(workshop)
    return limit is None or taken.by_workshop.get(workshop, 0) < limit


def moving_up(
    capacity: int | None,
    workshop_capacities: Mapping[int, int | None],
    taken: Taken,
    waiting: Iterable[Waiting],
) -> list[int]:
    """The waiting registrations that move up now, in the order they waited."""
    total = taken.total
    by_workshop = dict(taken.by_workshop)
    moved = []
    for entry in waiting:
        if not has_room(capacity, workshop_capacities, Taken(total, by_workshop), entry.workshop):
            continue
        moved.append(entry.registration)
        total += 1
        if entry.workshop is not None:
            by_workshop[entry.workshop] = by_workshop.get(entry.workshop, 0) + 1
    return moved
