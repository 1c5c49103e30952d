"""What users do with decisions: one function per action, each one transaction,
permission first, an audit entry with the change.

`check` runs every rule of a decision without writing (the confirmation page shows
its count); `decide` runs it again on locked rows and records the decision."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from planwerk.audit.services import actor_name_of, record
from planwerk.core import workflow
from planwerk.core.permissions import require
from planwerk.decisions import tally as t
from planwerk.decisions.domain import voting as v
from planwerk.decisions.models import Decision, Requirement, RequirementAnswer, SeatVote
from planwerk.decisions.rules import QUORUM
from planwerk.meetings.models import Meeting
from planwerk.papers import recommendations
from planwerk.papers.models import Draft, Version
from planwerk.papers.workflows import VERSION

TEXT_LIMIT = 5_000
# (section id, proposed text[, paragraph id]): new wording for a section of the
# version, or for one paragraph of it.
Wording = tuple[str, str] | tuple[str, str, str] | None
RequirementInput = tuple[str, Sequence[str], Wording]


@dataclass(frozen=True)
class Plan:
    """A decision that passed every check, not yet recorded."""

    meeting: Meeting
    version: Version
    outcome: str
    result: v.Result
    tally: t.Tally
    ballots: tuple[v.Ballot, ...]
    requirements: tuple[RequirementInput, ...]
    note: str


def _ballots(ballots: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[v.Ballot, ...]:
    items = ballots.items() if isinstance(ballots, Mapping) else ballots
    return tuple(v.Ballot(seat, choice) for seat, choice in items if choice)


def _refusal_text(refused: v.Refused, labels: Mapping[str, str]) -> str:
    seat = labels.get(refused.seat, refused.seat)
    texts = {
        v.Problem.UNKNOWN_SEAT: _("“%(seat)s” is not a seat of this body."),
        v.Problem.NO_VOTE: _("The seat “%(seat)s” has no vote."),
        v.Problem.NOT_PRESENT: _(
            "The seat “%(seat)s” was not present at the meeting and cannot vote."
        ),
        v.Problem.JOINT_VOTE: _(
            "The seat “%(seat)s” shares one vote with “%(by)s”, who casts it at this meeting."
        ),
        v.Problem.TWICE: _("The seat “%(seat)s” can vote only once."),
        v.Problem.UNKNOWN_CHOICE: _("Choose yes, no or abstention for the seat “%(seat)s”."),
    }
    return texts[refused.problem] % {"seat": seat, "by": labels.get(refused.by or "", "")}


def decidable(meeting: Meeting) -> QuerySet[Version]:
    """The versions under review that this meeting's body decides on."""
    bodies = [
        b.pk
        for b in meeting.body.process.bodies.exclude(pk=meeting.body_id)
        if (found := t.deciding_body(b)) is not None and found.pk == meeting.body_id
    ]
    return Version.objects.filter(
        status=Version.Status.SUBMITTED, draft__body__in=bodies
    ).select_related("draft__body", "draft__stage")


def _requirements(
    version: Version, outcome: str, requirements: Iterable[RequirementInput]
) -> tuple[RequirementInput, ...]:
    sections = {s.id: s.title for s in version.paper()}
    cleaned: list[RequirementInput] = []
    for number, (text, section_ids, wording) in enumerate(requirements, start=1):
        text = (text or "").strip()
        ids = list(dict.fromkeys(section_ids))
        if not text:
            raise ValidationError(
                _("Requirement %(n)s: please write the requirement.") % {"n": number}
            )
        if len(text) > TEXT_LIMIT:
            raise ValidationError(
                _("Requirement %(n)s may have at most %(limit)s characters.")
                % {"n": number, "limit": TEXT_LIMIT}
            )
        if not ids:
            raise ValidationError(
                _("Requirement %(n)s: choose the sections it is about.") % {"n": number}
            )
        if any(i not in sections for i in ids):
            raise ValidationError(
                _("Requirement %(n)s points at a section that is not part of version %(v)s.")
                % {"n": number, "v": version.number}
            )
        if wording is not None:
            section_id, proposed = wording[0], wording[1]
            paragraph_id = wording[2] if len(wording) > 2 else ""
            if section_id not in ids:
                raise ValidationError(
                    _(
                        "Requirement %(n)s: the new wording must be for one of the sections "
                        "the requirement is about."
                    )
                    % {"n": number}
                )
            try:
                recommendations.check_target(version, section_id, paragraph_id)
            except ValidationError as refused:
                raise ValidationError(
                    _("Requirement %(n)s: %(problem)s")
                    % {"n": number, "problem": " ".join(refused.messages)}
                ) from refused
            wording = (section_id, proposed, paragraph_id)
            if not (proposed or "").strip():
                wording = None
        cleaned.append((text, tuple(ids), wording))
    if outcome == Decision.Outcome.RETURNED and not cleaned:
        raise ValidationError(
            _("A version is returned with at least one requirement: write the requirements.")
        )
    if outcome == Decision.Outcome.ACCEPTED and cleaned:
        raise ValidationError(
            _("An accepted version gets no requirements: return it, or leave them out.")
        )
    return tuple(cleaned)


