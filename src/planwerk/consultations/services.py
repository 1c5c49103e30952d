"""What users do with consultations: one function per action, each one transaction,
permission first, an audit entry with the change.

`on_submitted` is the papers app's submitted hook: it starts the consultations the
definition's flows name (`domain.plan`), inside the transaction that froze the version.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from planwerk.audit.services import actor_name_of, record
from planwerk.bodies.models import Body, Flow, Membership
from planwerk.consultations.domain import plan
from planwerk.consultations.models import (
    Consultation,
    GenderRelevance,
    Statement,
    StatementAttachment,
)
from planwerk.core.permissions import require
from planwerk.papers import recommendations
from planwerk.papers.models import Version

logger = logging.getLogger(__name__)

TEXT_LIMIT = 100_000
REASON_LIMIT = 2_000
ATTACHMENT_LIMIT = 10 * 1024 * 1024
ATTACHMENTS_PER_STATEMENT = 10
GENDER_RELEVANT = "gender_relevant"


@dataclass(frozen=True)
class Proposal:
    """New wording for a section of the version, or for one paragraph of it (its
    identifier in the version; "" for the whole section), proposed by a statement."""

    section_id: str
    text: str
    paragraph_id: str = ""


# -- planning -------------------------------------------------------------------------
def _marks(version: Version) -> set[str]:
    relevance = GenderRelevance.objects.filter(version=version).first()
    return {GENDER_RELEVANT} if relevance is not None and relevance.confirmed else set()


def planned(version: Version, marks: Iterable[str] = ()) -> list[plan.Planned]:
    """The consultations the process's flows name for this version."""
    body = version.draft.body
    process_id = body.process_id
    flows = [
        plan.Flow(f.source, f.target, f.kind, f.days, f.when)
        for f in Flow.objects.filter(process_id=process_id).order_by("order", "pk")
    ]
    groups: dict[str, list[str]] = {}
    for slug, group in (
        Body.objects.filter(process_id=process_id)
        .exclude(group="")
        .order_by("order", "pk")
        .values_list("slug", "group")
    ):
        groups.setdefault(group, []).append(slug)
    return plan.plan(body.slug, body.group or None, flows, groups, set(marks))


def _create(version: Version, marks: set[str], start: dt.date) -> list[Consultation]:
    """Create the planned consultations that do not exist yet (deadlines from `start`)."""
    wanted = planned(version, marks)
    bodies = {
        b.slug: b
        for b in Body.objects.filter(
            process_id=version.draft.body.process_id,
            slug__in=[p.body for p in wanted] + [p.addressed_to for p in wanted if p.addressed_to],
        )
    }
    existing = {c.body.slug: c for c in version.consultations.select_related("body")}
    created: list[Consultation] = []
    for item in wanted:
        if item.body in existing or item.body not in bodies:
            continue
        consultation = Consultation.objects.create(
            version=version,
            body=bodies[item.body],
            kind=item.kind,
            addressed_to=bodies.get(item.addressed_to) if item.addressed_to else None,
            deadline=start + dt.timedelta(days=item.days) if item.days else None,
            condition=item.condition,
        )
        existing[item.body] = consultation
        created.append(consultation)
    for item in wanted:
        if item.kind == plan.BUNDLE and item.body in existing:
            Consultation.objects.filter(
                version=version, body__slug__in=item.bundles, bundle__isnull=True
            ).update(bundle=existing[item.body])
    for consultation in created:
        schedule_reminder(consultation)
    return created


def on_submitted(version: Version, user: Any) -> None:
    """The papers app's submitted hook."""
    start_consultations(version)


def start_consultations(version: Version) -> list[Consultation]:
    """Start the consultations on a just submitted version (deadlines from its submission)."""
    start = timezone.localdate(version.submitted_at)
    created = _create(version, _marks(version), start)
    record(
        "consultations.started",
        actor=None,
        obj=version,
        payload={"consultations": [str(c.body.slug) for c in created]},
    )
    return created


# -- reminders ------------------------------------------------------------------------
def reminder_time(deadline: dt.date) -> dt.datetime:
    """When the reminder for a deadline goes out: PLANWERK_REMINDER_DAYS before, at 8."""
    day = deadline - dt.timedelta(days=settings.REMINDER_DAYS)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))


