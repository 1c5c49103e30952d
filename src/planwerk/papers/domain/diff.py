"""A readable diff of two versions of a paper, by section, with words marked.

Sections are matched by their stable identifier: a section only in the new version
is added, one only in the old is removed, one in both whose title, text or fields
differ is changed. Within a changed section, difflib marks the words of the title,
the text and each field (whitespace kept, so that the new side joined gives exactly
the new text). A section that only moved (another place, another number) is not
changed; the paper notes once that the order changed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from planwerk.papers.domain.paper import Field, Section

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
class FieldDiff:
    slug: str
    name: str
    text: tuple[Piece, ...]


@dataclass(frozen=True)
class SectionDiff:
    section_id: str
    kind: str  # added, removed or changed
    old: Section | None
    new: Section | None
    title: tuple[Piece, ...]
    text: tuple[Piece, ...]
    fields: tuple[FieldDiff, ...] = ()

    @property
    def label(self) -> str:
        shown = self.new or self.old
        return shown.label if shown else ""


@dataclass(frozen=True)
class PaperDiff:
    sections: tuple[SectionDiff, ...]
    old_order: tuple[str, ...]
    new_order: tuple[str, ...]
    # Every section of the new version with its texts emptied: where it stands
    # (part, parent, number) and its other keys, for `apply`.
    new_places: tuple[Section, ...] = ()
    old_places: tuple[Section, ...] = ()

    @property
    def reordered(self) -> bool:
        kept = [i for i in self.old_order if i in set(self.new_order)]
        if kept != [i for i in self.new_order if i in set(self.old_order)]:
            return True
        before = {s.id: (s.parent, s.number) for s in self.old_places}
        return any(
            before.get(s.id, (s.parent, s.number)) != (s.parent, s.number) for s in self.new_places
        )

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


def _fields_of(section: Section | None) -> dict[str, Field]:
    return {f.slug: f for f in section.fields} if section else {}


def _field_texts(section: Section) -> dict[str, str]:
    return {f.slug: f.text for f in section.fields}


def diff_fields(old: Section | None, new: Section | None) -> tuple[FieldDiff, ...]:
    """The fields that differ, in the new section's order, then those only in the old."""
    before, after = _fields_of(old), _fields_of(new)
    found = []
    for slug in [*after, *(s for s in before if s not in after)]:
        a, b = before.get(slug), after.get(slug)
        if a is not None and b is not None and a.text == b.text:
            continue
        shown = b or a
        name = shown.name if shown else slug
        found.append(FieldDiff(slug, name, diff_words(a.text if a else "", b.text if b else "")))
    return tuple(found)


def _place(section: Section) -> Section:
    return replace(
        section, title="", text="", fields=tuple(replace(f, text="") for f in section.fields)
    )


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
            diff_fields(section, None),
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
                    diff_fields(None, section),
                )
            )
        elif (
            before.title != section.title
            or before.text != section.text
            or _field_texts(before) != _field_texts(section)
        ):
            found.append(
                SectionDiff(
                    section.id,
                    CHANGED,
                    before,
                    section,
                    diff_words(before.title, section.title),
                    diff_words(before.text, section.text),
                    diff_fields(before, section),
                )
            )
    seen = {d.section_id for d in found}
    for section in old:
        if section.id not in new_by_id and section.id not in seen:
            found.append(removed(section))
    return PaperDiff(
        tuple(found),
        tuple(s.id for s in old),
        tuple(s.id for s in new),
        tuple(_place(s) for s in new),
        tuple(_place(s) for s in old),
    )


def apply(old: Sequence[Section], diff: PaperDiff) -> list[Section]:
    """The new version, from the old one and the diff's new side."""
    by_id = {s.id: s for s in old}
    changes = {c.section_id: c for c in diff.sections}
    result = []
    for place in diff.new_places:
        before = by_id.get(place.id)
        change = changes.get(place.id)
        texts = {f.slug: f.text for f in before.fields} if before else {}
        if change is not None:
            texts.update({f.slug: new_side(f.text) for f in change.fields})
        result.append(
            replace(
                place,
                title=new_side(change.title) if change else before.title,  # type: ignore[union-attr]
                text=new_side(change.text) if change else before.text,  # type: ignore[union-attr]
                fields=tuple(replace(f, text=texts.get(f.slug, "")) for f in place.fields),
            )
        )
    return result
