"""The timeline of a process as a reader may see it, and its drawing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from planwerk.processes.models import Process
from planwerk.timeline import sources
from planwerk.timeline.domain import drawing
from planwerk.timeline.domain import items as states
from planwerk.timeline.domain.items import Item, Summary


@dataclass
class Timeline:
    process: Process
    today: dt.date
    items: list[Item]
    summary: Summary

    def rows(self) -> list[dict[str, Any]]:
        """The entries in order with today in its place, for the text version."""
        rows: list[dict[str, Any]] = []
        placed = False
        for item in self.items:
            if not placed and item.start > self.today:
                rows.append({"today": True})
                placed = True
            rows.append({"item": item})
        if not placed:
            rows.append({"today": True})
        return rows


def timeline_of(process: Process, user: Any, now: dt.datetime | None = None) -> Timeline:
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    ctx = sources.Context(process, user, today, now)
    events = sources.published_events(ctx)
    _stages, _milestones, found = sources.stages_and_milestones(ctx, events)
    found += sources.event_items(ctx, events)
    for source in sources.SOURCES:
        found += source(ctx)
    items = states.mark_next(states.in_order(found), today)
    return Timeline(process, today, items, states.summary(items))


def status_words() -> dict[str, str]:
    # The words of the states have a context of their own (written out, so that
    # makemessages finds it): other apps say "cancelled" of a meeting; here it is said
    # of a deadline too ("entfallen", not "abgesagt").
    return {
        states.DONE: pgettext("state of a timeline entry", "done"),
        states.CURRENT: pgettext("state of a timeline entry", "under way"),
        states.PLANNED: pgettext("state of a timeline entry", "planned"),
        states.LATE: pgettext("state of a timeline entry", "late"),
        states.CANCELLED: pgettext("state of a timeline entry", "cancelled"),
    }


def next_word() -> str:
    return pgettext("state of a timeline entry", "next")


def lanes() -> list[tuple[str, str]]:
    return [(key, str(title)) for key, title in sources.LANES]


def draw(timeline: Timeline, rtl: bool = False) -> drawing.Drawing:
    return drawing.draw(
        timeline.items,
        lanes(),
        timeline.today,
        drawing.Texts(
            title=_("Timeline of the process: %(process)s") % {"process": timeline.process.name},
            description=_(
                "The stages, milestones and steps of the process on a time axis, with today "
                "marked; each entry says whether it is done, planned, late or next. The same "
                "entries follow as a table below the chart."
            ),
            today=_("Today, %(day)s") % {"day": date_format(timeline.today, "DATE_FORMAT")},
            gap=_("A time without entries is left out here."),
            next=next_word(),
            statuses=status_words(),
            month=lambda day: date_format(day, "YEAR_MONTH_FORMAT"),
        ),
        rtl=rtl,
    )
