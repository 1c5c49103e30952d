"""The bodies (`bodies`) with their seats, composition targets (`target_schemas`,
`targets`), subtopics, joint votes and decision rules, and the references between them."""

from __future__ import annotations

from typing import Any

from planwerk.processes.definition.reader import Reader, _
from planwerk.processes.definition.schema import (
    BODY_FIELDS,
    BODY_KINDS,
    NAME_LENGTH,
    TARGET_KINDS,
    BodyDef,
    GroupDef,
    LocalText,
    SeatDef,
    TargetDef,
)
from planwerk.processes.definition.sections.chart import parse_chart
from planwerk.processes.definition.sections.common import check_units, unique
from planwerk.processes.definition.sections.seats import override_seats, parse_seat_list
from planwerk.processes.definition.sections.votes import parse_decision_rules, parse_joint_votes
from planwerk.processes.yamlsource import LineDict, LineList


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


def parse_target_schemas(r: Reader, data: LineDict) -> dict[str, tuple[TargetDef, ...]]:
    if "target_schemas" not in data:
        return {}
    schemas = r.mapping(data["target_schemas"], data.line_of("target_schemas"), "target_schemas")
    if schemas is None:
        return {}
    return {
        name: _targets(r, value, schemas.line_of(name), f"target_schemas.{name}")
        for name, value in schemas.items()
    }


def _retreats(r: Reader, item: LineDict, path: str) -> int:
    """`retreats: {min: N}`: how many retreats (Klausurtagungen) the body holds at least
    with the expert groups (Drucksache 2472/2019, section 1: the lead committee, two)."""
    if "retreats" not in item:
        return 0
    raw = r.mapping(item["retreats"], item.line_of("retreats"), f"{path}.retreats")
    if raw is None:
        return 0
    r.known_keys(raw, f"{path}.retreats", ("min",))
    return r.count(raw, "min", f"{path}.retreats", 0) or 0


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
        seats = parse_seat_list(
            r, raw_seats, item.line_of("seats"), f"{path}.seats", unit_slugs, person_kinds
        )
    if "seat_overrides" in item:
        seats = override_seats(r, item, path, seats, unit_slugs, person_kinds)

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
        check_units(r, item, key, path, slugs, unit_slugs)

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

    joint_votes = parse_joint_votes(r, item, path, seats)
    rules = parse_decision_rules(r, item, path)

    chart_row, chart_column = parse_chart(r, item, path)

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
        retreats_min=_retreats(r, item, path),
        chart_row=chart_row,
        chart_column=chart_column,
    )


def parse_bodies(
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
    unique(r, items, zip(indices, (b.slug for b in bodies), strict=True), "bodies")
    group_slugs = {g.slug for g in groups}
    for index, body in zip(indices, bodies, strict=True):
        if body.group is not None and body.group not in group_slugs:
            r.problem(
                items[index].line_of("group"),
                f"bodies[{index}].group",
                _("unknown body group {slug!r}").format(slug=body.group),
            )
    return tuple(bodies)


def _seat_line(raw_body: LineDict, seat_slug: str, key: str) -> int:
    """The line of a key of a seat written out in a body (else of the body's seats)."""
    seats = raw_body.get("seats")
    if isinstance(seats, LineList):
        for seat in seats:
            if isinstance(seat, LineDict) and seat.get("slug") == seat_slug:
                return seat.line_of(key)
    return raw_body.line_of("seats")


def check_body_references(
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
