"""Drawing the timeline (Infographic 2) as SVG from its entries. Pure Python.

One lane per source (the process's stages and milestones, the election, events,
drafts and decisions, statements, the council), a time axis across the top with
long empty times left out (`scale`), a line for today. Stages are bars; every other
entry is a mark with its title and, below it, its date and its state in words.

The state is told three ways, never by colour alone: the shape of the mark (a
ticked circle for done, an open circle for planned, a triangle with "!" for late, a
crossed square for cancelled, a ring around what comes next), the word under the
title, and the colour (classes in timeline.css). Right to left the drawing is
mirrored: time runs from right to left and labels stand on the marks' left.

Colours and fonts come from classes of the static style sheet: the page's content
security policy allows no inline style.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as _escape

from planwerk.timeline.domain import scale as scales
from planwerk.timeline.domain.items import CANCELLED, DONE, LATE, PLANNED, Item

MARGIN = 16.0
TODAY_ROW = 20.0
AXIS = 34.0
LANE_TITLE = 26.0
BAR_ROW = 30.0
ROW = 40.0
BARE_ROW = 26.0
# A lane labels the marks of at most this many rows; more marks stand without label in
# at most MAX_BARE_ROWS rows below.
MAX_ROWS = 8
MAX_BARE_ROWS = 4
LANE_GAP = 10.0
RADIUS = 7.0
LABEL_GAP = 6.0
PAD = 10.0
# Rough widths of a character of the title (12px) and of the line below it (11px).
TITLE_CHAR = 6.6
SMALL_CHAR = 6.0
LABEL_CHARS = 44
MIN_WIDTH = 720.0


@dataclass(frozen=True)
class Texts:
    title: str
    description: str
    today: str
    gap: str
    next: str
    statuses: Mapping[str, str]
    month: Callable[[dt.date], str]


@dataclass
class Drawing:
    svg: str
    width: float
    height: float
    lanes: list[str] = field(default_factory=list)


_NOT_IN_XML = dict.fromkeys([*range(0, 32), 0x7F, 0xFFFE, 0xFFFF], " ")


def escape(text: str) -> str:
    """Text for the SVG: escaped, without the control characters XML does not hold."""
    return _escape(str(text).translate(_NOT_IN_XML))


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def mark(status: str, cx: float, cy: float, upcoming: bool = False) -> str:
    """The mark of a state, centred on (cx, cy): a shape that tells it without colour."""
    x, y, r = _f(cx), _f(cy), RADIUS
    parts = []
    if upcoming:
        parts.append(f'<circle cx="{x}" cy="{y}" r="{_f(r + 5)}" class="tl-next-ring"/>')
    if status == DONE:
        parts.append(f'<circle cx="{x}" cy="{y}" r="{_f(r)}" class="tl-mark tl-mark--done"/>')
        parts.append(
            f'<path d="M{_f(cx - 3.5)},{_f(cy + 0.2)} l2.6,2.6 l4.6,-5.4" class="tl-glyph"/>'
        )
    elif status == LATE:
        parts.append(
            f'<path d="M{x},{_f(cy - r - 2)} L{_f(cx + r + 1)},{_f(cy + r - 1)} '
            f'L{_f(cx - r - 1)},{_f(cy + r - 1)} Z" class="tl-mark tl-mark--late"/>'
        )
        parts.append(f'<path d="M{x},{_f(cy - 3)} v4.2 M{x},{_f(cy + 3)} v1.4" class="tl-glyph"/>')
    elif status == CANCELLED:
        parts.append(
            f'<rect x="{_f(cx - r + 1)}" y="{_f(cy - r + 1)}" width="{_f(2 * r - 2)}" '
            f'height="{_f(2 * r - 2)}" class="tl-mark tl-mark--cancelled"/>'
        )
        parts.append(
            f'<path d="M{_f(cx - 4)},{_f(cy - 4)} L{_f(cx + 4)},{_f(cy + 4)} '
            f'M{_f(cx + 4)},{_f(cy - 4)} L{_f(cx - 4)},{_f(cy + 4)}" '
            f'class="tl-glyph tl-glyph--dark"/>'
        )
    else:
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="{_f(r - 1)}" class="tl-mark tl-mark--planned"/>'
        )
    return "".join(parts)


def symbol(status: str, upcoming: bool = False) -> str:
    """The mark alone, as a small picture for the legend (hidden from screen readers,
    which read the word beside it)."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 28" width="28" height="28" '
        f'class="tl-symbol" aria-hidden="true" focusable="false">{mark(status, 14, 14, upcoming)}'
        "</svg>"
    )


