""" "What became of it": for a stage, every measure-like section of its drafts with the
proposals, concerns and comments it answers, and every proposal, concern and comment
with what became of it.

The page costs the same few queries whatever the number of drafts, measures,
proposals, concerns and comments (tests/proposals/test_outcome.py pins it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Subquery

from planwerk.bodies.models import Body
from planwerk.events.models import Concern
from planwerk.papers.domain.structure import measures
from planwerk.papers.models import Draft, Version
from planwerk.papers.snapshot import paper
from planwerk.participation.domain.rules import fate, frozen_paragraphs
from planwerk.participation.models import Comment
from planwerk.processes.models import Process, Stage
from planwerk.proposals.models import Proposal


@dataclass
class Measure:
    id: str
    label: str
    title: str
    proposals: list[Proposal] = field(default_factory=list)
    concerns: list[Concern] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)


@dataclass
class Commented:
    """A comment with what became of its paragraph in the draft's latest version."""

    comment: Comment
    section: str  # number and title of the section it is in, in the latest version
    fate: str  # participation.domain.rules: CURRENT, UNCHANGED, CHANGED or REMOVED
    latest: int  # the number of the latest version


@dataclass
class Group:
    body: Body
    measures: list[Measure] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    concerns: list[Concern] = field(default_factory=list)
    comments: list[Commented] = field(default_factory=list)


def stage_outcome(process: Process, stage: Stage) -> list[Group]:
    """Per expert group of the process: the measures of its latest submitted version
    for the stage (a draft that is still being written is not public) with the
    proposals, concerns and comments each answers; the proposals and concerns of its
    theme field with their answers; and every comment on its drafts with what became
    of the paragraph it is about."""
    groups = {
        b.pk: Group(b)
        for b in Body.objects.filter(process=process, kind=Body.Kind.EXPERT_GROUP).order_by("order")
    }
    drafts = list(Draft.objects.filter(stage=stage, body_id__in=list(groups)))
    latest = Version.objects.filter(draft=OuterRef("draft")).order_by("-number").values("number")
    versions = {
        v.draft_id: v for v in Version.objects.filter(draft__in=drafts, number=Subquery(latest[:1]))
    }
    by_id: dict[str, Measure] = {}
    for draft in drafts:
        draft.stage = stage
        version = versions.get(draft.pk)
        if version is None:
            continue
        for section in paper(measures(version.sections, stage.structure)):
            measure = Measure(section.id, section.label, section.title)
            by_id[section.id] = measure
            groups[draft.body_id].measures.append(measure)
    proposals = Proposal.objects.filter(process=process, hidden_at__isnull=True)
    for proposal in proposals.select_related("section_stage").order_by("created", "pk"):
        groups[proposal.body_id].proposals.append(proposal)
        proposal.body = groups[proposal.body_id].body
        shown = by_id.get(str(proposal.section_uuid)) if proposal.section_uuid else None
        if shown is not None:
            shown.proposals.append(proposal)
    concerns = Concern.objects.filter(event__process=process).select_related("event")
    for concern in concerns.order_by("created", "pk"):
        if concern.body_id in groups:
            groups[concern.body_id].concerns.append(concern)
            shown = by_id.get(str(concern.section_uuid)) if concern.section_uuid else None
            if shown is not None:
                shown.concerns.append(concern)
    # Every comment on the group's drafts, with what became of its paragraph.
    wording: dict[int, dict[str, str]] = {
        draft_id: {p.paragraph_id: p.text for p in frozen_paragraphs(v.sections)}
        for draft_id, v in versions.items()
    }
    titles = {
        section.id: f"{section.label} {section.title}".strip()
        for v in versions.values()
        for section in paper(v.sections)
    }
    body_of = {draft.pk: draft.body_id for draft in drafts}
    comments = Comment.objects.filter(
        publication__version__draft__in=drafts,
        parent__isnull=True,
        hidden_at__isnull=True,
        removed=False,
    ).select_related("paragraph", "publication__version")
    for comment in comments.order_by("created", "pk"):
        version = comment.publication.version
        newest = versions[version.draft_id]
        became = fate(
            comment.paragraph.text,
            wording[version.draft_id],
            comment.paragraph_key,
            version.number == newest.number,
        )
        where = titles.get(comment.paragraph.section_id, "")
        groups[body_of[version.draft_id]].comments.append(
            Commented(comment, where, became, newest.number)
        )
        found = by_id.get(comment.paragraph.section_id)
        if found is not None:
            found.comments.append(comment)
    return list(groups.values())


def stages(process: Any) -> list[Stage]:
    return list(Stage.objects.filter(process=process).order_by("order"))
