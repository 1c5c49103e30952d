"""A paper is an ordered list of sections; a frozen version is numbered by lines.

A section has a stable identifier (it keeps it across versions, so that comments and
requirements can point at it), a title and Markdown text; in a paper with a
structure also its part, the section it stands below, its number in the tree and
the part's fields. The lines of a version are the lines of its plain text: per
section the title, then every non-blank line of the text with its Markdown marks
taken off, then per filled field its name and its lines. The numbers run on across
sections, from 1, without gaps; they depend on the frozen text only, so they never
change for a frozen version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planwerk.papers.domain.paragraphs import paragraphs


@dataclass(frozen=True)
class Field:
    """A filled field of a section's part: its slug, its name, its Markdown text."""

    slug: str
    name: str
    text: str
    kind: str = "text"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    text: str
    part: str = ""
    parent: str | None = None
    number: str = ""
    # How the paper names the section: "Maßnahme 1.2.3" (or its number alone).
    label: str = ""
    fields: tuple[Field, ...] = ()
    # One per paragraph of `text` (see domain.paragraphs); may be empty for old
    # versions.
    paragraph_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Line:
    number: int
    section_id: str
    text: str
    heading: bool = False
    # The identifier of the text paragraph the line belongs to ("" if unknown).
    paragraph: str = ""
    # For the lines of a field: its slug; `field_name` marks the line with its name.
    field: str = ""
    field_name: bool = False


_BLOCK_MARK = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+)")
_INLINE_MARK = re.compile(r"(\*\*|__|\*|`)")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")


def plain(line: str) -> str:
    """One Markdown source line as a reader sees it: marks taken off."""
    text = _BLOCK_MARK.sub("", line, count=1)
    text = _LINK.sub(r"\1", text)
    text = _INLINE_MARK.sub("", text)
    return " ".join(text.split())


def plain_lines(text: str) -> list[str]:
    """The non-blank plain lines of a section's Markdown text."""
    lines = []
    for raw in text.splitlines():
        if _RULE.match(raw):
            continue
        shown = plain(raw)
        if shown:
            lines.append(shown)
    return lines


def number_lines(sections: Iterable[Section]) -> list[Line]:
    """The numbered lines of a paper: 1..n without gaps, across its sections."""
    lines: list[Line] = []
    for section in sections:
        title = " ".join(section.title.split())
        if title:
            lines.append(Line(len(lines) + 1, section.id, title, heading=True))
        ids = section.paragraph_ids
        for index, block in enumerate(paragraphs(section.text)):
            paragraph = ids[index] if index < len(ids) else ""
            for shown in plain_lines(block):
                lines.append(Line(len(lines) + 1, section.id, shown, paragraph=paragraph))
        for field in section.fields:
            shown_lines = plain_lines(field.text)
            if not shown_lines:
                continue
            name = " ".join(field.name.split()) or field.slug
            lines.append(Line(len(lines) + 1, section.id, name, field=field.slug, field_name=True))
            for shown in shown_lines:
                lines.append(Line(len(lines) + 1, section.id, shown, field=field.slug))
    return lines


def line_ranges(lines: Sequence[Line]) -> dict[str, tuple[int, int]]:
    """Per section: its first and last line number (for "lines 12–14")."""
    ranges: dict[str, tuple[int, int]] = {}
    for line in lines:
        first, _last = ranges.get(line.section_id, (line.number, line.number))
        ranges[line.section_id] = (first, line.number)
    return ranges