def check(
    user: Any,
    meeting: Meeting,
    version: Version,
    outcome: str,
    ballots: Mapping[str, str] | Iterable[tuple[str, str]],
    requirements: Iterable[RequirementInput] = (),
    note: str = "",
) -> Plan:
    """Every rule of a decision, without writing: the plan, or ValidationError."""
    require(user, "decisions.record", meeting)
    if version.status != Version.Status.SUBMITTED:
        raise ValidationError(
            _("Version %(n)s is not under review: it has already been decided (%(status)s).")
            % {"n": version.number, "status": version.get_status_display()}
        )
    deciding = t.deciding_body(version.draft.body)
    if deciding is None or deciding.pk != meeting.body_id:
        raise ValidationError(
            _("This is not a meeting of the body that decides on drafts of %(body)s.")
            % {"body": version.draft.body}
        )
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(
            _(
                "Decisions are recorded for a held meeting, after its attendance and before "
                "its minutes are approved (this meeting: %(status)s)."
            )
            % {"status": meeting.get_status_display()}
        )
    if outcome not in Decision.Outcome.values:
        raise ValidationError(_("Choose whether the version is accepted or returned."))
    tally = t.tally(meeting)
    if not tally.recorded:
        raise ValidationError(_("Record the attendance of the meeting first."))
    cast = _ballots(ballots)
    try:
        result = v.count(tally.body, tally.attendance, cast)
    except v.Refused as refused:
        raise ValidationError(_refusal_text(refused, tally.labels)) from None
    if not result.quorate:
        raise ValidationError(
            _(
                "The meeting is not quorate: %(present)s of %(total)s votes are present, "
                "and the rule is %(rule)s."
            )
            % {
                "present": result.present,
                "total": result.total,
                "rule": QUORUM[result.rules.quorum],
            }
        )
    if not result.carried:
        raise ValidationError(
            _(
                "The motion has not carried (yes %(yes)s, no %(no)s, abstentions "
                "%(abstain)s): nothing is recorded, the version stays under review."
            )
            % {"yes": result.yes, "no": result.no, "abstain": result.abstain}
        )
    cleaned = _requirements(version, outcome, requirements)
    note = (note or "").strip()
    if len(note) > TEXT_LIMIT:
        raise ValidationError(
            _("The note may have at most %(limit)s characters.") % {"limit": TEXT_LIMIT}
        )
    return Plan(meeting, version, outcome, result, tally, cast, cleaned, note)


def snapshot(result: v.Result) -> dict[str, Any]:
    return {
        "votes_total": result.total,
        "votes_present": result.present,
        "yes": result.yes,
        "no": result.no,
        "abstain": result.abstain,
        "quorate": result.quorate,
        "carried": result.carried,
        "quorum": result.rules.quorum,
        "majority": result.rules.majority,
        "record_objections": result.rules.record_objections,
        "objections": list(result.objections),
    }


def _source(decision: Decision, number: int) -> str:
    meeting = decision.meeting
    return _("Requirement %(n)s of %(body)s, meeting of %(date)s") % {
        "n": number,
        "body": decision.body,
        "date": date_format(localtime(meeting.starts_at), "SHORT_DATE_FORMAT"),
    }


