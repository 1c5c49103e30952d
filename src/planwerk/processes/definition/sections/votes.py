"""How a body decides: its `joint_votes` (several seats voting as one) and its
`decision_rules`."""

from __future__ import annotations

from typing import Any

from planwerk.processes.definition.reader import Reader, _
from planwerk.processes.definition.schema import (
    MAJORITY_RULES,
    QUORUM_RULES,
    JointVoteDef,
    SeatDef,
    SeatRef,
)
from planwerk.processes.yamlsource import LineDict


def parse_decision_rules(r: Reader, item: LineDict, path: str) -> tuple[tuple[str, Any], ...]:
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


def parse_joint_votes(
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
