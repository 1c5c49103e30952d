"""A draft's sections as a paper: in the tree, numbered, with the names of their
parts and fields, frozen as JSON for a version and read back in any language.

A version's `sections` holds, per section, in the order of the tree:
`id`, `title`, `text`, `part` (slug, "" for a free section), `part_name`
({language: name}), `parent` (the parent section's id or None), `number`
("1.2.3"), `fields` (a list of `slug`, `name` ({language: name}), `kind`, `text`,
only fields with text, in the order of the definition) and `paragraph_ids` (one per
paragraph of the text). Versions frozen before the structure existed hold only
`id`, `title` and `text`; they are read with empty defaults.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import get_language

from planwerk.papers.domain.paper import Field
from planwerk.papers.domain.paper import Section as PaperSection
from planwerk.papers.domain.structure import Node, Structure, label, name_in, tree_order

if TYPE_CHECKING:
    from planwerk.papers.models import Section


def in_tree(sections: Iterable[Section]) -> list[tuple[Section, str, int]]:
    """The sections depth first, each with its number and depth."""
    items = list(sections)
    uuid_of: dict[int | None, str] = {s.pk: str(s.uuid) for s in items}
    by_id = {str(s.uuid): s for s in items}
    nodes = [Node(str(s.uuid), s.part, uuid_of.get(s.parent_id)) for s in items]
    return [(by_id[p.id], p.number, p.depth) for p in tree_order(nodes)]


def snapshot(sections: Iterable[Section], structure: Structure) -> list[dict[str, Any]]:
    """The sections as a version freezes them (see the module's docstring)."""
    items = list(sections)
    uuid_of: dict[int | None, str] = {s.pk: str(s.uuid) for s in items}
    frozen = []
    for section, number, _depth in in_tree(items):
        part = structure.find(section.part) if section.part else None
        values = section.fields or {}
        specs = list(part.fields) if part else []
        known = {f.slug for f in specs}
        fields = [
            {"slug": f.slug, "name": dict(f.name), "kind": f.kind, "text": values[f.slug]}
            for f in specs
            if str(values.get(f.slug) or "").strip()
        ]
        # A field the definition no longer has keeps its text, under its slug.
        fields += [
            {"slug": slug, "name": {}, "kind": "text", "text": text}
            for slug, text in values.items()
            if slug not in known and str(text or "").strip()
        ]
        frozen.append(
            {
                "id": str(section.uuid),
                "title": section.title,
                "text": section.text,
                "part": section.part,
                "part_name": dict(part.name) if part else {},
                "parent": uuid_of.get(section.parent_id),
                "number": number,
                "fields": fields,
                "paragraph_ids": list(section.paragraph_ids or []),
            }
        )
    return frozen


def paper(frozen: Iterable[Mapping[str, Any]], language: str | None = None) -> list[PaperSection]:
    """A frozen (or freshly taken) snapshot as the pure core sees it, with the names
    of parts and fields in `language` (default: the active one)."""
    language = language or get_language() or "de"
    result = []
    for item in frozen:
        part = str(item.get("part") or "")
        part_name = name_in(item.get("part_name") or {}, language, part)
        number = str(item.get("number") or "")
        fields = tuple(
            Field(
                str(f.get("slug", "")),
                name_in(f.get("name") or {}, language, str(f.get("slug", ""))),
                str(f.get("text") or ""),
                str(f.get("kind") or "text"),
            )
            for f in item.get("fields") or ()
        )
        result.append(
            PaperSection(
                id=str(item["id"]),
                title=str(item.get("title") or ""),
                text=str(item.get("text") or ""),
                part=part,
                parent=item.get("parent") or None,
                number=number,
                label=label(part_name, number) if number else "",
                fields=fields,
                paragraph_ids=tuple(str(i) for i in item.get("paragraph_ids") or ()),
            )
        )
    return result
