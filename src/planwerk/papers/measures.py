"""The measures of an expert group's paper: what a proposal or a concern can be
taken up in. A measure is a section whose part has no children in the stage's
structure (in a paper without structure, any section)."""

from __future__ import annotations

from planwerk.bodies.models import Body
from planwerk.papers.domain.structure import measures
from planwerk.papers.models import Draft
from planwerk.papers.snapshot import paper


def latest_draft(body: Body) -> Draft | None:
    """The group's draft of the latest stage it writes for."""
    return (
        Draft.objects.filter(body=body)
        .select_related("stage")
        .order_by("-stage__order", "-stage__starts", "-pk")
        .first()
    )


def measure_choices(body: Body) -> list[tuple[str, str]]:
    """The measures of the group's latest draft: (uuid, number and title)."""
    draft = latest_draft(body)
    if draft is None:
        return []
    chosen = measures(draft.snapshot(), draft.stage.structure)
    return [(s.id, f"{s.label} {s.title}".strip()) for s in paper(chosen, "de")]
