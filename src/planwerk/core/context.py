from typing import Any

from django.conf import settings
from django.http import HttpRequest

from planwerk.core.permissions import Can


def live_updates(request: HttpRequest) -> dict[str, Any]:
    """How often live parts (the dashboard's count, the projector) ask for news."""
    return {"poll_seconds": settings.PLANWERK_POLL_SECONDS}


def roles(request: HttpRequest) -> dict[str, Any]:
    """`can` for menus and links: `{% if can.elections.manage %}` asks the table of
    who may do what (core/permissions.py) whether the user's roles may act at all."""
    return {"can": Can(getattr(request, "user", None))}
