"""What users do with meetings: one function per action, each in one transaction,
asking the permission table and writing the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from planwerk.audit.services import actor_name_of, record
from planwerk.bodies.models import Body, Membership
from planwerk.core import workflow
from planwerk.core.permissions import require
from planwerk.meetings import tasks
from planwerk.meetings.domain import attendance as rules
from planwerk.meetings.models import AgendaItem, Attendance, Invitation, Meeting
from planwerk.meetings.queries import day_of, deputies, members
from planwerk.meetings.workflows import MEETING

_S = Meeting.Status
AGENDA_OPEN = (_S.PLANNED, _S.INVITED)


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)


@transaction.atomic
def plan_meeting(
    user: Any,
    body: Body,
    *,
    title: str,
    starts_at: dt.datetime,
    place: str,
    ends_at: dt.datetime | None = None,
    kind: str = Meeting.Kind.REGULAR,
) -> Meeting:
    """The coordination plans a meeting of a body (a regular one, or a retreat)."""
    require(user, "meetings.manage", body)
    meeting = Meeting(
        body=body,
        title=title,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        created_by=actor_name_of(user),
    )
    meeting.full_clean()
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    meeting.save()
    record(
        "meetings.meeting.planned",
        actor=user,
        obj=meeting,
        payload={"body": body.slug, "starts_at": starts_at, "place": place, "kind": kind},
    )
    return meeting


def _agenda_open(meeting: Meeting) -> None:
    if meeting.status not in AGENDA_OPEN:
        raise ValidationError(_("The agenda of this meeting can no longer be changed."))


@transaction.atomic
def add_agenda_item(
    user: Any, meeting: Meeting, *, title: str, description: str = ""
) -> AgendaItem:
    meeting = _locked(meeting)
    require(user, "meetings.manage", meeting)
    _agenda_open(meeting)
    last = meeting.agenda.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(meeting=meeting, position=last + 1, title=title, description=description)
    item.full_clean()
    item.save()
    record(
        "meetings.agenda.added",
        actor=user,
        obj=meeting,
        payload={"position": item.position, "title": title},
    )
    return item


@transaction.atomic
def remove_agenda_item(user: Any, item: AgendaItem) -> None:
    meeting = _locked(item.meeting)
    require(user, "meetings.manage", meeting)
    _agenda_open(meeting)
    record(
        "meetings.agenda.removed",
        actor=user,
        obj=meeting,
        payload={"position": item.position, "title": item.title},
    )
    item.delete()
    # The items after it move up, so that the numbers stay 1, 2, 3 …
    for position, later in enumerate(meeting.agenda.order_by("position"), start=1):
        if later.position != position:
            later.position = position
            later.save(update_fields=["position"])
    # The meeting shows its agenda (OParl embeds it): losing an item changes it.
    meeting.save(update_fields=["modified"])


@transaction.atomic
def send_invitations(user: Any, meeting: Meeting, *, base_url: str = "") -> list[Invitation]:
    """Invite the body's current members with the agenda, each in her or his language,
    by email through the task worker."""
    meeting = _locked(meeting)
    require(user, "meetings.manage", meeting)
    if not meeting.agenda.exists():
        raise ValidationError(_("Add at least one agenda item before sending the invitations."))
    workflow.advance(meeting, MEETING, _S.INVITED, actor=user)
    meeting.invitations_sent_at = timezone.now()
    meeting.save(update_fields=["status", "invitations_sent_at"])
    invitations = []
    for membership in members(meeting.body, timezone.localdate()):
        person = membership.person
        invitations.append(
            Invitation.objects.create(
                meeting=meeting,
                membership=membership,
                email=person.email,
                language=person.language,
                status=Invitation.Status.QUEUED if person.email else Invitation.Status.NO_ADDRESS,
            )
        )
    record(
        "meetings.invitations.sent",
        actor=user,
        obj=meeting,
        payload={"invited": len(invitations)},
    )
    tasks.send_invitations.enqueue(meeting.pk, base_url)
    return invitations


def _refusal_text(refusal: rules.Refusal, names: dict[int, str]) -> str:
    member = names.get(refusal.member, "?")
    deputy = names.get(refusal.deputy or 0, "?")
    texts = {
        rules.Problem.UNKNOWN_STATE: _("Choose whether %(member)s was present."),
        rules.Problem.DEPUTY_MISSING: _("Choose the deputy who represented %(member)s."),
        rules.Problem.DEPUTY_NOT_WANTED: _(
            "A deputy is named only for a member who was represented (%(member)s)."
        ),
        rules.Problem.NOT_HER_DEPUTY: _(
            "%(deputy)s is not the deputy of %(member)s and cannot represent this member."
        ),
        rules.Problem.DEPUTY_TWICE: _(
            "%(deputy)s can represent only one member (again chosen for %(member)s)."
        ),
    }
    return texts[refusal.problem] % {"member": member, "deputy": deputy}


@transaction.atomic
def record_attendance(
    user: Any, meeting: Meeting, entries: Iterable[tuple[Membership, str, Membership | None]]
) -> list[Attendance]:
    """Record who was present, absent or represented by a deputy. The meeting counts
    as held from then on. A deputy may represent only the member she or he deputises for."""
    meeting = _locked(meeting)
    require(user, "meetings.manage", meeting)
    if meeting.status not in (_S.INVITED, _S.HELD):
        raise ValidationError(
            _(
                "Attendance can be recorded once the invitations are sent and until "
                "the minutes are approved."
            )
        )
    entries = list(entries)
    day = day_of(meeting.starts_at)
    member_ids = set(members(meeting.body, day).values_list("pk", flat=True))
    body_deputies = {d.pk: d for d in deputies(meeting.body, day)}
    names: dict[int, str] = {}
    for membership, _state, deputy in entries:
        names[membership.pk] = str(membership.person)
        if deputy is not None:
            names[deputy.pk] = str(deputy.person)
        if membership.pk not in member_ids:
            raise ValidationError(
                _("%(member)s was not a member of the body on the day of the meeting.")
                % {"member": membership.person}
            )
    refusals = rules.check(
        [rules.Entry(m.pk, state, d.pk if d else None) for m, state, d in entries],
        {pk: d.deputy_of_id for pk, d in body_deputies.items() if d.deputy_of_id},
    )
    if refusals:
        raise ValidationError([_refusal_text(r, names) for r in refusals])
    saved = []
    for membership, state, deputy in entries:
        row, _created = Attendance.objects.update_or_create(
            meeting=meeting,
            membership=membership,
            defaults={"status": state, "deputy": deputy},
        )
        saved.append(row)
    if meeting.status == _S.INVITED:
        workflow.advance(meeting, MEETING, _S.HELD, actor=user)
        meeting.save(update_fields=["status"])
    record(
        "meetings.attendance.recorded",
        actor=user,
        obj=meeting,
        payload={
            "present": sum(1 for _m, s, _d in entries if s == rules.PRESENT),
            "represented": sum(1 for _m, s, _d in entries if s == rules.REPRESENTED),
            "absent": sum(1 for _m, s, _d in entries if s == rules.ABSENT),
        },
    )
    return saved


@transaction.atomic
def write_minutes(user: Any, meeting: Meeting, text: str) -> Meeting:
    """Write or change the minutes (Markdown) of a held meeting; approved minutes are frozen."""
    meeting = _locked(meeting)
    require(user, "meetings.manage", meeting)
    if meeting.minutes_frozen:
        raise ValidationError(_("The minutes are approved and can no longer be changed."))
    if meeting.status != _S.HELD:
        raise ValidationError(_("Minutes are written once the attendance is recorded."))
    meeting.minutes = text
    meeting.full_clean()
    meeting.save(update_fields=["minutes"])
    record("meetings.minutes.written", actor=user, obj=meeting, payload={"length": len(text)})
    return meeting


@transaction.atomic
def approve_minutes(user: Any, meeting: Meeting) -> Meeting:
    """Approve the minutes: from now on they cannot change."""
    meeting = _locked(meeting)
    require(user, "meetings.manage", meeting)
    if meeting.status == _S.HELD and not meeting.minutes.strip():
        raise ValidationError(_("Write the minutes before approving them."))
    workflow.advance(meeting, MEETING, _S.MINUTES_APPROVED, actor=user)
    meeting.minutes_approved_at = timezone.now()
    meeting.minutes_approved_by = actor_name_of(user)
    meeting.save(update_fields=["status", "minutes_approved_at", "minutes_approved_by"])
    record("meetings.minutes.approved", actor=user, obj=meeting)
    return meeting


@transaction.atomic
def cancel_meeting(user: Any, meeting: Meeting, reason: str) -> Meeting:
    meeting = _locked(meeting)
    require(user, "meetings.manage", meeting)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    workflow.advance(meeting, MEETING, _S.CANCELLED, actor=user, reason=reason)
    meeting.cancel_reason = reason
    meeting.save(update_fields=["status", "cancel_reason"])
    record("meetings.meeting.cancelled", actor=user, obj=meeting, payload={"reason": reason})
    return meeting
