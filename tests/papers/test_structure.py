"""The parts of a stage's paper and the tree of sections: what may stand where, and
how the sections are numbered."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from planwerk.papers.domain.structure import Node, Structure, label, tree_order

CATALOGUE = Structure.of(
    [
        {
            "slug": "ziel",
            "name": {"de": "Ziel", "en": "Goal"},
            "children": [
                {
                    "slug": "mittlerziel",
                    "name": {"de": "Mittlerziel"},
                    "children": [
                        {
                            "slug": "massnahme",
                            "name": {"de": "Maßnahme"},
                            "fields": [{"slug": "indikator", "name": {"de": "Indikator"}}],
                        }
                    ],
                }
            ],
        }
    ]
)


def test_parts_are_allowed_where_the_definition_puts_them() -> None:
    assert [p.slug for p in CATALOGUE.allowed(None)] == ["ziel"]
    assert [p.slug for p in CATALOGUE.allowed("ziel")] == ["mittlerziel"]
    assert CATALOGUE.allowed("massnahme") == ()
    assert CATALOGUE.fits("ziel", None) and CATALOGUE.fits("massnahme", "mittlerziel")
    assert not CATALOGUE.fits("massnahme", None)
    assert not CATALOGUE.fits("massnahme", "ziel")
    assert CATALOGUE.fits("", None)  # a free section at the top level
    assert not CATALOGUE.fits("", "ziel")
    assert CATALOGUE.find("massnahme").fields[0].kind == "text"  # type: ignore[union-attr]


def test_without_structure_only_free_sections_at_the_top() -> None:
    free = Structure.of([])
    assert free.free and free.fits("", None)
    assert not free.fits("ziel", None) and not free.fits("", "x")


def test_sections_are_numbered_in_the_tree_per_part() -> None:
    nodes = [
        Node("intro"),
        Node("z1", "ziel"),
        Node("z2", "ziel"),
        Node("m11", "mittlerziel", "z1"),
        Node("m12", "mittlerziel", "z1"),
        Node("a121", "massnahme", "m12"),
        Node("a122", "massnahme", "m12"),
        Node("m21", "mittlerziel", "z2"),
    ]
    placed = tree_order(nodes)
    assert [(p.id, p.number, p.depth) for p in placed] == [
        ("intro", "1", 0),
        ("z1", "1", 0),
        ("m11", "1.1", 1),
        ("m12", "1.2", 1),
        ("a121", "1.2.1", 2),
        ("a122", "1.2.2", 2),
        ("z2", "2", 0),
        ("m21", "2.1", 1),
    ]
    assert label("Maßnahme", "1.2.3") == "Maßnahme 1.2.3" and label("", "1") == "1"


@given(st.lists(st.tuples(st.integers(0, 9), st.one_of(st.none(), st.integers(0, 9)))))
def test_every_section_is_placed_once(pairs: list[tuple[int, int | None]]) -> None:
    nodes = list(
        {str(i): Node(str(i), "", None if p is None else str(p)) for i, p in pairs}.values()
    )
    placed = tree_order(nodes)
    assert sorted(p.id for p in placed) == sorted(n.id for n in nodes)
