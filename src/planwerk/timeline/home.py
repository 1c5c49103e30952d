"""The timeline's part of the home page: where the process stands today (the current
stage, what comes next, how many entries are late) and the link to Infographic 2."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from planwerk.core.home import HomeSection
from planwerk.core.permissions import may_some
from planwerk.processes.queries import current_process_of
from planwerk.timeline.queries import timeline_of


def where_we_stand(request: HttpRequest) -> Mapping[str, Any] | None:
    process = current_process_of(request)
    if process is None or not may_some(request.user, "timeline.view"):
        return None
    timeline = timeline_of(process, request.user)
    if not timeline.items:
        return None
    return {"summary": timeline.summary, "today": timeline.today}


SECTION = HomeSection("timeline.today", 11, "timeline/_home_timeline.html", where_we_stand)
