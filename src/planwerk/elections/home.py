"""The elections' part of the home page: the public elections of the process."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from planwerk.core.home import HomeSection
from planwerk.elections.models import Election
from planwerk.processes.queries import current_process_of


def public_elections(request: HttpRequest) -> Mapping[str, Any] | None:
    process = current_process_of(request)
    if process is None:
        return None
    # A practice election is never public.
    elections = list(
        Election.objects.filter(process=process, practice=False).exclude(
            phase=Election.Phase.PREPARATION
        )
    )
    return {"elections": elections} if elections else None


SECTION = HomeSection("elections.public", 30, "elections/_home_elections.html", public_elections)
