"""The pure rules of drafts: line numbers and the diff of two versions."""

from hypothesis import given
from hypothesis import strategies as st

from planwerk.papers.domain.diff import (
    ADDED,
    CHANGED,
    DELETE,
    INSERT,
    REMOVED,
    apply,
    diff_papers,
    diff_words,
    new_side,
    old_side,
)
from planwerk.papers.domain.paper import Field, Section, line_ranges, number_lines, plain

words = st.text(alphabet="abc äöß-*#\n", max_size=40)
ids = st.sampled_from(["a", "b", "c", "d", "e"])


fields = st.lists(
    st.builds(Field, st.sampled_from(["ziel", "indikator"]), st.just("Name"), words),
    max_size=2,
    unique_by=lambda f: f.slug,
)


@st.composite
def papers(draw):
    chosen = draw(st.lists(ids, unique=True, max_size=5))
    return [
        Section(
            i,
            draw(words),
            draw(words),
            part=draw(st.sampled_from(["", "massnahme"])),
            parent=draw(st.one_of(st.none(), ids)),
            number=draw(st.sampled_from(["", "1", "1.2"])),
            fields=tuple(draw(fields)),
        )
        for i in chosen
    ]


@given(papers())
def test_diff_of_a_version_with_itself_is_empty(paper):
    assert diff_papers(paper, paper).empty


@given(papers(), papers())
def test_applying_the_new_side_gives_the_new_version(old, new):
    assert apply(old, diff_papers(old, new)) == new


@given(words, words)
def test_word_diff_keeps_both_sides(old, new):
    pieces = diff_words(old, new)
    assert new_side(pieces) == new
    assert old_side(pieces) == old


@given(papers())
def test_line_numbers_run_from_one_without_gaps(paper):
    lines = number_lines(paper)
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))
    assert number_lines(paper) == lines  # the same text, the same numbers


def test_lines_of_a_paper():
    paper = [
        Section("x", "Leitlinien", "# Titel\n\n- **eins**\n- zwei\n\n---\n"),
        Section("y", "Begriffe", "Ein [Link](https://example.org) hier."),
    ]
    lines = number_lines(paper)
    assert [(line.number, line.text) for line in lines] == [
        (1, "Leitlinien"),
        (2, "Titel"),
        (3, "eins"),
        (4, "zwei"),
        (5, "Begriffe"),
        (6, "Ein Link hier."),
    ]
    assert line_ranges(lines) == {"x": (1, 4), "y": (5, 6)}
    assert plain("> 1. zitat") == "1. zitat"


def test_diff_names_added_removed_and_changed_sections():
    old = [
        Section("a", "A", "eins zwei drei"),
        Section("b", "B", "bleibt"),
        Section("c", "C", "weg"),
    ]
    new = [
        Section("a", "A", "eins vier drei"),
        Section("b", "B", "bleibt"),
        Section("d", "D", "neu"),
    ]
    diff = diff_papers(old, new)
    assert [(d.section_id, d.kind) for d in diff.sections] == [
        ("a", CHANGED),
        ("c", REMOVED),
        ("d", ADDED),
    ]
    changed = diff.sections[0]
    assert [(p.op, p.text) for p in changed.text if p.op in (INSERT, DELETE)] == [
        (DELETE, "zwei"),
        (INSERT, "vier"),
    ]


def test_fields_get_numbered_lines_under_their_name_and_lines_know_their_paragraph():
    paper = [
        Section(
            "m",
            "Sprachkurse",
            "Erster Absatz\nzweite Zeile\n\nZweiter",
            part="massnahme",
            number="1.2.3",
            fields=(
                Field("zielgruppen", "Zielgruppen", "Eltern\nJugendliche", "lines"),
                Field("indikator", "Indikator", "   "),
            ),
            paragraph_ids=("a1", "a2"),
        ),
        Section("n", "Nächste", "Text"),
    ]
    lines = number_lines(paper)
    assert [(line.number, line.text, line.paragraph, line.field) for line in lines] == [
        (1, "Sprachkurse", "", ""),
        (2, "Erster Absatz", "a1", ""),
        (3, "zweite Zeile", "a1", ""),
        (4, "Zweiter", "a2", ""),
        (5, "Zielgruppen", "", "zielgruppen"),
        (6, "Eltern", "", "zielgruppen"),
        (7, "Jugendliche", "", "zielgruppen"),
        (8, "Nächste", "", ""),
        (9, "Text", "", ""),
    ]
    assert lines[4].field_name and not lines[5].field_name


def test_diff_compares_the_fields_too():
    old = [Section("m", "M", "gleich", fields=(Field("indikator", "Indikator", "zehn Kurse"),))]
    new = [
        Section(
            "m",
            "M",
            "gleich",
            fields=(
                Field("zielgruppen", "Zielgruppen", "Eltern"),
                Field("indikator", "Indikator", "zwölf Kurse"),
            ),
        )
    ]
    (change,) = diff_papers(old, new).sections
    assert change.kind == CHANGED
    assert [f.slug for f in change.fields] == ["zielgruppen", "indikator"]
    indikator = change.fields[1]
    assert [(p.op, p.text) for p in indikator.text if p.op != "equal"] == [
        (DELETE, "zehn"),
        (INSERT, "zwölf"),
    ]
    assert apply(old, diff_papers(old, new)) == new


def test_a_section_that_only_moved_is_not_changed_but_the_order_is():
    old = [Section("a", "A", "x", number="1"), Section("b", "B", "y", number="2")]
    new = [Section("a", "A", "x", number="1"), Section("b", "B", "y", parent="a", number="1.1")]
    diff = diff_papers(old, new)
    assert not diff.sections and diff.reordered
    assert apply(old, diff) == new
