"""What other apps show on a meeting's pages without the meetings app knowing them.

Decisions taken at a meeting belong to the app that records them; the meeting's page
and its printable minutes show them. An app registers, in its AppConfig.ready(), a
*panel*: a template and a function that gives it its context for a request and the
meeting, or None when the panel has nothing to show. Panels are shown in the order of
their `order`; registering the same name again replaces the earlier entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from planwerk.meetings.models import Meeting


@dataclass(frozen=True)
class Panel:
    name: str
    order: int
    template: str
    context: Callable[[HttpRequest, Any], Mapping[str, Any] | None]


_meeting_panels: dict[str, Panel] = {}
_minutes_panels: dict[str, Panel] = {}


def register_meeting_panel(panel: Panel) -> None:
    """A panel on the meeting's page."""
    _meeting_panels[panel.name] = panel


def register_minutes_panel(panel: Panel) -> None:
    """A panel in the printable minutes."""
    _minutes_panels[panel.name] = panel


def _render(panels: dict[str, Panel], request: HttpRequest, meeting: Meeting) -> list[SafeString]:
    shown = []
    for panel in sorted(panels.values(), key=lambda p: (p.order, p.name)):
        context = panel.context(request, meeting)
        if context is not None:
            shown.append(render_to_string(panel.template, dict(context), request))
    return shown


def meeting_panels(request: HttpRequest, meeting: Meeting) -> list[SafeString]:
    return _render(_meeting_panels, request, meeting)


def minutes_panels(request: HttpRequest, meeting: Meeting) -> list[SafeString]:
    return _render(_minutes_panels, request, meeting)
