"""What people do with events: one function per action, each in one transaction,
asking the permission table and writing the audit log.

Registrations wait for each other on the event's row (`select_for_update`), so
that two residents registering at the same moment never both take the last place.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from planwerk.audit.services import actor_name_of, record
from planwerk.bodies.models import Body
from planwerk.core import workflow
from planwerk.core.permissions import require
from planwerk.core.text import Text
from planwerk.events import tasks
from planwerk.events.domain import capacity as rules
from planwerk.events.models import Concern, Event, Registration, Workshop
from planwerk.events.workflows import CONCERN
from planwerk.papers.measures import latest_draft, measure_choices
from planwerk.processes.models import Milestone, Process

logger = logging.getLogger(__name__)

_R = Registration.Status
REMINDER_BEFORE = dt.timedelta(days=2)
EVENT_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "accessibility",
    "capacity",
    "summary",
    "easy_summary",
    "milestone",
)


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("process").get(pk=event.pk)


def _check_times(event: Event) -> None:
    if event.ends_at <= event.starts_at:
        raise ValidationError({"ends_at": _("The event must end after it starts.")})


def _check_milestone(process: Process, milestone: Milestone | None) -> None:
    if milestone is not None and milestone.process_id != process.pk:
        raise ValidationError({"milestone": _("Choose a milestone of this process.")})


# -- the coordination's events ----------------------------------------------------------
@transaction.atomic
def create_event(user: Any, process: Process, **fields: Any) -> Event:
    require(user, "events.manage")
    workshops = fields.pop("workshops", None) or []
    event = Event(process=process, created_by=actor_name_of(user), **fields)
    _check_milestone(process, event.milestone)
    _check_times(event)
    event.full_clean()
    event.save()
    for title, limit in workshops:
        add_workshop(user, event, title=title, capacity=limit)
    record(
        "events.event.created",
        actor=user,
        obj=event,
        payload={"title": str(event.title), "starts_at": event.starts_at, "place": event.place},
    )
    return event


@transaction.atomic
def update_event(user: Any, event: Event, *, base_url: str = "", **fields: Any) -> Event:
    """Change an event. A larger capacity moves waiting registrations up; a new start
    time queues new reminders."""
    event = _locked(event)
    require(user, "events.manage", event)
    before = event.starts_at
    for name, value in fields.items():
        if name not in EVENT_FIELDS:
            raise TypeError(name)
        setattr(event, name, value)
    _check_milestone(event.process, event.milestone)
    _check_times(event)
    event.full_clean()
    confirmed = event.registrations.filter(status=_R.CONFIRMED).count()
    if event.capacity is not None and event.capacity < confirmed:
        raise ValidationError(
            {
                "capacity": _(
                    "%(count)s registrations are confirmed already; the capacity cannot be smaller."
                )
                % {"count": confirmed}
            }
        )
    event.save()
    record(
        "events.event.changed",
        actor=user,
        obj=event,
        payload={"fields": sorted(fields)},
    )
    _move_up(event, base_url)
    if event.starts_at != before:
        for registration in event.registrations.filter(status=_R.CONFIRMED):
            _schedule_reminder(registration, base_url)
    return event


@transaction.atomic
def add_workshop(user: Any, event: Event, *, title: Any, capacity: int | None = None) -> Workshop:
    event = _locked(event)
    require(user, "events.manage", event)
    workshop = Workshop(event=event, title=Text.of(title), capacity=capacity)
    workshop.full_clean()
    workshop.save()
    record(
        "events.workshop.added",
        actor=user,
        obj=event,
        payload={"title": str(workshop.title), "capacity": capacity},
    )
    return workshop


@transaction.atomic
def publish_event(user: Any, event: Event) -> Event:
    """Put the event on the public pages and into the calendar (cannot be undone:
    residents may register from then on)."""
    event = _locked(event)
    require(user, "events.manage", event)
    if event.published:
        raise ValidationError(_("The event is published already."))
    event.published = True
    event.published_at = timezone.now()
    event.save(update_fields=["published", "published_at"])
    record("events.event.published", actor=user, obj=event, payload={"title": str(event.title)})
    return event


# -- registrations ----------------------------------------------------------------------
def _taken(event: Event) -> rules.Taken:
    confirmed = event.registrations.filter(status=_R.CONFIRMED)
    by_workshop = {
        row["workshop"]: row["n"]
        for row in confirmed.exclude(workshop=None).values("workshop").annotate(n=Count("pk"))
    }
    return rules.Taken(confirmed.count(), by_workshop)


def _workshop_capacities(event: Event) -> dict[int, int | None]:
    return dict(event.workshops.values_list("pk", "capacity"))


def _notify(registration: Registration, kind: str, base_url: str) -> None:
    pk = registration.pk
    transaction.on_commit(lambda: tasks.notify.enqueue(pk, kind, base_url))


def _schedule_reminder(registration: Registration, base_url: str) -> None:
    """Queue the reminder two days before the event (after the commit); the task looks
    again whether the registration still stands."""
    when = registration.event.starts_at - REMINDER_BEFORE
    if when <= timezone.now():
        return  # the confirmation has just told her or him
    pk, starts = registration.pk, registration.event.starts_at.isoformat()

    def enqueue() -> None:
        task = tasks.remind
        if not task.get_backend().supports_defer:
            logger.warning("the task backend cannot defer; no reminder for registration %s", pk)
            return
        task.using(run_after=when).enqueue(pk, starts, base_url)

    transaction.on_commit(enqueue)


@transaction.atomic
def register(
    user: Any,
    event: Event,
    *,
    name: str,
    email: str,
    language: str = "de",
    languages_spoken: Iterable[str] = (),
    other_languages: str = "",
    access_needs: str = "",
    workshop: Workshop | None = None,
    base_url: str = "",
) -> Registration:
    """A resident registers. With no room left the registration goes onto the waiting
    list; nothing is lost."""
    event = _locked(event)
    require(user, "events.register", event)
    if not event.published:
        raise ValidationError(_("This event is not open for registration."))
    if event.starts_at <= timezone.now():
        raise ValidationError(_("This event has already begun; registration is closed."))
    if workshop is not None and workshop.event_id != event.pk:
        raise ValidationError({"workshop": _("Choose one of the workshops of this event.")})
    email = email.strip().lower()
    if event.registrations.filter(email=email).exclude(status=_R.CANCELLED).exists():
        raise ValidationError(
            {"email": _("This email address is registered for the event already.")}
        )
    room = rules.has_room(
        event.capacity,
        _workshop_capacities(event),
        _taken(event),
        workshop.pk if workshop else None,
    )
    registration = Registration(
        event=event,
        workshop=workshop,
        name=name.strip(),
        email=email,
        language=language,
        languages_spoken=sorted(set(languages_spoken)),
        other_languages=other_languages.strip(),
        access_needs=access_needs.strip(),
        status=_R.CONFIRMED if room else _R.WAITING,
    )
    registration.full_clean(exclude=["token"])
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise ValidationError(
            {"email": _("This email address is registered for the event already.")}
        ) from None
    record(
        "events.registration.created",
        actor=user,
        obj=event,
        payload={"registration": registration.uuid, "status": registration.status},
    )
    _notify(registration, "confirmation", base_url)
    if registration.status == _R.CONFIRMED:
        _schedule_reminder(registration, base_url)
    return registration


def _move_up(event: Event, base_url: str) -> list[Registration]:
    """Confirm the waiting registrations that fit now, in order, and tell each."""
    waiting = list(event.registrations.filter(status=_R.WAITING).order_by("created", "pk"))
    chosen = rules.moving_up(
        event.capacity,
        _workshop_capacities(event),
        _taken(event),
        [rules.Waiting(r.pk, r.workshop_id) for r in waiting],
    )
    moved = [r for r in waiting if r.pk in set(chosen)]
    for registration in moved:
        registration.status = _R.CONFIRMED
        registration.moved_up_at = timezone.now()
        registration.save(update_fields=["status", "moved_up_at"])
        record(
            "events.registration.moved_up",
            actor=None,
            obj=event,
            payload={"registration": registration.uuid},
        )
        _notify(registration, "moved_up", base_url)
        _schedule_reminder(registration, base_url)
    return moved


@transaction.atomic
def cancel_registration(user: Any, token: str, *, base_url: str = "") -> Registration:
    """The resident cancels by the private link; the next waiting person moves up."""
    found = Registration.objects.filter(token=token).values_list("event_id", flat=True).first()
    if found is None:
        raise ValidationError(_("This link is not valid."))
    event = Event.objects.select_for_update().select_related("process").get(pk=found)
    registration = Registration.objects.select_related("event__process", "workshop").get(
        token=token
    )
    require(user, "events.register", event)
    if registration.status == _R.CANCELLED:
        raise ValidationError(_("This registration has been cancelled already."))
    if event.starts_at <= timezone.now():
        raise ValidationError(_("This event has already begun; it can no longer be cancelled."))
    registration.status = _R.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    record(
        "events.registration.cancelled",
        actor=user,
        obj=event,
        payload={"registration": registration.uuid},
    )
    _notify(registration, "cancelled", base_url)
    _move_up(event, base_url)
    return registration


# -- a resident's own data ---------------------------------------------------------------
def _registrations_of(user: Any) -> Any:
    """Registrations under the account's address, once the address is confirmed
    (nobody reads registrations by claiming somebody else's address)."""
    from planwerk.residents.services import resident_of

    resident = resident_of(user)
    email = (getattr(user, "email", "") or "").strip()
    if resident is None or resident.verified is None or not email:
        return Registration.objects.none()
    return Registration.objects.filter(email__iexact=email).select_related("event", "workshop")


def export_for(user: Any) -> dict[str, Any]:
    """The registrations made with the account's email address."""
    return {
        "registrations": [
            {
                "id": str(r.uuid),
                "event": str(r.event.title),
                "starts": r.event.starts_at.isoformat(),
                "workshop": str(r.workshop.title) if r.workshop else "",
                "name": r.name,
                "email": r.email,
                "language": r.language,
                "languages_spoken": r.languages_spoken,
                "other_languages": r.other_languages,
                "access_needs": r.access_needs,
                "status": r.status,
                "registered": r.created.isoformat(),
            }
            for r in _registrations_of(user)
        ]
    }


def delete_for(user: Any, keep: bool) -> None:
    """On deleting an account: registrations for events still to come are cancelled
    (the waiting list moves up); every registration under the address loses its
    name, address, languages and access needs. `keep` concerns writing, not this."""
    now = timezone.now()
    for registration in _registrations_of(user):
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        upcoming = event.starts_at > now and registration.status != _R.CANCELLED
        if upcoming:
            registration.status = _R.CANCELLED
            registration.cancelled_at = now
        registration.name = "—"
        registration.email = f"deleted-{registration.uuid}@invalid.invalid"
        registration.languages_spoken = []
        registration.other_languages = ""
        registration.access_needs = ""
        registration.save()
        if upcoming:
            _move_up(event, "")


# -- concerns ---------------------------------------------------------------------------
def expert_groups(process: Process) -> Any:
    """The bodies a concern can be passed to: the process's expert groups."""
    return Body.objects.filter(process=process, kind=Body.Kind.EXPERT_GROUP).order_by("order")


@transaction.atomic
def enter_concern(user: Any, event: Event, *, text: str, body: Body) -> Concern:
    require(user, "events.concerns_enter", event)
    if not expert_groups(event.process).filter(pk=body.pk).exists():
        raise ValidationError({"body": _("Choose one of the expert groups of the process.")})
    concern = Concern(event=event, body=body, text=text.strip(), entered_by=actor_name_of(user))
    concern.full_clean()
    concern.save()
    record(
        "events.concern.entered",
        actor=user,
        obj=concern,
        payload={"event": event.uuid, "body": body.slug},
    )
    return concern


@transaction.atomic
def answer_concern(
    user: Any, concern: Concern, *, status: str, answer: str = "", measure: str = ""
) -> Concern:
    """The expert group records what it did with a concern; "not taken up" needs the
    reason. "Taken up" and "partly taken up" may name the measure of the group's
    latest draft that takes it up."""
    concern = Concern.objects.select_for_update().select_related("body").get(pk=concern.pk)
    require(user, "events.concerns_answer", concern)
    answer = answer.strip()
    if status not in Concern.Status.values or status == Concern.Status.OPEN:
        raise ValidationError({"status": _("Choose what the group did with the concern.")})
    if status == Concern.Status.NOT_TAKEN_UP and not answer:
        raise ValidationError({"answer": _("Give the reason why the concern is not taken up.")})
    if status not in (Concern.Status.TAKEN_UP, Concern.Status.PARTLY):
        measure = ""
    labels = dict(measure_choices(concern.body)) if measure else {}
    if measure and measure not in labels:
        raise ValidationError({"measure": _("This is not a measure of the group's latest draft.")})
    before = str(concern.section_uuid) if concern.section_uuid else ""
    if status == concern.status and answer == concern.answer and measure == before:
        raise ValidationError(_("Nothing has changed."))
    if status != concern.status:
        workflow.advance(concern, CONCERN, status, actor=user, reason=answer)
    draft = latest_draft(concern.body) if measure else None
    concern.answer = answer
    concern.section_uuid = measure or None
    concern.section_label = labels.get(measure, "")
    concern.section_stage = draft.stage if draft else None
    concern.answered_by = actor_name_of(user)
    concern.answered_at = timezone.now()
    concern.full_clean()
    concern.save(
        update_fields=[
            "status",
            "answer",
            "section_uuid",
            "section_label",
            "section_stage",
            "answered_by",
            "answered_at",
        ]
    )
    record(
        "events.concern.answered",
        actor=user,
        obj=concern,
        payload={"status": status, "answer": answer, "measure": measure},
    )
    return concern


def counts(event: Event) -> dict[str, int]:
    """Registrations by status, for the coordination's list."""
    rows = event.registrations.values("status").annotate(n=Count("pk"))
    found = {row["status"]: row["n"] for row in rows}
    return {status: found.get(status, 0) for status in _R.values}
