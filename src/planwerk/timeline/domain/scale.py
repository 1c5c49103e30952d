"""The time axis of the timeline. Pure Python.

Days map to positions linearly, except that a long time without any entry (say
between the council's decision of a past process and today) is left out: the axis
shows a short break there instead. Each stretch of the axis runs from the first day
of a month to the last day of a month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

# A time without entries longer than this is left out (about three months).
GAP_DAYS = 92
PIXELS_PER_DAY = 2.0
BREAK_WIDTH = 36.0


@dataclass(frozen=True)
class Segment:
    first: dt.date
    last: dt.date
    x0: float
    x1: float

    def x(self, day: dt.date) -> float:
        days = (self.last - self.first).days + 1
        return self.x0 + (self.x1 - self.x0) * (day - self.first).days / days


@dataclass(frozen=True)
class Scale:
    segments: tuple[Segment, ...]
    start: float
    end: float

    def x(self, day: dt.date) -> float:
        """Where `day` begins on the axis. A day in a break is in the break's middle."""
        if not self.segments or day < self.segments[0].first:
            return self.start
        previous = None
        for segment in self.segments:
            if day < segment.first:
                assert previous is not None
                return (previous.x1 + segment.x0) / 2
            if day <= segment.last:
                return segment.x(day)
            previous = segment
        return self.end

    def x_end(self, day: dt.date) -> float:
        """Where `day` ends (the next day's beginning, within the day's segment)."""
        for segment in self.segments:
            if segment.first <= day <= segment.last:
                return segment.x(day + dt.timedelta(days=1)) if day < segment.last else segment.x1
        return self.x(day)

    @property
    def breaks(self) -> list[tuple[float, float]]:
        return [(a.x1, b.x0) for a, b in zip(self.segments, self.segments[1:], strict=False)]

    def months(self) -> list[tuple[dt.date, float]]:
        """The first day of every month on the axis, with its position."""
        found = []
        for segment in self.segments:
            month = segment.first
            while month <= segment.last:
                found.append((month, segment.x(month)))
                month = _next_month(month)
        return found


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _month_end(day: dt.date) -> dt.date:
    return _next_month(day) - dt.timedelta(days=1)


def build(
    spans: Iterable[tuple[dt.date, dt.date]],
    *,
    start: float = 0.0,
    gap_days: int = GAP_DAYS,
    pixels_per_day: float = PIXELS_PER_DAY,
    break_width: float = BREAK_WIDTH,
) -> Scale:
    """The axis for entries covering `spans` (a single day is (day, day)). Times
    covered by an entry are never left out; a time without entries longer than
    `gap_days` is."""
    intervals = sorted((min(a, b), max(a, b)) for a, b in spans)
    merged: list[list[dt.date]] = []
    for first, last in intervals:
        first, last = _month_start(first), _month_end(last)
        if merged and (first - merged[-1][1]).days <= gap_days:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    segments: list[Segment] = []
    x = start
    for first, last in merged:
        if segments:
            x += break_width
        width = ((last - first).days + 1) * pixels_per_day
        segments.append(Segment(first, last, x, x + width))
        x += width
    return Scale(tuple(segments), start, x)
