"""`{% downloads "bodies:nominations_export" %}`: the links to a page's table as CSV and
Excel (core/tables.py). The address's arguments follow the URL name; the page's own
filters (its query string, less the page number) go along, so that the file holds
what the page lists."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()

#: Query parameters that choose a page of a list, not what the list holds.
PAGE_PARAMETERS = ("seite", "page")


@register.inclusion_tag("core/_downloads.html", takes_context=True)
def downloads(
    context: template.Context, url_name: str, *args: Any, title: str = "", label: str = ""
) -> dict:
    """`title` names the table for screen readers (where a page has several); `label`
    replaces the words before the links ("Download this table")."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else None
    suffix = ""
    if query:
        for key in PAGE_PARAMETERS:
            query.pop(key, None)
        suffix = f"?{query.urlencode()}" if query else ""
    return {
        "csv": reverse(url_name, args=[*args, "csv"]) + suffix,
        "xlsx": reverse(url_name, args=[*args, "xlsx"]) + suffix,
        "title": title,
        "label": label,
    }
