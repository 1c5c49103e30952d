"""Pages of decisions: deciding on a version at a meeting, answering requirements.
Views parse, call one service, render."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwerk.core.permissions import permission, require
from planwerk.decisions import services
from planwerk.decisions.domain import voting as v
from planwerk.decisions.forms import AnswerForm, DecisionForm, RequirementFormSet
from planwerk.decisions.models import Decision, Requirement
from planwerk.decisions.rules import MAJORITY, QUORUM
from planwerk.decisions.tally import Tally, tally
from planwerk.meetings.models import Meeting
from planwerk.papers import recommendations
from planwerk.papers.extensions import version_panels
from planwerk.papers.models import Version

PREFIX = "vorgabe"


def _choices() -> list[tuple[str, str]]:
    return [(v.YES, _("yes")), (v.NO, _("no")), (v.ABSTAIN, _("abstention"))]


def voters(t: Tally, chosen: dict[str, str]) -> list[dict[str, Any]]:
    """The seats that cast a vote at the meeting, each once, with the seats whose
    joint vote it casts."""
    rows = []
    for key in t.casting():
        seat = t.seats.get(key)
        rows.append(
            {
                "key": key,
                "seat": seat,
                "label": t.labels[key],
                "joint": [t.labels[k] for k in t.joint_of(key)],
                "chosen": chosen.get(key, ""),
            }
        )
    return rows


def _ballots(request: HttpRequest) -> list[tuple[str, str]]:
    ballots: list[tuple[str, str]] = []
    for name, values in request.POST.lists():
        if name.startswith("vote-"):
            ballots.extend((name[5:], value) for value in values)
    return ballots


def _requirement_count(request: HttpRequest) -> int:
    raw = request.GET.get("vorgaben", "")
    return min(max(int(raw), 1), 30) if raw.isdigit() else 3


@permission("decisions.record")
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, uuid: UUID, slug: str, stage: str, number: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("body__process"), uuid=uuid)
    require(request.user, "decisions.record", meeting)
    version = get_object_or_404(
        Version.objects.select_related("draft__body", "draft__stage"),
        draft__body__process=meeting.body.process,
        draft__body__slug=slug,
        draft__stage__slug=stage,
        number=number,
    )
    sections = [(s.id, s.title) for s in version.paper()]
    data = request.POST if request.method == "POST" else None
    form = DecisionForm(data)
    formset = RequirementFormSet(
        data,
        prefix=PREFIX,
        initial=None if data else [{}] * _requirement_count(request),
        form_kwargs={"sections": sections, "targets": recommendations.wording_choices(version)},
    )
    step = request.POST.get("step", "")
    error = ""
    t = tally(meeting)
    ballots = _ballots(request) if data else []
    status = 200
    if data is not None and step in ("check", "record"):
        if form.is_valid() and formset.is_valid():
            requirements = [e for f in formset.forms if (e := f.entry()) is not None]
            args = (
                request.user,
                meeting,
                version,
                form.cleaned_data["outcome"],
                ballots,
                requirements,
                form.cleaned_data["note"],
            )
            try:
                if step == "record":
                    services.decide(*args)
                else:
                    plan = services.check(*args)
            except ValidationError as refused:
                error = " ".join(refused.messages)
            else:
                if step == "record":
                    messages.success(
                        request,
                        _("The decision on version %(n)s has been recorded.")
                        % {"n": version.number},
                    )
                    return redirect(
                        reverse("meetings:detail", args=[meeting.uuid]) + "#entscheidungen"
                    )
                return render(
                    request,
                    "decisions/confirm.html",
                    {
                        "meeting": meeting,
                        "version": version,
                        "plan": plan,
                        "outcome": Decision.Outcome(plan.outcome).label,
                        "votes": [
                            (t.labels[b.seat], t.seats[b.seat].person, dict(_choices())[b.choice])
                            for b in plan.ballots
                        ],
                        "titles": dict(sections),
                        "hidden": [
                            (k, value)
                            for k, values in request.POST.lists()
                            if k not in ("csrfmiddlewaretoken", "step")
                            for value in values
                        ],
                        "quorum": QUORUM[plan.result.rules.quorum],
                        "majority": MAJORITY[plan.result.rules.majority],
                    },
                )
        status = 400
    chosen = {k: c for k, c in ballots}
    return render(
        request,
        "decisions/decide.html",
        {
            "meeting": meeting,
            "version": version,
            "draft": version.draft,
            "form": form,
            "formset": formset,
            "error": error,
            "voters": voters(t, chosen),
            "choices": _choices(),
            "tally": t,
            "total": t.body.total_votes,
            "quorum": QUORUM[t.body.rules.quorum],
            "majority": MAJORITY[t.body.rules.majority],
            "more": formset.total_form_count() + 3,
            # What other apps show on the version's page: the consultations and
            # statements, so that the meeting sees them before it votes.
            "panels": version_panels(request, version),
        },
        status=status,
    )


@permission("papers.edit")
@require_POST
def answer(request: HttpRequest, uuid: UUID) -> HttpResponse:
    requirement = get_object_or_404(
        Requirement.objects.select_related(
            "decision__version__draft__body", "decision__version__draft__stage"
        ),
        uuid=uuid,
    )
    draft = requirement.decision.version.draft
    require(request.user, "papers.edit", draft)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the requirement was followed."))
    else:
        try:
            services.answer_requirement(
                request.user, requirement, form.cleaned_data["answer"], form.cleaned_data["reason"]
            )
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(
                request,
                _("Your answer to requirement %(n)s has been saved.") % {"n": requirement.number},
            )
    return redirect(reverse("papers:draft", args=[draft.body.slug, draft.stage.slug]) + "#vorgaben")