@transaction.atomic
def decide(
    user: Any,
    meeting: Meeting,
    version: Version,
    outcome: str,
    ballots: Mapping[str, str] | Iterable[tuple[str, str]],
    requirements: Iterable[RequirementInput] = (),
    note: str = "",
) -> Decision:
    """Record the body's decision on a version under review: the vote by seat, the
    outcome and, for a return, the requirements. Cannot be changed afterwards."""
    require(user, "decisions.record", meeting)
    meeting = Meeting.objects.select_for_update().select_related("body__process").get(pk=meeting.pk)
    version = (
        Version.objects.select_for_update()
        .select_related("draft__body", "draft__stage")
        .get(pk=version.pk)
    )
    plan = check(user, meeting, version, outcome, ballots, requirements, note)
    workflow.advance(version, VERSION, outcome, actor=user, reason=plan.note)
    version.save(update_fields=["status"])
    decision = Decision.objects.create(
        body=meeting.body,
        meeting=meeting,
        version=version,
        outcome=outcome,
        result=snapshot(plan.result),
        recorded_by_name=actor_name_of(user),
        note=plan.note,
    )
    order = {s.id: i for i, s in enumerate(plan.tally.body.seats)}
    SeatVote.objects.bulk_create(
        SeatVote(
            decision=decision,
            order=order[b.seat],
            seat_key=b.seat,
            seat_label=plan.tally.labels[b.seat][:400],
            person_name=plan.tally.seats[b.seat].person[:300] if b.seat in plan.tally.seats else "",
            choice=b.choice,
        )
        for b in plan.ballots
    )
    version_url = reverse(
        "papers:version", args=[version.draft.body.slug, version.draft.stage.slug, version.number]
    )
    for number, (text, section_ids, wording) in enumerate(plan.requirements, start=1):
        recommendation = None
        if wording is not None:
            recommendation = recommendations.propose(
                version,
                wording[0],
                wording[1],
                source=_source(decision, number),
                source_url=f"{version_url}#vorgabe-{number}",
                actor=user,
                paragraph_id=wording[2] if len(wording) > 2 else "",
            )
        Requirement.objects.create(
            decision=decision,
            number=number,
            text=text,
            section_ids=list(section_ids),
            recommendation=recommendation,
        )
    result = plan.result
    record(
        "decisions.decided",
        actor=user,
        obj=decision,
        payload={
            "version": str(version.uuid),
            "meeting": str(meeting.uuid),
            "outcome": outcome,
            "votes_total": result.total,
            "votes_present": result.present,
            "yes": result.yes,
            "no": result.no,
            "abstain": result.abstain,
            "requirements": len(plan.requirements),
        },
    )
    return decision


# -- answering the requirements -----------------------------------------------------------
def latest_decision(draft: Draft) -> Decision | None:
    return (
        Decision.objects.filter(version__draft=draft)
        .select_related("version", "body", "meeting")
        .order_by("-version__number")
        .first()
    )


def unanswered(draft: Draft) -> list[Requirement]:
    """The requirements of the draft's latest decision, if it returned the version,
    that have no answer yet."""
    decision = latest_decision(draft)
    if decision is None or decision.outcome != Decision.Outcome.RETURNED:
        return []
    return list(decision.requirements.filter(answers__isnull=True).order_by("number"))


def submit_problems(draft: Draft, user: Any) -> list[str]:
    """The submit check: a returned version's requirements are answered first."""
    missing = unanswered(draft)
    if not missing:
        return []
    decision = missing[0].decision
    return [
        _(
            "Answer every requirement of the decision on version %(v)s first "
            "(followed, or not followed and why): requirement %(numbers)s has no answer yet."
        )
        % {"v": decision.version.number, "numbers": ", ".join(str(r.number) for r in missing)}
    ]


def bind_answers(version: Version, user: Any) -> None:
    """The submitted hook: the open answers of the draft become those of this version."""
    for answer in RequirementAnswer.objects.filter(draft=version.draft, version__isnull=True):
        answer.version = version
        answer.save(update_fields=["version"])


@transaction.atomic
def answer_requirement(
    user: Any, requirement: Requirement, answer: str, reason: str = ""
) -> RequirementAnswer:
    """The expert group answers a requirement for its next version: followed, or not
    followed and why. Until that version is submitted the answer can be changed."""
    draft = requirement.decision.version.draft
    require(user, "papers.edit", draft)
    locked = Requirement.objects.select_for_update().get(pk=requirement.pk)
    bound = locked.answers.filter(version__isnull=False).select_related("version").first()
    if bound is not None:
        raise ValidationError(
            _("This requirement has been answered in version %(v)s; the answer cannot change.")
            % {"v": bound.version.number if bound.version else "?"}
        )
    latest = latest_decision(draft)
    if latest is None or latest.pk != locked.decision_id:
        raise ValidationError(_("Only the requirements of the latest decision are answered."))
    reason = (reason or "").strip()
    if answer not in RequirementAnswer.Answer.values:
        raise ValidationError({"answer": _("Choose whether the requirement was followed.")})
    if answer == RequirementAnswer.Answer.NOT_FOLLOWED and not reason:
        raise ValidationError({"reason": _("Please say why the requirement was not followed.")})
    if len(reason) > TEXT_LIMIT:
        raise ValidationError(
            {
                "reason": _("The reason may have at most %(limit)s characters.")
                % {"limit": TEXT_LIMIT}
            }
        )
    row, _created = RequirementAnswer.objects.update_or_create(
        requirement=locked,
        version__isnull=True,
        defaults={
            "draft": draft,
            "answer": answer,
            "reason": reason,
            "answered_by_name": actor_name_of(user),
        },
    )
    record(
        "decisions.requirement.answered",
        actor=user,
        obj=row,
        payload={"requirement": str(locked.uuid), "number": locked.number, "answer": answer},
    )
    return row
