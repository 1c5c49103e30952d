"""What a stage's paper holds: its parts, and the tree of sections built from them.

The process definition gives a stage a `structure`, a tree of parts (a goal, below
it intermediate goals, below those measures with their fields); the stage keeps it
as JSON. A section names its part and the section it stands below. A section
without a part is a free section: a paper without a structure has only those, a
paper with one may have them at its top level (an introduction, say).

Sections are numbered in the tree, per part among their siblings: "Ziel 1",
"Mittlerziel 1.2", "Maßnahme 1.2.3". No Django here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

FIELD_KINDS = ("text", "lines")


@dataclass(frozen=True)
class FieldSpec:
    slug: str
    name: Mapping[str, str]
    kind: str = "text"


@dataclass(frozen=True)
class PartSpec:
    slug: str
    name: Mapping[str, str]
    fields: tuple[FieldSpec, ...] = ()
    children: tuple[PartSpec, ...] = ()


@dataclass(frozen=True)
class Structure:
    """The parts of a paper, read from the JSON a stage keeps."""

    parts: tuple[PartSpec, ...] = ()

    @classmethod
    def of(cls, data: Any) -> Structure:
        return cls(tuple(_part(p) for p in data or () if isinstance(p, Mapping)))

    @property
    def free(self) -> bool:
        """No structure: the paper is a list of free sections."""
        return not self.parts

    def find(self, slug: str) -> PartSpec | None:
        stack = list(self.parts)
        while stack:
            part = stack.pop()
            if part.slug == slug:
                return part
            stack.extend(part.children)
        return None

    def allowed(self, parent_part: str | None) -> tuple[PartSpec, ...]:
        """The parts a new section may have: at the top level (`parent_part` None)
        the top-level parts, below a section the children of its part (nothing below
        a free section or a part without children)."""
        if parent_part is None:
            return self.parts
        found = self.find(parent_part) if parent_part else None
        return found.children if found else ()

    def fits(self, part: str, parent_part: str | None) -> bool:
        """May a section of `part` ("" for a free one) stand there?"""
        if part == "":
            return parent_part is None
        return any(p.slug == part for p in self.allowed(parent_part))


def _text(value: Any) -> Mapping[str, str]:
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items()}
    return {"de": str(value)} if value else {}


def _part(data: Mapping[str, Any]) -> PartSpec:
    fields = tuple(
        FieldSpec(str(f.get("slug", "")), _text(f.get("name")), str(f.get("kind") or "text"))
        for f in data.get("fields") or ()
        if isinstance(f, Mapping)
    )
    children = tuple(_part(c) for c in data.get("children") or () if isinstance(c, Mapping))
    return PartSpec(str(data.get("slug", "")), _text(data.get("name")), fields, children)


@dataclass(frozen=True)
class Node:
    """A section as the tree sees it."""

    id: str
    part: str = ""
    parent: str | None = None


@dataclass(frozen=True)
class Placed:
    id: str
    number: str
    depth: int


def tree_order(nodes: Sequence[Node]) -> list[Placed]:
    """The sections depth first, each below its parent, siblings in the given order,
    numbered per part among siblings ("1.2.3"). A section whose parent is missing
    stands at the top level."""
    ids = {n.id for n in nodes}
    children: dict[str | None, list[Node]] = {}
    for node in nodes:
        parent = node.parent if node.parent in ids and node.parent != node.id else None
        children.setdefault(parent, []).append(node)
    placed: list[Placed] = []
    seen: set[str] = set()

    def walk(parent: str | None, prefix: str, depth: int) -> None:
        counts: dict[str, int] = {}
        for node in children.get(parent, []):
            if node.id in seen:  # a cycle: show it once
                continue
            seen.add(node.id)
            counts[node.part] = counts.get(node.part, 0) + 1
            number = f"{prefix}{counts[node.part]}"
            placed.append(Placed(node.id, number, depth))
            walk(node.id, f"{number}.", depth + 1)

    walk(None, "", 0)
    # Sections caught in a cycle of parents (not reachable from the top) come last.
    for node in nodes:
        if node.id not in seen:
            seen.add(node.id)
            placed.append(Placed(node.id, str(len(placed) + 1), 0))
    return placed


def label(part_name: str, number: str) -> str:
    """How a section is named in the paper: "Maßnahme 1.2.3", or "1" for a free one."""
    return f"{part_name} {number}" if part_name else number


def name_in(texts: Mapping[str, str], language: str, fallback: str) -> str:
    """A part's or field's name in `language`, else German, else `fallback`."""
    base = language.split("-")[0]
    return texts.get(language) or texts.get(base) or texts.get("de") or fallback


# -- measures: the parts at the bottom of the tree ----------------------------------
def leaf_parts(structure: Iterable[Mapping[str, Any]]) -> set[str]:
    """The slugs of the parts without children in a stage's structure (its JSON)."""
    found: set[str] = set()
    stack = [p for p in structure if isinstance(p, Mapping)]
    while stack:
        part = stack.pop()
        children = [c for c in part.get("children") or () if isinstance(c, Mapping)]
        if children:
            stack.extend(children)
        else:
            found.add(str(part.get("slug") or ""))
    return found


def measures(
    sections: Iterable[Mapping[str, Any]], structure: Iterable[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """The measure-like sections of a snapshot: those whose part has no children in
    the stage's structure; in a paper without structure, every section."""
    structure = list(structure or ())
    items = list(sections)
    if not structure:
        return items
    leaves = leaf_parts(structure)
    return [s for s in items if s.get("part") and s.get("part") in leaves]
