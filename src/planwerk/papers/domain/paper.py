"""A paper is an ordered list of sections; a frozen version is numbered by lines.

A section has a stable identifier (it keeps it across versions, so that comments and
requirements can point at it), a title and Markdown text. The lines of a version are
the lines of its plain text: per section the title, then every non-blank line of the
text with its Markdown marks taken off. The numbers run on across sections, from 1,
without gaps; they depend on the frozen text only, so they never change for a frozen
version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Line:
    number: int
    section_id: str
    text: str
    heading: bool = False


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
        for shown in plain_lines(section.text):
            lines.append(Line(len(lines) + 1, section.id, shown))
    return lines


def line_ranges(lines: Sequence[Line]) -> dict[str, tuple[int, int]]:
    """Per section: its first and last line number (for "lines 12–14")."""
    ranges: dict[str, tuple[int, int]] = {}
    for line in lines:
        first, _last = ranges.get(line.section_id, (line.number, line.number))
        ranges[line.section_id] = (first, line.number)
    return ranges
