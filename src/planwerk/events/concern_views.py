"""Concerns raised at events: staff enter them, each expert group answers its own
in its inbox. Views parse, call one service, render."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from planwerk.core import workflow
from planwerk.core.forms import apply_errors
from planwerk.core.permissions import permission, require
from planwerk.core.tables import respond
from planwerk.events import queries, services, tables
from planwerk.events.forms import AnswerForm, ConcernForm
from planwerk.events.models import Concern, Event
from planwerk.events.views import _process
from planwerk.events.workflows import CONCERN
from planwerk.papers.measures import measure_choices


@permission("events.concerns_enter")
@require_http_methods(["GET", "POST"])
def enter(request: HttpRequest, uuid: UUID) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("process"), uuid=uuid)
    require(request.user, "events.concerns_enter", event)
    groups = services.expert_groups(event.process)
    form = ConcernForm(request.POST or None, groups=groups)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.enter_concern(request.user, event, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
                status = 400
            else:
                messages.success(
                    request,
                    _("The concern has been passed to the expert group “%(group)s”.")
                    % {"group": form.cleaned_data["body"].name},
                )
                return redirect("events:concerns", uuid=event.uuid)
        else:
            status = 400
    return render(
        request,
        "events/concerns_enter.html",
        {
            "event": event,
            "form": form,
            "concerns": event.concerns.select_related("body").order_by("-created"),
        },
        status=status,
    )


@permission("events.concerns_answer")
def inbox(request: HttpRequest, slug: str) -> HttpResponse:
    process = _process()
    body = get_object_or_404(services.expert_groups(process), slug=slug)
    require(request.user, "events.concerns_answer", body)
    return render(
        request,
        "events/inbox.html",
        {"body": body, "concerns": queries.inbox(body), "S": Concern.Status},
    )


@permission("events.concerns_answer")
def inbox_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    process = _process()
    body = get_object_or_404(services.expert_groups(process), slug=slug)
    require(request.user, "events.concerns_answer", body)
    return respond(tables.inbox(body, list(queries.inbox(body))), fmt)


@permission("events.concerns_answer")
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, uuid: UUID) -> HttpResponse:
    concern = get_object_or_404(Concern.objects.select_related("body", "event"), uuid=uuid)
    require(request.user, "events.concerns_answer", concern)
    initial = {"answer": concern.answer}
    if concern.status != Concern.Status.OPEN:
        initial["status"] = concern.status
    if concern.section_uuid:
        initial["measure"] = str(concern.section_uuid)
    form = AnswerForm(request.POST or None, initial=initial, measures=measure_choices(concern.body))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.answer_concern(request.user, concern, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
                status = 400
            else:
                messages.success(request, _("What the group did with the concern is recorded."))
                return redirect("events:inbox", slug=concern.body.slug)
        else:
            status = 400
    return render(
        request,
        "events/answer.html",
        {
            "concern": concern,
            "form": form,
            "history": workflow.steps(concern, CONCERN),
        },
        status=status,
    )
