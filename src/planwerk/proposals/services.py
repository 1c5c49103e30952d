"""What residents and expert groups do with proposals: make one, support it, answer
it, hide it. One function per action, one transaction each, the permission first,
an audit entry; refusals raise ValidationError (or PermissionDenied when throttled)
and change nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from planwerk.audit.services import actor_name_of, record
from planwerk.bodies.models import Body
from planwerk.core import workflow
from planwerk.core.permissions import require
from planwerk.core.throttle import throttled_writer
from planwerk.papers.measures import latest_draft, measure_choices
from planwerk.processes.models import Process
from planwerk.proposals.domain.rules import (
    MAX_DISTRICT,
    MAX_TEXT,
    MAX_TITLE,
    answer_problem,
    clean,
    problem,
)
from planwerk.proposals.models import Proposal, ProposalSupport
from planwerk.proposals.workflows import PROPOSAL

#: Proposals one account, and one visitor's address, may make per window (seconds).
PROPOSALS_PER_ACCOUNT = 5
PROPOSALS_PER_CLIENT = 15
PROPOSAL_WINDOW = 60 * 60


def expert_groups(process: Process | None) -> QuerySet[Body]:
    """The theme fields a proposal can name: the process's expert groups."""
    return Body.objects.filter(process=process, kind=Body.Kind.EXPERT_GROUP).order_by("order")


# -- writing ------------------------------------------------------------------------------
def _check_writer(request: HttpRequest) -> None:
    from planwerk.residents.services import require_confirmed

    require(request.user, "proposals.write")
    require_confirmed(request.user)


def _length(field: str, value: str, limit: int, empty: str) -> None:
    found = problem(value, limit)
    if found == "empty":
        raise ValidationError({field: [empty]})
    if found == "too_long":
        raise ValidationError(
            {
                field: [
                    _("At most %(max)s characters are allowed here; this has %(n)s.")
                    % {"max": limit, "n": len(value)}
                ]
            }
        )


def make(
    request: HttpRequest,
    process: Process,
    *,
    title: str,
    text: str,
    body: Body | None,
    district: str = "",
) -> Proposal:
    """A resident's proposal to the expert group of its theme field. Throttled per
    account and per visitor's address."""
    from planwerk.participation.services import author_name

    _check_writer(request)
    user: Any = request.user
    title = clean(title, multiline=False)
    text = clean(text)
    district = clean(district, multiline=False)
    _length("title", title, MAX_TITLE, _("Please give your proposal a title."))
    _length("text", text, MAX_TEXT, _("Please describe your proposal."))
    if district:
        _length("district", district, MAX_DISTRICT, "")
    if body is None or not expert_groups(process).filter(pk=body.pk).exists():
        raise ValidationError({"body": [_("Choose one of the theme fields of the process.")]})
    if throttled_writer(
        request,
        "proposals.make",
        per_account=PROPOSALS_PER_ACCOUNT,
        per_client=PROPOSALS_PER_CLIENT,
        window=PROPOSAL_WINDOW,
    ):
        raise PermissionDenied(
            _("You have made many proposals in a short time. Please wait an hour.")
        )
    with transaction.atomic():
        proposal = Proposal.objects.create(
            process=process,
            body=body,
            title=title,
            text=text,
            html=linebreaks(text, autoescape=True),
            district=district,
            author=user,
            author_name=author_name(user),
        )
        record(
            "proposals.proposal.made",
            actor=user,
            obj=proposal,
            payload={"body": body.slug},
        )
    return proposal


def support(request: HttpRequest, proposal: Proposal) -> None:
    """Support a proposal, once per person."""
    _check_writer(request)
    user: Any = request.user
    if not proposal.visible:
        raise ValidationError(_("This proposal cannot be supported."))
    if proposal.author_id == user.pk:
        raise ValidationError(_("You cannot support your own proposal."))
    already = ValidationError(_("You have already supported this proposal."))
    if ProposalSupport.objects.filter(proposal=proposal, supporter=user).exists():
        raise already
    try:
        with transaction.atomic():
            ProposalSupport.objects.create(proposal=proposal, supporter=user)
            Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
            record("proposals.proposal.supported", actor=user, obj=proposal)
    except IntegrityError:
        raise already from None


