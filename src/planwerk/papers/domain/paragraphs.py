"""Stable identifiers of paragraphs, so that a statement can point at a paragraph
("absatz-…") and still find it after the text was edited around it.

A paragraph is a block of a section's text between blank lines. When a text is
saved, every paragraph that stayed keeps its identifier; a paragraph that was
changed in place (between two that stayed, or where one was) keeps it when old and
new are similar enough (difflib's ratio); inserted paragraphs get new ones. No
Django here.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable, Sequence

# How alike a changed paragraph must stay to its old self to keep its identifier
# (difflib's ratio: 1.0 the same, 0.0 nothing in common).
SIMILAR = 0.5
# Beyond this many cells the exact alignment is too slow; difflib's matching is used.
_EXACT_LIMIT = 250_000


def paragraphs(text: str) -> list[str]:
    """The blocks of `text` separated by blank lines, without surrounding newlines."""
    blocks: list[str] = []
    current: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def _kept_pairs(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs of paragraphs that stayed the same, in order: a longest common
    subsequence, so that a paragraph inserted among equal ones moves none of them."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while (
        end < min(len(old), len(new)) - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]
    ):
        end += 1
    a, b = old[start : len(old) - end], new[start : len(new) - end]
    middle: list[tuple[int, int]] = []
    if a and b and len(a) * len(b) <= _EXACT_LIMIT:
        # lengths[i][j]: the longest common subsequence of a[i:] and b[j:].
        lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
        for i in range(len(a) - 1, -1, -1):
            for j in range(len(b) - 1, -1, -1):
                lengths[i][j] = (
                    lengths[i + 1][j + 1] + 1
                    if a[i] == b[j]
                    else max(lengths[i + 1][j], lengths[i][j + 1])
                )
        i = j = 0
        while i < len(a) and j < len(b):
            if a[i] == b[j]:
                middle.append((i, j))
                i, j = i + 1, j + 1
            elif lengths[i + 1][j] >= lengths[i][j + 1]:
                i += 1
            else:
                j += 1
    elif a and b:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for block in matcher.get_matching_blocks():
            middle.extend((block.a + k, block.b + k) for k in range(block.size))
    return (
        [(k, k) for k in range(start)]
        + [(i + start, j + start) for i, j in middle]
        + [(len(old) - end + k, len(new) - end + k) for k in range(end)]
    )


def similar(old: str, new: str) -> bool:
    return difflib.SequenceMatcher(None, old, new, autojunk=False).ratio() >= SIMILAR


def carry_ids(
    previous: Sequence[tuple[str, str]], text: str, new_id: Callable[[], str]
) -> list[str]:
    """The identifiers of the paragraphs of `text`, one per paragraph, given the
    previous paragraphs as (identifier, paragraph) pairs. `new_id` makes a fresh
    identifier; the result holds each identifier once."""
    old = [p for _id, p in previous]
    old_ids = [i for i, _p in previous]
    new = paragraphs(text)
    ids: list[str | None] = [None] * len(new)
    kept = _kept_pairs(old, new)
    for i, j in kept:
        ids[j] = old_ids[i]
    # Between two kept paragraphs (or before the first, after the last): pair the
    # changed ones in order with the old ones they are still like.
    bounds = [(-1, -1), *kept, (len(old), len(new))]
    for (i0, j0), (i1, j1) in itertools.pairwise(bounds):
        candidates = list(range(i0 + 1, i1))
        for j in range(j0 + 1, j1):
            for pos, i in enumerate(candidates):
                if similar(old[i], new[j]):
                    ids[j] = old_ids[i]
                    candidates = candidates[pos + 1 :]
                    break
    used: set[str] = set()
    taken = set(old_ids)
    result = []
    for found in ids:
        if found is None or found in used or not found:
            found = new_id()
            while found in used or found in taken or not found:
                found = new_id()
        used.add(found)
        result.append(found)
    return result


def spans(text: str) -> list[tuple[int, int]]:
    """Where each paragraph of `text` stands: its first line and the line after its
    last, as indexes into the text's lines (split at "\\n")."""
    found: list[tuple[int, int]] = []
    start: int | None = None
    lines = text.replace("\r\n", "\n").split("\n")
    for index, line in enumerate(lines):
        if line.strip():
            if start is None:
                start = index
        elif start is not None:
            found.append((start, index))
            start = None
    if start is not None:
        found.append((start, len(lines)))
    return found


def replace_paragraph(
    text: str,
    ids: Sequence[str],
    paragraph_id: str,
    wording: str,
    new_id: Callable[[], str],
) -> tuple[str, list[str]] | None:
    """`text` with the paragraph `paragraph_id` replaced by `wording`, and the
    identifiers of the result's paragraphs; None when `ids` (one per paragraph of
    `text`) has no such paragraph.

    Everything else of the text stays as it was, character for character. The
    first paragraph of `wording` keeps the identifier; when `wording` has more
    paragraphs, the others get new ones (`new_id`)."""
    text = text.replace("\r\n", "\n")
    places = spans(text)
    ids = list(ids)[: len(places)]
    if paragraph_id not in ids:
        return None
    index = ids.index(paragraph_id)
    start, end = places[index]
    blocks = paragraphs(wording)
    lines = text.split("\n")
    new_lines = lines[:start] + ("\n\n".join(blocks).split("\n") if blocks else []) + lines[end:]
    taken = set(ids)
    fresh: list[str] = []
    for _block in blocks[1:]:
        made = new_id()
        while not made or made in taken:
            made = new_id()
        taken.add(made)
        fresh.append(made)
    kept = [paragraph_id] if blocks else []
    return "\n".join(new_lines), [*ids[:index], *kept, *fresh, *ids[index + 1 :]]
