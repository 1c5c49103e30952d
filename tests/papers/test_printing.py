"""The printed paper: line numbers run through every part; frozen sections with extra keys."""

from hypothesis import given
from hypothesis import strategies as st

from planwerk.papers.domain.paper import Section, number_lines
from planwerk.papers.domain.printing import PartSource, entries_of, entry_of, number_parts

words = st.text(alphabet="abc äöß-*#\nب", max_size=30)


@st.composite
def parts(draw):
    found = []
    for p in range(draw(st.integers(0, 4))):
        sections = [
            {"id": f"{p}-{i}", "title": draw(words), "text": draw(words)}
            for i in range(draw(st.integers(0, 3)))
        ]
        found.append(PartSource(f"Teil {p}", "", entries_of(sections)))
    return found


@given(parts())
def test_the_numbers_run_from_one_through_every_part_without_gaps(sources):
    printed = number_parts(sources)
    numbers = [n for part in printed for s in part.sections for n in s.numbers()]
    assert numbers == list(range(1, len(numbers) + 1))
    # The same as numbering all sections as one paper.
    whole = number_lines([e.section for part in sources for e in part.entries])
    assert [line.text for part in printed for s in part.sections for line in s.lines] == [
        line.text for line in whole if not line.heading
    ]


def test_a_single_version_has_the_numbers_of_its_page():
    sections = [Section("a", "Ziele", "eins\n\nzwei"), Section("b", "Wege", "drei")]
    raw = [{"id": s.id, "title": s.title, "text": s.text} for s in sections]
    (part,) = number_parts([PartSource("G", "", entries_of(raw))])
    printed = [(line.number, line.text) for s in part.sections for line in s.lines]
    expected = [(line.number, line.text) for line in number_lines(sections) if not line.heading]
    assert printed == expected and (part.first, part.last) == (1, 5)


def test_missing_and_extra_keys_of_a_frozen_section_are_read_with_defaults():
    entry = entry_of(
        {
            "id": "x",
            "title": "Maßnahme",
            "part": "p1",
            "parent": None,
            "number": "2.1",
            "fields": {"target_group": "Familien", "empty": " ", "zuständig": "FB Soziales"},
            "paragraph_ids": ["p"],
        }
    )
    assert (entry.section.text, entry.number) == ("", "2.1")
    assert entry.fields == (("target_group", "Familien"), ("zuständig", "FB Soziales"))
    (part,) = number_parts([PartSource("G", "", (entry,))])
    assert part.sections[0].labelled_fields == [
        ("Target group", "Familien"),
        ("Zuständig", "FB Soziales"),
    ]
    assert entry_of({}).section == Section("", "", "")
