"""Frozen versions read back: new snapshots with their tree, old ones with defaults."""

from __future__ import annotations

from planwerk.papers.domain.paper import number_lines
from planwerk.papers.snapshot import paper

OLD = [{"id": "a", "title": "Leitlinien", "text": "Eins\n\nZwei"}]


def test_a_snapshot_from_before_the_structure_is_read_with_defaults() -> None:
    (section,) = paper(OLD)
    assert (section.part, section.parent, section.number, section.label) == ("", None, "", "")
    assert section.fields == () and section.paragraph_ids == ()
    assert [line.text for line in number_lines([section])] == ["Leitlinien", "Eins", "Zwei"]


def test_names_of_parts_and_fields_are_read_in_the_language_asked_for() -> None:
    frozen = [
        {
            "id": "m",
            "title": "Sprachkurse",
            "text": "",
            "part": "massnahme",
            "part_name": {"de": "Maßnahme", "en": "Measure"},
            "parent": "z",
            "number": "1.2.3",
            "fields": [
                {"slug": "zielgruppen", "name": {"de": "Zielgruppen"}, "kind": "lines", "text": "x"}
            ],
            "paragraph_ids": [],
        }
    ]
    (german,) = paper(frozen, "de")
    (english,) = paper(frozen, "en")
    assert german.label == "Maßnahme 1.2.3" and english.label == "Measure 1.2.3"
    assert english.fields[0].name == "Zielgruppen"  # German when there is no English
    assert english.parent == "z"
