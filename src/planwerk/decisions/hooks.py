"""What the decisions app adds to the pages of drafts and meetings (registered in
DecisionsConfig.ready()): neither app imports this one."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest

from planwerk.core.permissions import may
from planwerk.decisions import services
from planwerk.decisions.forms import AnswerForm
from planwerk.decisions.models import Decision, Requirement, RequirementAnswer
from planwerk.decisions.rules import MAJORITY, QUORUM
from planwerk.meetings import extensions as meeting_extensions
from planwerk.meetings.models import Meeting
from planwerk.papers import extensions as paper_extensions
from planwerk.papers.models import Draft, Version


def _requirements(decision: Decision, titles: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "requirement": r,
            "sections": [titles.get(i, i) for i in r.section_ids],
            "answer": next(iter(r.answers.all()), None),
        }
        for r in decision.requirements.all()
    ]


def shown(decision: Decision) -> dict[str, Any]:
    """A decision as the pages show it: the count, the votes by seat, the objections,
    the requirements with the sections they point at, and their answers."""
    result = decision.result
    titles = {s.id: s.title for s in decision.version.paper()}
    votes = list(decision.votes.all())
    return {
        "decision": decision,
        "result": result,
        "quorum": QUORUM.get(result.get("quorum", ""), ""),
        "majority": MAJORITY.get(result.get("majority", ""), ""),
        "votes": votes,
        "objections": [vote for vote in votes if vote.choice == "no"]
        if result.get("record_objections", True)
        else [],
        "requirements": _requirements(decision, titles),
    }


def _decisions() -> Any:
    return Decision.objects.select_related(
        "version__draft__body", "version__draft__stage", "meeting", "body"
    ).prefetch_related(
        "votes",
        Prefetch(
            "requirements",
            queryset=Requirement.objects.prefetch_related(
                Prefetch("answers", queryset=RequirementAnswer.objects.select_related("version"))
            ).select_related("recommendation"),
        ),
    )


def version_panel(request: HttpRequest, version: Version) -> dict[str, Any] | None:
    """On a version's page: the decision on it, and the answers this version gives to
    the requirements of the decision before it."""
    decision = _decisions().filter(version=version).first()
    answers = list(
        RequirementAnswer.objects.filter(version=version)
        .select_related("requirement__decision__version")
        .order_by("requirement__number")
    )
    if decision is not None and not may(request.user, "decisions.view", decision):
        decision = None
    if decision is None and not answers:
        return None
    return {
        "shown": shown(decision) if decision else None,
        "answers": answers,
        "can_see_meeting": decision is not None
        and may(request.user, "meetings.view", decision.meeting),
    }


def draft_panel(request: HttpRequest, draft: Draft) -> dict[str, Any] | None:
    """On the draft's page: the requirements of the latest decision, if it returned
    the version, as a checklist with the answer form."""
    latest = services.latest_decision(draft)
    if latest is None or latest.outcome != Decision.Outcome.RETURNED:
        return None
    decision = _decisions().get(pk=latest.pk)
    data = shown(decision)
    open_ = [
        r for r in data["requirements"] if r["answer"] is None or r["answer"].version_id is None
    ]
    return {
        **data,
        "draft": draft,
        "open_count": sum(1 for r in data["requirements"] if r["answer"] is None),
        "can_answer": may(request.user, "papers.edit", draft) and bool(open_),
        "answer_form": AnswerForm(),
    }


def meeting_panel(request: HttpRequest, meeting: Meeting) -> dict[str, Any] | None:
    """On a meeting's page: the decisions taken, and what may still be decided."""
    decisions = [shown(d) for d in _decisions().filter(meeting=meeting)]
    can_record = may(request.user, "decisions.record", meeting)
    pending = (
        list(services.decidable(meeting))
        if can_record and meeting.status == Meeting.Status.HELD
        else []
    )
    if not decisions and not pending:
        return None
    return {"meeting": meeting, "decisions": decisions, "pending": pending}


def minutes_panel(request: HttpRequest, meeting: Meeting) -> dict[str, Any] | None:
    decisions = [shown(d) for d in _decisions().filter(meeting=meeting)]
    if not decisions:
        return None
    return {"meeting": meeting, "decisions": decisions, "print": True}


def register() -> None:
    from planwerk.decisions import board

    paper_extensions.register_board_column(board.COLUMN)
    paper_extensions.register_submit_check("decisions.requirements", services.submit_problems)
    paper_extensions.register_submitted("decisions.requirements", services.bind_answers)
    paper_extensions.register_version_panel(
        paper_extensions.Panel(
            "decisions.decision", 20, "decisions/_version_panel.html", version_panel
        )
    )
    paper_extensions.register_draft_panel(
        paper_extensions.Panel(
            "decisions.requirements", 10, "decisions/_draft_panel.html", draft_panel
        )
    )
    meeting_extensions.register_meeting_panel(
        meeting_extensions.Panel(
            "decisions.decisions", 10, "decisions/_meeting_panel.html", meeting_panel
        )
    )
    meeting_extensions.register_minutes_panel(
        meeting_extensions.Panel(
            "decisions.decisions", 10, "decisions/_minutes_panel.html", minutes_panel
        )
    )
