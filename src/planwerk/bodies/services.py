"""What users do with bodies: appoint and end memberships, nominate, change topics.

Each function is one transaction: it checks permission and invariants, changes the
data and writes the audit entry. Problems raise ValidationError with a message
that names the field and says what would be right; nothing is saved then.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwerk.audit.services import actor_name_of, record
from planwerk.bodies import tasks
from planwerk.bodies.domain import composition as c
from planwerk.bodies.models import (
    Body,
    Membership,
    Nomination,
    Person,
    SeatCategory,
    SeatPosition,
    Subtopic,
    TopicChangeRequest,
)
from planwerk.bodies.queries import today, unit_chains
from planwerk.bodies.workflows import NOMINATION, TOPIC_CHANGE
from planwerk.core import workflow
from planwerk.core.permissions import require


def day(value: dt.date) -> str:
    """A date as the reader's language writes it (30.11.2026 in German)."""
    return date_format(value, "SHORT_DATE_FORMAT")


# -- memberships ------------------------------------------------------------------
def _tenure(membership: Membership) -> c.Tenure:
    return c.Tenure(
        key=membership.pk,
        person=str(membership.person_id),
        seat=membership.seat.slug,
        start=membership.start,
        end=membership.end,
        body=membership.body.slug,
        role=c.DEPUTY if membership.role == Membership.Role.DEPUTY else c.MEMBER,
        position=membership.position.unit.slug if membership.position else None,
        deputy_of=membership.deputy_of_id,
    )


