"""A readable diff of two versions of a paper, by section, with words marked.

Sections are matched by their stable identifier: a section only in the new version
is added, one only in the old is removed, one in both whose title or text differs
is changed. Within a changed section, difflib marks the words (whitespace kept, so
that the new side joined gives exactly the new text).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from planwerk.papers.domain.paper import Section

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"

EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"

_TOKEN = re.compile(r"\s+|\S+")


@dataclass(frozen=True)
class Piece:
    op: str  # equal, insert or delete
    text: str


@dataclass(frozen=True)
class SectionDiff:
    section_id: str
    kind: str  # added, removed or changed
    old: Section | None
    new: Section | None
    title: tuple[Piece, ...]
    text: tuple[Piece, ...]


@dataclass(frozen=True)
class PaperDiff:
    sections: tuple[SectionDiff, ...]
    old_order: tuple[str, ...]
    new_order: tuple[str, ...]

    @property
    def reordered(self) -> bool:
        kept = [i for i in self.old_order if i in set(self.new_order)]
        return kept != [i for i in self.new_order if i in set(self.old_order)]

    @property
    def empty(self) -> bool:
        return not self.sections and not self.reordered


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff_words(old: str, new: str) -> tuple[Piece, ...]:
    """The words of `old` and `new`, marked: kept, inserted, deleted."""
    a, b = tokens(old), tokens(new)
    pieces: list[Piece] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if pieces and pieces[-1].op == op:
            pieces[-1] = Piece(op, pieces[-1].text + text)
        else:
            pieces.append(Piece(op, text))

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add(EQUAL, "".join(a[i1:i2]))
        else:
            add(DELETE, "".join(a[i1:i2]))
            add(INSERT, "".join(b[j1:j2]))
    return tuple(pieces)


def new_side(pieces: Sequence[Piece]) -> str:
    return "".join(p.text for p in pieces if p.op != DELETE)


def old_side(pieces: Sequence[Piece]) -> str:
    return "".join(p.text for p in pieces if p.op != INSERT)


def diff_papers(old: Sequence[Section], new: Sequence[Section]) -> PaperDiff:
    """The sections that differ, in the new version's order; removed ones at the
    place they had in the old version."""
    old_by_id = {s.id: s for s in old}
    new_by_id = {s.id: s for s in new}
    found: list[SectionDiff] = []

    def removed(section: Section) -> SectionDiff:
        return SectionDiff(
            section.id,
            REMOVED,
            section,
            None,
            diff_words(section.title, ""),
            diff_words(section.text, ""),
        )

    # Removed sections that come before any kept one.
    pending = list(old)
    for section in new:
        while pending and pending[0].id not in new_by_id:
            found.append(removed(pending.pop(0)))
        if pending and pending[0].id == section.id:
            pending.pop(0)
        before = old_by_id.get(section.id)
        if before is None:
            found.append(
                SectionDiff(
                    section.id,
                    ADDED,
                    None,
                    section,
                    diff_words("", section.title),
                    diff_words("", section.text),
                )
            )
        elif before.title != section.title or before.text != section.text:
            found.append(
                SectionDiff(
                    section.id,
                    CHANGED,
                    before,
                    section,
                    diff_words(before.title, section.title),
                    diff_words(before.text, section.text),
                )
            )
    seen = {d.section_id for d in found}
    for section in old:
        if section.id not in new_by_id and section.id not in seen:
            found.append(removed(section))
    return PaperDiff(tuple(found), tuple(s.id for s in old), tuple(s.id for s in new))


def apply(old: Sequence[Section], diff: PaperDiff) -> list[Section]:
    """The new version, from the old one and the diff's new side."""
    by_id = {s.id: s for s in old}
    for change in diff.sections:
        if change.kind == REMOVED:
            by_id.pop(change.section_id, None)
        else:
            by_id[change.section_id] = Section(
                change.section_id, new_side(change.title), new_side(change.text)
            )
    return [by_id[i] for i in diff.new_order]
