from typing import Any

from django.http import HttpRequest

from planwerk.core.permissions import Can


def roles(request: HttpRequest) -> dict[str, Any]:
    """`can` for menus and links: `{% if can.elections.manage %}` asks the table of
    who may do what (core/permissions.py) whether the user's roles may act at all."""
    return {"can": Can(getattr(request, "user", None))}
