"""Pages about meetings. Views parse, call one service, render."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwerk.bodies.models import Body, Membership
from planwerk.core.forms import apply_errors
from planwerk.core.markdown import render as render_markdown
from planwerk.core.permissions import may, permission, require
from planwerk.meetings import extensions, ical, services
from planwerk.meetings.forms import AgendaItemForm, CancelForm, MinutesForm, PlanForm
from planwerk.meetings.models import AgendaItem, Attendance, Meeting
from planwerk.meetings.queries import day_of, deputies, members
from planwerk.processes.queries import current_process


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _body(slug: str) -> Body:
    process = current_process()
    if process is None:
        raise Http404(_("No process has been loaded yet."))
    return get_object_or_404(Body, process=process, slug=slug)


def _meeting(request: HttpRequest, uuid: UUID, action: str = "meetings.view") -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body__process"), uuid=uuid)
    require(request.user, action, meeting)
    return meeting


@permission("meetings.view")
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    body = _body(slug)
    require(request.user, "meetings.view", body)
    return render(
        request,
        "meetings/list.html",
        {
            "body": body,
            "meetings": body.meetings.all(),
            "can_manage": may(request.user, "meetings.manage", body),
        },
    )


@permission("meetings.manage")
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    body = _body(slug)
    require(request.user, "meetings.manage", body)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.plan_meeting(request.user, body, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The meeting is planned. Now add the items of its agenda."))
            return redirect("meetings:detail", uuid=meeting.uuid)
    return render(request, "meetings/plan.html", {"body": body, "form": form})


def _attendance_rows(meeting: Meeting) -> list[dict[str, Any]]:
    day = day_of(meeting.starts_at)
    recorded = {a.membership_id: a for a in meeting.attendance.select_related("deputy__person")}
    by_member: dict[int, list[Membership]] = {}
    for deputy in deputies(meeting.body, day):
        if deputy.deputy_of_id:
            by_member.setdefault(deputy.deputy_of_id, []).append(deputy)
    return [
        {
            "member": m,
            "deputies": by_member.get(m.pk, []),
            "recorded": recorded.get(m.pk),
        }
        for m in members(meeting.body, day)
    ]


@permission("meetings.view")
def detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = _meeting(request, uuid)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "agenda": meeting.agenda.all(),
            "invitations": meeting.invitations.select_related("membership__person"),
            "rows": _attendance_rows(meeting),
            "statuses": Attendance.Status.choices,
            "minutes_html": render_markdown(meeting.minutes, below=2),
            "can_manage": may(request.user, "meetings.manage", meeting),
            "agenda_form": AgendaItemForm(),
            "S": Meeting.Status,
            "panels": extensions.meeting_panels(request, meeting),
        },
    )


@permission("meetings.manage")
@require_POST
def agenda_add(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = _meeting(request, uuid, "meetings.manage")
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.add_agenda_item(request.user, meeting, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The agenda item has been added."))
    else:
        messages.error(request, _("Give the agenda item a title."))
    return redirect("meetings:detail", uuid=meeting.uuid)


@permission("meetings.manage")
@require_POST
def agenda_remove(request: HttpRequest, uuid: UUID, pk: int) -> HttpResponse:
    meeting = _meeting(request, uuid, "meetings.manage")
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=pk)
    try:
        services.remove_agenda_item(request.user, item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The agenda item has been removed."))
    return redirect("meetings:detail", uuid=meeting.uuid)


@permission("meetings.manage")
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Asks first, then sends the invitations."""
    meeting = _meeting(request, uuid, "meetings.manage")
    recipients = list(members(meeting.body, timezone.localdate()))
    if request.method == "POST":
        try:
            invitations = services.send_invitations(request.user, meeting, base_url=_site(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The invitations are being sent (%(count)s).") % {"count": len(invitations)},
            )
        return redirect("meetings:detail", uuid=meeting.uuid)
    return render(
        request,
        "meetings/invite.html",
        {
            "meeting": meeting,
            "recipients": recipients,
            "agenda": meeting.agenda.all(),
            "without_address": [m for m in recipients if not m.person.email],
        },
    )


@permission("meetings.manage")
@require_POST
def attendance(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = _meeting(request, uuid, "meetings.manage")
    day = day_of(meeting.starts_at)
    candidates = {m.pk: m for m in members(meeting.body, day)}
    deputy_rows = {d.pk: d for d in deputies(meeting.body, day)}
    entries = []
    for pk, member in candidates.items():
        state = request.POST.get(f"status-{pk}", "")
        if not state:
            continue
        deputy = None
        if state == Attendance.Status.REPRESENTED:
            chosen = request.POST.get(f"deputy-{pk}", "")
            deputy = deputy_rows.get(int(chosen)) if chosen.isdigit() else None
            if deputy is None and chosen.isdigit():
                deputy = Membership.objects.filter(pk=int(chosen), body=meeting.body).first()
        entries.append((member, state, deputy))
    try:
        services.record_attendance(request.user, meeting, entries)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The attendance has been recorded."))
    return redirect(f"{meeting_url(meeting)}#anwesenheit")


def meeting_url(meeting: Meeting) -> str:
    from django.urls import reverse

    return reverse("meetings:detail", args=[meeting.uuid])


@permission("meetings.manage")
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = _meeting(request, uuid, "meetings.manage")
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        try:
            services.write_minutes(request.user, meeting, form.cleaned_data["minutes"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The minutes have been saved."))
            return redirect("meetings:detail", uuid=meeting.uuid)
    return render(request, "meetings/minutes_edit.html", {"meeting": meeting, "form": form})


@permission("meetings.manage")
@require_http_methods(["GET", "POST"])
def approve(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Asks first, then approves (and freezes) the minutes."""
    meeting = _meeting(request, uuid, "meetings.manage")
    if request.method == "POST":
        try:
            services.approve_minutes(request.user, meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The minutes are approved."))
        return redirect("meetings:detail", uuid=meeting.uuid)
    return render(
        request,
        "meetings/approve.html",
        {"meeting": meeting, "minutes_html": render_markdown(meeting.minutes, below=2)},
    )


@permission("meetings.manage")
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = _meeting(request, uuid, "meetings.manage")
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(request.user, meeting, form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The meeting has been cancelled."))
            return redirect("meetings:detail", uuid=meeting.uuid)
    return render(request, "meetings/cancel.html", {"meeting": meeting, "form": form})


@permission("meetings.view")
def minutes_print(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = _meeting(request, uuid)
    return render(
        request,
        "meetings/minutes_print.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda.all(),
            "rows": _attendance_rows(meeting),
            "minutes_html": render_markdown(meeting.minutes, below=2),
            "panels": extensions.minutes_panels(request, meeting),
        },
    )


@permission("meetings.view")
def ics(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = _meeting(request, uuid)
    response = HttpResponse(
        ical.ics(meeting, request.build_absolute_uri(meeting_url(meeting))),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="sitzung-{meeting.uuid}.ics"'
    return response
