"""Checks several sections share: slugs used once, units that exist."""

from __future__ import annotations

from collections.abc import Iterable

from planwerk.processes.definition.reader import Reader, _
from planwerk.processes.yamlsource import LineDict, LineList


def unique(r: Reader, items: LineList, slugs: Iterable[tuple[int, str]], path: str) -> None:
    """Report every slug used twice; `slugs` pairs each slug with its item's index."""
    seen: set[str] = set()
    for index, slug in slugs:
        if slug and slug in seen:
            r.problem(
                items.line_of(index),
                f"{path}[{index}].slug",
                _("{slug!r} is used twice").format(slug=slug),
            )
        seen.add(slug)


def check_units(
    r: Reader, item: LineDict, key: str, path: str, slugs: Iterable[str], unit_slugs: set[str]
) -> None:
    """Report every slug in `item[key]` that names no unit, at the line of that field."""
    raw = item.get(key)
    for slug in slugs:
        if slug not in unit_slugs:
            line = item.line_of(key)
            if isinstance(raw, LineList) and slug in raw:
                line = raw.line_of(raw.index(slug))
            r.problem(line, f"{path}.{key}", _("unknown unit {slug!r}").format(slug=slug))
