"""Loading a process definition into the database, idempotently.

Loading the same file twice changes nothing. Loading a changed file updates what
the file describes and keeps every membership: a seat category that is no longer
in the file is kept as retired, and whatever no longer fits is reported.
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
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwerk.audit.services import record
from planwerk.bodies.models import (
    Body,
    BodyGroup,
    BodyLead,
    Flow,
    JointVote,
    JointVoteSeat,
    Membership,
    SeatCategory,
    SeatPosition,
    Subtopic,
    TopicChangeRequest,
)
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


def _text(text: d.LocalText) -> Text:
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


class _Sync:
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
    sync = _Sync(report)
    process = Process.objects.filter(slug=definition.slug).first()
    process_values = {
        "name": _text(definition.name),
        "description": _text(definition.description),
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
    _sync_bodies(sync, process, definition, units)

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


def _sync_units(sync: _Sync, process: Process, definition: d.ProcessDefinition) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for unit in definition.units:
        units[unit.slug] = sync.upsert(
            Unit,
            {"process": process, "slug": unit.slug},
            {"kind": unit.kind, "name": _text(unit.name)},
        )
    for unit in definition.units:
        parent = units[unit.parent] if unit.parent else None
        obj = units[unit.slug]
        if obj.parent_id != (parent.pk if parent else None):
            obj.parent = parent
            obj.save(update_fields=["parent"])
            sync.changed(obj)
    return units


def _sync_stages(sync: _Sync, process: Process, definition: d.ProcessDefinition) -> None:
    for order, stage in enumerate(definition.stages):
        obj = sync.upsert(
            Stage,
            {"process": process, "slug": stage.slug},
            {
                "order": order,
                "name": _text(stage.name),
                "product": _text(stage.product),
                "starts": stage.starts,
                "ends": stage.ends,
            },
        )
        for milestone in stage.milestones:
            _sync_milestone(sync, process, obj, milestone)
    for milestone in definition.milestones:
        _sync_milestone(sync, process, None, milestone)


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
    sync: _Sync, process: Process, stage: Stage | None, milestone: d.MilestoneDef
) -> None:
    sync.upsert(
        Milestone,
        {"process": process, "slug": milestone.slug},
        {
            "stage": stage,
            "kind": milestone.kind,
            "name": _text(milestone.name),
            "date": milestone.date,
            "end": milestone.end,
            "approximate": milestone.approximate,
        },
    )


def _sync_bodies(
    sync: _Sync, process: Process, definition: d.ProcessDefinition, units: dict[str, Unit]
) -> None:
    bodies: dict[str, Body] = {}
    for order, body in enumerate(definition.bodies):
        bodies[body.slug] = sync.upsert(
            Body,
            {"process": process, "slug": body.slug},
            {
                "kind": body.kind,
                "order": order,
                "name": _text(body.name),
                "description": _text(body.description),
                "group": body.group or "",
                "lead_committee": body.lead_committee,
                "decision_rules": dict(body.decision_rules),
                "targets": [
                    {"kind": t.kind, "tolerance": t.tolerance, "share": t.share}
                    for t in body.targets
                ],
                "chart_row": body.chart_row,
                "chart_column": body.chart_column,
            },
        )
    for body in definition.bodies:
        obj = bodies[body.slug]
        parent = bodies[body.parent] if body.parent else None
        if obj.parent_id != (parent.pk if parent else None):
            obj.parent = parent
            obj.save(update_fields=["parent"])
            sync.changed(obj)
        _sync_leads(sync, obj, body, units)
        _sync_subtopics(sync, obj, body)
        seats = _sync_seats(sync, obj, body, units, bodies)
        _sync_joint_votes(sync, obj, body, seats)

    for group in definition.groups:
        sync.upsert(
            BodyGroup,
            {"process": process, "slug": group.slug},
            {
                "kind": group.kind,
                "name": _text(group.name),
                "chart_row": group.chart_row,
                "chart_column": group.chart_column,
            },
        )

    sync.by_key(
        Flow.objects.filter(process=process).order_by("order", "pk"),
        lambda f: (f.source, f.target, f.kind),
        [
            ((f.source, f.target, f.kind), {"order": order, "name": _text(f.label)})
            for order, f in enumerate(definition.flows)
        ],
        lambda key, values: Flow.objects.create(
            process=process, source=key[0], target=key[1], kind=key[2], **values
        ),
    )

    obsolete = Body.objects.filter(process=process).exclude(slug__in=list(bodies))
    for body_obj in obsolete:
        sync.report.warnings.append(
            _("Body %(body)s is no longer in the definition; it is kept.") % {"body": body_obj}
        )


def _sync_leads(sync: _Sync, obj: Body, body: d.BodyDef, units: dict[str, Unit]) -> None:
    wanted = {units[s].pk: BodyLead.Role.LEAD for s in body.leads}
    wanted.update({units[s].pk: BodyLead.Role.CO_LEAD for s in body.co_leads})
    current = {lead.unit_id: lead for lead in obj.leads.all()}
    for unit_id, role in wanted.items():
        sync.upsert(BodyLead, {"body": obj, "unit_id": unit_id}, {"role": role})
    for unit_id, lead in current.items():
        if unit_id not in wanted:
            lead.delete()
            sync.report.removed += 1


def _sync_subtopics(sync: _Sync, obj: Body, body: d.BodyDef) -> None:
    wanted = [_text(t) for t in body.subtopics]
    current = [t.name for t in obj.subtopics.all()]
    if wanted == current:
        sync.report.unchanged += len(current)
        return
    agreed = (
        TopicChangeRequest.objects.filter(body=obj, status=TopicChangeRequest.Status.AGREED)
        .order_by("-steering_decision_date", "-pk")
        .first()
    )
    if agreed is not None and [t.exact("de") for t in current] == agreed.proposed_subtopics:
        # The steering group agreed these subtopics (Drucksache 2472/2019, 2.2): a file
        # that still has the old ones must not undo that decision.
        sync.report.unchanged += len(current)
        sync.report.warnings.append(
            _(
                "%(body)s: kept the subtopics the steering group agreed on %(date)s "
                "(%(reference)s); the definition file still has others."
            )
            % {
                "body": obj,
                "date": date_format(agreed.steering_decision_date, "SHORT_DATE_FORMAT")
                if agreed.steering_decision_date
                else "",
                "reference": agreed.steering_reference,
            }
        )
        return
    sync.by_key(
        obj.subtopics.order_by("order", "pk"),
        lambda t: t.name.exact("de"),
        [(name.exact("de"), {"order": order, "name": name}) for order, name in enumerate(wanted)],
        lambda key, values: Subtopic.objects.create(body=obj, **values),
    )


def _sync_seats(
    sync: _Sync,
    obj: Body,
    body: d.BodyDef,
    units: dict[str, Unit],
    bodies: dict[str, Body],
) -> dict[str, SeatCategory]:
    seats: dict[str, SeatCategory] = {}
    for order, seat in enumerate(body.seats):
        category = sync.upsert(
            SeatCategory,
            {"body": obj, "slug": seat.slug},
            {
                "order": order,
                "name": _text(seat.name),
                "min_seats": seat.min,
                "max_seats": seat.max,
                "kinds": list(seat.kinds),
                "votes": seat.votes,
                "chair": seat.chair,
                "elected": seat.elected,
                "delegated_by": bodies.get(seat.delegated_by or ""),
                "retired": False,
            },
        )
        seats[seat.slug] = category
        wanted_units = {units[s].pk for s in seat.units}
        if set(category.units.values_list("pk", flat=True)) != wanted_units:
            category.units.set(wanted_units)
            sync.changed(category)
        for position_order, slug in enumerate(seat.positions):
            sync.upsert(
                SeatPosition,
                {"category": category, "unit": units[slug]},
                {"order": position_order},
            )
        for position in category.positions.exclude(unit__slug__in=seat.positions):
            if position.memberships.exists():
                sync.report.warnings.append(
                    _(
                        "%(seat)s: the named seat %(position)s is no longer in the definition "
                        "but still held; it is kept."
                    )
                    % {"seat": category, "position": position}
                )
            else:
                position.delete()
                sync.report.removed += 1
        # Deputies stand in for members and take no seat of their own; a membership
        # with an end date still to come is held today.
        held = (
            Membership.objects.filter(seat=category, role=Membership.Role.MEMBER)
            .filter(models.Q(end__isnull=True) | models.Q(end__gte=timezone.localdate()))
            .count()
        )
        if held > seat.max:
            sync.report.warnings.append(
                ngettext(
                    "%(seat)s: %(held)d people hold it, but it now has at most %(max)d seat.",
                    "%(seat)s: %(held)d people hold it, but it now has at most %(max)d seats.",
                    seat.max,
                )
                % {"seat": category, "held": held, "max": seat.max}
            )
    for category in obj.seat_categories.exclude(slug__in=list(seats)):
        if category.memberships.exists():
            if not category.retired:
                category.retired = True
                category.save(update_fields=["retired"])
                sync.report.updated += 1
            sync.report.warnings.append(
                _("%(seat)s is no longer in the definition but still held; it is kept as retired.")
                % {"seat": category}
            )
        else:
            category.delete()
            sync.report.removed += 1
    return seats


def _sync_joint_votes(
    sync: _Sync, obj: Body, body: d.BodyDef, seats: dict[str, SeatCategory]
) -> None:
    joint_votes = sync.by_key(
        obj.joint_votes.order_by("pk"),
        lambda jv: jv.name.exact("de"),
        [(joint.name.de, {"name": _text(joint.name)}) for joint in body.joint_votes],
        lambda key, values: JointVote.objects.create(body=obj, **values),
    )
    for joint, jv in zip(body.joint_votes, joint_votes, strict=True):
        wanted = set()
        for ref in joint.seats:
            category = seats[ref.seat]
            position = category.positions.get(unit__slug=ref.position) if ref.position else None
            wanted.add((category.pk, position.pk if position else None, ref == joint.deputy))
        current = {(s.category_id, s.position_id, s.deputy): s for s in jv.seats.all()}
        if set(current) == wanted:
            continue
        for key, seat in current.items():
            if key not in wanted:
                seat.delete()
        for category_id, position_id, deputy in wanted - set(current):
            JointVoteSeat.objects.create(
                joint_vote=jv, category_id=category_id, position_id=position_id, deputy=deputy
            )
        sync.changed(jv)
