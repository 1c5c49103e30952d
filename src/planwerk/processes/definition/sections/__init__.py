"""The section parsers: each turns one part of the YAML tree into dataclasses of the
schema, reporting problems to the reader. `build` puts the parts together."""

from __future__ import annotations

from planwerk.processes.definition.reader import Reader, _
from planwerk.processes.definition.schema import NAME_LENGTH, MilestoneDef, ProcessDefinition
from planwerk.processes.definition.sections.bodies import (
    check_body_references,
    parse_bodies,
    parse_target_schemas,
)
from planwerk.processes.definition.sections.chart import parse_flows, parse_groups
from planwerk.processes.definition.sections.seats import parse_seat_schemas
from planwerk.processes.definition.sections.timeline import (
    Anchors,
    parse_milestone,
    parse_stages,
    resolve_after,
    unique_milestones,
)
from planwerk.processes.definition.sections.units import parse_units
from planwerk.processes.yamlsource import LineDict


def build(r: Reader, data: LineDict) -> ProcessDefinition | None:
    proc = r.mapping(r.required(data, "process", ""), data.line_of("process"), "process")
    if proc is None:
        return None
    r.known_keys(
        proc,
        "process",
        ("slug", "name", "description", "source", "coordinating_unit", "deputies_per_member"),
    )
    units = parse_units(r, data)
    unit_slugs = {u.slug for u in units}
    coordinating = proc.get("coordinating_unit")
    if coordinating is not None and (
        not isinstance(coordinating, str) or coordinating not in unit_slugs
    ):
        r.problem(
            proc.line_of("coordinating_unit"),
            "process.coordinating_unit",
            _("unknown unit {slug!r}").format(slug=coordinating),
        )

    person_kinds: tuple[str, ...] = ("internal", "external", "science")
    if "person_kinds" in data:
        person_kinds = r.slug_list(data, "person_kinds", "") or person_kinds

    seat_schemas = parse_seat_schemas(r, data, unit_slugs, person_kinds)
    target_schemas = parse_target_schemas(r, data)
    groups = parse_groups(r, data)
    bodies = parse_bodies(r, data, unit_slugs, person_kinds, seat_schemas, target_schemas, groups)
    check_body_references(r, data, bodies, groups)
    flows = parse_flows(r, data, {b.slug for b in bodies} | {g.slug for g in groups})
    anchors: Anchors = {}
    stages = parse_stages(r, data, anchors)
    milestones: tuple[MilestoneDef, ...] = ()
    if "milestones" in data:
        items = r.sequence(data["milestones"], data.line_of("milestones"), "milestones")
        milestones = tuple(
            m
            for i, item in enumerate(items or [])
            if (
                m := parse_milestone(
                    r, item, items.line_of(i) if items else 0, f"milestones[{i}]", anchors
                )
            )
        )
    unique_milestones(r, data)
    if anchors:
        stages, milestones = resolve_after(r, stages, milestones, anchors)
    deputies = r.count(proc, "deputies_per_member", "process", default=1)
    return ProcessDefinition(
        slug=r.slug(proc, "slug", "process"),
        name=r.local_text(proc, "name", "process"),
        description=r.local_text(proc, "description", "process", required=False, limit=None),
        source=r.text(proc, "source", "process", required=False, limit=NAME_LENGTH),
        coordinating_unit=coordinating if isinstance(coordinating, str) else None,
        units=units,
        person_kinds=person_kinds,
        bodies=bodies,
        groups=groups,
        flows=flows,
        stages=stages,
        milestones=milestones,
        deputies_per_member=1 if deputies is None else deputies,
    )
