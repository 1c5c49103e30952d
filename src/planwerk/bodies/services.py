"""What users do with bodies: appoint and end memberships, nominate, change topics.

Each function is one transaction: it checks permission and invariants, changes the
data and writes the audit entry. Problems raise ValidationError with a message
that names the field and says what would be right; nothing is saved then.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwerk.audit.services import actor_name_of, record
from planwerk.bodies import tasks
from planwerk.bodies.models import (
    Body,
    BodyLead,
    Membership,
    Nomination,
    Person,
    SeatCategory,
    SeatPosition,
    Subtopic,
    TopicChangeRequest,
)
from planwerk.bodies.queries import current_q, today, unit_chains
from planwerk.core.roles import dezernat_unit_ids, is_coordinator


# -- permissions ------------------------------------------------------------------
def leading_unit_ids(body: Body) -> set[int]:
    return set(BodyLead.objects.filter(body=body).values_list("unit_id", flat=True))


def can_manage_members(user: Any, body: Body) -> bool:
    """The coordinator manages every body; a Dezernat the expert groups it leads
    (Drucksache 2472/2019, 2.2: the lead Dezernat decides the membership)."""
    if is_coordinator(user):
        return True
    return bool(dezernat_unit_ids(user) & leading_unit_ids(body))


def can_request_topic_change(user: Any, body: Body) -> bool:
    if body.kind != Body.Kind.EXPERT_GROUP:
        return False
    if can_manage_members(user, body):
        return True
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return False
    return Membership.objects.filter(current_q(today()), person=person, body=body).exists()


def day(value: dt.date) -> str:
    """A date as the reader's language writes it (30.11.2026 in German)."""
    return date_format(value, "SHORT_DATE_FORMAT")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not do this."))


# -- memberships ------------------------------------------------------------------
def _overlapping(qs: Any, start: dt.date, end: dt.date | None) -> Any:
    qs = qs.filter(Q(end__isnull=True) | Q(end__gte=start))
    if end is not None:
        qs = qs.filter(start__lte=end)
    return qs


def _most_at_once(periods: list[tuple[dt.date, dt.date | None]], start: dt.date) -> int:
    """The most of these (overlapping) periods that run on one day from `start` on.

    A successor in a seat does not count twice: one who left before another came
    leaves a seat free for the whole period."""
    days = {start} | {s for s, _e in periods if s > start}
    return max(
        (sum(1 for s, e in periods if s <= day and (e is None or e >= day)) for day in days),
        default=0,
    )


def _too_long(field: str, value: str, limit: int) -> None:
    # The form says so too; the service guards callers without a form.
    if len(value) > limit:
        raise ValidationError(
            {
                field: [
                    _("At most %(limit)d characters, please (this has %(count)d).")
                    % {"limit": limit, "count": len(value)}
                ]
            }
        )


def _check_deputies(member: Membership, start: dt.date, end: dt.date | None, fail: Any) -> None:
    """A member has at most as many deputies at once as the process definition
    allows (`deputies_per_member`, default one)."""
    limit = member.body.process.deputies_per_member
    deputies = _overlapping(
        Membership.objects.filter(deputy_of=member, role=Membership.Role.DEPUTY), start, end
    ).select_related("person")
    if _most_at_once([(d.start, d.end) for d in deputies], start) < limit:
        return
    if limit == 0:
        fail("deputy_of", _("In this process members have no deputies."))
        return
    fail(
        "deputy_of",
        ngettext(
            "%(member)s already has a deputy in that period (%(deputies)s); "
            "a member has at most %(limit)d deputy. End that deputyship first.",
            "%(member)s already has %(limit)d deputies in that period (%(deputies)s); "
            "a member has at most %(limit)d deputies. End one of them first.",
            limit,
        )
        % {
            "member": member.person,
            "deputies": ", ".join(str(d.person) for d in deputies),
            "limit": limit,
        },
    )


