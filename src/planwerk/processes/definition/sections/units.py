"""The organisational units (`units`): Dezernate, departments, offices and others."""

from __future__ import annotations

from planwerk.processes.definition.reader import Reader, _
from planwerk.processes.definition.schema import UNIT_KINDS, UnitDef
from planwerk.processes.definition.sections.common import unique
from planwerk.processes.yamlsource import LineDict, LineList


def parse_units(r: Reader, data: LineDict) -> tuple[UnitDef, ...]:
    items = r.sequence(data.get("units", LineList()), data.line_of("units"), "units")
    if items is None:
        return ()
    units = []
    indices: list[int] = []
    for index, raw in enumerate(items):
        path = f"units[{index}]"
        item = r.mapping(raw, items.line_of(index), path)
        if item is None:
            continue
        indices.append(index)
        r.known_keys(item, path, ("slug", "kind", "name", "parent"))
        parent = item.get("parent")
        units.append(
            UnitDef(
                slug=r.slug(item, "slug", path),
                kind=r.choice(item, "kind", path, UNIT_KINDS),
                name=r.local_text(item, "name", path),
                parent=parent if isinstance(parent, str) else None,
            )
        )
    unique(r, items, zip(indices, (u.slug for u in units), strict=True), "units")
    slugs = {u.slug for u in units}
    for index, unit in zip(indices, units, strict=True):
        if unit.parent is not None and unit.parent not in slugs:
            r.problem(
                items[index].line_of("parent"),
                f"units[{index}].parent",
                _("unknown unit {slug!r}").format(slug=unit.parent),
            )
    return tuple(units)
