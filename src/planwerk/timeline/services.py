"""Moving a planned date of the process, with what moves along, and recording that a
milestone was reached.

`plan_move` answers what would move (for the confirmation page); `move` moves it,
after checking that the plan is still the one confirmed. The dependencies are the
pure core's (`domain/schedule.py`); the processes app stores the dates and writes
the audit entry (`processes.services`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from planwerk.core.permissions import require
from planwerk.processes import services as processes
from planwerk.processes.models import Milestone, Process, Stage
from planwerk.timeline.domain import schedule
from planwerk.timeline.domain.schedule import MilestoneDates, StageDates

STAGE = processes.STAGE
MILESTONE = processes.MILESTONE


@dataclass(frozen=True)
class Row:
    """One date on the confirmation page: what, from when to when, and why."""

    label: str
    old: dt.date
    new: dt.date
    dependent: bool
    follows: str  # the date that was set which this one follows ("" for a set one)

    @property
    def days(self) -> int:
        return (self.new - self.old).days


@dataclass(frozen=True)
class MovePlan:
    moves: tuple[processes.Move, ...]
    rows: tuple[Row, ...]

    @property
    def fingerprint(self) -> str:
        """Names this plan, so that saving can check it is still the one confirmed."""
        text = ";".join(f"{m.kind}:{m.slug}:{m.field}:{m.old}:{m.new}" for m in self.moves)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @property
    def dependents(self) -> list[Row]:
        return [r for r in self.rows if r.dependent]


@dataclass(frozen=True)
class _Point:
    kind: str
    slug: str
    field: str
    label: str


def _points(stages: list[Stage], milestones: list[Milestone]) -> dict[str, _Point]:
    points = {}
    for s in stages:
        points[schedule.stage_start(s.slug)] = _Point(
            STAGE, s.slug, "starts", _("%(name)s: start") % {"name": s.name}
        )
        points[schedule.stage_end(s.slug)] = _Point(
            STAGE, s.slug, "ends", _("%(name)s: end") % {"name": s.name}
        )
    for m in milestones:
        points[schedule.milestone_day(m.slug)] = _Point(MILESTONE, m.slug, "date", str(m.name))
        points[schedule.milestone_end(m.slug)] = _Point(
            MILESTONE, m.slug, "end", _("%(name)s: last day") % {"name": m.name}
        )
    return points


def _day(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


def plan_move(process: Process, ref: str, new: dict[str, dt.date | None]) -> MovePlan:
    """What moves when the stage or milestone `ref` ("stage:slug", "milestone:slug")
    gets the dates `new` (a stage: starts, ends; a milestone: date, end). Raises
    ValidationError, by field, for dates in the wrong order and for a plan that moves
    nothing."""
    kind, _sep, slug = ref.partition(":")
    stages = list(process.stages.order_by("order"))
    milestones = list(process.milestones.select_related("stage"))
    if kind == STAGE:
        item: Stage | Milestone | None = next((s for s in stages if s.slug == slug), None)
    elif kind == MILESTONE:
        item = next((m for m in milestones if m.slug == slug), None)
    else:
        item = None
    if item is None:
        raise ValidationError(_("This stage or milestone is not part of the process."))

    changes: dict[str, dt.date] = {}
    if isinstance(item, Stage):
        starts, ends = new.get("starts"), new.get("ends")
        if starts is None or ends is None:
            raise ValidationError(_("Please give the start and the end."))
        if ends < starts:
            raise ValidationError(
                {"ends": _("The end cannot be before the start (%(day)s).") % {"day": _day(starts)}}
            )
        changes = {schedule.stage_start(slug): starts, schedule.stage_end(slug): ends}
    else:
        date, end = new.get("date"), new.get("end")
        if date is None:
            raise ValidationError({"date": _("Please give the date.")})
        changes = {schedule.milestone_day(slug): date}
        if item.end is not None:
            if end is None:
                raise ValidationError({"end": _("Please give the last day.")})
            if end < date:
                raise ValidationError(
                    {
                        "end": _("The last day cannot be before the first (%(day)s).")
                        % {"day": _day(date)}
                    }
                )
            changes[schedule.milestone_end(slug)] = end

    dates, links = schedule.links_of(
        [StageDates(s.slug, s.starts, s.ends) for s in stages],
        [
            MilestoneDates(m.slug, m.date, m.end, m.stage.slug if m.stage else "", m.after)
            for m in milestones
        ],
    )
    points = _points(stages, milestones)
    try:
        shifts = schedule.plan_move(dates, links, changes)
    except schedule.Conflict as conflict:
        messages = [
            _("“%(item)s” cannot be on %(day)s: it follows “%(before)s”, on %(limit)s.")
            % {
                "item": points[p.point].label,
                "day": _day(p.day),
                "before": points[p.before].label,
                "limit": _day(p.limit),
            }
            for p in conflict.problems
        ]
        field = "date" if kind == MILESTONE else "starts"
        raise ValidationError({field: messages}) from None
    if not shifts:
        raise ValidationError(_("These are the planned dates already: nothing moves."))
    moves = tuple(
        processes.Move(
            points[s.point].kind, points[s.point].slug, points[s.point].field, s.old, s.new
        )
        for s in shifts
    )
    rows = tuple(
        Row(
            points[s.point].label,
            s.old,
            s.new,
            s.dependent,
            points[s.cause].label if s.dependent else "",
        )
        for s in shifts
    )
    return MovePlan(moves, rows)


def move(
    user: object,
    process: Process,
    ref: str,
    new: dict[str, dt.date | None],
    *,
    fingerprint: str,
    reason: str = "",
) -> MovePlan:
    """Move the dates as confirmed. If the plan is no longer the one confirmed (the
    dates were moved meanwhile), nothing moves and the error says so."""
    require(user, "processes.plan")
    plan = plan_move(process, ref, new)
    if plan.fingerprint != fingerprint:
        raise ValidationError(
            _("The timeline has changed since you looked at it. Please check the dates again.")
        )
    processes.move_dates(user, process, plan.moves, reason=reason)
    return plan


def mark_reached(user: object, milestone: Milestone, on: dt.date | None) -> Milestone:
    return processes.mark_reached(user, milestone, on)
