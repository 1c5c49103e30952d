"""The consultations panel on a version's page (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from planwerk.consultations import queries
from planwerk.consultations.models import GenderRelevance
from planwerk.core.permissions import may
from planwerk.papers.models import Version


def version_panel(request: HttpRequest, version: Version) -> dict[str, Any] | None:
    consultations = list(queries.with_details(version.consultations.all()))
    if consultations and not may(request.user, "consultations.view", consultations[0]):
        consultations = []
    relevance = GenderRelevance.objects.filter(version=version).first()
    is_open = version.status == Version.Status.SUBMITTED
    can_mark = (
        is_open and relevance is None and may(request.user, "consultations.mark_relevant", version)
    )
    can_confirm = (
        is_open
        and relevance is not None
        and not relevance.confirmed
        and may(request.user, "consultations.manage", version)
    )
    if not consultations and relevance is None and not can_mark:
        return None
    return {
        "version": version,
        "rows": queries.rows(consultations),
        "next": queries.next_step(version, consultations) if consultations else "",
        "relevance": relevance,
        "can_mark": can_mark,
        "can_confirm": can_confirm,
    }
