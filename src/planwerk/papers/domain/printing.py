"""A paper laid out for print: parts (one per version) of sections with numbered lines.

A printed paper is one or more parts, each the frozen sections of one version: a
single version is one part, the stage's paper is one part per expert group. The line
numbers run on from 1 across every section of every part, without gaps, exactly as
`paper.number_lines` numbers one version; a single version's print therefore has the
numbers of its page.

Frozen sections are read from the JSON a version holds with defaults for every key,
so that sections frozen before a key existed (or after one was added) still print.
Besides id, title and text a section may carry a `number` (shown before the title)
and `fields` (named texts, printed after the lines, each with its name).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from planwerk.papers.domain.paper import Line, Section, number_lines


@dataclass(frozen=True)
class Entry:
    """One frozen section as a version holds it."""

    section: Section
    number: str = ""
    fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PartSource:
    """What one part of a printed paper is made of: a heading and frozen sections."""

    title: str
    subtitle: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class PrintedSection:
    id: str
    title: str
    number: str
    heading: Line | None
    lines: tuple[Line, ...]
    fields: tuple[tuple[str, str], ...]

    @property
    def first(self) -> int | None:
        numbers = self.numbers()
        return numbers[0] if numbers else None

    @property
    def last(self) -> int | None:
        numbers = self.numbers()
        return numbers[-1] if numbers else None

    @property
    def labelled_fields(self) -> list[tuple[str, str]]:
        return [(field_label(name), value) for name, value in self.fields]

    def numbers(self) -> list[int]:
        head = [self.heading.number] if self.heading else []
        return head + [line.number for line in self.lines]


@dataclass(frozen=True)
class PrintedPart:
    title: str
    subtitle: str
    sections: tuple[PrintedSection, ...]

    @property
    def first(self) -> int | None:
        firsts = [s.first for s in self.sections if s.first is not None]
        return firsts[0] if firsts else None

    @property
    def last(self) -> int | None:
        lasts = [s.last for s in self.sections if s.last is not None]
        return lasts[-1] if lasts else None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def field_label(slug: str) -> str:
    """A field's name for print from its slug: "target_group" → "Target group"."""
    words = " ".join(slug.replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:]


def entry_of(raw: Mapping[str, Any]) -> Entry:
    """A frozen section from the JSON a version holds; every key may be missing."""
    fields_raw = raw.get("fields") or {}
    fields: tuple[tuple[str, str], ...] = ()
    if isinstance(fields_raw, Mapping):
        fields = tuple(
            (_text(name), _text(value))
            for name, value in fields_raw.items()
            if _text(value).strip()
        )
    section = Section(_text(raw.get("id")), _text(raw.get("title")), _text(raw.get("text")))
    return Entry(section, _text(raw.get("number")), fields)


def entries_of(snapshot: Iterable[Any]) -> tuple[Entry, ...]:
    return tuple(entry_of(raw) for raw in snapshot if isinstance(raw, Mapping))


def number_parts(parts: Sequence[PartSource]) -> list[PrintedPart]:
    """The parts with their lines numbered on from 1 across the whole paper."""
    printed: list[PrintedPart] = []
    count = 0
    for part in parts:
        sections: list[PrintedSection] = []
        for entry in part.entries:
            lines = [
                replace(line, number=line.number + count) for line in number_lines([entry.section])
            ]
            count += len(lines)
            heading = next((line for line in lines if line.heading), None)
            sections.append(
                PrintedSection(
                    id=entry.section.id,
                    title=entry.section.title,
                    number=entry.number,
                    heading=heading,
                    lines=tuple(line for line in lines if not line.heading),
                    fields=entry.fields,
                )
            )
        printed.append(PrintedPart(part.title, part.subtitle, tuple(sections)))
    return printed
