"""The council's part of the home page: a link to each stage's paper."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from planwerk.core.home import HomeSection
from planwerk.core.permissions import may_some
from planwerk.processes.queries import current_process_of, stages_of


def stage_papers(request: HttpRequest) -> Mapping[str, Any] | None:
    process = current_process_of(request)
    if process is None or not may_some(request.user, "council.view"):
        return None
    return {"stages": stages_of(process)}


SECTION = HomeSection("council.papers", 25, "council/_home_papers.html", stage_papers)