# -- answering and moderation ------------------------------------------------------------
def answer(
    user: Any, proposal: Proposal, *, status: str, reason: str = "", measure: str = ""
) -> Proposal:
    """The expert group answers: being examined, taken up in a measure, partly taken
    up (measure and reason), not taken up (reason). The author is told by email."""
    require(user, "proposals.answer", proposal)
    reason = reason.strip()
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().select_related("body").get(pk=proposal.pk)
        labels = dict(measure_choices(proposal.body))
        found = answer_problem(status, reason, bool(measure))
        if found == "status":
            raise ValidationError({"status": [_("Choose what the group did with the proposal.")]})
        if found == "reason":
            raise ValidationError({"reason": [_("Please give the reason.")]})
        if found == "measure":
            raise ValidationError({"measure": [_("Choose the measure that takes it up.")]})
        if status in ("taken_up", "partly") and measure not in labels:
            raise ValidationError(
                {"measure": [_("This is not a measure of the group's latest draft.")]}
            )
        if status not in ("taken_up", "partly"):
            measure = ""
        if (
            status == proposal.status
            and reason == proposal.answer
            and (measure == (str(proposal.section_uuid) if proposal.section_uuid else ""))
        ):
            raise ValidationError(_("Nothing has changed."))
        if status != proposal.status:
            workflow.advance(proposal, PROPOSAL, status, actor=user, reason=reason)
        draft = latest_draft(proposal.body) if measure else None
        proposal.answer = reason
        proposal.section_uuid = measure or None
        proposal.section_label = labels.get(measure, "")
        proposal.section_stage = draft.stage if draft else None
        proposal.answered_by = actor_name_of(user)
        proposal.answered_at = timezone.now()
        proposal.save(
            update_fields=[
                "status",
                "answer",
                "section_uuid",
                "section_label",
                "section_stage",
                "answered_by",
                "answered_at",
                "modified",
            ]
        )
        record(
            "proposals.proposal.answered",
            actor=user,
            obj=proposal,
            payload={"status": status, "reason": reason, "measure": measure},
        )
        if proposal.author_id is not None:
            from planwerk.proposals import tasks

            pk = proposal.pk
            transaction.on_commit(lambda: tasks.send_answer.enqueue(pk))
    return proposal


def hide(user: Any, proposal: Proposal, reason: str) -> Proposal:
    """Hide a proposal; the reason is shown in its place and the author is told."""
    require(user, "proposals.moderate", proposal)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Please give the reason for hiding the proposal.")]})
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.hidden_at is not None:
            raise ValidationError(_("This proposal is hidden already."))
        proposal.hidden_at = timezone.now()
        proposal.hidden_reason = reason
        proposal.hidden_by_name = actor_name_of(user)
        proposal.save(update_fields=["hidden_at", "hidden_reason", "hidden_by_name", "modified"])
        record("proposals.proposal.hidden", actor=user, obj=proposal, payload={"reason": reason})
        if proposal.author_id is not None:
            from planwerk.proposals import tasks

            pk = proposal.pk
            transaction.on_commit(lambda: tasks.send_hidden_notice.enqueue(pk))
    return proposal


# -- reading ------------------------------------------------------------------------------
def counts(process: Process | None) -> tuple[dict[int, int], dict[str, int]]:
    """How many proposals each theme field and each status has (one query)."""
    rows = (
        Proposal.objects.filter(process=process)
        .order_by()
        .values_list("body_id", "status")
        .annotate(n=Count("pk"))
    )
    by_body: dict[int, int] = {}
    by_status: dict[str, int] = {}
    for body_id, status, n in rows:
        by_body[body_id] = by_body.get(body_id, 0) + n
        by_status[status] = by_status.get(status, 0) + n
    return by_body, by_status


# -- a resident's data --------------------------------------------------------------------
def export_for(user: Any) -> dict[str, Any]:
    own = Proposal.objects.filter(author=user).select_related("body")
    supports = ProposalSupport.objects.filter(supporter=user).select_related("proposal")
    return {
        "proposals": [
            {
                "id": str(p.uuid),
                "written": p.created.isoformat(),
                "title": p.title,
                "text": p.text,
                "theme_field": p.body.name,
                "district": p.district,
                "name": p.author_name,
                "supports": p.support_count,
                "status": p.status,
                "answer": p.answer,
                "measure": p.section_label,
                "hidden": bool(p.hidden_at),
                "hidden_reason": p.hidden_reason,
            }
            for p in own
        ],
        "supports": [
            {"proposal": str(s.proposal.uuid), "given": s.created.isoformat()} for s in supports
        ],
    }


def delete_for(user: Any, keep: bool) -> None:
    """On deleting an account: its proposals stay anonymised or go, its supports go."""
    for s in ProposalSupport.objects.filter(supporter=user):
        Proposal.objects.filter(pk=s.proposal_id).update(support_count=F("support_count") - 1)
    ProposalSupport.objects.filter(supporter=user).delete()
    own = Proposal.objects.filter(author=user)
    if keep:
        own.update(author=None, author_name="", anonymised=True)
    else:
        own.delete()