def _seat(seat: SeatCategory) -> c.Seat:
    return c.Seat(
        seat.slug,
        seat.min_seats,
        seat.max_seats,
        frozenset(seat.kinds),
        frozenset(seat.units.values_list("slug", flat=True)),
        tuple(p.unit.slug for p in seat.positions.select_related("unit")),
        seat.votes,
        body=seat.body.slug,
        retired=seat.retired,
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


def _refusal_text(
    refusal: c.Refusal,
    *,
    body: Body,
    person: Person,
    seat: SeatCategory,
    deputy_of: Membership | None,
    start: dt.date,
    end: dt.date | None,
) -> str:
    """The message for one reason the composition core gives for a refusal."""
    code = refusal.code
    if code == "seat_elsewhere":
        return _("This seat does not belong to %(body)s.") % {"body": body}
    if code == "seat_retired":
        return _("This seat is no longer part of the process definition.")
    if code == "ends_before_start":
        return _("The membership cannot end (%(end)s) before it starts (%(start)s).") % {
            "end": day(end) if end else "",
            "start": day(start),
        }
    if code == "needs_position":
        return _("Choose which named seat of %(seat)s this is.") % {"seat": seat.name}
    if code == "position_elsewhere":
        return _("This named seat belongs to another seat category.")
    if code == "deputy_elsewhere":
        return _("The deputised member must sit in the same body.")
    if code == "deputy_of_deputy":
        return _("A deputy stands in for a member, not for another deputy.")
    if code == "deputy_seat" and deputy_of is not None:
        return _("A deputy takes the seat of the member they stand in for: %(seat)s.") % {
            "seat": deputy_of.seat.name
        }
    if code == "wrong_kind":
        return _("%(person)s is from %(kind)s; this seat is for: %(allowed)s.") % {
            "person": person,
            "kind": person.get_kind_display(),
            "allowed": ", ".join(str(Person.Kind(k).label) for k in seat.kinds),
        }
    if code == "wrong_unit":
        return _("%(person)s does not belong to a unit that may fill this seat.") % {
            "person": person
        }
    if code == "holds_seat":
        return _("%(person)s already holds this seat in that period.") % {"person": person}
    if code == "holds_other_seat":
        return _("%(person)s already holds another seat of this body in that period.") % {
            "person": person
        }
    if code == "no_deputies":
        return _("In this process members have no deputies.")
    if code == "deputies_full" and deputy_of is not None:
        limit = int(str(refusal.figure("limit")))
        found = refusal.figure("deputies")
        keys = [str(k) for k in found] if isinstance(found, tuple) else []
        deputies = Membership.objects.filter(pk__in=keys).select_related("person")
        names = {str(d.pk): str(d.person) for d in deputies}
        return ngettext(
            "%(member)s already has a deputy in that period (%(deputies)s); "
            "a member has at most %(limit)d deputy. End that deputyship first.",
            "%(member)s already has %(limit)d deputies in that period (%(deputies)s); "
            "a member has at most %(limit)d deputies. End one of them first.",
            limit,
        ) % {
            "member": deputy_of.person,
            "deputies": ", ".join(names[k] for k in keys if k in names),
            "limit": limit,
        }
    if code == "position_held":
        return _("This named seat is already held in that period.")
    if code == "seat_full":
        return ngettext(
            "The only seat of %(seat)s is held in that period.",
            "All %(max)d seats of %(seat)s are filled in that period.",
            seat.max_seats,
        ) % {"max": seat.max_seats, "seat": seat.name}
    raise AssertionError(f"no message for refusal {code!r}")


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
    """Seat a person (or a deputy) in a body, if the composition core allows it.

    The body's row is locked first: appointments to one body wait for each other,
    so two requests cannot seat one person twice or overfill a seat."""
    require(user, "bodies.appoint", body)
    body = Body.objects.select_for_update().get(pk=body.pk)
    if person.pk is None:
        # A new person is saved with the appointment, or not at all.
        person.full_clean()
        person.save()
    seat = SeatCategory.objects.select_related("body").get(pk=seat.pk)
    if deputy_of is not None:
        deputy_of = Membership.objects.select_related(
            "body", "seat", "person", "position__unit"
        ).get(pk=deputy_of.pk)
    tenures = [
        _tenure(m)
        for m in Membership.objects.filter(body=body)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .select_related("body", "seat", "position__unit")
    ]
    request = c.Appointment(
        person=str(person.pk),
        kind=person.kind,
        body=body.slug,
        start=start,
        end=end,
        units=unit_chains(body.process_id).get(person.unit_id or 0, frozenset()),
        position=(
            c.Position(position.category.slug, position.unit.slug, body=position.category.body.slug)
            if position is not None and deputy_of is None
            else None
        ),
        deputy_of=_tenure(deputy_of) if deputy_of is not None else None,
    )
    refusals = c.check_appointment(
        request,
        _seat(seat),
        tenures,
        deputies_per_member=body.process.deputies_per_member,
    )
    if refusals:
        errors: dict[str, list[str]] = {}
        for refusal in refusals:
            errors.setdefault(refusal.field, []).append(
                _refusal_text(
                    refusal,
                    body=body,
                    person=person,
                    seat=seat,
                    deputy_of=deputy_of,
                    start=start,
                    end=end,
                )
            )
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
    require(user, "bodies.end_membership", membership.body)
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


def _locked(nomination: Nomination) -> Nomination:
    return Nomination.objects.select_for_update().select_related("body").get(pk=nomination.pk)


@transaction.atomic
def forward_nomination(user: Any, nomination: Nomination, *, base_url: str = "") -> Nomination:
    """OE 50.6 passes a collected nomination to the lead Dezernat, whose users (and
    the other coordinators) are told by email."""
    require(user, "bodies.forward_nomination")
    nomination = _locked(nomination)
    workflow.advance(nomination, NOMINATION, Nomination.Status.FORWARDED, actor=user)
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
    require(user, "bodies.decide_nomination", nomination.body)
    workflow.check(NOMINATION, nomination.status, Nomination.Status.APPOINTED)
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
    workflow.advance(nomination, NOMINATION, Nomination.Status.APPOINTED, actor=user)
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
    require(user, "bodies.decide_nomination", nomination.body)
    workflow.check(NOMINATION, nomination.status, Nomination.Status.DECLINED)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Please give a reason for declining.")]})
    _too_long("reason", reason, 2000)
    workflow.advance(nomination, NOMINATION, Nomination.Status.DECLINED, actor=user, reason=reason)
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
    require(user, "bodies.request_topic_change", body)
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
    require(user, "bodies.decide_topic_change")
    req = TopicChangeRequest.objects.select_for_update().select_related("body").get(pk=req.pk)
    outcome = TopicChangeRequest.Status.AGREED if agreed else TopicChangeRequest.Status.REJECTED
    workflow.check(TOPIC_CHANGE, req.status, outcome)
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
    workflow.advance(req, TOPIC_CHANGE, outcome, actor=user, reason=reference.strip())
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
