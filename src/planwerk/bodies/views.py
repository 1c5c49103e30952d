"""Pages about bodies. Views parse, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from planwerk.bodies import services, tables
from planwerk.bodies.chart import organisation_chart
from planwerk.bodies.forms import (
    AppointForm,
    AppointNominationForm,
    DeclineForm,
    EndMembershipForm,
    NominationForm,
    TopicChangeForm,
    TopicDecisionForm,
)
from planwerk.bodies.models import Body, Membership, Nomination, TopicChangeRequest
from planwerk.bodies.queries import bodies_of, body_view, today
from planwerk.bodies.workflows import NOMINATION
from planwerk.core import workflow
from planwerk.core.forms import apply_errors
from planwerk.core.permissions import may, permission, require, visible
from planwerk.core.tables import respond
from planwerk.core.throttle import throttled
from planwerk.processes.models import Process
from planwerk.processes.queries import current_process


def _process() -> Process:
    process = current_process()
    if process is None:
        raise Http404(_("No process has been loaded yet."))
    return process


def _site(request: HttpRequest) -> str:
    """The site's address as the visitor used it, for the links in emails."""
    return request.build_absolute_uri("/")


def _received(nomination: Nomination) -> str:
    return _(
        "Thank you: the nomination has been received. A confirmation with the address of "
        "this page goes by email to %(email)s."
    ) % {"email": nomination.contact_email}


def _body(slug: str) -> Body:
    return get_object_or_404(
        Body.objects.select_related("process", "parent"), process=_process(), slug=slug
    )


@permission("bodies.view")
def body_list(request: HttpRequest) -> HttpResponse:
    process = _process()
    bodies = list(bodies_of(process).prefetch_related("leads__unit", "subtopics"))
    groups: dict[str, list[Body]] = {}
    for body in bodies:
        groups.setdefault(body.get_kind_display(), []).append(body)
    return render(request, "bodies/list.html", {"process": process, "groups": groups})


@permission("bodies.view")
def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = _body(slug)
    view = body_view(body)
    return render(
        request,
        "bodies/detail.html",
        {
            "body": body,
            "view": view,
            "leads": body.leads.select_related("unit"),
            "subtopics": body.subtopics.all(),
            "topic_requests": body.topic_requests.all()
            if may(request.user, "bodies.view_topic_requests", body)
            else [],
        },
    )


@permission("bodies.export_members")
def members_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    body = _body(slug)
    require(request.user, "bodies.export_members", body)
    return respond(tables.members(body, body_view(body)), fmt)