@transaction.atomic
def appoint(
    user: Any,
    *,
    body: Body,
    person: Person,
    seat: SeatCategory,
    start: dt.date,
    end: dt.date | None = None,
    position: SeatPosition | None = None,
    deputy_of: Membership | None = None,
    note: str = "",
) -> Membership:
    _require(can_manage_members(user, body))
    if person.pk is None:
        # A new person is saved with the appointment, or not at all.
        person.full_clean()
        person.save()
    # Serialise appointments to the same seat across app servers.
    seat = SeatCategory.objects.select_for_update().get(pk=seat.pk)
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if seat.body_id != body.pk:
        fail("seat", _("This seat does not belong to %(body)s.") % {"body": body})
    if seat.retired:
        fail("seat", _("This seat is no longer part of the process definition."))
    if end is not None and end < start:
        fail(
            "end",
            _("The membership cannot end (%(end)s) before it starts (%(start)s).")
            % {"end": day(end), "start": day(start)},
        )
    positions = list(seat.positions.all())
    if deputy_of is None:
        if positions and position is None:
            fail(
                "position", _("Choose which named seat of %(seat)s this is.") % {"seat": seat.name}
            )
        if position is not None and position.category_id != seat.pk:
            fail("position", _("This named seat belongs to another seat category."))
    elif deputy_of.body_id != body.pk:
        fail("deputy_of", _("The deputised member must sit in the same body."))
    elif deputy_of.role != Membership.Role.MEMBER:
        fail("deputy_of", _("A deputy stands in for a member, not for another deputy."))
    elif deputy_of.seat_id != seat.pk:
        fail(
            "seat",
            _("A deputy takes the seat of the member they stand in for: %(seat)s.")
            % {"seat": deputy_of.seat.name},
        )

    if seat.kinds and person.kind not in seat.kinds:
        fail(
            "person",
            _("%(person)s is from %(kind)s; this seat is for: %(allowed)s.")
            % {
                "person": person,
                "kind": person.get_kind_display(),
                "allowed": ", ".join(str(Person.Kind(k).label) for k in seat.kinds),
            },
        )
    allowed_units = set(seat.units.values_list("slug", flat=True))
    if position is not None:
        allowed_units = {position.unit.slug}
    if allowed_units and deputy_of is None:
        chain = unit_chains(body.process_id).get(person.unit_id or 0, frozenset())
        if not chain & allowed_units:
            fail(
                "person",
                _("%(person)s does not belong to a unit that may fill this seat.")
                % {"person": person},
            )

    if "end" not in errors:
        same = _overlapping(Membership.objects.filter(person=person, body=body), start, end)
        role = Membership.Role.MEMBER if deputy_of is None else Membership.Role.DEPUTY
        if same.filter(seat=seat, role=role).exists():
            fail(
                "person",
                _("%(person)s already holds this seat in that period.") % {"person": person},
            )
        elif deputy_of is None and same.filter(role=Membership.Role.MEMBER).exists():
            fail(
                "person",
                _("%(person)s already holds another seat of this body in that period.")
                % {"person": person},
            )
        if deputy_of is not None and "deputy_of" not in errors:
            _check_deputies(deputy_of, start, end, fail)
        if deputy_of is None:
            holders = _overlapping(
                Membership.objects.filter(seat=seat, role=Membership.Role.MEMBER), start, end
            )
            if position is not None and holders.filter(position=position).exists():
                fail("position", _("This named seat is already held in that period."))
            elif _most_at_once(list(holders.values_list("start", "end")), start) >= seat.max_seats:
                fail(
                    "seat",
                    ngettext(
                        "The only seat of %(seat)s is held in that period.",
                        "All %(max)d seats of %(seat)s are filled in that period.",
                        seat.max_seats,
                    )
                    % {"max": seat.max_seats, "seat": seat.name},
                )
    if errors:
        raise ValidationError(errors)

    membership = Membership.objects.create(
        person=person,
        body=body,
        seat=seat,
        position=position if deputy_of is None else None,
        role=Membership.Role.DEPUTY if deputy_of else Membership.Role.MEMBER,
        deputy_of=deputy_of,
        start=start,
        end=end,
        note=note,
        created_by=actor_name_of(user),
    )
    record(
        "bodies.membership.appointed",
        actor=user,
        obj=membership,
        payload={
            "body": body.slug,
            "seat": seat.slug,
            "position": position.unit.slug if position else None,
            "person": person.pk,
            "start": start.isoformat(),
            "end": end.isoformat() if end else None,
            "deputy_of": deputy_of.pk if deputy_of else None,
        },
    )
    return membership


