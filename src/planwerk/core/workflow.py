"""Taking and recording the steps of a status workflow.

The workflows themselves are data (planwerk.core.domain.workflow). A service that
changes a status calls `advance`: it refuses a step the workflow does not allow with
a message the reader understands, sets the new state and records the step (who
decided, when, why) as a StatusChange. The caller saves the object in the same
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from planwerk.audit.services import actor_name_of
from planwerk.core.domain.workflow import Transition, TransitionRefused, Workflow, workflow
from planwerk.core.models import StatusChange

__all__ = [
    "StatusChange",
    "Transition",
    "Workflow",
    "advance",
    "check",
    "history",
    "refusal_message",
    "workflow",
]


def refusal_message(refused: TransitionRefused, flow: Workflow) -> str:
    if refused.refusal:
        return str(refused.refusal)
    return _(
        "This step is not possible: the status “%(source)s” cannot change to “%(target)s”."
    ) % {"source": flow.label(refused.source), "target": flow.label(refused.target)}


def check(flow: Workflow, source: str, target: str) -> Transition:
    """The step from `source` to `target`, or ValidationError saying why not."""
    try:
        return flow.step(source, target)
    except TransitionRefused as refused:
        raise ValidationError(refusal_message(refused, flow), code="transition") from None


def advance(
    obj: models.Model,
    flow: Workflow,
    target: str,
    *,
    actor: Any,
    reason: str = "",
    attribute: str = "status",
) -> StatusChange:
    """Move `obj` to `target` if `flow` allows it, and record the step.

    Sets `obj.<attribute>`; the caller saves `obj` in the same transaction."""
    source = getattr(obj, attribute)
    check(flow, source, target)
    setattr(obj, attribute, target)
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        workflow=flow.name,
        source=source,
        target=target,
        decided_by=actor_name_of(actor),
        reason=reason,
    )


def history(obj: models.Model) -> models.QuerySet[StatusChange]:
    """Every recorded step of `obj`, oldest first."""
    return StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


@dataclass(frozen=True)
class Step:
    """One recorded step as a reader sees it: the states named in words."""

    source: str
    target: str
    decided_by: str
    decided_at: Any
    reason: str


def steps(obj: models.Model, flow: Workflow) -> list[Step]:
    """The history of `obj` in `flow`, oldest first, for a page."""
    return [
        Step(
            source=str(flow.label(change.source)) if change.source else "",
            target=str(flow.label(change.target)),
            decided_by=change.decided_by,
            decided_at=change.decided_at,
            reason=change.reason,
        )
        for change in history(obj).filter(workflow=flow.name)
    ]
