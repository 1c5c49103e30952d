"""The drafts' part of the home page: for those who may see them, where the drafts
of each stage stand, the current stage first marked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from planwerk.core.home import HomeSection
from planwerk.core.permissions import may_some
from planwerk.papers.services import current_stage
from planwerk.processes.queries import current_process_of


def stage_boards(request: HttpRequest) -> Mapping[str, Any] | None:
    if not may_some(request.user, "papers.board"):
        return None
    process = current_process_of(request)
    if process is None:
        return None
    stages = list(process.stages.all())
    if not stages:
        return None
    return {"stages": stages, "current": current_stage(stages)}


SECTION = HomeSection("papers.boards", 25, "papers/_home_boards.html", stage_boards)
