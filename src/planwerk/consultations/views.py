"""Pages of consultations: parse, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planwerk.consultations import queries, services, tables
from planwerk.consultations.forms import ExtensionForm, StatementForm
from planwerk.consultations.models import Consultation, Statement, StatementAttachment
from planwerk.core.markdown import render as markdown
from planwerk.core.permissions import may, permission, require
from planwerk.core.tables import respond
from planwerk.papers import recommendations
from planwerk.papers.models import Version


def _consultation(uuid: Any) -> Consultation:
    return get_object_or_404(queries.with_details(Consultation.objects.all()), uuid=uuid)


def _version_url(version: Version) -> str:
    draft = version.draft
    return reverse("papers:version", args=[draft.body.slug, draft.stage.slug, version.number])


def _apply(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _shown(statement: Statement) -> dict[str, Any]:
    return {
        "statement": statement,
        "anchor": f"ergaenzung-{statement.number}" if statement.number else "stellungnahme",
        "html": markdown(statement.text, below=3 if statement.number else 2),
        "attachments": list(statement.attachments.all()),
        "cites": list(statement.cites.select_related("consultation__body")),
    }


@permission("consultations.view")
def detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    consultation = _consultation(uuid)
    require(request.user, "consultations.view", consultation)
    bundled = []
    if consultation.kind == Consultation.Kind.BUNDLE:
        bundled = queries.rows(
            list(queries.with_details(consultation.bundled.order_by("body__order")))
        )
    state = consultation.state()
    return render(
        request,
        "consultations/detail.html",
        {
            "consultation": consultation,
            "version": consultation.version,
            "version_url": _version_url(consultation.version),
            "state_text": queries.state_text(consultation, state),
            "statements": [
                _shown(s) for s in sorted(consultation.statements.all(), key=lambda s: s.number)
            ],
            "bundled": bundled,
            "can_state": _can_state(request.user, consultation),
            "answered": consultation.statement() is not None,
            "can_extend": consultation.kind != Consultation.Kind.REVIEW
            and consultation.is_open
            and consultation.statement() is None
            and may(request.user, "consultations.manage", consultation),
        },
    )


def _can_state(user: Any, consultation: Consultation) -> bool:
    """Whether the user can give the statement, or a supplement to it, now."""
    return (
        consultation.kind != Consultation.Kind.REVIEW
        and consultation.is_open
        and may(user, "consultations.state", consultation)
    )


@permission("consultations.state")
def state(request: HttpRequest, uuid: Any) -> HttpResponse:
    consultation = _consultation(uuid)
    require(request.user, "consultations.state", consultation)
    sections = recommendations.wording_choices(consultation.version)
    supplement = consultation.statement() is not None
    citable = None
    if consultation.kind == Consultation.Kind.BUNDLE:
        citable = (
            Statement.objects.filter(consultation__bundle=consultation)
            .select_related("consultation__body")
            .order_by(F("consultation__body__order"), "number")
        )
    form = StatementForm(
        request.POST or None,
        request.FILES or None,
        sections=sections,
        citable=citable,
        supplement=supplement,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            section_id, paragraph_id = recommendations.split_target(data.get("section") or "")
            proposal = (
                services.Proposal(section_id, data["wording"], paragraph_id) if section_id else None
            )
            try:
                services.give_statement(
                    request.user,
                    consultation,
                    data["text"],
                    attachments=data.get("attachments") or [],
                    cites=data.get("cites") or [],
                    recommendation=proposal,
                )
            except ValidationError as error:
                _apply(form, error)
            else:
                messages.success(
                    request,
                    _("The supplement has been recorded.")
                    if supplement
                    else _("The statement has been recorded."),
                )
                return redirect("consultations:detail", uuid=consultation.uuid)
        status = 400
    return render(
        request,
        "consultations/state.html",
        {
            "consultation": consultation,
            "version_url": _version_url(consultation.version),
            "form": form,
            "on_behalf": not services._is_member(request.user, consultation.body),
            "closed": not _can_state(request.user, consultation),
            "supplement": supplement,
            "next_number": len(consultation.statements.all()),
        },
        status=status,
    )


@permission("consultations.manage")
def extend(request: HttpRequest, uuid: Any) -> HttpResponse:
    consultation = _consultation(uuid)
    require(request.user, "consultations.manage", consultation)
    form = ExtensionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.extend_deadline(
                    request.user,
                    consultation,
                    form.cleaned_data["deadline"],
                    form.cleaned_data["reason"],
                )
            except ValidationError as error:
                _apply(form, error)
            else:
                messages.success(request, _("The deadline has been extended."))
                return redirect("consultations:detail", uuid=consultation.uuid)
        status = 400
    return render(
        request,
        "consultations/extend.html",
        {"consultation": consultation, "form": form},
        status=status,
    )


@permission("consultations.view")
def attachment(request: HttpRequest, uuid: Any) -> HttpResponse:
    found = get_object_or_404(
        StatementAttachment.objects.select_related("statement__consultation__version"),
        uuid=uuid,
    )
    require(request.user, "consultations.view", found.statement.consultation)
    response: Any = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.name,
        content_type="application/pdf",
    )
    return response


def _version(uuid: Any) -> Version:
    return get_object_or_404(
        Version.objects.select_related("draft__body", "draft__stage"), uuid=uuid
    )


def _back_to_version(request: HttpRequest, version: Version, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@permission("consultations.mark_relevant")
@require_POST
def mark_relevant(request: HttpRequest, uuid: Any) -> HttpResponse:
    version = _version(uuid)
    require(request.user, "consultations.mark_relevant", version)
    try:
        services.mark_gender_relevant(request.user, version)
    except ValidationError as error:
        _back_to_version(request, version, error)
    else:
        messages.success(
            request,
            _("The version is marked relevant to gender equality; the coordination confirms it."),
        )
    return redirect(_version_url(version))


@permission("consultations.manage")
def confirm_relevance(request: HttpRequest, uuid: Any) -> HttpResponse:
    version = _version(uuid)
    require(request.user, "consultations.manage", version)
    waiting = [p for p in services.planned(version, {services.GENDER_RELEVANT}) if p.condition]
    error = ""
    if request.method == "POST":
        try:
            services.confirm_gender_relevance(request.user, version)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, _("Confirmed: the consultations on gender equality have started.")
            )
            return redirect(_version_url(version))
    from planwerk.bodies.models import Body

    bodies = Body.objects.filter(
        process_id=version.draft.body.process_id, slug__in=[p.body for p in waiting]
    )
    return render(
        request,
        "consultations/confirm_relevance.html",
        {
            "version": version,
            "version_url": _version_url(version),
            "relevance": getattr(version, "gender_relevance", None),
            "planned": [
                {"body": b, "days": next(p.days for p in waiting if p.body == b.slug)}
                for b in bodies
            ],
            "error": error,
        },
        status=409 if error else 200,
    )


@permission("consultations.manage")
def overview(request: HttpRequest) -> HttpResponse:
    consultations = list(queries.open_consultations())
    return render(request, "consultations/overview.html", {"rows": queries.rows(consultations)})


@permission("consultations.manage")
def overview_export(request: HttpRequest, fmt: str) -> HttpResponse:
    consultations = list(queries.open_consultations())
    return respond(tables.overview(queries.rows(consultations)), fmt)


@permission("consultations.manage")
def statements_export(request: HttpRequest, fmt: str) -> HttpResponse:
    consultations = list(
        queries.open_consultations().prefetch_related(
            Prefetch("statements__attachments", queryset=StatementAttachment.objects.order_by("pk"))
        )
    )
    return respond(tables.statements(consultations), fmt)


@permission("consultations.state")
def mine(request: HttpRequest) -> HttpResponse:
    bodies = services.current_memberships().filter(person__user=request.user).values("body")
    consultations = list(
        queries.with_details(
            Consultation.objects.filter(
                body__in=bodies, version__status=Version.Status.SUBMITTED, statements__isnull=True
            ).exclude(kind=Consultation.Kind.REVIEW)
        ).order_by(F("deadline").asc(nulls_last=True), "body__order")
    )
    return render(request, "consultations/mine.html", {"rows": queries.rows(consultations)})
