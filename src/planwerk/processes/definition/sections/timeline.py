"""The timeline: `stages` and `milestones`, inside stages and outside."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from planwerk.processes.definition.reader import Reader, _
from planwerk.processes.definition.schema import (
    FIELD_KINDS,
    MILESTONE_KINDS,
    FieldDef,
    MilestoneDef,
    PartDef,
    StageDef,
)
from planwerk.processes.definition.sections.common import unique
from planwerk.processes.yamlsource import LineDict, LineList


def unique_milestones(r: Reader, data: LineDict) -> None:
    """Milestone slugs are unique in the whole process, inside stages and outside."""
    found: list[tuple[LineList, int, str, Any]] = []
    stages = data.get("stages")
    for si, stage in enumerate(stages if isinstance(stages, LineList) else []):
        inner = stage.get("milestones") if isinstance(stage, LineDict) else None
        if isinstance(inner, LineList):
            found.extend((inner, i, f"stages[{si}].milestones", m) for i, m in enumerate(inner))
    outer = data.get("milestones")
    if isinstance(outer, LineList):
        found.extend((outer, i, "milestones", m) for i, m in enumerate(outer))
    seen: set[str] = set()
    for items, index, path, item in found:
        slug = item.get("slug") if isinstance(item, LineDict) else None
        if isinstance(slug, str) and slug in seen:
            r.problem(
                items.line_of(index),
                f"{path}[{index}].slug",
                _("{slug!r} is used twice").format(slug=slug),
            )
        if isinstance(slug, str):
            seen.add(slug)


# Where a milestone's `after` was written, for the problems found when it is resolved:
# slug → (line, path of the milestone).
Anchors = dict[str, tuple[int, str]]


def parse_milestone(
    r: Reader, raw: Any, line: int, path: str, anchors: Anchors | None = None
) -> MilestoneDef | None:
    item = r.mapping(raw, line, path)
    if item is None:
        return None
    r.known_keys(
        item, path, ("slug", "date", "end", "kind", "name", "approximate", "after", "days")
    )
    follows = "after" in item
    # A milestone that follows another may leave out its date: it is computed.
    date = r.date(item, "date", path, required=not follows)
    end = r.date(item, "end", path, required=False)
    if date and end and end < date:
        r.problem(
            item.line_of("end"),
            f"{path}.end",
            _("ends before it starts ({end} < {start})").format(end=end, start=date),
        )
    kind = r.choice(item, "kind", path, MILESTONE_KINDS) if "kind" in item else "milestone"
    after = r.slug(item, "after", path) if follows else ""
    days = r.count(item, "days", path, default=0) or 0
    if "days" in item and not follows:
        r.problem(item.line_of("days"), f"{path}.days", _("needs `after`: days after what?"))
    slug = r.slug(item, "slug", path)
    if after and anchors is not None:
        anchors[slug] = (item.line_of("after"), path)
    return MilestoneDef(
        slug=slug,
        date=date or dt.date.min,
        name=r.local_text(item, "name", path),
        kind=kind,
        end=end,
        approximate=r.flag(item, "approximate", path),
        after=after,
        days=days,
    )


def resolve_after(
    r: Reader,
    stages: tuple[StageDef, ...],
    outer: tuple[MilestoneDef, ...],
    anchors: Anchors,
) -> tuple[tuple[StageDef, ...], tuple[MilestoneDef, ...]]:
    """The milestones with `after` get their date: the last day of what they follow
    (a stage's end; a milestone's end, else its date) plus `days`. A date written in
    the file must agree with it. Unknown, ambiguous and circular `after` are problems."""
    ends = {s.slug: s.ends for s in stages}
    milestones = {m.slug: m for m in (*outer, *(m for s in stages for m in s.milestones))}
    resolved: dict[str, MilestoneDef] = {}
    failed: set[str] = set()
    # Dates computed from a stage that ends before it starts (already a problem) are
    # not compared with the file's: one mistake, one problem.
    doubtful = {s.slug for s in stages if s.ends < s.starts}

    def last_day(slug: str, seen: tuple[str, ...]) -> dt.date | None:
        if slug in ends:
            return ends[slug]
        milestone = resolve(slug, seen)
        if milestone is None:
            return None
        return milestone.end or milestone.date

    def resolve(slug: str, seen: tuple[str, ...] = ()) -> MilestoneDef | None:
        if slug in resolved:
            return resolved[slug]
        if slug in failed:
            return None
        milestone = milestones[slug]
        if not milestone.after:
            resolved[slug] = milestone
            return milestone
        line, path = anchors.get(slug, (0, "milestones"))
        where = f"{path}.after"
        if milestone.after in seen or milestone.after == slug:
            chain = " → ".join((*seen, slug, milestone.after))
            r.problem(line, where, _("follows itself ({chain})").format(chain=chain))
            failed.add(slug)
            return None
        if milestone.after in ends and milestone.after in milestones:
            r.problem(
                line,
                where,
                _("{slug!r} names a stage and a milestone; rename one of them").format(
                    slug=milestone.after
                ),
            )
            failed.add(slug)
            return None
        if milestone.after not in ends and milestone.after not in milestones:
            r.problem(
                line,
                where,
                _("unknown stage or milestone {slug!r}").format(slug=milestone.after),
            )
            failed.add(slug)
            return None
        anchor = last_day(milestone.after, (*seen, slug))
        if anchor is None:
            failed.add(slug)
            return None
        if milestone.after in doubtful:
            doubtful.add(slug)
        computed = anchor + dt.timedelta(days=milestone.days)
        trusted = slug not in doubtful
        if trusted and milestone.date not in (dt.date.min, computed):
            r.problem(
                line,
                f"{path}.date",
                _(
                    "is {date}, but {days} days after {after!r} is {computed}; "
                    "correct the date or leave it out"
                ).format(
                    date=milestone.date,
                    days=milestone.days,
                    after=milestone.after,
                    computed=computed,
                ),
            )
        if trusted and milestone.end is not None and milestone.end < computed:
            r.problem(
                line,
                f"{path}.end",
                _("ends before it starts ({end} < {start})").format(
                    end=milestone.end, start=computed
                ),
            )
        resolved[slug] = replace(milestone, date=computed)
        return resolved[slug]

    for slug in milestones:
        resolve(slug)

    def done(m: MilestoneDef) -> MilestoneDef:
        return resolved.get(m.slug, m)

    return (
        tuple(replace(s, milestones=tuple(done(m) for m in s.milestones)) for s in stages),
        tuple(done(m) for m in outer),
    )


def _parse_field(r: Reader, raw: Any, line: int, path: str) -> FieldDef | None:
    item = r.mapping(raw, line, path)
    if item is None:
        return None
    r.known_keys(item, path, ("slug", "name", "kind"))
    kind = r.choice(item, "kind", path, FIELD_KINDS) if "kind" in item else "text"
    return FieldDef(
        slug=r.slug(item, "slug", path), name=r.local_text(item, "name", path), kind=kind
    )


def _parse_parts(
    r: Reader, owner: LineDict, key: str, path: str, seen: dict[str, str]
) -> tuple[PartDef, ...]:
    """The parts listed under `owner[key]`, their children within. A part's slug names
    it in the stage's paper, so it is used once in the whole tree (`seen`: slug → path
    of its first use)."""
    items = r.sequence(owner[key], owner.line_of(key), f"{path}.{key}")
    parts = []
    for index, raw in enumerate(items or []):
        where = f"{path}.{key}[{index}]"
        item = r.mapping(raw, items.line_of(index) if items else 0, where)
        if item is None:
            continue
        r.known_keys(item, where, ("slug", "name", "fields", "children"))
        slug = r.slug(item, "slug", where)
        if slug in seen:
            r.problem(
                item.line_of("slug"),
                f"{where}.slug",
                _("{slug!r} is used twice (first at {path})").format(slug=slug, path=seen[slug]),
            )
        elif slug:
            seen[slug] = where
        fields: list[FieldDef] = []
        field_slugs: list[tuple[int, str]] = []
        if "fields" in item:
            raw_fields = r.sequence(item["fields"], item.line_of("fields"), f"{where}.fields")
            for fi, raw_field in enumerate(raw_fields or []):
                parsed = _parse_field(
                    r,
                    raw_field,
                    raw_fields.line_of(fi) if raw_fields else 0,
                    f"{where}.fields[{fi}]",
                )
                if parsed:
                    fields.append(parsed)
                    field_slugs.append((fi, parsed.slug))
            if raw_fields is not None:
                unique(r, raw_fields, field_slugs, f"{where}.fields")
        children = _parse_parts(r, item, "children", where, seen) if "children" in item else ()
        parts.append(PartDef(slug, r.local_text(item, "name", where), tuple(fields), children))
    return tuple(parts)


def parse_stages(r: Reader, data: LineDict, anchors: Anchors | None = None) -> tuple[StageDef, ...]:
    if "stages" not in data:
        return ()
    items = r.sequence(data["stages"], data.line_of("stages"), "stages")
    stages = []
    indices: list[int] = []
    for index, raw in enumerate(items or []):
        path = f"stages[{index}]"
        item = r.mapping(raw, items.line_of(index) if items else 0, path)
        if item is None:
            continue
        indices.append(index)
        r.known_keys(
            item, path, ("slug", "name", "product", "starts", "ends", "milestones", "structure")
        )
        starts = r.date(item, "starts", path)
        ends = r.date(item, "ends", path)
        if starts and ends and ends < starts:
            r.problem(
                item.line_of("ends"),
                f"{path}.ends",
                _("ends before it starts ({end} < {start})").format(end=ends, start=starts),
            )
        milestones: list[MilestoneDef] = []
        if "milestones" in item:
            raw_ms = r.sequence(item["milestones"], item.line_of("milestones"), path)
            for mi, m in enumerate(raw_ms or []):
                parsed = parse_milestone(
                    r, m, raw_ms.line_of(mi) if raw_ms else 0, f"{path}.milestones[{mi}]", anchors
                )
                if parsed:
                    milestones.append(parsed)
        stages.append(
            StageDef(
                slug=r.slug(item, "slug", path),
                name=r.local_text(item, "name", path),
                product=r.local_text(item, "product", path, required=False, limit=None),
                starts=starts or dt.date.min,
                ends=ends or dt.date.min,
                milestones=tuple(milestones),
                structure=_parse_parts(r, item, "structure", path, {})
                if "structure" in item
                else (),
            )
        )
    if items is not None:
        unique(r, items, zip(indices, (s.slug for s in stages), strict=True), "stages")
    return tuple(stages)
