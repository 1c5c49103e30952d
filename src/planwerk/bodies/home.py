"""The bodies' part of the home page: where to find the bodies and how to nominate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from planwerk.core.home import HomeSection
from planwerk.processes.queries import current_process_of


def links(request: HttpRequest) -> Mapping[str, Any] | None:
    return {} if current_process_of(request) else None


SECTION = HomeSection("bodies.links", 20, "bodies/_home_links.html", links)