def schedule_reminder(consultation: Consultation) -> None:
    """Queue the reminder (after the transaction commits); the task checks again."""
    if consultation.deadline is None or consultation.kind == Consultation.Kind.REVIEW:
        return
    from planwerk.consultations import tasks

    when = reminder_time(consultation.deadline)
    pk, deadline = consultation.pk, consultation.deadline.isoformat()

    def enqueue() -> None:
        task = tasks.remind
        if when > timezone.now():
            if not task.get_backend().supports_defer:
                logger.warning("the task backend cannot defer; no reminder for %s", pk)
                return
            task = task.using(run_after=when)
        task.enqueue(pk, deadline)

    transaction.on_commit(enqueue)


# -- statements -----------------------------------------------------------------------
def _check_pdf(upload: UploadedFile) -> None:
    name = upload.name or ""
    if not name.lower().endswith(".pdf"):
        raise ValidationError(
            {"attachments": _("%(name)s: only PDF files can be attached.") % {"name": name}}
        )
    if (upload.size or 0) > ATTACHMENT_LIMIT:
        raise ValidationError(
            {
                "attachments": _("%(name)s is larger than 10 MB; please attach a smaller file.")
                % {"name": name}
            }
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(
            {
                "attachments": _("%(name)s is not a PDF file (its content is not PDF).")
                % {"name": name}
            }
        )


def current_memberships() -> Any:
    today = timezone.localdate()
    return Membership.objects.filter(start__lte=today).filter(
        Q(end__isnull=True) | Q(end__gte=today)
    )


def _is_member(user: Any, body: Body) -> bool:
    return current_memberships().filter(person__user=user, body=body).exists()


def _open_consultation(consultation: Consultation) -> Consultation:
    locked = (
        Consultation.objects.select_for_update()
        .select_related("version__draft__body", "body")
        .get(pk=consultation.pk)
    )
    if locked.version.status != Version.Status.SUBMITTED:
        raise ValidationError(_("The version has been decided: this consultation is closed."))
    return locked


@transaction.atomic
def give_statement(
    user: Any,
    consultation: Consultation,
    text: str,
    attachments: Sequence[UploadedFile] = (),
    cites: Iterable[Statement] = (),
    recommendation: Proposal | None = None,
) -> Statement:
    """Record the consulted body's statement (by a member, or by the coordination on
    the body's behalf), with its PDFs, the assessments a bundle cites and, optionally,
    new wording for a section or one of its paragraphs. The first is the statement;
    each later one, until the consultation closes, is a supplement numbered 1, 2, ...
    (under the consultation's row lock, the database keeps the numbers unique)."""
    require(user, "consultations.state", consultation)
    locked = _open_consultation(consultation)
    if locked.kind == Consultation.Kind.REVIEW:
        raise ValidationError(
            _("A review gives no statement: the body decides on the version in its meeting.")
        )
    last = locked.statements.aggregate(m=Max("number"))["m"]
    number = 0 if last is None else last + 1
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": _("Please write the statement.")})
    if len(text) > TEXT_LIMIT:
        raise ValidationError(
            {"text": _("The text may have at most %(limit)s characters.") % {"limit": TEXT_LIMIT}}
        )
    cited = list(cites)
    if cited and locked.kind != Consultation.Kind.BUNDLE:
        raise ValidationError({"cites": _("Only a bundled statement cites assessments.")})
    foreign = [s for s in cited if s.consultation.bundle_id != locked.pk]
    if foreign:
        raise ValidationError(
            {"cites": _("A bundle can only cite the assessments it bundles on this version.")}
        )
    if len(attachments) > ATTACHMENTS_PER_STATEMENT:
        raise ValidationError(
            {
                "attachments": _("At most %(limit)s files can be attached.")
                % {"limit": ATTACHMENTS_PER_STATEMENT}
            }
        )
    for upload in attachments:
        _check_pdf(upload)
    on_behalf = not _is_member(user, locked.body)
    statement = Statement.objects.create(
        consultation=locked,
        text=text,
        given_by=user if getattr(user, "is_authenticated", False) else None,
        given_by_name=actor_name_of(user),
        on_behalf=on_behalf,
        number=number,
    )
    statement.cites.set(cited)
    if recommendation is not None and recommendation.section_id:
        recommendations.propose(
            locked.version,
            recommendation.section_id,
            recommendation.text,
            source=(
                _("Supplement %(number)s to the statement of %(body)s")
                % {"number": number, "body": locked.body}
                if number
                else _("Statement of %(body)s") % {"body": locked.body}
            ),
            source_url=reverse("consultations:detail", args=[locked.uuid])
            + (f"#ergaenzung-{number}" if number else "#stellungnahme"),
            actor=user,
            paragraph_id=recommendation.paragraph_id,
        )
    for upload in attachments:
        StatementAttachment.objects.create(
            statement=statement, file=upload, name=(upload.name or "")[:200], size=upload.size or 0
        )
    record(
        "consultations.statement.given",
        actor=user,
        obj=statement,
        payload={
            "consultation": str(locked.uuid),
            "body": locked.body.slug,
            "number": number,
            "on_behalf": on_behalf,
            "cites": [str(s.uuid) for s in cited],
            "attachments": len(attachments),
        },
    )
    return statement


# -- gender relevance -----------------------------------------------------------------
def _open_version(version: Version) -> Version:
    locked = Version.objects.select_for_update().select_related("draft__body").get(pk=version.pk)
    if locked.status != Version.Status.SUBMITTED:
        raise ValidationError(_("The version has been decided: it can no longer be marked."))
    return locked


@transaction.atomic
def mark_gender_relevant(user: Any, version: Version) -> GenderRelevance:
    """Mark a version relevant to gender equality (the coordination confirms it)."""
    require(user, "consultations.mark_relevant", version)
    locked = _open_version(version)
    if GenderRelevance.objects.filter(version=locked).exists():
        raise ValidationError(
            _("This version has already been marked relevant to gender equality.")
        )
    relevance = GenderRelevance.objects.create(
        version=locked, marked_by_name=actor_name_of(user), marked_at=timezone.now()
    )
    record("consultations.gender.marked", actor=user, obj=locked, payload={})
    return relevance


@transaction.atomic
def confirm_gender_relevance(user: Any, version: Version) -> list[Consultation]:
    """Confirm the mark: the consultations that depend on it start now, their
    deadlines counted from today."""
    require(user, "consultations.manage", version)
    locked = _open_version(version)
    relevance = GenderRelevance.objects.select_for_update().filter(version=locked).first()
    if relevance is None:
        raise ValidationError(_("Nobody has marked this version relevant to gender equality yet."))
    if relevance.confirmed:
        raise ValidationError(_("The relevance to gender equality has already been confirmed."))
    relevance.confirmed_by_name = actor_name_of(user)
    relevance.confirmed_at = timezone.now()
    relevance.save(update_fields=["confirmed_by_name", "confirmed_at", "modified"])
    created = _create(locked, {GENDER_RELEVANT}, timezone.localdate())
    record(
        "consultations.gender.confirmed",
        actor=user,
        obj=locked,
        payload={"consultations": [c.body.slug for c in created]},
    )
    return created


# -- deadlines ------------------------------------------------------------------------
@transaction.atomic
def extend_deadline(
    user: Any, consultation: Consultation, new_date: dt.date | None, reason: str
) -> Consultation:
    """Give a consulted body more time, with a reason; a new reminder is queued."""
    require(user, "consultations.manage", consultation)
    locked = _open_consultation(consultation)
    if locked.kind == Consultation.Kind.REVIEW:
        raise ValidationError(_("A review has no deadline to extend."))
    if locked.statements.exists():
        raise ValidationError(_("The statement has been given; there is nothing to extend."))
    reason = " ".join((reason or "").split())
    errors: dict[str, str] = {}
    if new_date is None:
        errors["deadline"] = _("Please give the new deadline.")
    elif locked.deadline is not None and new_date <= locked.deadline:
        errors["deadline"] = _("The new deadline must be later than the current one (%(day)s).") % {
            "day": locked.deadline.strftime("%d.%m.%Y")
        }
    elif new_date < timezone.localdate():
        errors["deadline"] = _("The new deadline cannot lie in the past.")
    if not reason:
        errors["reason"] = _("Please give the reason for the extension.")
    elif len(reason) > REASON_LIMIT:
        errors["reason"] = _("The reason may have at most %(limit)s characters.") % {
            "limit": REASON_LIMIT
        }
    if errors:
        raise ValidationError(errors)
    old = locked.deadline
    locked.deadline = new_date
    locked.extended_reason = reason
    locked.save(update_fields=["deadline", "extended_reason", "modified"])
    record(
        "consultations.deadline.extended",
        actor=user,
        obj=locked,
        payload={
            "from": old.isoformat() if old else None,
            "to": new_date.isoformat() if new_date else None,
            "reason": reason,
        },
    )
    schedule_reminder(locked)
    return locked
