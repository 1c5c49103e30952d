"""Stable paragraph identifiers: kept where a paragraph stayed, new where one came."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from planwerk.papers.domain.paragraphs import carry_ids, paragraphs, replace_paragraph

# Few distinct paragraphs, so that equal paragraphs occur often.
block = st.sampled_from(["Teilhabe", "Bildung für alle", "Sprache", "- eins\n- zwei", "x"])
texts = st.lists(block, max_size=8)


def counter() -> Callable[[], str]:
    numbers = itertools.count(1)
    return lambda: f"p{next(numbers)}"


def text_of(blocks: list[str]) -> str:
    return "\n\n".join(blocks)


def first_ids(blocks: list[str]) -> list[tuple[str, str]]:
    new_id = counter()
    ids = carry_ids([], text_of(blocks), new_id)
    return list(zip(ids, paragraphs(text_of(blocks)), strict=True))


def test_paragraphs_are_blocks_between_blank_lines() -> None:
    assert paragraphs("\nEins\nzwei\n\n  \n\nDrei\n") == ["Eins\nzwei", "Drei"]
    assert paragraphs("") == []


@given(texts, texts)
def test_ids_are_unique_and_one_per_paragraph(old: list[str], new: list[str]) -> None:
    ids = carry_ids(first_ids(old), text_of(new), counter())
    assert len(ids) == len(set(ids)) == len(paragraphs(text_of(new)))


@given(texts)
def test_an_unchanged_text_keeps_every_id(blocks: list[str]) -> None:
    previous = first_ids(blocks)
    assert carry_ids(previous, text_of(blocks), counter()) == [i for i, _p in previous]


@given(texts, st.data())
def test_inserting_a_paragraph_keeps_every_other_id(blocks: list[str], data: st.DataObject) -> None:
    previous = first_ids(blocks)
    at = data.draw(st.integers(0, len(blocks)))
    inserted = data.draw(block)
    new_id = counter()
    for _ in previous:
        new_id()  # the fresh ids must not repeat the old ones by accident
    ids = carry_ids(previous, text_of([*blocks[:at], inserted, *blocks[at:]]), new_id)
    old_ids = [i for i, _p in previous]
    assert [i for i in ids if i in old_ids] == old_ids
    assert len(ids) == len(old_ids) + 1


def test_a_paragraph_changed_in_place_keeps_its_id_a_new_one_does_not() -> None:
    previous = first_ids(["Erster Absatz.", "Die Stadt fördert Sprachkurse.", "Letzter Absatz."])
    ids = carry_ids(
        previous,
        text_of(
            [
                "Erster Absatz.",
                "Die Stadt fördert Sprachkurse für alle.",
                "Ganz etwas anderes hier",
                "Letzter Absatz.",
            ]
        ),
        lambda: "neu",
    )
    assert ids == ["p1", "p2", "neu", "p3"]


def test_a_paragraph_rewritten_entirely_gets_a_new_id() -> None:
    previous = first_ids(["Anfang", "Die Stadt fördert Sprachkurse.", "Ende"])
    ids = carry_ids(previous, text_of(["Anfang", "Völlig neu formuliert: 42", "Ende"]), lambda: "n")
    assert ids == ["p1", "n", "p3"]


# Texts as people type them: blank lines of one or more, with spaces, around paragraphs.
gap = st.sampled_from(["\n\n", "\n\n\n", "\n  \n"])


@given(
    st.lists(block, min_size=1, max_size=6),
    st.data(),
    st.lists(block, min_size=1, max_size=3),
    gap,
)
def test_replacing_a_paragraph_keeps_every_other_one_and_all_ids(
    blocks: list[str], data: st.DataObject, wording: list[str], between: str
) -> None:
    text = between.join(blocks)
    ids = [f"a{i}" for i in range(len(blocks))]
    index = data.draw(st.integers(0, len(blocks) - 1))
    result = replace_paragraph(text, ids, ids[index], "\n\n".join(wording), counter())
    assert result is not None
    new_text, new_ids = result
    assert paragraphs(new_text) == blocks[:index] + wording + blocks[index + 1 :]
    assert new_ids[: index + 1] == ids[: index + 1]
    assert new_ids[index + len(wording) :] == ids[index + 1 :]
    assert len(new_ids) == len(paragraphs(new_text)) == len(set(new_ids))
    # The text before and after the paragraph stays as it was, character for character.
    assert new_text.startswith(between.join(blocks[:index]))
    assert new_text.endswith(between.join(blocks[index + 1 :]))


def test_replacing_a_paragraph_that_is_not_there_gives_none() -> None:
    assert replace_paragraph("Eins\n\nZwei", ["a", "b"], "c", "Neu", counter()) is None
    # Ids beyond the paragraphs of the text do not count.
    assert replace_paragraph("Eins", ["a", "b"], "b", "Neu", counter()) is None
    assert replace_paragraph("Eins\n\nZwei", ["a", "b"], "b", "Neu", counter()) == (
        "Eins\n\nNeu",
        ["a", "b"],
    )
