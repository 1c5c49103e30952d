"""The public pages of proposals, the expert groups' answers and the coordination's
moderation. Views parse, call one service, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwerk.core import workflow
from planwerk.core.permissions import may, permission, require
from planwerk.core.tables import respond
from planwerk.papers.measures import measure_choices
from planwerk.processes.models import Process
from planwerk.processes.queries import current_process
from planwerk.proposals import outcome, services, tables
from planwerk.proposals.forms import AnswerForm, HideForm, ProposalForm
from planwerk.proposals.models import Proposal, ProposalSupport
from planwerk.proposals.workflows import PROPOSAL

PER_PAGE = 25


def _process() -> Process:
    process = current_process()
    if process is None:
        raise Http404(_("No process has been loaded yet."))
    return process


def _apply(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _sign_in(next_url: str) -> str:
    return reverse("residents:sign_in") + "?" + urlencode({"next": next_url})


def _listed(
    request: HttpRequest, process: Process, groups: list[Any]
) -> tuple[QuerySet[Proposal], str, str]:
    """The proposals the list shows, by the theme field and status chosen (the page
    and its table), with the theme and the status as understood."""
    listed = Proposal.objects.filter(process=process).select_related("body")
    theme = request.GET.get("thema", "")
    chosen = next((g for g in groups if g.slug == theme), None)
    if chosen is not None:
        listed = listed.filter(body=chosen)
    status = request.GET.get("status", "")
    if status in Proposal.Status.values:
        listed = listed.filter(status=status)
    else:
        status = ""
    return listed, theme, status


@permission("proposals.read")
def index(request: HttpRequest) -> HttpResponse:
    process = _process()
    groups = list(services.expert_groups(process))
    by_body, by_status = services.counts(process)
    listed, theme, status = _listed(request, process, groups)
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("seite"))
    query = urlencode({k: v for k, v in (("thema", theme), ("status", status)) if v})
    return render(
        request,
        "proposals/index.html",
        {
            "page": page,
            "themes": [(g, by_body.get(g.pk, 0)) for g in groups],
            "statuses": [(v, label, by_status.get(v, 0)) for v, label in Proposal.Status.choices],
            "theme": theme,
            "status": status,
            "query": query,
            "total": sum(by_body.values()),
            "can_write": may(request.user, "proposals.write"),
            "can_export": may(request.user, "proposals.export"),
            "sign_in": _sign_in(reverse("proposals:new")),
            "stages": outcome.stages(process),
        },
    )


@permission("proposals.export")
def index_export(request: HttpRequest, fmt: str) -> HttpResponse:
    process = _process()
    listed, _theme, _status = _listed(request, process, list(services.expert_groups(process)))
    return respond(tables.proposals(listed), fmt)


@permission("proposals.write")
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    process = _process()
    groups = list(services.expert_groups(process))
    form = ProposalForm(request.POST if request.method == "POST" else None, groups=groups)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            body = next((g for g in groups if g.slug == data["body"]), None)
            try:
                proposal = services.make(
                    request,
                    process,
                    title=data["title"],
                    text=data["text"],
                    body=body,
                    district=data["district"],
                )
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 429
            except ValidationError as error:
                _apply(form, error)
            else:
                messages.success(request, _("Thank you: your proposal is published."))
                return redirect("proposals:detail", uuid=proposal.uuid)
    return render(request, "proposals/new.html", {"form": form}, status=status)


def _detail(request: HttpRequest, proposal: Proposal, status: int = 200) -> HttpResponse:
    user = request.user
    supported = (
        user.is_authenticated
        and ProposalSupport.objects.filter(proposal=proposal, supporter=user).exists()
    )
    return render(
        request,
        "proposals/detail.html",
        {
            "proposal": proposal,
            "steps": workflow.steps(proposal, PROPOSAL),
            "can_write": may(user, "proposals.write"),
            "can_answer": may(user, "proposals.answer", proposal),
            "can_moderate": may(user, "proposals.moderate", proposal),
            "supported": supported,
            "sign_in": _sign_in(reverse("proposals:detail", args=[proposal.uuid])),
        },
        status=status,
    )


def _proposal(uuid: Any) -> Proposal:
    return get_object_or_404(Proposal.objects.select_related("body", "section_stage"), uuid=uuid)


@permission("proposals.read")
def detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _detail(request, _proposal(uuid))


@permission("proposals.write")
@require_POST
def support(request: HttpRequest, uuid: Any) -> HttpResponse:
    proposal = _proposal(uuid)
    try:
        services.support(request, proposal)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return _detail(request, proposal, 409)
    messages.success(request, _("Thank you for your support."))
    return redirect("proposals:detail", uuid=proposal.uuid)


@permission("proposals.answer")
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, uuid: Any) -> HttpResponse:
    proposal = _proposal(uuid)
    require(request.user, "proposals.answer", proposal)
    choices = measure_choices(proposal.body)
    initial = {
        "status": proposal.status if proposal.status != Proposal.Status.OPEN else "",
        "reason": proposal.answer,
        "measure": str(proposal.section_uuid or ""),
    }
    form = AnswerForm(
        request.POST if request.method == "POST" else None, initial=initial, measures=choices
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.answer(
                    request.user,
                    proposal,
                    status=data["status"],
                    reason=data["reason"],
                    measure=data["measure"],
                )
            except ValidationError as error:
                _apply(form, error)
            else:
                messages.success(request, _("The answer is recorded; the author is told."))
                return redirect("proposals:detail", uuid=proposal.uuid)
    return render(
        request,
        "proposals/answer.html",
        {"proposal": proposal, "form": form, "has_measures": bool(choices)},
        status=status,
    )


@permission("proposals.moderate")
@require_http_methods(["GET", "POST"])
def hide(request: HttpRequest, uuid: Any) -> HttpResponse:
    proposal = _proposal(uuid)
    form = HideForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.hide(request.user, proposal, form.cleaned_data["reason"])
            except ValidationError as error:
                _apply(form, error)
            else:
                messages.success(request, _("The proposal is hidden; its author is told."))
                return redirect("proposals:detail", uuid=proposal.uuid)
    return render(
        request, "proposals/hide.html", {"proposal": proposal, "form": form}, status=status
    )


@permission("proposals.read")
def outcomes(request: HttpRequest) -> HttpResponse:
    return render(request, "proposals/outcomes.html", {"stages": outcome.stages(_process())})


@permission("proposals.read")
def stage_outcome(request: HttpRequest, stage: str) -> HttpResponse:
    process = _process()
    found = get_object_or_404(process.stages, slug=stage)
    return render(
        request,
        "proposals/outcome.html",
        {"stage": found, "groups": outcome.stage_outcome(process, found)},
    )
