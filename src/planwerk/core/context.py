from typing import Any

from django.conf import settings
from django.http import HttpRequest

from planwerk.core.roles import dezernat_unit_ids, is_coordinator


def live_updates(request: HttpRequest) -> dict[str, Any]:
    """How often live parts (the dashboard's count, the projector) ask for news."""
    return {"poll_seconds": settings.PLANWERK_POLL_SECONDS}


def roles(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "is_coordinator": is_coordinator(user),
        "is_dezernat": bool(dezernat_unit_ids(user)),
    }
