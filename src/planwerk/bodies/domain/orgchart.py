"""Drawing the organisation chart (Infographic 1) as SVG from data. Pure Python.

Nodes stand on a grid of rows and columns given by the process definition; every
row is centred. Edges are straight arrows between node borders; two edges between
the same pair in opposite directions are drawn side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

NODE_WIDTH = 230
NODE_HEIGHT = 64
LINE_HEIGHT = 15
COLUMN_GAP = 70
ROW_GAP = 110
MARGIN = 24

# Colours chosen for at least 4.5:1 contrast of text on their fill.
KIND_STYLES = {
    "council": ("#e8eef7", "#1b2a4a"),
    "committee": ("#e8eef7", "#1b2a4a"),
    "steering_group": ("#1b5ea8", "#ffffff"),
    "expert_group": ("#eef6ee", "#14361b"),
    "integration_council": ("#fdf3e3", "#4a2e00"),
    "delegates_conference": ("#fdf3e3", "#4a2e00"),
    "round_table": ("#f4eef8", "#3a1a4a"),
    "officer": ("#f4eef8", "#3a1a4a"),
}
EDGE_COLOURS = {
    "draft": "#1b2a4a",
    "requirements": "#a4001e",
    "assessment": "#6b4a00",
    "bundle": "#6b4a00",
    "statement": "#5a2a6e",
    "consultation": "#5a2a6e",
    "decision": "#0a5c2b",
    "information": "#4d4d4d",
    "delegation": "#4d4d4d",
}


@dataclass(frozen=True)
class Node:
    key: str
    title: str
    kind: str
    row: int
    column: int
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str
    label: str


@dataclass
class Chart:
    svg: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def _wrap(text: str, width: int = 30) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines or [""]


def draw(nodes: list[Node], edges: list[Edge], title: str, description: str) -> Chart:
    rows: dict[int, list[Node]] = {}
    for node in sorted(nodes, key=lambda n: (n.row, n.column)):
        rows.setdefault(node.row, []).append(node)
    columns = max((n.column for n in nodes), default=0) + 1
    width = MARGIN * 2 + columns * NODE_WIDTH + (columns - 1) * COLUMN_GAP

    heights = {
        n.key: NODE_HEIGHT + LINE_HEIGHT * (len(n.lines) + len(_wrap(n.title)) - 1) for n in nodes
    }
    boxes: dict[str, tuple[float, float, float, float]] = {}
    y = float(MARGIN)
    for row in sorted(rows):
        row_height = max(heights[n.key] for n in rows[row])
        for node in rows[row]:
            left = float(MARGIN + node.column * (NODE_WIDTH + COLUMN_GAP))
            boxes[node.key] = (left, y, NODE_WIDTH, heights[node.key])
        y += row_height + ROW_GAP
    height = round(y - ROW_GAP + MARGIN + 20)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="pw-chart" '
        f'aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
        "<defs>",
    ]
    for kind, colour in EDGE_COLOURS.items():
        out.append(
            f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
            f'fill="{colour}"/></marker>'
        )
    out.append("</defs>")

    pairs = {(e.source, e.target) for e in edges}
    merged: dict[tuple[str, str], list[Edge]] = {}
    for edge in edges:
        if edge.source in boxes and edge.target in boxes:
            merged.setdefault((edge.source, edge.target), []).append(edge)
    labels: list[str] = []
    for (source, target), group in merged.items():
        offset = 7.0 if (target, source) in pairs else 0.0
        x1, y1, x2, y2 = _connect(boxes[source], boxes[target], offset)
        kind = group[0].kind
        colour = EDGE_COLOURS.get(kind, "#1b2a4a")
        dash = (
            ' stroke-dasharray="5 4"'
            if kind in {"information", "consultation", "delegation"}
            else ""
        )
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="2"{dash} marker-end="url(#arrow-{kind})"/>'
        )
        text = "; ".join(e.label for e in group if e.label)
        if text:
            # Two arrows between the same pair: their labels sit at different points.
            t = 0.35 if offset else 0.5
            mx, my = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
            half = len(text) * 3.1 + 4
            labels.append(
                f'<rect x="{mx - half:.1f}" y="{my - 10:.1f}" width="{2 * half:.1f}" '
                f'height="15" rx="3" fill="#ffffff" fill-opacity="0.92"/>'
                f'<text x="{mx:.1f}" y="{my + 1:.1f}" font-size="11" text-anchor="middle" '
                f'fill="{colour}">{escape(text)}</text>'
            )

    for node in nodes:
        x, y0, w, h = boxes[node.key]
        fill, ink = KIND_STYLES.get(node.kind, ("#ffffff", "#1b2a4a"))
        out.append(
            f'<g><rect x="{x}" y="{y0}" width="{w}" height="{h}" rx="8" fill="{fill}" '
            f'stroke="#1b2a4a" stroke-width="1.5"/>'
        )
        title_lines = _wrap(node.title)
        for i, line in enumerate(title_lines):
            out.append(
                f'<text x="{x + w / 2}" y="{y0 + 24 + i * LINE_HEIGHT}" font-size="14" '
                f'font-weight="700" text-anchor="middle" fill="{ink}">{escape(line)}</text>'
            )
        for i, line in enumerate(node.lines):
            out.append(
                f'<text x="{x + w / 2}" y="{y0 + 24 + (len(title_lines) + i) * LINE_HEIGHT + 4}" '
                f'font-size="11" text-anchor="middle" fill="{ink}">{escape(line)}</text>'
            )
        out.append("</g>")
    out.extend(labels)
    out.append("</svg>")
    return Chart("\n".join(out), nodes, edges)


def _connect(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float], offset: float
) -> tuple[float, float, float, float]:
    """A line from the border of box a to the border of box b, shifted sideways."""
    ax, ay = a[0] + a[2] / 2, a[1] + a[3] / 2
    bx, by = b[0] + b[2] / 2, b[1] + b[3] / 2
    dx, dy = bx - ax, by - ay
    length = max((dx * dx + dy * dy) ** 0.5, 1e-9)
    nx, ny = -dy / length * offset, dx / length * offset
    x1, y1 = _border(a, dx, dy)
    x2, y2 = _border(b, -dx, -dy)
    return x1 + nx, y1 + ny, x2 + nx, y2 + ny


def _border(box: tuple[float, float, float, float], dx: float, dy: float) -> tuple[float, float]:
    cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
    if dx == 0 and dy == 0:
        return cx, cy
    sx = (box[2] / 2) / abs(dx) if dx else float("inf")
    sy = (box[3] / 2) / abs(dy) if dy else float("inf")
    s = min(sx, sy)
    return cx + dx * s, cy + dy * s