@transaction.atomic
def end_membership(user: Any, membership: Membership, end: dt.date) -> Membership:
    membership = Membership.objects.select_for_update().select_related("body").get(pk=membership.pk)
    _require(can_manage_members(user, membership.body))
    if end < membership.start:
        raise ValidationError(
            {
                "end": [
                    _("The membership cannot end (%(end)s) before it starts (%(start)s).")
                    % {"end": day(end), "start": day(membership.start)}
                ]
            }
        )
    if membership.end is not None and membership.end < end:
        raise ValidationError(
            {"end": [_("This membership already ended on %(end)s.") % {"end": day(membership.end)}]}
        )
    membership.end = end
    membership.save(update_fields=["end"])
    record(
        "bodies.membership.ended",
        actor=user,
        obj=membership,
        payload={"body": membership.body.slug, "end": end.isoformat()},
    )
    return membership


# -- nominations ------------------------------------------------------------------
@transaction.atomic
def submit_nomination(*, base_url: str = "", **fields: Any) -> Nomination:
    """Anyone may nominate an expert for an expert group (Initiativvorschlag).

    The organisation gets a confirmation with the address of the status page, and
    the coordination a notice (`base_url` is the site's address for the links)."""
    body = fields["body"]
    if body.kind != Body.Kind.EXPERT_GROUP:
        raise ValidationError({"body": [_("Nominations are for expert groups only.")]})
    if not fields.get("consent"):
        raise ValidationError({"consent": [_("The nominee must agree to the nomination.")]})
    _too_long("expertise", fields.get("expertise", ""), 2000)
    nomination = Nomination(**fields)
    nomination.full_clean()
    nomination.save()
    record(
        "bodies.nomination.submitted",
        actor=None,
        obj=nomination,
        payload={"body": body.slug, "organisation": nomination.organisation},
    )
    tasks.send_nomination_received.enqueue(nomination.pk, base_url)
    return nomination


def can_see_nomination(user: Any, nomination: Nomination) -> bool:
    if is_coordinator(user):
        return True
    return nomination.status != Nomination.Status.SUBMITTED and bool(
        dezernat_unit_ids(user) & leading_unit_ids(nomination.body)
    )


def _locked(nomination: Nomination) -> Nomination:
    return Nomination.objects.select_for_update().select_related("body").get(pk=nomination.pk)


@transaction.atomic
def forward_nomination(user: Any, nomination: Nomination, *, base_url: str = "") -> Nomination:
    """OE 50.6 passes a collected nomination to the lead Dezernat, whose users (and
    the other coordinators) are told by email."""
    _require(is_coordinator(user))
    nomination = _locked(nomination)
    if nomination.status != Nomination.Status.SUBMITTED:
        raise ValidationError(_("This nomination has already been forwarded."))
    nomination.status = Nomination.Status.FORWARDED
    nomination.forwarded_at = timezone.now()
    nomination.forwarded_by = actor_name_of(user)
    nomination.save(update_fields=["status", "forwarded_at", "forwarded_by"])
    record("bodies.nomination.forwarded", actor=user, obj=nomination)
    tasks.send_nomination_forwarded.enqueue(nomination.pk, base_url, getattr(user, "pk", None))
    return nomination


@transaction.atomic
def appoint_from_nomination(
    user: Any,
    nomination: Nomination,
    *,
    seat: SeatCategory,
    start: dt.date,
    end: dt.date | None = None,
    base_url: str = "",
) -> Membership:
    nomination = _locked(nomination)
    _require(can_manage_members(user, nomination.body))
    if nomination.status != Nomination.Status.FORWARDED:
        raise ValidationError(_("Only a nomination forwarded to the Dezernat can be decided."))
    person = Person.objects.create(
        given_name=nomination.nominee_given_name,
        family_name=nomination.nominee_family_name,
        kind=nomination.nominee_kind,
        organisation=nomination.organisation,
    )
    membership = appoint(
        user,
        body=nomination.body,
        person=person,
        seat=seat,
        start=start,
        end=end,
        note=_("Nominated by %(org)s") % {"org": nomination.organisation},
    )
    nomination.status = Nomination.Status.APPOINTED
    nomination.decided_at = timezone.now()
    nomination.decided_by = actor_name_of(user)
    nomination.membership = membership
    nomination.save(update_fields=["status", "decided_at", "decided_by", "membership"])
    record(
        "bodies.nomination.appointed",
        actor=user,
        obj=nomination,
        payload={"membership": membership.pk},
    )
    tasks.send_nomination_decided.enqueue(nomination.pk, base_url)
    return membership


