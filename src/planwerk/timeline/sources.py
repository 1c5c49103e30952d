"""The timeline's entries, read from the apps that produce them: the process's stages
and milestones, the election, public events, submitted versions and decisions on
them, consultation deadlines, the lead committee's retreats and the council papers'
passage. Each source shows a reader what its own rule lets her see (a visitor sees
the process, the public election and the published events; the coordination sees
everything). One or two queries per source, however many entries there are."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planwerk.bodies.models import Body
from planwerk.consultations.models import Consultation, Statement
from planwerk.core.permissions import may_some, visible
from planwerk.council.models import Passage
from planwerk.decisions.models import Decision
from planwerk.elections.models import Election
from planwerk.events.models import Event
from planwerk.meetings.models import Meeting
from planwerk.papers.models import Draft, Version
from planwerk.processes.models import Milestone, Process, Stage
from planwerk.timeline.domain import items as states
from planwerk.timeline.domain.items import Item

PROCESS = "process"
ELECTIONS = "elections"
EVENTS = "events"
DRAFTS = "drafts"
STATEMENTS = "statements"
COUNCIL = "council"
LANES = (
    (PROCESS, gettext_lazy("Stages and milestones")),
    (ELECTIONS, gettext_lazy("Elections")),
    (EVENTS, gettext_lazy("Public events")),
    (DRAFTS, gettext_lazy("Drafts and decisions")),
    (STATEMENTS, gettext_lazy("Statements")),
    (COUNCIL, gettext_lazy("Lead committee and council")),
)


def day(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


def when(start: dt.date, end: dt.date | None = None, approximate: bool = False) -> str:
    """A date (or a span of days) as a reader reads it; a rough one by its month."""
    if approximate:
        return _("about %(month)s") % {"month": date_format(start, "YEAR_MONTH_FORMAT")}
    if end is None or end == start:
        return day(start)
    return f"{day(start)} – {day(end)}"


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


@dataclass(frozen=True)
class Named:
    name: str
    slug: str


@dataclass
class Context:
    process: Process
    user: Any
    today: dt.date
    now: dt.datetime
    # The process's bodies and stages by id, once read (see `_bodies_and_stages`).
    names: tuple[dict[int, Named], dict[int, Named]] | None = None


# -- the process: stages and milestones ---------------------------------------------------
def stages_and_milestones(
    ctx: Context, events: list[Event]
) -> tuple[list[Stage], list[Milestone], list[Item]]:
    stages = list(ctx.process.stages.order_by("order"))
    milestones = list(ctx.process.milestones.select_related("stage").order_by("date", "slug"))
    by_milestone: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        if event.milestone_id is not None:
            by_milestone[event.milestone_id].append(event)
    found = []
    for stage in stages:
        found.append(
            Item(
                key=f"stage:{stage.slug}",
                lane=PROCESS,
                title=str(stage.name),
                start=stage.starts,
                end=stage.ends,
                status=states.stage_status(stage.starts, stage.ends, ctx.today),
                when=when(stage.starts, stage.ends),
                note=str(stage.product),
                span=True,
                ref=f"stage:{stage.slug}",
            )
        )
    for m in milestones:
        linked = by_milestone.get(m.pk, [])
        ended = [e for e in linked if e.ends_at <= ctx.now]
        notes = []
        if m.reached_on:
            notes.append(_("Reached on %(day)s.") % {"day": day(m.reached_on)})
        for event in linked:
            notes.append(
                _("Event: %(title)s, %(day)s.")
                % {"title": event.title, "day": day(local_day(event.starts_at))}
            )
        found.append(
            Item(
                key=f"milestone:{m.slug}",
                lane=PROCESS,
                title=str(m.name),
                start=m.date,
                end=m.end,
                status=states.status_of(
                    m.date, ctx.today, end=m.end, happened=bool(m.reached_on or ended)
                ),
                when=when(m.date, m.end, m.approximate),
                note=" ".join(notes),
                url=reverse("events:detail", args=[linked[0].uuid]) if linked else "",
                approximate=m.approximate,
                ref=f"milestone:{m.slug}",
            )
        )
    return stages, milestones, found


# -- the other apps ---------------------------------------------------------------------------
def published_events(ctx: Context) -> list[Event]:
    if not may_some(ctx.user, "events.view"):
        return []
    return list(Event.objects.filter(process=ctx.process, published=True).order_by("starts_at"))


def event_items(ctx: Context, events: list[Event]) -> list[Item]:
    found = []
    for event in events:
        start, end = local_day(event.starts_at), local_day(event.ends_at)
        found.append(
            Item(
                key=f"event:{event.uuid}",
                lane=EVENTS,
                title=str(event.title),
                start=start,
                end=end if end != start else None,
                status=states.status_of(
                    start, ctx.today, end=end, happened=event.ends_at <= ctx.now
                ),
                when=when(start, end),
                note=event.place,
                url=reverse("events:detail", args=[event.uuid]),
            )
        )
    return found


def election_items(ctx: Context) -> list[Item]:
    if not may_some(ctx.user, "elections.view"):
        return []
    elections = visible(
        ctx.user, "elections.view", Election.objects.filter(process=ctx.process)
    ).order_by("meeting_at")
    found = []
    for e in elections:
        cancelled = e.phase == Election.Phase.CANCELLED
        closes = local_day(e.nomination_deadline)
        found.append(
            Item(
                key=f"election:{e.pk}:nominations",
                lane=ELECTIONS,
                title=_("Nominations close: %(election)s") % {"election": e.title},
                start=closes,
                status=states.status_of(
                    closes,
                    ctx.today,
                    happened=e.nomination_deadline <= ctx.now,
                    cancelled=cancelled,
                ),
                when=when(closes),
                url=reverse("elections:candidates", args=[e.pk]),
            )
        )
        meets = local_day(e.meeting_at)
        finished = e.phase == Election.Phase.FINISHED
        found.append(
            Item(
                key=f"election:{e.pk}",
                lane=ELECTIONS,
                title=e.title,
                start=meets,
                status=states.status_of(meets, ctx.today, happened=finished, cancelled=cancelled),
                when=when(meets),
                note=e.place,
                url=reverse(
                    "elections:result" if finished else "elections:candidates", args=[e.pk]
                ),
            )
        )
    return found


def _bodies_and_stages(ctx: Context) -> tuple[dict[int, Named], dict[int, Named]]:
    """The process's bodies and stages by id, read once for the entries of drafts,
    decisions and deadlines (which then read plain values, not rows)."""
    if ctx.names is None:
        bodies = {
            pk: Named(str(name), slug)
            for pk, name, slug in Body.objects.filter(process=ctx.process).values_list(
                "pk", "name", "slug"
            )
        }
        stages = {
            pk: Named(str(name), slug)
            for pk, name, slug in Stage.objects.filter(process=ctx.process).values_list(
                "pk", "name", "slug"
            )
        }
        ctx.names = (bodies, stages)
    return ctx.names


def _version_url(body: Named, stage: Named, number: int) -> str:
    return reverse("papers:version", args=[body.slug, stage.slug, number])


def version_items(ctx: Context) -> list[Item]:
    if not may_some(ctx.user, "papers.view"):
        return []
    bodies, stages = _bodies_and_stages(ctx)
    drafts = visible(ctx.user, "papers.view", Draft.objects.filter(body__process=ctx.process))
    versions = Version.objects.filter(draft__in=drafts.values("pk")).values_list(
        "uuid", "number", "submitted_at", "draft__body_id", "draft__stage_id"
    )
    found = []
    for uuid, number, submitted_at, body_id, stage_id in versions:
        submitted = local_day(submitted_at)
        body, stage = bodies[body_id], stages[stage_id]
        found.append(
            Item(
                key=f"version:{uuid}",
                lane=DRAFTS,
                title=_("“%(body)s”: version %(number)s submitted")
                % {"body": body.name, "number": number},
                start=submitted,
                status=states.DONE,
                when=when(submitted),
                note=stage.name,
                url=_version_url(body, stage, number),
            )
        )
    return found


def decision_items(ctx: Context) -> list[Item]:
    if not may_some(ctx.user, "decisions.view"):
        return []
    bodies, stages = _bodies_and_stages(ctx)
    decisions = visible(
        ctx.user, "decisions.view", Decision.objects.filter(body__process=ctx.process)
    ).values_list(
        "uuid",
        "outcome",
        "body_id",
        "meeting__starts_at",
        "version__number",
        "version__draft__body_id",
        "version__draft__stage_id",
    )
    found = []
    for uuid, outcome, by_id, starts_at, number, body_id, stage_id in decisions:
        on = local_day(starts_at)
        text = (
            _("“%(by)s” accepted version %(number)s of “%(body)s”")
            if outcome == Decision.Outcome.ACCEPTED
            else _("“%(by)s” returned version %(number)s of “%(body)s”")
        )
        body, stage = bodies[body_id], stages[stage_id]
        found.append(
            Item(
                key=f"decision:{uuid}",
                lane=DRAFTS,
                title=text % {"by": bodies[by_id].name, "number": number, "body": body.name},
                start=on,
                status=states.DONE,
                when=when(on),
                url=_version_url(body, stage, number),
            )
        )
    return found


def deadline_items(ctx: Context) -> list[Item]:
    """One entry per version and deadline: the bodies asked by that day, how many
    answered; late once the day has passed without every statement. Counted by the
    database: a busy process has thousands of consultations."""
    if not may_some(ctx.user, "consultations.view"):
        return []
    bodies, stages = _bodies_and_stages(ctx)
    consultations = visible(
        ctx.user,
        "consultations.view",
        Consultation.objects.filter(
            version__draft__body__process=ctx.process, deadline__isnull=False
        ).exclude(kind=Consultation.Kind.REVIEW),
    ).annotate(answered=Exists(Statement.objects.filter(consultation=OuterRef("pk"), number=0)))
    counts = (
        consultations.order_by()
        .values("version_id", "deadline")
        .annotate(owed=Count("pk"), given=Count("pk", filter=Q(answered=True)))
    )
    groups = {(c["version_id"], c["deadline"]): (c["given"], c["owed"]) for c in counts}
    versions = {
        pk: (uuid, number, body_id, stage_id, decided_at)
        for pk, uuid, number, body_id, stage_id, decided_at in Version.objects.filter(
            pk__in={version_id for version_id, _day in groups}
        ).values_list(
            "pk",
            "uuid",
            "number",
            "draft__body_id",
            "draft__stage_id",
            "decision__meeting__starts_at",
        )
    }
    statuses = {}
    for (version_id, deadline), (given, owed) in groups.items():
        decided_at = versions[version_id][4]
        decided = local_day(decided_at) if decided_at else None
        statuses[(version_id, deadline)] = (
            states.deadline_status(deadline, ctx.today, answered=given, owed=owed, decided=decided),
            decided,
        )
    # Who is missing, for the late ones only.
    late = [key for key, (status, _decided) in statuses.items() if status == states.LATE]
    missing: dict[tuple[int, dt.date], list[str]] = defaultdict(list)
    if late:
        for version_id, deadline, body_id in (
            consultations.filter(answered=False, version_id__in={v for v, _d in late})
            .order_by("body__order")
            .values_list("version_id", "deadline", "body_id")
        ):
            missing[(version_id, deadline)].append(bodies[body_id].name)
    found = []
    for (version_id, deadline), (given, owed) in sorted(
        groups.items(), key=lambda g: (g[0][1], g[0][0])
    ):
        uuid, number, body_id, stage_id, _decided_at = versions[version_id]
        status, decided = statuses[(version_id, deadline)]
        note = _("%(answered)s of %(owed)s statements given.") % {"answered": given, "owed": owed}
        if status == states.LATE:
            note += " " + _("Missing: %(bodies)s.") % {
                "bodies": ", ".join(missing[(version_id, deadline)])
            }
        elif status == states.CANCELLED and decided is not None:
            note += " " + _("The version was decided on %(day)s, before this deadline.") % {
                "day": day(decided)
            }
        body, stage = bodies[body_id], stages[stage_id]
        found.append(
            Item(
                key=f"deadline:{uuid}:{deadline.isoformat()}",
                lane=STATEMENTS,
                title=_("Statements on version %(number)s of “%(body)s” due")
                % {"number": number, "body": body.name},
                start=deadline,
                status=status,
                when=when(deadline),
                note=note,
                url=_version_url(body, stage, number),
            )
        )
    return found


def retreat_items(ctx: Context) -> list[Item]:
    """The retreats (Klausurtagungen) of the lead committee with the expert groups
    (Drucksache 2472/2019, section 1)."""
    if not may_some(ctx.user, "meetings.view"):
        return []
    retreats = visible(
        ctx.user,
        "meetings.view",
        Meeting.objects.filter(body__process=ctx.process, kind=Meeting.Kind.RETREAT),
    ).select_related("body")
    held = (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED)
    found = []
    for m in retreats:
        on = local_day(m.starts_at)
        found.append(
            Item(
                key=f"retreat:{m.uuid}",
                lane=COUNCIL,
                title=_("Retreat: %(body)s") % {"body": m.body.name},
                start=on,
                status=states.status_of(
                    on,
                    ctx.today,
                    happened=m.status in held,
                    cancelled=m.status == Meeting.Status.CANCELLED,
                ),
                when=when(on),
                note=m.title,
                url=reverse("meetings:detail", args=[m.uuid]),
            )
        )
    return found


def passage_items(ctx: Context) -> list[Item]:
    if not may_some(ctx.user, "council.view"):
        return []
    passages = Passage.objects.filter(paper__process=ctx.process).select_related(
        "paper__stage", "body"
    )
    found = []
    for p in passages:
        found.append(
            Item(
                key=f"passage:{p.uuid}",
                lane=COUNCIL,
                title=_("Council paper %(number)s in “%(body)s”: %(outcome)s")
                % {
                    "number": p.paper.number,
                    "body": p.body.name,
                    "outcome": p.get_outcome_display(),
                },
                start=p.date,
                status=states.DONE,
                when=when(p.date),
                url=reverse("council:detail", args=[p.paper.stage.slug, p.paper.uuid]),
            )
        )
    return found


Source = Callable[[Context], Iterable[Item]]
# The sources besides the process and events (which share the events' query).
SOURCES: tuple[Source, ...] = (
    election_items,
    version_items,
    decision_items,
    deadline_items,
    retreat_items,
    passage_items,
)
