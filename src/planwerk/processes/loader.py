"""Loading a process definition into the database, idempotently.

Loading the same file twice changes nothing. Loading a changed file updates what
the file describes and keeps every membership: a seat category that is no longer
in the file is kept as retired, and whatever no longer fits is reported.

This module stores the process, its units, stages and milestones; other apps store
their part of the definition through a registered part (`register_part`): the
bodies app its bodies, seats and flows (its module `loading`).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planwerk.audit.services import record
from planwerk.core.text import Text, language_codes
from planwerk.processes import definition as d
from planwerk.processes.models import Milestone, Process, Stage, Unit

M = TypeVar("M", bound=models.Model)


@dataclass
class LoadReport:
    process: Process | None = None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


def read_definition(path: str | Path) -> d.ProcessDefinition:
    d.set_translator(_)
    return d.load_definition_file(path, language_codes())


def text_of(text: d.LocalText) -> Text:
    return Text(text.as_dict())


def load_process_file(path: str | Path, actor: str | None = None) -> LoadReport:
    definition = read_definition(path)
    raw = Path(path).read_bytes()
    return load_process(
        definition,
        source_file=str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
        actor=actor,
    )


class Sync:
    """Creates or updates rows and counts what really changed."""

    def __init__(self, report: LoadReport) -> None:
        self.report = report
        self.new: set[tuple[type[models.Model], Any]] = set()

    def changed(self, obj: models.Model) -> None:
        """Count a later change to `obj` (a parent, a set of units): a row created by
        this same load was counted once, as created, and is not also "updated"."""
        if (type(obj), obj.pk) not in self.new:
            self.report.updated += 1

    def by_key(
        self,
        existing: Iterable[M],
        key_of: Callable[[M], Hashable],
        wanted: list[tuple[Hashable, dict[str, Any]]],
        create: Callable[[Any, dict[str, Any]], M],
    ) -> list[M]:
        """Bring rows without a slug in line with the file, matching them by a natural
        key: a matched row is updated in place (and keeps its id and public
        identifier), a new one is created, and one no longer in the file is deleted."""
        pool: dict[Hashable, list[M]] = defaultdict(list)
        for obj in existing:
            pool[key_of(obj)].append(obj)
        result = []
        for key, values in wanted:
            if pool.get(key):
                obj = pool[key].pop(0)
                changed = [k for k, v in values.items() if getattr(obj, k) != v]
                if changed:
                    for name in changed:
                        setattr(obj, name, values[name])
                    obj.save(update_fields=changed)
                    self.report.updated += 1
                else:
                    self.report.unchanged += 1
            else:
                obj = create(key, values)
                self.new.add((type(obj), obj.pk))
                self.report.created += 1
            result.append(obj)
        for leftovers in pool.values():
            for obj in leftovers:
                obj.delete()
                self.report.removed += 1
        return result

    def upsert(
        self, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
    ) -> Any:
        # The base manager sees rows marked as deleted too: a body back in the file
        # is the same body again, with its public identifier.
        obj = model._base_manager.filter(**lookup).first()
        if obj is None:
            self.report.created += 1
            obj = model._default_manager.create(**lookup, **values)
            self.new.add((model, obj.pk))
            return obj
        if getattr(obj, "deleted", None) is not None:
            values = {**values, "deleted": None}
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if changed:
            for key in changed:
                setattr(obj, key, values[key])
            obj.save(update_fields=changed)
            self.report.updated += 1
        else:
            self.report.unchanged += 1
        return obj


# What other apps store of a definition (the bodies app: bodies, seats, flows): each
# part is called with the sync, the process, the definition and the units by slug,
# inside the load's transaction, in the order the apps registered them.
Part = Callable[[Sync, Process, d.ProcessDefinition, dict[str, Unit]], None]
PARTS: list[Part] = []


def register_part(part: Part) -> None:
    if part not in PARTS:
        PARTS.append(part)


@transaction.atomic
def load_process(
    definition: d.ProcessDefinition,
    *,
    source_file: str = "",
    sha256: str = "",
    actor: str | None = None,
) -> LoadReport:
    """Bring the database in line with `definition`. A load that changes something
    (or reads a changed file) is written to the audit log as `process.loaded`, by
    `actor` (None: the system)."""
    report = LoadReport()
    sync = Sync(report)
    process = Process.objects.filter(slug=definition.slug).first()
    process_values = {
        "name": text_of(definition.name),
        "description": text_of(definition.description),
        "source": definition.source,
        "deputies_per_member": definition.deputies_per_member,
    }
    process = sync.upsert(Process, {"slug": definition.slug}, process_values)
    report.process = process

    units = _sync_units(sync, process, definition)
    coordinating = units.get(definition.coordinating_unit or "")
    if process.coordinating_unit_id != (coordinating.pk if coordinating else None):
        process.coordinating_unit = coordinating
        process.save(update_fields=["coordinating_unit"])
        sync.changed(process)

    _sync_stages(sync, process, definition)
    _report_leftovers(report, process, definition)
    for part in PARTS:
        part(sync, process, definition, units)

    if report.changed or process.definition_sha256 != sha256:
        process.definition_file = source_file
        process.definition_sha256 = sha256
        process.loaded_at = timezone.now()
        process.save(update_fields=["definition_file", "definition_sha256", "loaded_at"])
        record(
            "process.loaded",
            actor=actor,
            obj=process,
            payload={
                "slug": process.slug,
                "file": source_file,
                "sha256": sha256,
                "created": report.created,
                "updated": report.updated,
                "removed": report.removed,
                "warnings": report.warnings,
            },
        )
    return report


def _sync_units(sync: Sync, process: Process, definition: d.ProcessDefinition) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for unit in definition.units:
        units[unit.slug] = sync.upsert(
            Unit,
            {"process": process, "slug": unit.slug},
            {"kind": unit.kind, "name": text_of(unit.name)},
        )
    for unit in definition.units:
        parent = units[unit.parent] if unit.parent else None
        obj = units[unit.slug]
        if obj.parent_id != (parent.pk if parent else None):
            obj.parent = parent
            obj.save(update_fields=["parent"])
            sync.changed(obj)
    return units


def _sync_stages(sync: Sync, process: Process, definition: d.ProcessDefinition) -> None:
    for order, stage in enumerate(definition.stages):
        values = {
            "order": order,
            "name": text_of(stage.name),
            "product": text_of(stage.product),
            "starts": stage.starts,
            "ends": stage.ends,
            "structure": [part.as_json() for part in stage.structure],
        }
        obj = sync.upsert(
            Stage,
            {"process": process, "slug": stage.slug},
            _keep_moved(sync.report, Stage, process, stage.slug, values, ("starts", "ends")),
        )
        for milestone in stage.milestones:
            _sync_milestone(sync, process, obj, milestone)
    for milestone in definition.milestones:
        _sync_milestone(sync, process, None, milestone)


def _keep_moved(
    report: LoadReport,
    model: type[Stage] | type[Milestone],
    process: Process,
    slug: str,
    values: dict[str, Any],
    dates: tuple[str, ...],
) -> dict[str, Any]:
    """The coordination's planning wins over the file: the dates of a stage or
    milestone it has moved (`moved_at`) are kept, and a file that says otherwise is
    named in the report."""
    row = model.objects.filter(process=process, slug=slug, moved_at__isnull=False).first()
    if row is None:
        return values
    if any(getattr(row, name) != values[name] for name in dates):
        report.warnings.append(
            _(
                "%(what)s: the coordination moved its dates on %(day)s; they are kept, "
                "the file's dates are not used."
            )
            % {
                "what": row,
                "day": timezone.localtime(row.moved_at).date().isoformat(),
            }
        )
    return {k: v for k, v in values.items() if k not in dates}


def _report_leftovers(
    report: LoadReport, process: Process, definition: d.ProcessDefinition
) -> None:
    """Units, stages and milestones no longer in the file are kept (others may refer
    to them) and named, so that the operator can decide."""
    milestones = {m.slug for m in definition.milestones} | {
        m.slug for stage in definition.stages for m in stage.milestones
    }
    leftovers: list[tuple[models.QuerySet[Any], set[str], str]] = [
        (Unit.objects.all(), {u.slug for u in definition.units}, _("Unit %(name)s")),
        (Stage.objects.all(), {st.slug for st in definition.stages}, _("Stage %(name)s")),
        (Milestone.objects.all(), milestones, _("Milestone %(name)s")),
    ]
    for queryset, wanted, label in leftovers:
        for obj in queryset.filter(process=process).exclude(slug__in=wanted):
            report.warnings.append(
                _("%(what)s is no longer in the definition; it is kept.")
                % {"what": label % {"name": obj}}
            )


def _sync_milestone(
    sync: Sync, process: Process, stage: Stage | None, milestone: d.MilestoneDef
) -> None:
    values = {
        "stage": stage,
        "kind": milestone.kind,
        "name": text_of(milestone.name),
        "date": milestone.date,
        "end": milestone.end,
        "approximate": milestone.approximate,
        "after": milestone.after,
        "after_days": milestone.days,
    }
    sync.upsert(
        Milestone,
        {"process": process, "slug": milestone.slug},
        _keep_moved(sync.report, Milestone, process, milestone.slug, values, ("date", "end")),
    )