@dataclass
class _Placed:
    item: Item
    x: float  # the mark's centre (left to right)
    x_last: float  # where its last day ends
    lines: tuple[str, str]
    row: int = 0
    labelled: bool = True


def _fit(rows: list[list[tuple[float, float]]], box: tuple[float, float], limit: int) -> int | None:
    """The first of the rows where the box (left, right) overlaps no other, a new row
    while there are fewer than `limit`, else None. The box is added to its row."""
    left, right = box
    for index, row in enumerate(rows):
        if all(right + PAD <= a or left >= b + PAD for a, b in row):
            row.append(box)
            return index
    if len(rows) < limit:
        rows.append([box])
        return len(rows) - 1
    return None


def _label_width(lines: tuple[str, str]) -> float:
    return max(len(lines[0]) * TITLE_CHAR, len(lines[1]) * SMALL_CHAR)


def _word(item: Item, texts: Texts) -> str:
    if item.next:
        return texts.next
    return texts.statuses.get(item.status, item.status)


def draw(
    items: Iterable[Item],
    lanes: Sequence[tuple[str, str]],
    today: dt.date,
    texts: Texts,
    *,
    rtl: bool = False,
) -> Drawing:
    items = list(items)
    spans = [(i.start, i.last_day) for i in items] + [(today, today)]
    axis = scales.build(spans, start=MARGIN)
    if axis.end - axis.start < MIN_WIDTH:
        days = sum((s.last - s.first).days + 1 for s in axis.segments)
        breaks = len(axis.segments) - 1
        wanted = (MIN_WIDTH - breaks * scales.BREAK_WIDTH) / max(days, 1)
        axis = scales.build(spans, start=MARGIN, pixels_per_day=max(wanted, scales.PIXELS_PER_DAY))
    right_edge = axis.end

    # Lay out each lane in left-to-right coordinates; mirror at the end if needed.
    lane_blocks: list[tuple[str, str, list[_Placed], list[_Placed], int, int, int]] = []
    widest = right_edge
    for key, title in lanes:
        own = [i for i in items if i.lane == key]
        if not own:
            continue
        bars: list[_Placed] = []
        marks: list[_Placed] = []
        for item in own:
            x0, x1 = axis.x(item.start), axis.x_end(item.last_day)
            lines = (shorten(item.title), f"{item.when} · {_word(item, texts)}")
            (bars if item.span else marks).append(_Placed(item, x0, max(x1, x0), lines))
        bar_rows: list[list[tuple[float, float]]] = []
        for bar in bars:
            box = (bar.x, max(bar.x_last, bar.x + _label_width(bar.lines)))
            bar.row = _fit(bar_rows, box, len(bars)) or 0
        # A mark's label stands on its later side; the drawing widens for the last. A
        # busy lane labels as many as MAX_ROWS rows hold; the others are marks only
        # (their text is in their tooltip and in the table below the drawing).
        labelled: list[list[tuple[float, float]]] = []
        bare: list[list[tuple[float, float]]] = []
        for m in marks:
            box = (m.x - RADIUS, max(m.x_last, m.x + RADIUS + LABEL_GAP + _label_width(m.lines)))
            row = _fit(labelled, box, MAX_ROWS)
            if row is not None:
                m.row = row
                widest = max(widest, box[1])
                continue
            m.labelled = False
            bare_row = _fit(bare, (m.x - RADIUS, max(m.x_last, m.x + RADIUS)), MAX_BARE_ROWS)
            m.row = len(bare) - 1 if bare_row is None else bare_row
        for m in marks:
            if not m.labelled:
                m.row += len(labelled)
        lane_blocks.append((key, title, bars, marks, len(bar_rows), len(labelled), len(bare)))

    width = max(widest + MARGIN, MIN_WIDTH + 2 * MARGIN)
    top = TODAY_ROW + AXIS

    def X(x: float) -> float:  # the mirror of a position
        return width - x if rtl else x

    def text(value: str) -> str:
        """Escaped; right to left each text is isolated, so that a German name in an
        Arabic drawing keeps its own order (quotes, the ellipsis)."""
        return escape(f"\u2068{value}\u2069") if rtl else escape(value)

    def span_x(a: float, b: float) -> tuple[float, float]:
        """(left, width) of the stretch from a to b, mirrored if needed."""
        left, right = (X(b), X(a)) if rtl else (a, b)
        return left, max(right - left, 2.0)

    # Drawn bottom up: the lanes' backgrounds, the axis with its lines and breaks,
    # today's line, the entries, today's label.
    backgrounds: list[str] = []
    body: list[str] = []
    y = top
    for index, (_key, title, bars, marks, bar_count, label_rows, bare_rows) in enumerate(
        lane_blocks
    ):
        height = (
            LANE_TITLE + bar_count * BAR_ROW + label_rows * ROW + bare_rows * BARE_ROW + LANE_GAP
        )
        stripe = "tl-lane tl-lane--alt" if index % 2 else "tl-lane"
        backgrounds.append(
            f'<rect x="0" y="{_f(y)}" width="{_f(width)}" height="{_f(height)}" class="{stripe}"/>'
        )
        # The lane's name at the start of each stretch of the axis, so that it is in
        # sight wherever the chart is scrolled to.
        for segment in axis.segments:
            body.append(
                f'<text x="{_f(X(segment.x0 + 2))}" y="{_f(y + 18)}" class="tl-lane-title">'
                f"{text(title)}</text>"
            )
        for bar in bars:
            by = y + LANE_TITLE + bar.row * BAR_ROW
            left, w = span_x(bar.x, bar.x_last)
            label = f"{bar.lines[0]} · {_word(bar.item, texts)}"
            full = f"{bar.item.title} – {bar.item.when} – {_word(bar.item, texts)}"
            body.append(
                f'<g class="tl-span tl-span--{bar.item.status}"><title>{escape(full)}</title>'
                f'<rect x="{_f(left)}" y="{_f(by)}" width="{_f(w)}" height="22" rx="3" '
                f'class="tl-bar tl-bar--{bar.item.status}"/>'
                f'<text x="{_f(X(bar.x + 6))}" y="{_f(by + 15)}" class="tl-bar-label">'
                f"{text(label)}</text></g>"
            )
        for m in marks:
            cy = y + LANE_TITLE + bar_count * BAR_ROW + 12
            if m.labelled:
                cy += m.row * ROW
            else:
                cy += label_rows * ROW + (m.row - label_rows) * BARE_ROW
            cx = X(m.x)
            item = m.item
            classes = f"tl-item tl-item--{item.status}" + (" tl-item--next" if item.next else "")
            full = f"{item.title} – {item.when} – {_word(item, texts)}"
            parts = [f'<g class="{classes}"><title>{escape(full)}</title>']
            if m.x_last > m.x + 1:
                left, w = span_x(m.x, m.x_last)
                parts.append(
                    f'<rect x="{_f(left)}" y="{_f(cy - 2)}" width="{_f(w)}" height="4" '
                    f'class="tl-range"/>'
                )
            parts.append(mark(item.status, cx, cy, item.next))
            if m.labelled:
                lx = X(m.x + RADIUS + LABEL_GAP + (5 if item.next else 0))
                parts.append(
                    f'<text x="{_f(lx)}" y="{_f(cy + 4)}" text-anchor="start" class="tl-label">'
                    f"{text(m.lines[0])}</text>"
                    f'<text x="{_f(lx)}" y="{_f(cy + 18)}" text-anchor="start" class="tl-when">'
                    f"{text(m.lines[1])}</text>"
                )
            parts.append("</g>")
            body.append("".join(parts))
        y += height
    height = y + MARGIN

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(width)} {_f(height)}" '
        f'width="{_f(width)}" height="{_f(height)}" role="img" class="tl-chart" '
        f'direction="{"rtl" if rtl else "ltr"}" aria-labelledby="timeline-title timeline-desc">',
        f'<title id="timeline-title">{escape(texts.title)}</title>',
        f'<desc id="timeline-desc">{escape(texts.description)}</desc>',
    ]
    out.extend(backgrounds)
    # The axis: a tick for every month, the name of every third one, a line across the
    # lanes at each of those; the breaks where empty times are left out.
    axis_y = TODAY_ROW + AXIS - 6
    out.append('<g class="tl-axis">')
    out.append(
        f'<line x1="{_f(X(axis.start))}" y1="{_f(axis_y)}" x2="{_f(X(axis.end))}" '
        f'y2="{_f(axis_y)}" class="tl-axis-line"/>'
    )
    last_label = -1e9
    for index, (month, mx) in enumerate(axis.months()):
        major = month.month in (1, 4, 7, 10) or index == 0
        out.append(
            f'<line x1="{_f(X(mx))}" y1="{_f(axis_y - (8 if major else 4))}" x2="{_f(X(mx))}" '
            f'y2="{_f(axis_y)}" class="tl-tick"/>'
        )
        label = texts.month(month)
        if major and mx - last_label > len(label) * SMALL_CHAR + 8:
            out.append(
                f'<line x1="{_f(X(mx))}" y1="{_f(top)}" x2="{_f(X(mx))}" y2="{_f(y)}" '
                f'class="tl-grid"/>'
            )
            out.append(
                f'<text x="{_f(X(mx + 3))}" y="{_f(axis_y - 10)}" class="tl-month">'
                f"{text(label)}</text>"
            )
            last_label = mx
    for a, b in axis.breaks:
        left, w = span_x(a, b)
        mid = left + w / 2
        out.append(
            f'<g class="tl-gap"><title>{escape(texts.gap)}</title>'
            f'<rect x="{_f(left)}" y="{_f(top)}" width="{_f(w)}" height="{_f(y - top)}" '
            f'class="tl-break"/>'
            f'<path d="M{_f(mid - 6)},{_f(axis_y + 6)} l6,-12 l6,12" class="tl-zigzag"/>'
            f"</g>"
        )
    out.append("</g>")
    # Today: a line through every lane, its label at the top.
    tx = axis.x(today) + 1
    near_end = tx + len(texts.today) * SMALL_CHAR + 8 > width - MARGIN
    out.append(
        f'<line x1="{_f(X(tx))}" y1="{_f(TODAY_ROW - 4)}" x2="{_f(X(tx))}" y2="{_f(y)}" '
        f'class="tl-today-line"/>'
    )
    out.extend(body)
    out.append(
        f'<text x="{_f(X(tx - 4 if near_end else tx + 4))}" y="{_f(TODAY_ROW - 6)}" '
        f'text-anchor="{"end" if near_end else "start"}" class="tl-today-label">'
        f"{text(texts.today)}</text>"
    )
    out.append("</svg>")
    return Drawing("\n".join(out), width, height, [b[1] for b in lane_blocks])


__all__ = ["CANCELLED", "DONE", "LATE", "PLANNED", "Drawing", "Texts", "draw", "mark", "symbol"]
