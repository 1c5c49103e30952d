"""The home page's section: a link to the proposals and to what became of them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from planwerk.core.home import HomeSection
from planwerk.processes.queries import current_process_of


def home(request: HttpRequest) -> Mapping[str, Any] | None:
    if current_process_of(request) is None:
        return None
    return {}


HOME = HomeSection("proposals", 16, "proposals/_home.html", home)
