"""The home page's sections, offered by the apps.

Core imports no feature app. Each app that has something to show on the home page
registers a section in its AppConfig.ready(): a template and a function that gives
the template its context for a request, or None when the section has nothing to
show. The home page shows the sections in the order of their `order`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class HomeSection:
    name: str
    order: int
    template: str
    context: Callable[[HttpRequest], Mapping[str, Any] | None]


_sections: dict[str, HomeSection] = {}


def register_home_section(section: HomeSection) -> None:
    """Offer a section; registering the same name again replaces it."""
    _sections[section.name] = section


def home_sections() -> list[HomeSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.name))


def shown_sections(request: HttpRequest) -> list[tuple[str, Mapping[str, Any]]]:
    """The template and context of every section that has something to show."""
    shown = []
    for section in home_sections():
        context = section.context(request)
        if context is not None:
            shown.append((section.template, context))
    return shown