@transaction.atomic
def decline_nomination(
    user: Any, nomination: Nomination, reason: str, *, base_url: str = ""
) -> Nomination:
    nomination = _locked(nomination)
    _require(can_manage_members(user, nomination.body))
    if nomination.status != Nomination.Status.FORWARDED:
        raise ValidationError(_("Only a nomination forwarded to the Dezernat can be decided."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Please give a reason for declining.")]})
    _too_long("reason", reason, 2000)
    nomination.status = Nomination.Status.DECLINED
    nomination.decline_reason = reason
    nomination.decided_at = timezone.now()
    nomination.decided_by = actor_name_of(user)
    nomination.full_clean()
    nomination.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
    record("bodies.nomination.declined", actor=user, obj=nomination, payload={"reason": reason})
    tasks.send_nomination_decided.enqueue(nomination.pk, base_url)
    return nomination


# -- topic scope ------------------------------------------------------------------
@transaction.atomic
def request_topic_change(
    user: Any, body: Body, subtopics: list[str], reason: str
) -> TopicChangeRequest:
    """An expert group asks to change its topic scope (Drucksache 2472/2019, 2.2)."""
    _require(can_request_topic_change(user, body))
    cleaned = [s.strip() for s in subtopics if s.strip()]
    if not cleaned:
        raise ValidationError({"subtopics": [_("Name at least one subtopic, one per line.")]})
    if any(len(s) > 200 for s in cleaned):
        raise ValidationError({"subtopics": [_("A subtopic may have at most 200 characters.")]})
    current = [t.name.exact("de") for t in body.subtopics.all()]
    if cleaned == current:
        raise ValidationError(
            {
                "subtopics": [
                    _(
                        "These are the group's subtopics as they are now: change, add or "
                        "remove at least one before you submit the request."
                    )
                ]
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Please say why the topic scope should change.")]})
    _too_long("reason", reason.strip(), 2000)
    req = TopicChangeRequest.objects.create(
        body=body,
        proposed_subtopics=cleaned,
        reason=reason.strip(),
        requested_by=actor_name_of(user),
    )
    record("bodies.topics.requested", actor=user, obj=req, payload={"subtopics": cleaned})
    return req


@transaction.atomic
def _replace_subtopics(body: Body, names: list[str]) -> None:
    """The agreed subtopics, in their order: a subtopic that stays keeps its row (and
    its public identifier and other languages); the others go or are added."""
    current: dict[str, list[Subtopic]] = {}
    for topic in body.subtopics.all():
        current.setdefault(topic.name.exact("de"), []).append(topic)
    for order, name in enumerate(names):
        same = current.get(name)
        if not same:
            Subtopic.objects.create(body=body, order=order, name={"de": name})
            continue
        topic = same.pop(0)
        if topic.order != order:
            topic.order = order
            topic.save(update_fields=["order"])
    for leftovers in current.values():
        for topic in leftovers:
            topic.delete()


def decide_topic_change(
    user: Any,
    req: TopicChangeRequest,
    *,
    agreed: bool,
    decision_date: dt.date,
    reference: str,
) -> TopicChangeRequest:
    """Record the steering group's decision; the subtopics change only if it agreed."""
    _require(is_coordinator(user))
    req = TopicChangeRequest.objects.select_for_update().select_related("body").get(pk=req.pk)
    if req.status != TopicChangeRequest.Status.REQUESTED:
        raise ValidationError(_("This request has already been decided."))
    if decision_date > today():
        raise ValidationError(
            {
                "decision_date": [
                    _(
                        "The decision date %(date)s lies in the future: record the steering "
                        "group's decision once it has been taken, with the day it was taken."
                    )
                    % {"date": day(decision_date)}
                ]
            }
        )
    if not reference.strip():
        raise ValidationError(
            {"reference": [_("Name the steering group's minutes or decision that records it.")]}
        )
    req.status = TopicChangeRequest.Status.AGREED if agreed else TopicChangeRequest.Status.REJECTED
    req.steering_decision_date = decision_date
    req.steering_reference = reference.strip()
    req.decided_by = actor_name_of(user)
    req.save()
    if agreed:
        _replace_subtopics(req.body, req.proposed_subtopics)
    record(
        "bodies.topics.decided",
        actor=user,
        obj=req,
        payload={"agreed": agreed, "date": decision_date.isoformat(), "reference": reference},
    )
    return req
