"""The steps of the process in a period, as the digest and the feed tell them:
versions submitted, statements given, decisions taken, meetings held, council
papers and their passage, and the figures of the period.

One query per kind of step, however many steps there are. Texts are written in the
active language: the caller sets the recipient's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwerk.consultations.models import Statement
from planwerk.council.models import Passage
from planwerk.decisions.models import Decision
from planwerk.meetings.models import Meeting
from planwerk.papers.models import Version
from planwerk.processes.models import Process

VERSION = "version"
STATEMENT = "statement"
DECISION = "decision"
MEETING = "meeting"
PASSAGE = "passage"


@dataclass(frozen=True)
class Step:
    when: dt.datetime
    kind: str
    text: str
    url: str
    key: str  # stable, for the feed's entry ids


@dataclass(frozen=True)
class Figures:
    versions: int
    statements: int
    decisions: int
    meetings: int

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
            ]
        )


def _version_url(version: Version) -> str:
    draft = version.draft
    return reverse("papers:version", args=[draft.body.slug, draft.stage.slug, version.number])


def _midday(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


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
    return sorted(found, key=lambda s: s.when, reverse=True)


def figures(found: list[Step]) -> Figures:
    def count(kind: str) -> int:
        return sum(1 for s in found if s.kind == kind)

    return Figures(count(VERSION), count(STATEMENT), count(DECISION), count(MEETING))
