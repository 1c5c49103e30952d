"""The entries of the timeline and their state: done, planned, late, cancelled, and
which come next. Pure Python.

An entry is *late* when its planned day has passed and it has not happened: a
consultation deadline passed without a statement, a planned milestone not recorded
as reached, an election meeting not held. *Next* are the planned entries on the
first day from today on that has any.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

DONE = "done"
PLANNED = "planned"
LATE = "late"
CANCELLED = "cancelled"
# A stage under way (between its start and its end).
CURRENT = "current"
STATUSES = (DONE, CURRENT, PLANNED, LATE, CANCELLED)


@dataclass(frozen=True)
class Item:
    """One entry. `lane` is where it comes from (the process, the election, ...);
    `span` entries (stages) are drawn as bars from `start` to `end`. `ref` names a
    stage or milestone of the definition ("stage:slug", "milestone:slug") whose dates
    the coordination can move; `when` is its date as a reader sees it."""

    key: str
    lane: str
    title: str
    start: dt.date
    end: dt.date | None = None
    status: str = PLANNED
    when: str = ""
    note: str = ""
    url: str = ""
    approximate: bool = False
    span: bool = False
    ref: str = ""
    next: bool = False

    @property
    def last_day(self) -> dt.date:
        return self.end or self.start


def status_of(
    start: dt.date,
    today: dt.date,
    *,
    end: dt.date | None = None,
    happened: bool = False,
    cancelled: bool = False,
) -> str:
    """The state of an entry planned for `start` (to `end`)."""
    if cancelled:
        return CANCELLED
    if happened:
        return DONE
    if (end or start) < today:
        return LATE
    return PLANNED


def stage_status(starts: dt.date, ends: dt.date, today: dt.date) -> str:
    """A stage is done once it has ended: its results are the other entries'."""
    if ends < today:
        return DONE
    if starts <= today:
        return CURRENT
    return PLANNED


def deadline_status(
    day: dt.date,
    today: dt.date,
    *,
    answered: int,
    owed: int,
    decided: dt.date | None = None,
) -> str:
    """A deadline for `owed` answers of which `answered` came: done when all came,
    late once the day has passed without all of them. Once the version is decided
    (`decided`) no answer is awaited: a deadline after the decision was overtaken by
    it (cancelled); one before it was missed (late)."""
    if owed and answered >= owed:
        return DONE
    if decided is not None and decided <= day:
        return CANCELLED
    if day < today:
        return LATE
    return PLANNED


def in_order(items: Iterable[Item]) -> list[Item]:
    """By day; on one day spans first, then by lane and title."""
    return sorted(items, key=lambda i: (i.start, not i.span, i.last_day, i.lane, i.title, i.key))


def mark_next(items: Sequence[Item], today: dt.date) -> list[Item]:
    """The items with those that come next marked: the planned entries (not stages)
    on the first day from today on that has any."""
    upcoming = [i.start for i in items if i.status == PLANNED and not i.span and i.start >= today]
    if not upcoming:
        return list(items)
    first = min(upcoming)
    return [
        replace(i, next=True) if i.status == PLANNED and not i.span and i.start == first else i
        for i in items
    ]


@dataclass(frozen=True)
class Summary:
    done: int
    late: int
    planned: int
    next: tuple[Item, ...]
    current: tuple[Item, ...]


def summary(items: Iterable[Item]) -> Summary:
    items = list(items)
    plain = [i for i in items if not i.span]
    return Summary(
        done=sum(1 for i in plain if i.status == DONE),
        late=sum(1 for i in plain if i.status == LATE),
        planned=sum(1 for i in plain if i.status == PLANNED),
        next=tuple(i for i in items if i.next),
        current=tuple(i for i in items if i.span and i.status == CURRENT),
    )
