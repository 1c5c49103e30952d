"""The timeline page (Infographic 2) and the coordination's pages to move a planned
date and to record a milestone as reached. Views parse, call one service, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_bidi, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from planwerk.core.forms import apply_errors
from planwerk.core.permissions import may, may_some, permission
from planwerk.processes.models import Milestone, Process, Stage
from planwerk.processes.queries import current_process
from planwerk.timeline import queries, services
from planwerk.timeline.domain import drawing
from planwerk.timeline.domain import items as states
from planwerk.timeline.forms import MilestoneMoveForm, ReachedForm, StageMoveForm


def _process() -> Process:
    process = current_process()
    if process is None:
        raise Http404(_("No process has been loaded yet."))
    return process


def _legend() -> list[dict[str, str]]:
    words = queries.status_words()
    shown = [
        (states.DONE, False, words[states.DONE]),
        (states.PLANNED, False, words[states.PLANNED]),
        (states.PLANNED, True, queries.next_word()),
        (states.LATE, False, words[states.LATE]),
        (states.CANCELLED, False, words[states.CANCELLED]),
    ]
    return [
        {"symbol": drawing.symbol(status, upcoming), "word": word}
        for status, upcoming, word in shown
    ]


def _rows(timeline: queries.Timeline, can_plan: bool) -> list[dict[str, Any]]:
    """The text version's rows: each entry with its state in a symbol and a word, its
    lane's name and, for the coordination, where to move it; today in its place."""
    words = queries.status_words()
    lanes = dict(queries.lanes())
    rows = []
    for row in timeline.rows():
        item = row.get("item")
        if item is None:
            rows.append(row)
            continue
        kind, _sep, slug = item.ref.partition(":")
        rows.append(
            {
                "item": item,
                "lane": lanes.get(item.lane, ""),
                "symbol": drawing.symbol(item.status, item.next),
                "word": queries.next_word() if item.next else words.get(item.status, item.status),
                "move_url": reverse(f"timeline:move_{kind}", args=[slug])
                if can_plan and item.ref
                else "",
                "reached_url": reverse("timeline:reached", args=[slug])
                if can_plan and kind == "milestone"
                else "",
            }
        )
    return rows


@permission("timeline.view")
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    process = _process()
    timeline = queries.timeline_of(process, request.user)
    can_plan = may(request.user, "processes.plan")
    return render(
        request,
        "timeline/index.html",
        {
            "process": process,
            "timeline": timeline,
            "chart": queries.draw(timeline, rtl=get_language_bidi()),
            "rows": _rows(timeline, can_plan),
            "legend": _legend(),
            "can_plan": can_plan,
            # Drafts, decisions and statements are shown to those who may see them.
            "sees_drafts": may_some(request.user, "papers.view"),
        },
    )


def _move(
    request: HttpRequest,
    process: Process,
    ref: str,
    item: Stage | Milestone,
    form: forms.Form,
    dates: tuple[str, ...],
) -> HttpResponse:
    """The form; after it the confirmation page with every date that moves along;
    after that the move."""
    context: dict[str, Any] = {"item": item, "ref": ref, "form": form, "dates": dates}
    # "change": back from the confirmation page to the form, with the dates given.
    if request.method == "POST" and "change" not in request.POST and form.is_valid():
        new = {name: form.cleaned_data.get(name) for name in dates}
        reason = form.cleaned_data.get("reason", "")
        try:
            if request.POST.get("confirmed") == "1":
                plan = services.move(
                    request.user,
                    process,
                    ref,
                    new,
                    fingerprint=request.POST.get("fingerprint", ""),
                    reason=reason,
                )
                messages.success(
                    request,
                    ngettext(
                        "%(count)s date has been moved.",
                        "%(count)s dates have been moved.",
                        len(plan.rows),
                    )
                    % {"count": len(plan.rows)},
                )
                return redirect("timeline:index")
            plan = services.plan_move(process, ref, new)
        except ValidationError as error:
            if request.POST.get("confirmed") != "1":
                apply_errors(form, error)
            else:
                # The dates changed meanwhile: show what moves now and confirm again.
                try:
                    plan = services.plan_move(process, ref, new)
                except ValidationError as again:
                    apply_errors(form, again)
                else:
                    context["notice"] = " ".join(error.messages)
                    return _confirm(request, context, plan, new, reason)
        else:
            return _confirm(request, context, plan, new, reason)
    return render(request, "timeline/move.html", context, status=400 if form.errors else 200)


def _confirm(
    request: HttpRequest,
    context: dict[str, Any],
    plan: services.MovePlan,
    new: dict[str, Any],
    reason: str,
) -> HttpResponse:
    return render(
        request,
        "timeline/confirm.html",
        {
            **context,
            "plan": plan,
            "values": [(name, value.isoformat()) for name, value in new.items() if value],
            "reason": reason,
        },
    )


@permission("processes.plan")
@require_http_methods(["GET", "POST"])
def move_stage(request: HttpRequest, stage: str) -> HttpResponse:
    process = _process()
    item = get_object_or_404(Stage, process=process, slug=stage)
    form = StageMoveForm(request.POST or None, initial={"starts": item.starts, "ends": item.ends})
    return _move(request, process, f"stage:{item.slug}", item, form, ("starts", "ends"))


@permission("processes.plan")
@require_http_methods(["GET", "POST"])
def move_milestone(request: HttpRequest, milestone: str) -> HttpResponse:
    process = _process()
    item = get_object_or_404(Milestone, process=process, slug=milestone)
    form = MilestoneMoveForm(
        request.POST or None,
        initial={"date": item.date, "end": item.end},
        has_end=item.end is not None,
    )
    dates = ("date", "end") if item.end is not None else ("date",)
    return _move(request, process, f"milestone:{item.slug}", item, form, dates)


@permission("processes.plan")
@require_http_methods(["GET", "POST"])
def reached(request: HttpRequest, milestone: str) -> HttpResponse:
    """Record the day a milestone was reached, or take that back."""
    process = _process()
    item = get_object_or_404(Milestone, process=process, slug=milestone)
    form = ReachedForm(
        (request.POST or None) if "undo" not in request.POST else None,
        initial={"reached_on": item.reached_on or timezone.localdate()},
    )
    if request.method == "POST":
        try:
            if "undo" in request.POST:
                services.mark_reached(request.user, item, None)
                messages.success(
                    request,
                    _("“%(name)s” is no longer recorded as reached.") % {"name": item.name},
                )
                return redirect("timeline:index")
            if form.is_valid():
                services.mark_reached(request.user, item, form.cleaned_data["reached_on"])
                messages.success(
                    request, _("“%(name)s” is recorded as reached.") % {"name": item.name}
                )
                return redirect("timeline:index")
        except ValidationError as error:
            apply_errors(form, error)
    return render(
        request,
        "timeline/reached.html",
        {"item": item, "form": form},
        status=400 if form.errors else 200,
    )
