"""The process's part of the home page: its name, description and stages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from planwerk.core.home import HomeSection
from planwerk.processes.queries import current_process_of, stages_of


def overview(request: HttpRequest) -> Mapping[str, Any]:
    process = current_process_of(request)
    return {"process": process, "stages": stages_of(process) if process else []}


SECTION = HomeSection("processes.overview", 10, "processes/_home_overview.html", overview)
