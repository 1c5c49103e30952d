"""The home page's section: links to the proposals and to what became of them, and
for members of an expert group (and the coordination) the group's open proposals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from planwerk.core.home import HomeSection
from planwerk.core.permissions import may, may_some
from planwerk.processes.queries import current_process_of
from planwerk.proposals import services


def home(request: HttpRequest) -> Mapping[str, Any] | None:
    process = current_process_of(request)
    if process is None:
        return None
    groups = []
    if request.user.is_authenticated and may_some(request.user, "proposals.answer"):
        groups = [
            body
            for body in services.expert_groups(process)
            if may(request.user, "proposals.answer", body)
        ]
    return {"groups": groups}


HOME = HomeSection("proposals", 16, "proposals/_home.html", home)
