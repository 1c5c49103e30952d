"""Storing the bodies part of a process definition: bodies, leads, subtopics, seats,
joint votes, groups of bodies and flows. The process loader calls `sync_bodies`
(registered when the app is ready) inside its transaction."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
from planwerk.processes import definition as d
from planwerk.processes.loader import Sync, text_of
from planwerk.processes.models import Process, Unit


def sync_bodies(
    sync: Sync, process: Process, definition: d.ProcessDefinition, units: dict[str, Unit]
) -> None:
    bodies: dict[str, Body] = {}
    for order, body in enumerate(definition.bodies):
        bodies[body.slug] = sync.upsert(
            Body,
            {"process": process, "slug": body.slug},
            {
                "kind": body.kind,
                "order": order,
                "name": text_of(body.name),
                "description": text_of(body.description),
                "group": body.group or "",
                "lead_committee": body.lead_committee,
                "retreats_min": body.retreats_min,
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
                "name": text_of(group.name),
                "chart_row": group.chart_row,
                "chart_column": group.chart_column,
            },
        )

    sync.by_key(
        Flow.objects.filter(process=process).order_by("order", "pk"),
        lambda f: (f.source, f.target, f.kind),
        [
            (
                (f.source, f.target, f.kind),
                {"order": order, "name": text_of(f.label), "days": f.days, "when": f.when},
            )
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


def _sync_leads(sync: Sync, obj: Body, body: d.BodyDef, units: dict[str, Unit]) -> None:
    wanted = {units[s].pk: BodyLead.Role.LEAD for s in body.leads}
    wanted.update({units[s].pk: BodyLead.Role.CO_LEAD for s in body.co_leads})
    current = {lead.unit_id: lead for lead in obj.leads.all()}
    for unit_id, role in wanted.items():
        sync.upsert(BodyLead, {"body": obj, "unit_id": unit_id}, {"role": role})
    for unit_id, lead in current.items():
        if unit_id not in wanted:
            lead.delete()
            sync.report.removed += 1


def _sync_subtopics(sync: Sync, obj: Body, body: d.BodyDef) -> None:
    wanted = [text_of(t) for t in body.subtopics]
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
    sync: Sync,
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
                "name": text_of(seat.name),
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
    sync: Sync, obj: Body, body: d.BodyDef, seats: dict[str, SeatCategory]
) -> None:
    joint_votes = sync.by_key(
        obj.joint_votes.order_by("pk"),
        lambda jv: jv.name.exact("de"),
        [(joint.name.de, {"name": text_of(joint.name)}) for joint in body.joint_votes],
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