@permission("bodies.appoint")
@require_http_methods(["GET", "POST"])
def appoint(request: HttpRequest, slug: str) -> HttpResponse:
    body = _body(slug)
    require(request.user, "bodies.appoint", body)
    if request.method == "GET" and request.headers.get("HX-Request"):
        # The search field asks for its matches while one types (htmx); without
        # JavaScript the "Search" button sends the whole form instead.
        form = AppointForm(
            body, initial={"q": request.GET.get("q", ""), "person": request.GET.get("person")}
        )
        return render(request, "bodies/person_search.html", {"form": form, "oob": True})
    if request.method == "POST" and request.POST.get("action") == "search":
        form = AppointForm(body, initial=request.POST.dict())
        return render(request, "bodies/appoint.html", {"body": body, "form": form})
    form = AppointForm(body, request.POST or None, initial={"start": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.appoint(
                request.user,
                body=body,
                person=form.person_to_appoint(),
                seat=data["seat"],
                position=data.get("position"),
                start=data["start"],
                end=data.get("end"),
                deputy_of=data.get("deputy_of"),
                note=data.get("note", ""),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The membership has been recorded."))
            return redirect("bodies:detail", slug=body.slug)
    return render(request, "bodies/appoint.html", {"body": body, "form": form})


@permission("bodies.end_membership")
@require_http_methods(["GET", "POST"])
def end_membership(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = _body(slug)
    membership = get_object_or_404(
        Membership.objects.select_related("person", "seat"), pk=pk, body=body
    )
    require(request.user, "bodies.end_membership", body)
    form = EndMembershipForm(request.POST or None, initial={"end": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(request.user, membership, form.cleaned_data["end"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The membership ends on %(date)s.")
                % {"date": services.day(form.cleaned_data["end"])},
            )
            return redirect("bodies:detail", slug=body.slug)
    return render(
        request,
        "bodies/end_membership.html",
        {"body": body, "membership": membership, "form": form},
    )


@permission("bodies.view")
def chart(request: HttpRequest) -> HttpResponse:
    process = _process()
    drawn = organisation_chart(process)
    names = {n.key: n.title for n in drawn.nodes}
    text_edges = [
        f"{names.get(e.source, e.source)} → {names.get(e.target, e.target)}: {e.label}"
        for e in drawn.edges
    ]
    return render(
        request, "bodies/chart.html", {"process": process, "chart": drawn, "text_edges": text_edges}
    )


@permission("bodies.view")
def chart_svg(request: HttpRequest) -> HttpResponse:
    process = _process()
    return HttpResponse(
        organisation_chart(process).svg, content_type="image/svg+xml; charset=utf-8"
    )


@permission("bodies.nominate")
@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest) -> HttpResponse:
    process = _process()
    form = NominationForm(process, request.POST or None)
    if request.method == "POST":
        # Fair to organisations sharing one address (docs/operations.md): 10 an hour per
        # contact address, 60 an hour per client address.
        contact = request.POST.get("contact_email", "").strip().lower()
        if throttled(request, "nominate", limit=60, window=3600) or (
            contact and throttled(request, "nominate-contact", limit=10, window=3600, key=contact)
        ):
            form.add_error(
                None, _("Too many nominations from your connection. Please try again in an hour.")
            )
        elif form.is_valid():
            try:
                # The organisation hears back in the language it wrote in.
                nomination = services.submit_nomination(
                    base_url=_site(request), language=get_language(), **form.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _received(nomination))
                return redirect("bodies:nomination_status", token=nomination.token)
    return render(request, "bodies/nominate.html", {"form": form})


@permission("bodies.nominate")
def nomination_status(request: HttpRequest, token: str) -> HttpResponse:
    nomination = get_object_or_404(Nomination.objects.select_related("body"), token=token)
    return render(request, "bodies/nomination_status.html", {"nomination": nomination})


def _nominations(request: HttpRequest) -> QuerySet[Nomination]:
    """The nominations the user may see, the newest first (the page and its table)."""
    return visible(
        request.user,
        "bodies.view_nominations",
        Nomination.objects.select_related("body").order_by("-submitted_at"),
    )


@permission("bodies.view_nominations")
def nominations(request: HttpRequest) -> HttpResponse:
    return render(request, "bodies/nominations.html", {"nominations": _nominations(request)})


@permission("bodies.view_nominations")
def nominations_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(tables.nominations(_nominations(request)), fmt)


@permission("bodies.view_nominations")
@require_http_methods(["GET", "POST"])
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(Nomination.objects.select_related("body"), pk=pk)
    require(request.user, "bodies.view_nominations", nomination)
    appoint_form = AppointNominationForm(nomination.body, initial={"start": today()})
    decline_form = DeclineForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "forward":
                services.forward_nomination(request.user, nomination, base_url=_site(request))
                messages.success(request, _("The nomination has been forwarded to the Dezernat."))
                return redirect("bodies:nomination_detail", pk=pk)
            if action == "appoint":
                appoint_form = AppointNominationForm(nomination.body, request.POST)
                if appoint_form.is_valid():
                    services.appoint_from_nomination(
                        request.user,
                        nomination,
                        base_url=_site(request),
                        **appoint_form.cleaned_data,
                    )
                    messages.success(request, _("The nominee has been appointed."))
                    return redirect("bodies:nomination_detail", pk=pk)
            elif action == "decline":
                decline_form = DeclineForm(request.POST)
                if decline_form.is_valid():
                    services.decline_nomination(
                        request.user,
                        nomination,
                        decline_form.cleaned_data["reason"],
                        base_url=_site(request),
                    )
                    messages.success(request, _("The nomination has been declined."))
                    return redirect("bodies:nomination_detail", pk=pk)
        except ValidationError as exc:
            apply_errors(appoint_form if action == "appoint" else decline_form, exc)
    nomination.refresh_from_db()
    return render(
        request,
        "bodies/nomination_detail.html",
        {
            "nomination": nomination,
            "appoint_form": appoint_form,
            "decline_form": decline_form,
            "can_forward": may(request.user, "bodies.forward_nomination")
            and nomination.status == Nomination.Status.SUBMITTED,
            "can_decide": may(request.user, "bodies.decide_nomination", nomination)
            and nomination.status == Nomination.Status.FORWARDED,
            "steps": workflow.steps(nomination, NOMINATION),
        },
    )


@permission("bodies.request_topic_change")
@require_http_methods(["GET", "POST"])
def topic_change(request: HttpRequest, slug: str) -> HttpResponse:
    body = _body(slug)
    require(request.user, "bodies.request_topic_change", body)
    initial = {"subtopics": "\n".join(t.name.exact("de") for t in body.subtopics.all())}
    form = TopicChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_topic_change(
                request.user,
                body,
                form.cleaned_data["subtopics"].splitlines(),
                form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The request has been recorded; the steering group decides on it.")
            )
            return redirect("bodies:detail", slug=body.slug)
    return render(request, "bodies/topic_change.html", {"body": body, "form": form})


@permission("bodies.decide_topic_change")
@require_http_methods(["GET", "POST"])
def topic_change_decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    body = _body(slug)
    req = get_object_or_404(TopicChangeRequest, pk=pk, body=body)
    form = TopicDecisionForm(request.POST or None, initial={"decision_date": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_topic_change(request.user, req, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The steering group's decision has been recorded."))
            return redirect("bodies:detail", slug=body.slug)
    return render(request, "bodies/topic_decide.html", {"body": body, "req": req, "form": form})
