"""What the council's pages read: the stage's paper, the deciding bodies, the retreats."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from planwerk.bodies.models import Body
from planwerk.council.domain.rules import Candidate, Retreats, count_retreats, in_order
from planwerk.council.domain.rules import latest_accepted as latest
from planwerk.council.models import CouncilPaper
from planwerk.meetings.models import Meeting
from planwerk.papers.models import Version
from planwerk.processes.models import Process, Stage


@dataclass
class StagePaper:
    """The accepted versions of a stage in body order, and who is still missing."""

    stage: Stage
    versions: list[Version]
    missing: list[Body]


def expert_groups(process: Process) -> list[Body]:
    return list(Body.objects.filter(process=process, kind=Body.Kind.EXPERT_GROUP).order_by("order"))


def stage_paper(stage: Stage) -> StagePaper:
    """The latest accepted version of each expert group's draft for the stage."""
    groups = expert_groups(stage.process)
    versions = list(
        Version.objects.filter(draft__stage=stage, draft__body__in=groups).select_related(
            "draft__body", "draft__stage__process"
        )
    )
    chosen = latest(
        Candidate(v.draft.body_id, v.number, v.status == Version.Status.ACCEPTED) for v in versions
    )
    by_body = {v.draft.body_id: v for v in versions if chosen.get(v.draft.body_id) == v.number}
    present, missing = in_order([g.pk for g in groups], by_body)
    names = {g.pk: g for g in groups}
    return StagePaper(stage, [by_body[pk] for pk in present], [names[pk] for pk in missing])


def lead_committee(process: Process) -> Body | None:
    """The body the definition marks as the lead committee (`lead_committee: true`)."""
    return Body.objects.filter(process=process, lead_committee=True).order_by("order").first()


def deciding_bodies(process: Process) -> list[Body]:
    """Who deals with a council paper: the lead committee first, then the council."""
    bodies = Body.objects.filter(
        Q(lead_committee=True) | Q(kind=Body.Kind.COUNCIL), process=process
    )
    return sorted(bodies, key=lambda b: (not b.lead_committee, b.order))


def retreats(process: Process) -> tuple[Body, Retreats] | None:
    """The lead committee's planned retreats against its minimum (None: none needed)."""
    lead = lead_committee(process)
    if lead is None or not lead.retreats_min:
        return None
    statuses = Meeting.objects.filter(body=lead, kind=Meeting.Kind.RETREAT).values_list(
        "status", flat=True
    )
    return lead, count_retreats(
        (s == Meeting.Status.CANCELLED for s in statuses), lead.retreats_min
    )


def papers_of(stage: Stage) -> QuerySet[CouncilPaper]:
    return CouncilPaper.objects.filter(stage=stage).order_by("created")


def paper_versions(paper: CouncilPaper) -> list[Version]:
    """The versions the council paper holds, in their order."""
    return [
        c.version
        for c in paper.contents.select_related(
            "version__draft__body", "version__draft__stage__process"
        ).order_by("position")
    ]
