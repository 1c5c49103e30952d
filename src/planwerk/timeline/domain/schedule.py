"""Which planned dates move together. Pure Python.

A plan is a set of *points*, each a date (a stage's start, a stage's end, a
milestone's day, a milestone's last day), and *links* between them: `Link(before,
after)` says that `after` follows `before`. When `before` moves by some days, `after`
moves by as many, and so does whatever follows `after`. A point follows at most one
other, so the links form a forest, and a move is never ambiguous.

The links of a process come from its definition (`links_of`):

- a stage's end follows its start, and the next stage's start follows its end
  (Drucksache 2472/2019: the second stage follows the first);
- a milestone of a stage follows the stage's start, unless it says `after:` —
  then it follows that stage's end or that milestone's last day;
- a milestone's last day follows its first.

`plan_move` takes the dates someone sets (every date of the item she edits, changed
or not) and answers with every point that moves, each dependent by exactly the days
of the point it follows; a set date before the point it follows is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    before: str
    after: str


@dataclass(frozen=True)
class Shift:
    """A point that moves: from `old` to `new`, because `cause` was set (a point that
    was set is its own cause)."""

    point: str
    old: dt.date
    new: dt.date
    cause: str

    @property
    def days(self) -> int:
        return (self.new - self.old).days

    @property
    def dependent(self) -> bool:
        return self.point != self.cause


@dataclass(frozen=True)
class Problem:
    """`point` was set to `day`, before `before` (on `limit`), which it follows."""

    point: str
    day: dt.date
    before: str
    limit: dt.date


class Conflict(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems)
        self.problems = list(problems)


# -- the points of a process and their links -------------------------------------------
def stage_start(slug: str) -> str:
    return f"stage:{slug}:starts"


def stage_end(slug: str) -> str:
    return f"stage:{slug}:ends"


def milestone_day(slug: str) -> str:
    return f"milestone:{slug}"


def milestone_end(slug: str) -> str:
    return f"milestone:{slug}:end"


@dataclass(frozen=True)
class StageDates:
    slug: str
    starts: dt.date
    ends: dt.date


@dataclass(frozen=True)
class MilestoneDates:
    slug: str
    date: dt.date
    end: dt.date | None = None
    stage: str = ""  # the stage it belongs to ("": none)
    after: str = ""  # the stage or milestone it follows, as the definition says


def links_of(
    stages: Sequence[StageDates], milestones: Iterable[MilestoneDates]
) -> tuple[dict[str, dt.date], list[Link]]:
    """The points and links of a process. `stages` in their order. An `after` that
    names nothing known, or that would close a circle, is left out (the definition's
    reader refuses both; this keeps a hand-edited database from breaking a page)."""
    milestones = list(milestones)
    dates: dict[str, dt.date] = {}
    parent: dict[str, str] = {}
    for index, stage in enumerate(stages):
        dates[stage_start(stage.slug)] = stage.starts
        dates[stage_end(stage.slug)] = stage.ends
        parent[stage_end(stage.slug)] = stage_start(stage.slug)
        if index:
            parent[stage_start(stage.slug)] = stage_end(stages[index - 1].slug)
    by_slug = {m.slug: m for m in milestones}
    stage_slugs = {s.slug for s in stages}
    for m in milestones:
        dates[milestone_day(m.slug)] = m.date
        if m.end is not None:
            dates[milestone_end(m.slug)] = m.end
            parent[milestone_end(m.slug)] = milestone_day(m.slug)

    def last_point(slug: str) -> str:
        if slug in stage_slugs:
            return stage_end(slug)
        other = by_slug[slug]
        return milestone_end(slug) if other.end is not None else milestone_day(slug)

    def ancestors(point: str) -> set[str]:
        seen: set[str] = set()
        while point in parent and point not in seen:
            seen.add(point)
            point = parent[point]
        seen.add(point)
        return seen

    for m in milestones:
        point = milestone_day(m.slug)
        if m.after and m.after != m.slug and (m.after in stage_slugs or m.after in by_slug):
            before = last_point(m.after)
            if point not in ancestors(before):
                parent[point] = before
                continue
        if m.stage in stage_slugs:
            parent[point] = stage_start(m.stage)
    return dates, [Link(before, after) for after, before in parent.items()]


# -- moving ------------------------------------------------------------------------------
def _order(points: Iterable[str], parent: Mapping[str, str]) -> list[str]:
    """Every point after the point it follows (roots first)."""
    depth: dict[str, int] = {}
    for point in points:
        chain: list[str] = []
        while point not in depth and point in parent:
            if point in chain:
                raise ValueError(f"the links go round in a circle through {point!r}")
            chain.append(point)
            point = parent[point]
        depth.setdefault(point, 0)
        for p in reversed(chain):
            depth[p] = depth[parent[p]] + 1
    return sorted(depth, key=lambda p: depth[p])


def plan_move(
    dates: Mapping[str, dt.date], links: Iterable[Link], changes: Mapping[str, dt.date]
) -> list[Shift]:
    """Every point that moves when the points of `changes` are set to their dates.

    A point that is set keeps the date it is set to; every other point that follows
    one moves by the same days as the nearest point it follows that moved. The
    answer lists the set points first, then the others in the order they follow one
    another; a point that stays where it is is not listed, so setting every point to
    its own date moves nothing. Raises `Conflict` when a set point would come before
    the point it follows (unless it was there already and does not move further
    away), and ValueError for unknown points or a point following two others."""
    parent: dict[str, str] = {}
    for link in links:
        if link.after in parent and parent[link.after] != link.before:
            raise ValueError(f"{link.after!r} follows two points")
        parent[link.after] = link.before
    unknown = [p for p in (*changes, *parent, *parent.values()) if p not in dates]
    if unknown:
        raise ValueError(f"unknown points: {sorted(set(unknown))}")

    new: dict[str, dt.date] = dict(dates)
    cause: dict[str, str] = {}
    delta: dict[str, dt.timedelta] = {}
    for point in _order(dates, parent):
        if point in changes:
            delta[point] = changes[point] - dates[point]
            cause[point] = point
        elif point in parent and parent[point] in delta:
            delta[point] = delta[parent[point]]
            cause[point] = cause[parent[point]]
        else:
            continue
        new[point] = dates[point] + delta[point]

    problems = []
    for point in changes:
        before = parent.get(point)
        if before is None or new[point] >= new[before]:
            continue
        # A point already before the one it follows (a file written so) may stay there.
        if new[point] - new[before] >= dates[point] - dates[before]:
            continue
        problems.append(Problem(point, new[point], before, new[before]))
    if problems:
        raise Conflict(problems)

    position = {p: i for i, p in enumerate(_order(dates, parent))}
    moved = sorted(
        (p for p in cause if new[p] != dates[p]), key=lambda p: (p not in changes, position[p])
    )
    return [Shift(p, dates[p], new[p], cause[p]) for p in moved]
