"""The section parsers: each turns one part of the YAML tree (units, seats, bodies,
flows, stages) into dataclasses of the schema, reporting problems to the reader."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from planwerk.processes.definition.reader import Reader, _
from planwerk.processes.definition.schema import (
    BODY_FIELDS,
    BODY_KINDS,
    FLOW_KINDS,
    MAJORITY_RULES,
    MILESTONE_KINDS,
    NAME_LENGTH,
    QUORUM_RULES,
    SEAT_FIELDS,
    TARGET_KINDS,
    UNIT_KINDS,
    BodyDef,
    FlowDef,
    GroupDef,
    JointVoteDef,
    LocalText,
    MilestoneDef,
    ProcessDefinition,
    SeatDef,
    SeatRef,
    StageDef,
    TargetDef,
    UnitDef,
)
from planwerk.processes.yamlsource import LineDict, LineList


def _build(r: Reader, data: LineDict) -> ProcessDefinition | None:
    proc = r.mapping(r.required(data, "process", ""), data.line_of("process"), "process")
    if proc is None:
        return None
    r.known_keys(
        proc,
        "process",
        ("slug", "name", "description", "source", "coordinating_unit", "deputies_per_member"),
    )
    units = _units(r, data)
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

    seat_schemas = _seat_schemas(r, data, unit_slugs, person_kinds)
    target_schemas = _target_schemas(r, data)
    groups = _groups(r, data)
    bodies = _bodies(r, data, unit_slugs, person_kinds, seat_schemas, target_schemas, groups)
    _check_body_references(r, data, bodies, groups)
    flows = _flows(r, data, {b.slug for b in bodies} | {g.slug for g in groups})
    stages = _stages(r, data)
    milestones: tuple[MilestoneDef, ...] = ()
    if "milestones" in data:
        items = r.sequence(data["milestones"], data.line_of("milestones"), "milestones")
        milestones = tuple(
            m
            for i, item in enumerate(items or [])
            if (m := _milestone(r, item, items.line_of(i) if items else 0, f"milestones[{i}]"))
        )
    _unique_milestones(r, data)
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


def _unique(r: Reader, items: LineList, slugs: Iterable[tuple[int, str]], path: str) -> None:
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


def _unique_milestones(r: Reader, data: LineDict) -> None:
    """Milestone slugs are unique in the whole process, inside stages and outside."""
    found: list[tuple[LineList, int, str, Any]] = []
    stages = data.get("stages")
    for si, stage in enumerate(stages if isinstance(stages, LineList) else []):
        inner = stage.get("milestones") if isinstance(stage, LineDict) else None
        if isinstance(inner, LineList):
            found.extend((inner, i, f"stages[{si}].milestones", m) for i, m in enumerate(inner))
    outer = data.get("milestones")
    if isinstance(outer, LineList):
        found.extend((outer, i, "milestones", m) for i, m in enumerate(outer))
    seen: set[str] = set()
    for items, index, path, item in found:
        slug = item.get("slug") if isinstance(item, LineDict) else None
        if isinstance(slug, str) and slug in seen:
            r.problem(
                items.line_of(index),
                f"{path}[{index}].slug",
                _("{slug!r} is used twice").format(slug=slug),
            )
        if isinstance(slug, str):
            seen.add(slug)


def _check_units(
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


def _seat_line(raw_body: LineDict, seat_slug: str, key: str) -> int:
    """The line of a key of a seat written out in a body (else of the body's seats)."""
    seats = raw_body.get("seats")
    if isinstance(seats, LineList):
        for seat in seats:
            if isinstance(seat, LineDict) and seat.get("slug") == seat_slug:
                return seat.line_of(key)
    return raw_body.line_of("seats")


def _units(r: Reader, data: LineDict) -> tuple[UnitDef, ...]:
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
    _unique(r, items, zip(indices, (u.slug for u in units), strict=True), "units")
    slugs = {u.slug for u in units}
    for index, unit in zip(indices, units, strict=True):
        if unit.parent is not None and unit.parent not in slugs:
            r.problem(
                items[index].line_of("parent"),
                f"units[{index}].parent",
                _("unknown unit {slug!r}").format(slug=unit.parent),
            )
    return tuple(units)


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
        _check_units(r, item, key, path, slugs, unit_slugs)
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


def _seat_list(
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
    _unique(r, items, ((i, s.slug) for i, s in parsed), path)
    return tuple(s for _i, s in parsed)


def _seat_schemas(
    r: Reader, data: LineDict, unit_slugs: set[str], person_kinds: tuple[str, ...]
) -> dict[str, tuple[SeatDef, ...]]:
    if "seat_schemas" not in data:
        return {}
    schemas = r.mapping(data["seat_schemas"], data.line_of("seat_schemas"), "seat_schemas")
    if schemas is None:
        return {}
    return {
        name: _seat_list(
            r, value, schemas.line_of(name), f"seat_schemas.{name}", unit_slugs, person_kinds
        )
        for name, value in schemas.items()
    }


def _targets(r: Reader, raw: Any, line: int, path: str) -> tuple[TargetDef, ...]:
    items = r.sequence(raw, line, path)
    if items is None:
        return ()
    targets = []
    for index, value in enumerate(items):
        item_path = f"{path}[{index}]"
        item = r.mapping(value, items.line_of(index), item_path)
        if item is None:
            continue
        r.known_keys(item, item_path, ("kind", "tolerance", "share"))
        kind = r.choice(item, "kind", item_path, TARGET_KINDS)
        tolerance = r.count(item, "tolerance", item_path, 1)
        share = item.get("share", 0.5)
        if not isinstance(share, int | float) or isinstance(share, bool) or not 0 < share <= 1:
            r.problem(
                item.line_of("share"),
                f"{item_path}.share",
                _("must be a number above 0 and at most 1"),
            )
            share = 0.5
        targets.append(TargetDef(kind=kind, tolerance=tolerance or 0, share=float(share)))
    return tuple(targets)


def _target_schemas(r: Reader, data: LineDict) -> dict[str, tuple[TargetDef, ...]]:
    if "target_schemas" not in data:
        return {}
    schemas = r.mapping(data["target_schemas"], data.line_of("target_schemas"), "target_schemas")
    if schemas is None:
        return {}
    return {
        name: _targets(r, value, schemas.line_of(name), f"target_schemas.{name}")
        for name, value in schemas.items()
    }


def _groups(r: Reader, data: LineDict) -> tuple[GroupDef, ...]:
    if "body_groups" not in data:
        return ()
    groups = r.mapping(data["body_groups"], data.line_of("body_groups"), "body_groups")
    if groups is None:
        return ()
    result = []
    for slug, value in groups.items():
        path = f"body_groups.{slug}"
        item = r.mapping(value, groups.line_of(slug), path)
        if item is None:
            continue
        r.known_keys(item, path, ("name", "kind", "chart"))
        row, column = _chart(r, item, path)
        result.append(
            GroupDef(
                slug=str(slug),
                name=r.local_text(item, "name", path),
                kind=r.choice(item, "kind", path, BODY_KINDS),
                chart_row=row,
                chart_column=column,
            )
        )
    return tuple(result)


def _chart(r: Reader, item: LineDict, path: str) -> tuple[int | None, int | None]:
    """Where a body or group stands in the organisation chart (row, column)."""
    if "chart" not in item:
        return None, None
    chart = r.mapping(item["chart"], item.line_of("chart"), f"{path}.chart")
    if chart is None:
        return None, None
    r.known_keys(chart, f"{path}.chart", ("row", "column"))
    return r.count(chart, "row", f"{path}.chart"), r.count(chart, "column", f"{path}.chart")


def _body(
    r: Reader,
    item: LineDict,
    path: str,
    unit_slugs: set[str],
    person_kinds: tuple[str, ...],
    seat_schemas: dict[str, tuple[SeatDef, ...]],
    target_schemas: dict[str, tuple[TargetDef, ...]],
) -> BodyDef:
    r.known_keys(item, path, BODY_FIELDS)
    seats: tuple[SeatDef, ...] = ()
    raw_seats = item.get("seats")
    if isinstance(raw_seats, str):
        if raw_seats not in seat_schemas:
            r.problem(
                item.line_of("seats"),
                f"{path}.seats",
                _("unknown seat schema {name!r}").format(name=raw_seats),
            )
        seats = seat_schemas.get(raw_seats, ())
    elif raw_seats is not None:
        seats = _seat_list(
            r, raw_seats, item.line_of("seats"), f"{path}.seats", unit_slugs, person_kinds
        )
    if "seat_overrides" in item:
        seats = _override_seats(r, item, path, seats, unit_slugs, person_kinds)

    raw_targets = item.get("targets")
    targets: tuple[TargetDef, ...] = ()
    if isinstance(raw_targets, str):
        if raw_targets not in target_schemas:
            r.problem(
                item.line_of("targets"),
                f"{path}.targets",
                _("unknown target schema {name!r}").format(name=raw_targets),
            )
        targets = target_schemas.get(raw_targets, ())
    elif raw_targets is not None:
        targets = _targets(r, raw_targets, item.line_of("targets"), f"{path}.targets")

    leads = r.slug_list(item, "leads", path)
    co_leads = r.slug_list(item, "co_leads", path)
    for key, slugs in (("leads", leads), ("co_leads", co_leads)):
        _check_units(r, item, key, path, slugs, unit_slugs)

    subtopics: list[LocalText] = []
    if "subtopics" in item:
        raw_topics = r.sequence(item["subtopics"], item.line_of("subtopics"), f"{path}.subtopics")
        for index, topic in enumerate(raw_topics or []):
            if isinstance(topic, str) and topic.strip():
                r.length(
                    raw_topics.line_of(index) if raw_topics else item.line,
                    f"{path}.subtopics[{index}]",
                    topic.strip(),
                    NAME_LENGTH,
                )
                subtopics.append(LocalText(topic.strip()))
            elif isinstance(topic, LineDict):
                holder = LineDict()
                holder.line = topic.line
                holder["t"] = topic
                subtopics.append(r.local_text(holder, "t", f"{path}.subtopics[{index}]"))
            else:
                r.problem(
                    raw_topics.line_of(index) if raw_topics else item.line,
                    f"{path}.subtopics[{index}]",
                    _("must be a text"),
                )

    joint_votes = _joint_votes(r, item, path, seats)
    rules = _decision_rules(r, item, path)

    chart_row, chart_column = _chart(r, item, path)

    parent = item.get("parent")
    group = item.get("group")
    return BodyDef(
        slug=r.slug(item, "slug", path),
        kind=r.choice(item, "kind", path, BODY_KINDS),
        name=r.local_text(item, "name", path),
        description=r.local_text(item, "description", path, required=False, limit=None),
        parent=parent if isinstance(parent, str) else None,
        group=group if isinstance(group, str) else None,
        leads=leads,
        co_leads=co_leads,
        subtopics=tuple(subtopics),
        seats=seats,
        joint_votes=joint_votes,
        decision_rules=rules,
        targets=targets,
        lead_committee=r.flag(item, "lead_committee", path),
        chart_row=chart_row,
        chart_column=chart_column,
    )


def _decision_rules(r: Reader, item: LineDict, path: str) -> tuple[tuple[str, Any], ...]:
    """How a body decides: `quorum` and `majority` from their fixed lists, and
    `record_objections` (true or false). The meetings apply them."""
    if "decision_rules" not in item:
        return ()
    rpath = f"{path}.decision_rules"
    raw = r.mapping(item["decision_rules"], item.line_of("decision_rules"), rpath)
    if raw is None:
        return ()
    r.known_keys(raw, rpath, ("quorum", "majority", "record_objections"))
    rules: dict[str, Any] = {}
    if "quorum" in raw:
        rules["quorum"] = r.choice(raw, "quorum", rpath, QUORUM_RULES)
    if "majority" in raw:
        rules["majority"] = r.choice(raw, "majority", rpath, MAJORITY_RULES)
    if "record_objections" in raw:
        rules["record_objections"] = r.flag(raw, "record_objections", rpath)
    return tuple(sorted(rules.items()))


def _override_seats(
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
        _check_units(r, change, "units", opath, units, unit_slugs)
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


def _seat_ref(
    r: Reader, value: Any, line: int, path: str, seats: tuple[SeatDef, ...]
) -> SeatRef | None:
    if not isinstance(value, str):
        r.problem(line, path, _("must name a seat, as 'seat' or 'seat/position'"))
        return None
    seat_slug, _sep, position = value.partition("/")
    seat = next((s for s in seats if s.slug == seat_slug), None)
    if seat is None:
        r.problem(line, path, _("unknown seat {slug!r}").format(slug=seat_slug))
        return None
    if position and position not in seat.positions:
        r.problem(
            line,
            path,
            _("seat {seat!r} has no position {position!r}").format(
                seat=seat_slug, position=position
            ),
        )
        return None
    if not position and seat.max != 1:
        r.problem(
            line,
            path,
            _("seat {seat!r} has several places: name one as 'seat/position'").format(
                seat=seat_slug
            ),
        )
        return None
    return SeatRef(seat_slug, position or None)


def _joint_votes(
    r: Reader, item: LineDict, path: str, seats: tuple[SeatDef, ...]
) -> tuple[JointVoteDef, ...]:
    if "joint_votes" not in item:
        return ()
    items = r.sequence(item["joint_votes"], item.line_of("joint_votes"), f"{path}.joint_votes")
    result = []
    for index, raw in enumerate(items or []):
        jpath = f"{path}.joint_votes[{index}]"
        joint = r.mapping(raw, items.line_of(index) if items else item.line, jpath)
        if joint is None:
            continue
        r.known_keys(joint, jpath, ("name", "seats", "deputy"))
        refs: list[SeatRef] = []
        raw_refs = r.sequence(r.required(joint, "seats", jpath), joint.line_of("seats"), jpath)
        for ref_index, value in enumerate(raw_refs or []):
            ref = _seat_ref(
                r,
                value,
                raw_refs.line_of(ref_index) if raw_refs else joint.line,
                f"{jpath}.seats[{ref_index}]",
                seats,
            )
            if ref:
                refs.append(ref)
        if raw_refs is not None and len(raw_refs) < 2:
            r.problem(joint.line_of("seats"), f"{jpath}.seats", _("needs at least two seats"))
        deputy = None
        if "deputy" in joint:
            deputy = _seat_ref(
                r, joint["deputy"], joint.line_of("deputy"), f"{jpath}.deputy", seats
            )
            if deputy is not None and deputy not in refs:
                r.problem(
                    joint.line_of("deputy"),
                    f"{jpath}.deputy",
                    _("must be one of the seats of the joint vote"),
                )
        result.append(
            JointVoteDef(name=r.local_text(joint, "name", jpath), seats=tuple(refs), deputy=deputy)
        )
    return tuple(result)


def _bodies(
    r: Reader,
    data: LineDict,
    unit_slugs: set[str],
    person_kinds: tuple[str, ...],
    seat_schemas: dict[str, tuple[SeatDef, ...]],
    target_schemas: dict[str, tuple[TargetDef, ...]],
    groups: tuple[GroupDef, ...],
) -> tuple[BodyDef, ...]:
    items = r.sequence(r.required(data, "bodies", ""), data.line_of("bodies"), "bodies")
    if items is None:
        return ()
    bodies = []
    indices: list[int] = []
    for index, raw in enumerate(items):
        path = f"bodies[{index}]"
        item = r.mapping(raw, items.line_of(index), path)
        if item is not None:
            indices.append(index)
            bodies.append(
                _body(r, item, path, unit_slugs, person_kinds, seat_schemas, target_schemas)
            )
    _unique(r, items, zip(indices, (b.slug for b in bodies), strict=True), "bodies")
    group_slugs = {g.slug for g in groups}
    for index, body in zip(indices, bodies, strict=True):
        if body.group is not None and body.group not in group_slugs:
            r.problem(
                items[index].line_of("group"),
                f"bodies[{index}].group",
                _("unknown body group {slug!r}").format(slug=body.group),
            )
    return tuple(bodies)


def _check_body_references(
    r: Reader, data: LineDict, bodies: tuple[BodyDef, ...], groups: tuple[GroupDef, ...]
) -> None:
    items = data.get("bodies")
    if not isinstance(items, LineList):
        return
    slugs = {b.slug for b in bodies}
    raw_bodies = [(i, item) for i, item in enumerate(items) if isinstance(item, LineDict)]
    for (index, raw), body in zip(raw_bodies, bodies, strict=True):
        if body.parent is not None and body.parent not in slugs:
            r.problem(
                raw.line_of("parent"),
                f"bodies[{index}].parent",
                _("unknown body {slug!r}").format(slug=body.parent),
            )
        for seat in body.seats:
            if seat.delegated_by is not None and seat.delegated_by not in slugs:
                r.problem(
                    _seat_line(raw, seat.slug, "delegated_by"),
                    f"bodies[{index}].seats.{seat.slug}.delegated_by",
                    _("unknown body {slug!r}").format(slug=seat.delegated_by),
                )


def _flows(r: Reader, data: LineDict, targets: set[str]) -> tuple[FlowDef, ...]:
    if "flows" not in data:
        return ()
    items = r.sequence(data["flows"], data.line_of("flows"), "flows")
    flows = []
    for index, raw in enumerate(items or []):
        path = f"flows[{index}]"
        item = r.mapping(raw, items.line_of(index) if items else 0, path)
        if item is None:
            continue
        r.known_keys(item, path, ("from", "to", "kind", "label"))
        source = r.text(item, "from", path)
        target = r.text(item, "to", path)
        for key, slug in (("from", source), ("to", target)):
            if slug and slug not in targets:
                r.problem(
                    item.line_of(key),
                    f"{path}.{key}",
                    _("unknown body {slug!r}").format(slug=slug),
                )
        flows.append(
            FlowDef(
                source=source,
                target=target,
                kind=r.choice(item, "kind", path, FLOW_KINDS),
                label=r.local_text(item, "label", path, required=False),
            )
        )
    return tuple(flows)


def _milestone(r: Reader, raw: Any, line: int, path: str) -> MilestoneDef | None:
    item = r.mapping(raw, line, path)
    if item is None:
        return None
    r.known_keys(item, path, ("slug", "date", "end", "kind", "name", "approximate"))
    date = r.date(item, "date", path)
    end = r.date(item, "end", path, required=False)
    if date and end and end < date:
        r.problem(
            item.line_of("end"),
            f"{path}.end",
            _("ends before it starts ({end} < {start})").format(end=end, start=date),
        )
    kind = r.choice(item, "kind", path, MILESTONE_KINDS) if "kind" in item else "milestone"
    return MilestoneDef(
        slug=r.slug(item, "slug", path),
        date=date or dt.date.min,
        name=r.local_text(item, "name", path),
        kind=kind,
        end=end,
        approximate=r.flag(item, "approximate", path),
    )


def _stages(r: Reader, data: LineDict) -> tuple[StageDef, ...]:
    if "stages" not in data:
        return ()
    items = r.sequence(data["stages"], data.line_of("stages"), "stages")
    stages = []
    indices: list[int] = []
    for index, raw in enumerate(items or []):
        path = f"stages[{index}]"
        item = r.mapping(raw, items.line_of(index) if items else 0, path)
        if item is None:
            continue
        indices.append(index)
        r.known_keys(item, path, ("slug", "name", "product", "starts", "ends", "milestones"))
        starts = r.date(item, "starts", path)
        ends = r.date(item, "ends", path)
        if starts and ends and ends < starts:
            r.problem(
                item.line_of("ends"),
                f"{path}.ends",
                _("ends before it starts ({end} < {start})").format(end=ends, start=starts),
            )
        milestones: list[MilestoneDef] = []
        if "milestones" in item:
            raw_ms = r.sequence(item["milestones"], item.line_of("milestones"), path)
            for mi, m in enumerate(raw_ms or []):
                parsed = _milestone(
                    r, m, raw_ms.line_of(mi) if raw_ms else 0, f"{path}.milestones[{mi}]"
                )
                if parsed:
                    milestones.append(parsed)
        stages.append(
            StageDef(
                slug=r.slug(item, "slug", path),
                name=r.local_text(item, "name", path),
                product=r.local_text(item, "product", path, required=False, limit=None),
                starts=starts or dt.date.min,
                ends=ends or dt.date.min,
                milestones=tuple(milestones),
            )
        )
    if items is not None:
        _unique(r, items, zip(indices, (s.slug for s in stages), strict=True), "stages")
    return tuple(stages)
