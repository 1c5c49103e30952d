"""The organisation chart: an accessible SVG drawn from the process, and its text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from planwerk.bodies.chart import organisation_chart
from planwerk.bodies.domain.orgchart import Edge, Node, draw
from planwerk.bodies.models import Body, BodyGroup, Flow
from planwerk.processes.models import Process

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own drawing, not outside input


def texts(root: ET.Element) -> str:
    """All text of the drawing, one space between pieces."""
    return " ".join(t.text or "" for t in root.iter(f"{SVG}text"))


def lines_of(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{SVG}line"))


NODES = [
    Node("rat", "Rat", "council", 0, 0),
    Node("gruppe", "Gruppe", "expert_group", 1, 0, ("Erste", "Zweite")),
]


# -- drawing -------------------------------------------------------------------------
def test_the_drawing_is_an_image_with_a_title_and_a_description() -> None:
    root = parse(draw(NODES, [], "Titel", "Beschreibung").svg)

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-title chart-desc"
    assert root.findtext(f"{SVG}title") == "Titel"
    assert root.findtext(f"{SVG}desc") == "Beschreibung"


def test_every_body_and_every_member_of_a_group_is_written_in_the_drawing() -> None:
    drawn = texts(parse(draw(NODES, [], "T", "D").svg))

    for word in ("Rat", "Gruppe", "Erste", "Zweite"):
        assert word in drawn


def test_names_with_markup_characters_are_escaped() -> None:
    nodes = [Node("a", "Kunst & <Kultur>", "other", 0, 0)]

    root = parse(draw(nodes, [], "A & B", "<desc>").svg)

    assert "Kunst & <Kultur>" in texts(root)
    assert root.findtext(f"{SVG}title") == "A & B"


def test_paths_in_both_directions_are_drawn_side_by_side() -> None:
    edges = [Edge("gruppe", "rat", "draft", "Vorlage"), Edge("rat", "gruppe", "requirements", "")]

    there, back = lines_of(parse(draw(NODES, edges, "T", "D").svg))

    assert there.get("x1") != back.get("x2")
    assert there.get("marker-end") == "url(#arrow-draft)"


def test_two_paths_the_same_way_share_one_arrow_with_both_labels() -> None:
    edges = [
        Edge("gruppe", "rat", "bundle", "Bündel"),
        Edge("gruppe", "rat", "delegation", "entsendet"),
    ]

    root = parse(draw(NODES, edges, "T", "D").svg)

    assert len(lines_of(root)) == 1
    assert "Bündel; entsendet" in texts(root)


def test_a_path_to_a_body_not_drawn_is_left_out() -> None:
    root = parse(draw(NODES, [Edge("gruppe", "senat", "draft", "x")], "T", "D").svg)

    assert lines_of(root) == []


TITLES = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    min_size=1,
    max_size=60,
).filter(lambda t: t.strip() != "")


@settings(deadline=None)
@given(st.lists(TITLES, min_size=1, max_size=6), st.lists(TITLES, max_size=4))
def test_any_names_make_well_formed_svg_that_names_them(
    titles: list[str], lines: list[str]
) -> None:
    nodes = [Node(f"n{i}", t, "other", i % 3, i // 3) for i, t in enumerate(titles)]
    nodes[0] = Node("n0", titles[0], "other", 0, 0, tuple(lines))
    edges = [Edge(f"n{i}", f"n{i + 1}", "draft", t) for i, t in enumerate(titles[1:])]

    root = parse(draw(nodes, edges, titles[0], "D").svg)

    drawn = " ".join(texts(root).split())
    for text in [*titles, *lines]:
        assert " ".join(text.split()) in drawn


# -- the Hannover chart ---------------------------------------------------------------
def names_in_chart(nodes: list[Node]) -> dict[str, list[str]]:
    """For every body: the words that name it in the chart (its box, or a line of its
    group's box, where the group's title says what kind of body it is)."""
    by_key = {n.key: n for n in nodes}
    named: dict[str, list[str]] = {}
    for body in Body.objects.all():
        if body.slug in by_key:
            named[body.slug] = [by_key[body.slug].title]
        else:
            group = by_key[body.group]
            line = next(line for line in group.lines if str(body.name).endswith(line))
            named[body.slug] = [group.title, line]
    return named


def test_the_hannover_chart_names_every_group_and_every_body(process: Process) -> None:
    chart = organisation_chart(process)

    titles = {n.title for n in chart.nodes}
    assert {str(g.name) for g in BodyGroup.objects.all()} <= titles
    assert len(names_in_chart(chart.nodes)) == Body.objects.count() == 24
    councils = next(n for n in chart.nodes if n.key == "integrationsbeiraete")
    assert councils.lines[0] == "Mitte" and len(councils.lines) == 11


def test_the_chart_page_shows_the_svg_and_every_name(client: Any, process: Process) -> None:
    response = client.get("/gremien/organigramm/")

    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "'")
    found = re.search(r"<svg.*?</svg>", page, re.DOTALL)
    assert found is not None
    root = parse(found.group(0))
    assert root.get("role") == "img"
    assert root.findtext(f"{SVG}title") == (
        "Organisation of the process: Revision of Hannover's Local Integration Plan"
    )
    drawn = texts(root)
    text_alternative = page[page.index('id="chart-text"') :]
    for slug, words in names_in_chart(response.context["chart"].nodes).items():
        for word in words:
            assert word in drawn, slug
            assert word in text_alternative, slug


def test_the_chart_page_lists_every_path_as_text(client: Any, process: Process) -> None:
    page = client.get("/gremien/organigramm/").content.decode()

    flow_list = re.search(r'<ul[^>]*id="flow-list"[^>]*>(.*?)</ul>', page, re.DOTALL)
    assert flow_list is not None
    items = re.findall(r"<li>(.*?)</li>", flow_list.group(1), re.DOTALL)
    assert len(items) == Flow.objects.count() == 12
    assert "Six expert groups → Steering group: Draft" in items
    assert "International Committee → City council: Recommendation" in items


def test_the_chart_downloads_as_an_svg_file(client: Any, process: Process) -> None:
    response = client.get("/gremien/organigramm.svg")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    root = parse(response.content.decode())
    assert root.tag == f"{SVG}svg"
    assert root.findtext(f"{SVG}title")
    assert "Steering group" in texts(root)


def test_without_a_process_the_chart_is_not_found(client: Any, db: Any) -> None:
    Process.objects.all().delete()

    assert client.get("/gremien/organigramm/").status_code == 404
    assert client.get("/gremien/organigramm.svg").status_code == 404
