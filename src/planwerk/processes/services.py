"""Changing a loaded process's plan: moving the dates of stages and milestones, and
recording that a milestone was reached. Each is one transaction with its audit entry.

Which dates move together is decided by the timeline (`timeline/domain/schedule.py`);
this module stores the result. A moved stage or milestone keeps its dates when the
definition is loaded again (`moved_at`, see the loader).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from planwerk.audit.services import record
from planwerk.core.permissions import require
from planwerk.processes.models import Milestone, Process, Stage

STAGE = "stage"
MILESTONE = "milestone"
# The dates of each kind that can be moved.
FIELDS = {STAGE: ("starts", "ends"), MILESTONE: ("date", "end")}


@dataclass(frozen=True)
class Move:
    """One date of a stage or milestone, from `old` to `new`."""

    kind: str
    slug: str
    field: str
    old: dt.date | None
    new: dt.date | None


def _day(value: dt.date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "–"


@transaction.atomic
def move_dates(user: object, process: Process, moves: Sequence[Move], reason: str = "") -> int:
    """Store the moves (all or none) and return how many stages and milestones changed.

    Each move names the date it expects to find: if someone else moved it meanwhile,
    nothing is stored and the error says so."""
    require(user, "processes.plan")
    for move in moves:
        if move.kind not in FIELDS or move.field not in FIELDS[move.kind]:
            raise ValueError(f"cannot move {move.kind}.{move.field}")
    stages = {
        s.slug: s
        for s in Stage.objects.select_for_update().filter(
            process=process, slug__in=[m.slug for m in moves if m.kind == STAGE]
        )
    }
    milestones = {
        m.slug: m
        for m in Milestone.objects.select_for_update().filter(
            process=process, slug__in=[m.slug for m in moves if m.kind == MILESTONE]
        )
    }
    rows: dict[tuple[str, str], Stage | Milestone] = {}
    for move in moves:
        row = (stages if move.kind == STAGE else milestones).get(move.slug)
        if row is None:
            raise ValidationError(
                _("“%(slug)s” is not part of this process.") % {"slug": move.slug}
            )
        if getattr(row, move.field) != move.old:
            raise ValidationError(
                _(
                    "The dates of “%(name)s” have changed meanwhile (now %(now)s). "
                    "Please look at the timeline again."
                )
                % {"name": row, "now": _day(getattr(row, move.field))}
            )
        setattr(row, move.field, move.new)
        rows[(move.kind, move.slug)] = row
    for row in rows.values():
        _check_order(row)
    now = timezone.now()
    for (kind, _slug), row in rows.items():
        row.moved_at = now
        row.save(update_fields=[*FIELDS[kind], "moved_at", "modified"])
    if moves:
        record(
            "process.dates_moved",
            actor=user,  # type: ignore[arg-type]
            obj=process,
            payload={
                "reason": reason,
                "moves": [
                    {
                        "kind": m.kind,
                        "slug": m.slug,
                        "field": m.field,
                        "from": m.old,
                        "to": m.new,
                    }
                    for m in moves
                ],
            },
        )
    return len(rows)


def _check_order(row: Stage | Milestone) -> None:
    if isinstance(row, Stage):
        if row.ends < row.starts:
            raise ValidationError(
                {"ends": _("“%(name)s” cannot end before it starts.") % {"name": row}}
            )
    elif row.end is not None and row.end < row.date:
        raise ValidationError({"end": _("“%(name)s” cannot end before it starts.") % {"name": row}})


@transaction.atomic
def mark_reached(user: object, milestone: Milestone, on: dt.date | None) -> Milestone:
    """Record the day a milestone was reached, or (None) that it has not been after all."""
    require(user, "processes.plan")
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if on is not None and on > timezone.localdate():
        raise ValidationError(
            {
                "reached_on": _(
                    "A milestone cannot be reached in the future. Please give a past day."
                )
            }
        )
    old = locked.reached_on
    if old == on:
        return locked
    locked.reached_on = on
    locked.save(update_fields=["reached_on", "modified"])
    record(
        "process.milestone_reached" if on else "process.milestone_reopened",
        actor=user,  # type: ignore[arg-type]
        obj=locked,
        payload={"slug": locked.slug, "from": old, "to": on},
    )
    return locked
