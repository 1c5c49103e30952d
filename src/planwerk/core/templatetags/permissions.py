"""`{% may "bodies.appoint" body as can_appoint %}`: the table of who may do what
(core/permissions.py), asked from a template."""

from __future__ import annotations

from typing import Any

from django import template

from planwerk.core import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context: template.Context, action: str, obj: Any = None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    return permissions.may(user, action, obj)
