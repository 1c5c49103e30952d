"""The pure rules of proposals."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from planwerk.papers.domain.structure import leaf_parts, measures
from planwerk.proposals.domain.rules import answer_problem, clean, problem


@given(st.text(max_size=300))
def test_a_cleaned_text_has_no_control_or_direction_characters(value: str) -> None:
    import unicodedata

    cleaned = clean(value)
    assert all(ch in "\n\t" or unicodedata.category(ch)[0] != "C" for ch in cleaned)
    assert cleaned == cleaned.strip()
    assert "\n" not in clean(value, multiline=False)


@given(st.text(max_size=30), st.integers(min_value=1, max_value=20))
def test_a_problem_is_named_exactly_when_empty_or_too_long(value: str, limit: int) -> None:
    expected = "empty" if not value else "too_long" if len(value) > limit else None
    assert problem(value, limit) == expected


@given(st.sampled_from(["examining", "taken_up", "partly", "not_taken_up", "open", "x"]),
       st.text(max_size=5), st.booleans())  # fmt: skip
def test_an_answer_is_taken_only_complete(status: str, reason: str, measure: bool) -> None:
    found = answer_problem(status, reason, measure)
    if found is None:
        assert status in {"examining", "taken_up", "partly", "not_taken_up"}
        assert status not in {"partly", "not_taken_up"} or reason.strip()
        assert status not in {"taken_up", "partly"} or measure


def test_measures_are_the_sections_of_parts_without_children() -> None:
    structure = [{"slug": "a", "children": [{"slug": "b", "children": [{"slug": "c"}]}]},
                 {"slug": "d"}]  # fmt: skip
    assert leaf_parts(structure) == {"c", "d"}
    sections = [{"id": "1", "part": "a"}, {"id": "2", "part": "c"}, {"id": "3", "part": ""},
                {"id": "4", "part": "d"}]  # fmt: skip
    assert [s["id"] for s in measures(sections, structure)] == ["2", "4"]
    assert [s["id"] for s in measures(sections, [])] == ["1", "2", "3", "4"]
