"""Seat categories (`seat_schemas`, a body's `seats`) and a body's
`seat_overrides`; the min/max/kinds checks both share."""

from __future__ import annotations

from typing import Any

from planwerk.processes.definition.reader import Reader, _
from planwerk.processes.definition.schema import SEAT_FIELDS, SeatDef
from planwerk.processes.definition.sections.common import check_units, unique
from planwerk.processes.yamlsource import LineDict


def _check_seat_numbers(
    r: Reader,
    item: LineDict,
    path: str,
    minimum: int,
    maximum: int,
    kinds: tuple[str, ...],
    person_kinds: tuple[str, ...],
) -> None:
    """The checks a seat category and an override of one share: min ≤ max, and only
    kinds of person the definition knows."""
    if minimum > maximum:
        r.problem(
            item.line_of("min"),
            f"{path}.min",
            _("is larger than max ({minimum} > {maximum})").format(
                minimum=minimum, maximum=maximum
            ),
        )
    for kind in kinds:
        if kind not in person_kinds:
            r.problem(
                item.line_of("kinds"),
                f"{path}.kinds",
                _("unknown kind of person {kind!r}; allowed: {choices}").format(
                    kind=kind, choices=", ".join(person_kinds)
                ),
            )


def _seat(
    r: Reader,
    raw: Any,
    line: int,
    path: str,
    unit_slugs: set[str],
    person_kinds: tuple[str, ...],
) -> SeatDef | None:
    item = r.mapping(raw, line, path)
    if item is None:
        return None
    r.known_keys(item, path, SEAT_FIELDS)
    positions = r.slug_list(item, "positions", path)
    default = len(positions) if positions else None
    minimum = r.count(item, "min", path, default)
    maximum = r.count(item, "max", path, default)
    if minimum is None and maximum is None:
        r.problem(item.line, path, _("needs 'min' and 'max', or a list of 'positions'"))
        minimum = maximum = 0
    minimum = minimum if minimum is not None else 0
    maximum = maximum if maximum is not None else minimum
    if positions and maximum != len(positions):
        r.problem(
            item.line_of("max"),
            f"{path}.max",
            _("must equal the number of positions ({count})").format(count=len(positions)),
        )
    kinds = r.slug_list(item, "kinds", path)
    _check_seat_numbers(r, item, path, minimum, maximum, kinds, person_kinds)
    units = r.slug_list(item, "units", path)
    for key, slugs in (("units", units), ("positions", positions)):
        check_units(r, item, key, path, slugs, unit_slugs)
    delegated_by = item.get("delegated_by")
    return SeatDef(
        slug=r.slug(item, "slug", path),
        name=r.local_text(item, "name", path),
        min=minimum,
        max=maximum,
        kinds=kinds,
        units=units,
        positions=positions,
        votes=r.flag(item, "votes", path) if "votes" in item else True,
        chair=r.flag(item, "chair", path),
        elected=r.flag(item, "elected", path),
        delegated_by=delegated_by if isinstance(delegated_by, str) else None,
    )


def parse_seat_list(
    r: Reader,
    raw: Any,
    line: int,
    path: str,
    unit_slugs: set[str],
    person_kinds: tuple[str, ...],
) -> tuple[SeatDef, ...]:
    items = r.sequence(raw, line, path)
    if items is None:
        return ()
    parsed = [
        (i, s)
        for i, item in enumerate(items)
        if (s := _seat(r, item, items.line_of(i), f"{path}[{i}]", unit_slugs, person_kinds))
    ]
    unique(r, items, ((i, s.slug) for i, s in parsed), path)
    return tuple(s for _i, s in parsed)


def parse_seat_schemas(
    r: Reader, data: LineDict, unit_slugs: set[str], person_kinds: tuple[str, ...]
) -> dict[str, tuple[SeatDef, ...]]:
    if "seat_schemas" not in data:
        return {}
    schemas = r.mapping(data["seat_schemas"], data.line_of("seat_schemas"), "seat_schemas")
    if schemas is None:
        return {}
    return {
        name: parse_seat_list(
            r, value, schemas.line_of(name), f"seat_schemas.{name}", unit_slugs, person_kinds
        )
        for name, value in schemas.items()
    }


def override_seats(
    r: Reader,
    item: LineDict,
    path: str,
    seats: tuple[SeatDef, ...],
    unit_slugs: set[str],
    person_kinds: tuple[str, ...],
) -> tuple[SeatDef, ...]:
    overrides = r.mapping(item["seat_overrides"], item.line_of("seat_overrides"), path)
    if overrides is None:
        return seats
    by_slug = {s.slug: s for s in seats}
    for slug, raw in overrides.items():
        opath = f"{path}.seat_overrides.{slug}"
        if slug not in by_slug:
            r.problem(overrides.line_of(slug), opath, _("unknown seat {slug!r}").format(slug=slug))
            continue
        change = r.mapping(raw, overrides.line_of(slug), opath)
        if change is None:
            continue
        r.known_keys(change, opath, ("min", "max", "kinds", "units", "votes"))
        seat = by_slug[slug]
        minimum = r.count(change, "min", opath, seat.min)
        maximum = r.count(change, "max", opath, seat.max)
        assert minimum is not None and maximum is not None
        kinds = r.slug_list(change, "kinds", opath) if "kinds" in change else seat.kinds
        _check_seat_numbers(r, change, opath, minimum, maximum, kinds, person_kinds)
        units = r.slug_list(change, "units", opath) if "units" in change else seat.units
        check_units(r, change, "units", opath, units, unit_slugs)
        by_slug[slug] = SeatDef(
            slug=seat.slug,
            name=seat.name,
            min=minimum,
            max=maximum,
            kinds=kinds,
            units=units,
            positions=seat.positions,
            votes=r.flag(change, "votes", opath) if "votes" in change else seat.votes,
            chair=seat.chair,
            elected=seat.elected,
            delegated_by=seat.delegated_by,
        )
    return tuple(by_slug[s.slug] for s in seats)
