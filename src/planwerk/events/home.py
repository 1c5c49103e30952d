"""The events' part of the home page: the next published events, and for members of
an expert group the link to its inbox of concerns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from planwerk.core.home import HomeSection
from planwerk.core.permissions import may, may_some
from planwerk.events import queries, services
from planwerk.processes.queries import current_process_of

SHOWN = 5


def upcoming_events(request: HttpRequest) -> Mapping[str, Any] | None:
    process = current_process_of(request)
    if process is None or not may_some(request.user, "events.view"):
        return None
    events = list(queries.upcoming(process)[:SHOWN])
    inboxes = []
    if request.user.is_authenticated and may_some(request.user, "events.concerns_answer"):
        inboxes = [
            body
            for body in services.expert_groups(process)
            if may(request.user, "events.concerns_answer", body)
        ]
    if not events and not inboxes:
        return None
    return {"events": events, "inboxes": inboxes}


SECTION = HomeSection("events.upcoming", 27, "events/_home_events.html", upcoming_events)
