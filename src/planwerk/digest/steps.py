"""The steps of the process in a period, as the digest and the feed tell them:
versions submitted, statements given, decisions taken, meetings held, council
papers and their passage, events announced and held, versions opened for public
comment, proposals made and answered, the period's comments and registrations, and
the figures of the period.

One query per kind of step, however many steps there are. Texts are written in the
active language: the caller sets the recipient's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwerk.consultations.models import Statement
from planwerk.council.models import Passage
from planwerk.decisions.models import Decision
from planwerk.events.models import Event, Registration
from planwerk.meetings.models import Meeting
from planwerk.papers.models import Version
from planwerk.participation.models import Comment, Publication
from planwerk.processes.models import Process
from planwerk.proposals.models import Proposal

VERSION = "version"
STATEMENT = "statement"
DECISION = "decision"
MEETING = "meeting"
PASSAGE = "passage"
EVENT = "event"
PUBLICATION = "publication"
COMMENTS = "comments"
PROPOSAL = "proposal"
ANSWER = "answer"
REGISTRATIONS = "registrations"


@dataclass(frozen=True)
class Step:
    when: dt.datetime
    kind: str
    text: str
    url: str
    key: str  # stable, for the feed's entry ids
    count: int = 1  # how many of its kind the step stands for (comments, registrations)


@dataclass(frozen=True)
class Figures:
    versions: int
    statements: int
    decisions: int
    meetings: int
    comments: int = 0
    proposals: int = 0
    registrations: int = 0

    def text(self) -> str:
        return ", ".join(
            [
                ngettext(
                    "%(count)s version submitted", "%(count)s versions submitted", self.versions
                )
                % {"count": self.versions},
                ngettext("%(count)s statement", "%(count)s statements", self.statements)
                % {"count": self.statements},
                ngettext("%(count)s decision", "%(count)s decisions", self.decisions)
                % {"count": self.decisions},
                ngettext("%(count)s meeting held", "%(count)s meetings held", self.meetings)
                % {"count": self.meetings},
                ngettext("%(count)s public comment", "%(count)s public comments", self.comments)
                % {"count": self.comments},
                ngettext("%(count)s proposal", "%(count)s proposals", self.proposals)
                % {"count": self.proposals},
                ngettext(
                    "%(count)s registration for events",
                    "%(count)s registrations for events",
                    self.registrations,
                )
                % {"count": self.registrations},
            ]
        )


def _version_url(version: Version) -> str:
    draft = version.draft
    return reverse("papers:version", args=[draft.body.slug, draft.stage.slug, version.number])


def _midday(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def _day(when: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(when), "SHORT_DATE_FORMAT")


def steps(process: Process, since: dt.datetime, until: dt.datetime) -> list[Step]:
    """Every step in [since, until), newest first."""
    found: list[Step] = []
    versions = Version.objects.filter(
        draft__body__process=process, submitted_at__gte=since, submitted_at__lt=until
    ).select_related("draft__body", "draft__stage")
    for v in versions:
        found.append(
            Step(
                v.submitted_at,
                VERSION,
                _("Version %(number)s of “%(body)s” submitted (%(stage)s).")
                % {"number": v.number, "body": v.draft.body.name, "stage": v.draft.stage.name},
                _version_url(v),
                f"version-{v.uuid}",
            )
        )
    statements = Statement.objects.filter(
        consultation__version__draft__body__process=process,
        created__gte=since,
        created__lt=until,
    ).select_related("consultation__body", "consultation__version__draft__body")
    for s in statements:
        c = s.consultation
        text = (
            _("Statement of “%(by)s” on version %(number)s of “%(body)s”.")
            if not s.number
            else _("Supplement to the statement of “%(by)s” on version %(number)s of “%(body)s”.")
        )
        found.append(
            Step(
                s.created,
                STATEMENT,
                text
                % {
                    "by": c.body.name,
                    "number": c.version.number,
                    "body": c.version.draft.body.name,
                },
                reverse("consultations:detail", args=[c.uuid]),
                f"statement-{s.uuid}",
            )
        )
    decisions = Decision.objects.filter(
        body__process=process, created__gte=since, created__lt=until
    ).select_related("body", "version__draft__body", "version__draft__stage")
    for d in decisions:
        text = (
            _("“%(by)s” accepted version %(number)s of “%(body)s”.")
            if d.outcome == Decision.Outcome.ACCEPTED
            else _("“%(by)s” returned version %(number)s of “%(body)s” with requirements.")
        )
        found.append(
            Step(
                d.created,
                DECISION,
                text
                % {
                    "by": d.body.name,
                    "number": d.version.number,
                    "body": d.version.draft.body.name,
                },
                _version_url(d.version),
                f"decision-{d.uuid}",
            )
        )
    meetings = Meeting.objects.filter(
        body__process=process,
        starts_at__gte=since,
        starts_at__lt=until,
        status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED],
    ).select_related("body")
    for m in meetings:
        found.append(
            Step(
                m.starts_at,
                MEETING,
                _("Meeting of “%(body)s”: %(title)s.") % {"body": m.body.name, "title": m.title},
                reverse("meetings:detail", args=[m.uuid]),
                f"meeting-{m.uuid}",
            )
        )
    passages = Passage.objects.filter(
        paper__process=process, date__gte=since.date(), date__lt=until.date()
    ).select_related("paper__stage", "body")
    for p in passages:
        found.append(
            Step(
                _midday(p.date),
                PASSAGE,
                _("Council paper %(number)s in “%(body)s”: %(outcome)s.")
                % {
                    "number": p.paper.number,
                    "body": p.body.name,
                    "outcome": p.get_outcome_display(),
                },
                reverse("council:detail", args=[p.paper.stage.slug, p.paper.uuid]),
                f"passage-{p.uuid}",
            )
        )
    found += _public_steps(process, since, until)
    return sorted(found, key=lambda s: s.when, reverse=True)


def _public_steps(process: Process, since: dt.datetime, until: dt.datetime) -> list[Step]:
    """What the public side did in [since, until): events announced and held, versions
    opened for comment, proposals made and answered; comments and registrations as one
    step per version and per event, with their number."""
    found: list[Step] = []
    events = Event.objects.filter(process=process, published=True)
    for e in events.filter(published_at__gte=since, published_at__lt=until):
        found.append(
            Step(
                e.published_at or e.created,
                EVENT,
                _("Event “%(title)s” announced for %(day)s.")
                % {"title": e.title, "day": _day(e.starts_at)},
                reverse("events:detail", args=[e.uuid]),
                f"event-{e.uuid}",
            )
        )
    held = events.filter(ends_at__gte=since, ends_at__lt=until).annotate(
        registered=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
        )
    )
    for e in held:
        found.append(
            Step(
                e.ends_at,
                EVENT,
                ngettext(
                    "Event “%(title)s” took place, with %(count)s registration.",
                    "Event “%(title)s” took place, with %(count)s registrations.",
                    e.registered,
                )
                % {"title": e.title, "count": e.registered},
                reverse("events:detail", args=[e.uuid]),
                f"event-held-{e.uuid}",
            )
        )
    registrations = (
        Registration.objects.filter(event__process=process, created__gte=since, created__lt=until)
        .values("event")
        .annotate(n=Count("pk"))
    )
    per_event = {row["event"]: row["n"] for row in registrations}
    for e in Event.objects.filter(pk__in=list(per_event)):
        n = per_event[e.pk]
        found.append(
            Step(
                until - dt.timedelta(seconds=1),
                REGISTRATIONS,
                ngettext(
                    "%(count)s new registration for “%(title)s”.",
                    "%(count)s new registrations for “%(title)s”.",
                    n,
                )
                % {"count": n, "title": e.title},
                reverse("events:detail", args=[e.uuid]),
                f"registrations-{e.uuid}-{since.date().isoformat()}",
                n,
            )
        )
    publications = Publication.objects.filter(
        version__draft__body__process=process, opens__gte=since, opens__lt=until
    ).select_related("version__draft__body")
    for pub in publications:
        found.append(
            Step(
                pub.opens,
                PUBLICATION,
                _("Version %(number)s of “%(body)s” is open for public comment until %(day)s.")
                % {
                    "number": pub.version.number,
                    "body": pub.version.draft.body.name,
                    "day": _day(pub.closes),
                },
                reverse("participation:publication", args=[pub.uuid]),
                f"publication-{pub.uuid}",
            )
        )
    comments = (
        Comment.objects.filter(
            publication__version__draft__body__process=process,
            created__gte=since,
            created__lt=until,
            hidden_at__isnull=True,
            removed=False,
        )
        .values("publication")
        .annotate(n=Count("pk"))
    )
    per_publication = {row["publication"]: row["n"] for row in comments}
    commented = Publication.objects.filter(pk__in=list(per_publication)).select_related(
        "version__draft__body"
    )
    for pub in commented:
        n = per_publication[pub.pk]
        found.append(
            Step(
                until - dt.timedelta(seconds=1),
                COMMENTS,
                ngettext(
                    "%(count)s new comment on version %(number)s of “%(body)s”.",
                    "%(count)s new comments on version %(number)s of “%(body)s”.",
                    n,
                )
                % {"count": n, "number": pub.version.number, "body": pub.version.draft.body.name},
                reverse("participation:publication", args=[pub.uuid]),
                f"comments-{pub.uuid}-{since.date().isoformat()}",
                n,
            )
        )
    proposals = Proposal.objects.filter(process=process, hidden_at__isnull=True)
    for prop in proposals.filter(created__gte=since, created__lt=until).select_related("body"):
        found.append(
            Step(
                prop.created,
                PROPOSAL,
                _("New proposal “%(title)s” to “%(body)s”.")
                % {"title": prop.title, "body": prop.body.name},
                reverse("proposals:detail", args=[prop.uuid]),
                f"proposal-{prop.uuid}",
            )
        )
    answered = proposals.filter(answered_at__gte=since, answered_at__lt=until)
    for prop in answered.select_related("body"):
        found.append(
            Step(
                prop.answered_at or prop.modified,
                ANSWER,
                _("“%(body)s” answered the proposal “%(title)s”: %(status)s.")
                % {
                    "body": prop.body.name,
                    "title": prop.title,
                    "status": prop.get_status_display(),
                },
                reverse("proposals:detail", args=[prop.uuid]),
                f"answer-{prop.uuid}-{prop.answered_at.isoformat() if prop.answered_at else ''}",
            )
        )
    return found


def figures(found: list[Step]) -> Figures:
    def count(kind: str) -> int:
        return sum(s.count for s in found if s.kind == kind)

    return Figures(
        count(VERSION),
        count(STATEMENT),
        count(DECISION),
        count(MEETING),
        count(COMMENTS),
        count(PROPOSAL),
        count(REGISTRATIONS),
    )
