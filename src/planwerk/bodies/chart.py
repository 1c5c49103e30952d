"""The organisation chart of a process, built from its bodies, groups and flows."""

from __future__ import annotations

from django.utils.translation import gettext as _

from planwerk.bodies.domain.orgchart import Chart, Edge, Node, draw
from planwerk.bodies.models import Body, BodyGroup, Flow
from planwerk.processes.models import Process


def organisation_chart(process: Process) -> Chart:
    bodies = list(Body.objects.filter(process=process).order_by("order"))
    groups = {g.slug: g for g in BodyGroup.objects.filter(process=process)}
    members: dict[str, list[Body]] = {}
    for body in bodies:
        if body.group:
            members.setdefault(body.group, []).append(body)

    nodes: list[Node] = []
    next_row = (
        max([b.chart_row or 0 for b in bodies] + [g.chart_row or 0 for g in groups.values()]) + 1
    )
    for group in groups.values():
        inner = members.get(group.slug, [])
        # Every body is named, also the eleven integration councils in their group.
        lines = _without_common_prefix([str(b.name) for b in inner])
        row = group.chart_row if group.chart_row is not None else next_row
        nodes.append(
            Node(group.slug, str(group.name), group.kind, row, group.chart_column or 0, lines)
        )
    column = 0
    for body in bodies:
        if body.group and body.group in groups:
            continue
        if body.chart_row is None:
            nodes.append(Node(body.slug, str(body.name), body.kind, next_row + 1, column))
            column += 1
        else:
            nodes.append(
                Node(body.slug, str(body.name), body.kind, body.chart_row, body.chart_column or 0)
            )
    edges = [
        Edge(f.source, f.target, f.kind, str(f.name)) for f in Flow.objects.filter(process=process)
    ]
    return draw(
        nodes,
        edges,
        title=_("Organisation of the process: %(process)s") % {"process": process.name},
        description=_(
            "The bodies of the process and the paths that drafts, assessments and statements "
            "take between them. The same information follows as text below the chart."
        ),
    )


def _without_common_prefix(names: list[str]) -> tuple[str, ...]:
    """ "Integrationsbeirat Mitte", "Integrationsbeirat Nord" → "Mitte", "Nord":
    inside the group's box the group's title already says what they are."""
    if len(names) < 2:
        return tuple(names)
    words = [name.split() for name in names]
    common = 0
    while all(len(w) > common + 1 and w[common] == words[0][common] for w in words):
        common += 1
    return tuple(" ".join(w[common:]) for w in words)
