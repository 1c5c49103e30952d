"""The pure rules of comments: cleaning, limits, the period, the frozen paragraphs."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from planwerk.participation.domain.rules import (
    CHANGED,
    CURRENT,
    MAX_COMMENT,
    REMOVED,
    UNCHANGED,
    clean_comment,
    comment_problem,
    fate,
    frozen_paragraphs,
    is_open,
)


@given(st.text())
def test_a_cleaned_comment_keeps_no_control_characters_and_is_stable(text: str) -> None:
    cleaned = clean_comment(text)
    assert clean_comment(cleaned) == cleaned
    assert "\r" not in cleaned and "\u202e" not in cleaned and "\x00" not in cleaned
    assert cleaned == cleaned.strip()


@given(st.text(max_size=MAX_COMMENT + 10))
def test_a_comment_is_taken_with_one_to_5000_characters(text: str) -> None:
    cleaned = clean_comment(text)
    problem = comment_problem(cleaned)
    assert (problem is None) == (1 <= len(cleaned) <= MAX_COMMENT)


@given(st.datetimes(), st.timedeltas(min_value=dt.timedelta(seconds=1)))
def test_the_period_includes_its_start_and_excludes_its_end(
    opens: dt.datetime, length: dt.timedelta
) -> None:
    try:
        closes = opens + length
    except OverflowError:
        return
    assert is_open(opens, opens, closes)
    assert not is_open(closes, opens, closes)


def test_frozen_paragraphs_carry_their_ids_and_old_versions_get_positional_ones() -> None:
    found = frozen_paragraphs(
        [
            {"id": "s", "text": "A\n\nB", "paragraph_ids": ["x", "y"]},
            {"id": "old", "text": "C\n\n\nD"},
        ]
    )
    assert [(p.position, p.section_id, p.paragraph_id, p.text) for p in found] == [
        (0, "s", "x", "A"),
        (1, "s", "y", "B"),
        (2, "old", "old-1", "C"),
        (3, "old", "old-2", "D"),
    ]


words = st.text(alphabet="abc ", min_size=1, max_size=12).map(str.strip).filter(bool)


@given(st.lists(words, min_size=1, max_size=6), st.data())
def test_a_comment_learns_what_the_next_version_did_with_its_paragraph(
    texts: list[str], data: st.DataObject
) -> None:
    before = [
        {
            "id": "s",
            "text": "\n\n".join(texts),
            "paragraph_ids": [f"p{i}" for i in range(len(texts))],
        }
    ]
    kept = data.draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts)))
    changed = data.draw(st.lists(st.booleans(), min_size=len(texts), max_size=len(texts)))
    after_texts = [t + " x" if c else t for t, k, c in zip(texts, kept, changed, strict=True) if k]
    after_ids = [f"p{i}" for i, k in enumerate(kept) if k]
    after = [{"id": "s", "text": "\n\n".join(after_texts), "paragraph_ids": after_ids}]
    latest = {p.paragraph_id: p.text for p in frozen_paragraphs(after)}
    for i, p in enumerate(frozen_paragraphs(before)):
        found = fate(p.text, latest, p.paragraph_id, on_latest=False)
        assert found == (REMOVED if not kept[i] else CHANGED if changed[i] else UNCHANGED)
        assert fate(p.text, latest, p.paragraph_id, on_latest=True) == CURRENT
