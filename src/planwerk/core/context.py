from typing import Any

from django.http import HttpRequest

from planwerk.core.roles import dezernat_unit_ids, is_coordinator


def roles(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "is_coordinator": is_coordinator(user),
        "is_dezernat": bool(dezernat_unit_ids(user)),
    }
