"""What the pages show: the rows of an overview and what comes next."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planwerk.consultations.models import Consultation, Statement
from planwerk.papers.models import Version

STATE_TEXTS = {
    "answered": gettext_lazy("answered"),
    "late": gettext_lazy("late"),
    "extended": gettext_lazy("deadline extended"),
    "open": gettext_lazy("open"),
    "closed": gettext_lazy("closed without a statement"),
}


def with_details(queryset: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return queryset.select_related(
        "body", "addressed_to", "version__draft__body", "version__draft__stage"
    ).prefetch_related(Prefetch("statements", queryset=Statement.objects.order_by("number")))


def state_text(consultation: Consultation, state: str) -> str:
    if consultation.kind == Consultation.Kind.REVIEW:
        if state == Version.Status.SUBMITTED:
            return str(_("under review"))
        return str(consultation.version.get_status_display())
    return str(STATE_TEXTS[state])


def rows(consultations: list[Consultation], today: dt.date | None = None) -> list[dict[str, Any]]:
    today = today or timezone.localdate()
    shown = []
    for c in consultations:
        state = c.state(today)
        shown.append(
            {
                "consultation": c,
                "state": state,
                "state_text": state_text(c, state),
                "statement": c.statement(),
                "supplements": len(c.supplements()),
            }
        )
    return shown


def next_step(version: Version, consultations: list[Consultation]) -> str:
    """What happens next with the version, in one sentence."""
    if version.status != Version.Status.SUBMITTED:
        return str(
            _("The version has been decided: %(status)s.")
            % {"status": version.get_status_display()}
        )
    waiting = [
        c for c in consultations if c.kind != Consultation.Kind.REVIEW and c.statement() is None
    ]
    reviewers = [str(c.body.name) for c in consultations if c.kind == Consultation.Kind.REVIEW]
    deciding = ", ".join(reviewers) if reviewers else str(_("the deciding body"))
    if not waiting:
        return str(
            _("Every statement is in: %(body)s can decide on the version.") % {"body": deciding}
        )
    deadlines = [c.deadline for c in waiting if c.deadline is not None]
    if deadlines:
        return str(
            _(
                "Waiting for %(count)s statements, the next deadline is %(day)s; then "
                "%(body)s decides on the version."
            )
            % {"count": len(waiting), "day": min(deadlines).strftime("%d.%m.%Y"), "body": deciding}
        )
    return str(
        _("Waiting for %(count)s statements; then %(body)s decides on the version.")
        % {"count": len(waiting), "body": deciding}
    )
