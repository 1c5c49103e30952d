"""What the pages show: the rows of an overview and what comes next."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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


def open_consultations() -> QuerySet[Consultation]:
    """Every consultation on a version not decided yet (reviews aside), the nearest
    deadline first: the coordination's overview and its tables."""
    return with_details(
        Consultation.objects.filter(version__status=Version.Status.SUBMITTED).exclude(
            kind=Consultation.Kind.REVIEW
        )
    ).order_by(F("deadline").asc(nulls_last=True), "version__draft__body__order", "body__order")


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


def next_step(
    version: Version, consultations: list[Consultation], today: dt.date | None = None
) -> str:
    """What happens next with the version, in a sentence or three."""
    if version.status != Version.Status.SUBMITTED:
        return str(
            _("The version has been decided: %(status)s.")
            % {"status": version.get_status_display()}
        )
    today = today or timezone.localdate()
    waiting = [
        c for c in consultations if c.kind != Consultation.Kind.REVIEW and c.statement() is None
    ]
    reviewers = [str(c.body.name) for c in consultations if c.kind == Consultation.Kind.REVIEW]
    deciding = ", ".join(reviewers) if reviewers else str(_("the deciding body"))
    if not waiting:
        return str(
            _("Every statement is in: %(body)s can decide on the version.") % {"body": deciding}
        )
    sentences = [
        ngettext(
            "Waiting for %(count)s statement.", "Waiting for %(count)s statements.", len(waiting)
        )
        % {"count": len(waiting)}
    ]
    late = [c for c in waiting if c.deadline is not None and c.deadline < today]
    if late:
        sentences.append(
            ngettext("%(count)s of them is late.", "%(count)s of them are late.", len(late))
            % {"count": len(late)}
        )
    coming = [c.deadline for c in waiting if c.deadline is not None and c.deadline >= today]
    if coming:
        sentences.append(
            _("The next deadline ends on %(day)s.")
            % {"day": date_format(min(coming), "DATE_FORMAT")}
        )
    sentences.append(_("Then %(body)s decides on the version.") % {"body": deciding})
    return " ".join(str(s) for s in sentences)
