"""The timeline's states, its time axis and its drawing (timeline/domain)."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from planwerk.timeline.domain import items as states
from planwerk.timeline.domain import scale
from planwerk.timeline.domain.drawing import Texts, draw, symbol
from planwerk.timeline.domain.items import Item

D = dt.date
TODAY = D(2020, 3, 1)


# -- states ----------------------------------------------------------------------------
def test_a_planned_day_that_passed_without_happening_is_late() -> None:
    assert states.status_of(D(2020, 2, 1), TODAY) == states.LATE
    assert states.status_of(D(2020, 2, 1), TODAY, happened=True) == states.DONE
    assert states.status_of(D(2020, 3, 1), TODAY) == states.PLANNED
    assert states.status_of(D(2020, 2, 1), TODAY, end=D(2020, 3, 5)) == states.PLANNED
    assert states.status_of(D(2020, 2, 1), TODAY, cancelled=True) == states.CANCELLED


def test_a_deadline_is_late_without_every_statement_and_moot_after_the_decision() -> None:
    day = D(2020, 2, 1)
    assert states.deadline_status(day, TODAY, answered=3, owed=3) == states.DONE
    assert states.deadline_status(day, TODAY, answered=2, owed=3) == states.LATE
    assert states.deadline_status(D(2020, 3, 9), TODAY, answered=0, owed=3) == states.PLANNED
    # Decided before the deadline: no statement is awaited any more.
    assert (
        states.deadline_status(day, TODAY, answered=0, owed=3, decided=D(2020, 1, 20))
        == states.CANCELLED
    )
    # Decided after it: the statements were missed.
    assert (
        states.deadline_status(day, TODAY, answered=0, owed=3, decided=D(2020, 2, 20))
        == states.LATE
    )


def test_a_stage_is_done_once_it_has_ended() -> None:
    assert states.stage_status(D(2020, 1, 1), D(2020, 2, 1), TODAY) == states.DONE
    assert states.stage_status(D(2020, 1, 1), D(2020, 3, 31), TODAY) == states.CURRENT
    assert states.stage_status(D(2020, 4, 1), D(2020, 6, 30), TODAY) == states.PLANNED


def item(key: str, start: dt.date, status: str = states.PLANNED, **extra: object) -> Item:
    return Item(key=key, lane="process", title=key, start=start, status=status, **extra)  # type: ignore[arg-type]


def test_next_are_the_planned_entries_of_the_first_day_from_today_on() -> None:
    found = states.mark_next(
        [
            item("late", D(2020, 2, 1), states.LATE),
            item("stage", D(2020, 3, 2), span=True),
            item("a", D(2020, 3, 5)),
            item("b", D(2020, 3, 5)),
            item("done", D(2020, 3, 4), states.DONE),
            item("later", D(2020, 4, 1)),
        ],
        TODAY,
    )
    assert [i.key for i in found if i.next] == ["a", "b"]
    summary = states.summary(found)
    assert (summary.late, summary.done, summary.planned) == (1, 1, 3)


# -- the axis --------------------------------------------------------------------------
days = st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 12, 31))


@given(st.lists(st.tuples(days, days), min_size=1, max_size=15), st.lists(days, max_size=20))
def test_the_axis_keeps_the_order_of_days(
    spans: list[tuple[dt.date, dt.date]], probe: list
) -> None:
    axis = scale.build(spans, start=16)
    everything = sorted({d for span in spans for d in span} | set(probe))
    xs = [axis.x(d) for d in everything]
    assert xs == sorted(xs)
    assert all(axis.start <= x <= axis.end for x in xs)
    # Every day of an entry lies on the axis, not in a break, and a later one further on.
    covered = sorted({d for span in spans for d in span})
    for a, b in itertools.pairwise(covered):
        assert axis.x(a) < axis.x(b)
    for d in covered:
        assert any(s.first <= d <= s.last for s in axis.segments)


def test_a_long_time_without_entries_is_left_out() -> None:
    axis = scale.build(
        [
            (D(2019, 11, 15), D(2019, 11, 15)),
            (D(2020, 1, 1), D(2021, 3, 31)),
            (D(2026, 11, 30), D(2026, 11, 30)),
        ]
    )
    assert [(s.first, s.last) for s in axis.segments] == [
        (D(2019, 11, 1), D(2021, 3, 31)),
        (D(2026, 11, 1), D(2026, 11, 30)),
    ]
    assert len(axis.breaks) == 1
    # Five years take no more room than the break.
    assert axis.x(D(2026, 11, 1)) - axis.x(D(2021, 3, 31)) < 40


# -- the drawing -------------------------------------------------------------------------
TEXTS = Texts(
    title="Zeitplan",
    description="Etappen und Meilensteine",
    today="Heute",
    gap="Lücke",
    next="als Nächstes",
    statuses={
        "done": "erledigt",
        "planned": "geplant",
        "late": "überfällig",
        "cancelled": "abgesagt",
        "current": "läuft",
    },
    month=lambda d: f"{d.month}/{d.year}",
)
ITEMS = [
    Item(
        "stage:e1",
        "process",
        "Etappe 1",
        D(2020, 1, 1),
        D(2020, 3, 31),
        states.CURRENT,
        when="1.1.–31.3.2020",
        span=True,
    ),
    Item(
        "m:auftakt", "process", "Auftakt", D(2020, 1, 17), D(2020, 1, 18), states.DONE, when="17.1."
    ),
    Item("m:podium", "process", "Podium", D(2020, 2, 20), None, states.LATE, when="20.2."),
    Item("m:rat", "process", "Rat", D(2020, 3, 20), None, states.PLANNED, when="20.3.", next=True),
    Item("e:wahl", "elections", "Wahl", D(2020, 2, 1), None, states.CANCELLED, when="1.2."),
]
LANES = [("process", "Prozess"), ("elections", "Wahl"), ("empty", "Leer")]


def test_the_drawing_is_svg_with_a_title_every_entry_and_today() -> None:
    drawn = draw(ITEMS, LANES, TODAY, TEXTS)
    root = ET.fromstring(drawn.svg)  # noqa: S314 - our own drawing
    assert root.get("role") == "img" and root.get("aria-labelledby")
    svg = drawn.svg
    for name in ("Etappe 1", "Auftakt", "Podium", "Rat", "Wahl", "Heute"):
        assert name in svg
    assert drawn.lanes == ["Prozess", "Wahl"]  # a lane without entries is left out
    # No inline style: colours come from classes.
    assert "style=" not in svg and 'fill="#' not in svg


def test_each_state_has_its_own_shape_and_word_not_only_a_colour() -> None:
    svg = draw(ITEMS, LANES, TODAY, TEXTS).svg
    groups = dict(re.findall(r'<g class="tl-item tl-item--(\w+)[^"]*">(.*?)</g>', svg))
    assert "<circle" in groups["done"] and "<path" in groups["done"]  # ticked circle
    assert "<path" in groups["late"] and "<circle" not in groups["late"]  # triangle
    assert "<rect" in groups["cancelled"]  # crossed square
    assert "tl-next-ring" in groups["planned"]
    for word in ("erledigt", "überfällig", "abgesagt", "als Nächstes", "läuft"):
        assert word in svg
    assert 'aria-hidden="true"' in symbol("late")


def test_right_to_left_the_drawing_is_mirrored() -> None:
    ltr = draw(ITEMS, LANES, TODAY, TEXTS)
    rtl = draw(ITEMS, LANES, TODAY, TEXTS, rtl=True)
    assert ltr.width == rtl.width
    today_ltr = float(re.search(r'<line x1="([\d.]+)"[^>]*class="tl-today-line"', ltr.svg).group(1))
    today_rtl = float(re.search(r'<line x1="([\d.]+)"[^>]*class="tl-today-line"', rtl.svg).group(1))
    assert abs(today_ltr + today_rtl - ltr.width) < 0.2
    assert 'direction="rtl"' in rtl.svg


@given(
    st.lists(
        st.tuples(
            days, st.sampled_from(["process", "elections"]), st.text(min_size=1, max_size=60)
        ),
        min_size=1,
        max_size=25,
    )
)
def test_labels_of_one_lane_do_not_overlap(entries: list) -> None:
    found = [
        Item(f"k{i}", lane, title, day, None, states.PLANNED, when=day.isoformat())
        for i, (day, lane, title) in enumerate(entries)
    ]
    svg = draw(found, LANES, D(2020, 6, 1), TEXTS).svg
    ET.fromstring(svg)  # noqa: S314 - our own drawing, well-formed whatever the titles hold
    rows: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for match in re.finditer(
        r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="(start|end)" class="tl-label">(.*?)</text>',
        svg,
    ):
        x, y, anchor, text = float(match[1]), match[2], match[3], html.unescape(match[4])
        width = len(text) * 6.6
        box = (x, x + width) if anchor == "start" else (x - width, x)
        rows.setdefault((y, ""), []).append(box)
    for boxes in rows.values():
        boxes.sort()
        for (_a0, a1), (b0, _b1) in itertools.pairwise(boxes):
            assert a1 <= b0 + 0.5


def test_a_busy_lane_labels_what_fits_and_marks_the_rest() -> None:
    busy = [
        Item(
            f"v{n}",
            "process",
            f"Fassung {n} eingereicht",
            D(2020, 3, 1) + dt.timedelta(days=n % 30),
            None,
            states.DONE,
            when=f"Tag {n}",
        )
        for n in range(300)
    ]
    drawn = draw(busy, LANES, TODAY, TEXTS)
    assert drawn.svg.count('class="tl-label"') < 300
    assert drawn.svg.count('class="tl-item tl-item--done"') == 300
    # Eight rows of labels and four of bare marks, whatever the number of entries.
    assert drawn.height < 16 + 20 + 34 + 26 + 8 * 40 + 4 * 26 + 10 + 16 + 1


def test_a_process_without_entries_draws_today_alone() -> None:
    drawn = draw([], LANES, TODAY, TEXTS)
    assert "Heute" in drawn.svg and drawn.lanes == []
    assert states.mark_next([], TODAY) == []
