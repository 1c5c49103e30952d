"""The organisation chart: `body_groups`, the place of a body or group (`chart`),
and the `flows` between them."""

from __future__ import annotations

from planwerk.processes.definition.reader import Reader, _
from planwerk.processes.definition.schema import (
    BODY_KINDS,
    FLOW_CONDITIONS,
    FLOW_KINDS,
    FlowDef,
    GroupDef,
)
from planwerk.processes.yamlsource import LineDict


def parse_groups(r: Reader, data: LineDict) -> tuple[GroupDef, ...]:
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
        row, column = parse_chart(r, item, path)
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


def parse_chart(r: Reader, item: LineDict, path: str) -> tuple[int | None, int | None]:
    """Where a body or group stands in the organisation chart (row, column)."""
    if "chart" not in item:
        return None, None
    chart = r.mapping(item["chart"], item.line_of("chart"), f"{path}.chart")
    if chart is None:
        return None, None
    r.known_keys(chart, f"{path}.chart", ("row", "column"))
    return r.count(chart, "row", f"{path}.chart"), r.count(chart, "column", f"{path}.chart")


def parse_flows(r: Reader, data: LineDict, targets: set[str]) -> tuple[FlowDef, ...]:
    if "flows" not in data:
        return ()
    items = r.sequence(data["flows"], data.line_of("flows"), "flows")
    flows = []
    for index, raw in enumerate(items or []):
        path = f"flows[{index}]"
        item = r.mapping(raw, items.line_of(index) if items else 0, path)
        if item is None:
            continue
        r.known_keys(item, path, ("from", "to", "kind", "label", "days", "when"))
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
                days=_days(r, item, path),
                when=r.choice(item, "when", path, FLOW_CONDITIONS) if "when" in item else "",
            )
        )
    return tuple(flows)


def _days(r: Reader, item: LineDict, path: str) -> int | None:
    """A flow's deadline in days after submission: a positive whole number, or none."""
    days = r.count(item, "days", path)
    if days == 0:
        r.problem(item.line_of("days"), f"{path}.days", _("must be at least 1 (is 0)"))
        return None
    return days
