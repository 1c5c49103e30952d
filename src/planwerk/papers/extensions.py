"""What other apps add to drafts without the papers app knowing them.

Consultations, decisions and the stage's paper stand on drafts; drafts do not import
them. An app registers, in its AppConfig.ready():

- a *submit check*: given the draft about to be submitted (and the user), it returns
  the reasons the draft cannot be submitted yet (an empty list when it can). The
  submit page shows them and `services.submit` refuses while there are any.
- a *submitted hook*: called with the new version and the user, inside the
  transaction that froze it (consultations start here; answers to requirements are
  bound to the version here). An exception rolls the submission back.
- a *panel* on the draft page or the version page: a template and a function that
  gives it its context for a request and the draft or version, or None when the
  panel has nothing to show. Panels are shown in the order of their `order`.

- a *board column*: a heading and a function that, given all the drafts of the
  board at once, returns a cell per draft id (a few queries for all drafts, never
  one per draft: the board's query count must not grow with the data).

Registering the same name again replaces the earlier entry, so that reloading an
app in tests does not register twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from planwerk.papers.models import Draft, Version

SubmitCheck = Callable[["Draft", Any], list[str]]
SubmittedHook = Callable[["Version", Any], None]


@dataclass(frozen=True)
class Panel:
    name: str
    order: int
    template: str
    context: Callable[[HttpRequest, Any], Mapping[str, Any] | None]


@dataclass(frozen=True)
class Cell:
    """What a board column shows for one draft: a text, an optional link, and
    whether it asks for attention (late, open requirements)."""

    text: str
    url: str = ""
    attention: bool = False
    sort: Any = None


@dataclass(frozen=True)
class BoardColumn:
    name: str
    order: int
    heading: Any  # a (lazy) translated text
    cells: Callable[[list[Draft]], Mapping[int, Cell]]


_checks: dict[str, SubmitCheck] = {}
_columns: dict[str, BoardColumn] = {}
_hooks: dict[str, SubmittedHook] = {}
_draft_panels: dict[str, Panel] = {}
_version_panels: dict[str, Panel] = {}


def register_submit_check(name: str, check: SubmitCheck) -> None:
    _checks[name] = check


def register_submitted(name: str, hook: SubmittedHook) -> None:
    _hooks[name] = hook


def register_draft_panel(panel: Panel) -> None:
    _draft_panels[panel.name] = panel


def register_version_panel(panel: Panel) -> None:
    _version_panels[panel.name] = panel


def register_board_column(column: BoardColumn) -> None:
    _columns[column.name] = column


def board_columns() -> list[BoardColumn]:
    return sorted(_columns.values(), key=lambda c: (c.order, c.name))


def submit_problems(draft: Draft, user: Any) -> list[str]:
    """Every reason, from every app, why the draft cannot be submitted now."""
    problems: list[str] = []
    for name in sorted(_checks):
        problems.extend(_checks[name](draft, user))
    return problems


def run_submitted(version: Version, user: Any) -> None:
    for name in sorted(_hooks):
        _hooks[name](version, user)


def _render(panels: dict[str, Panel], request: HttpRequest, obj: Any) -> list[SafeString]:
    shown = []
    for panel in sorted(panels.values(), key=lambda p: (p.order, p.name)):
        context = panel.context(request, obj)
        if context is not None:
            shown.append(render_to_string(panel.template, dict(context), request))
    return shown


def draft_panels(request: HttpRequest, draft: Draft) -> list[SafeString]:
    """The panels other apps show on a draft's page, rendered."""
    return _render(_draft_panels, request, draft)


def version_panels(request: HttpRequest, version: Version) -> list[SafeString]:
    """The panels other apps show on a version's page, rendered."""
    return _render(_version_panels, request, version)
