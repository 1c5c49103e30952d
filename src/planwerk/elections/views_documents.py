"""The election's documents: the public record (JSON), the minutes (HTML, PDF) and
the invitations (letters as HTML and PDF, emails sent by a background task)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from planwerk.core.roles import is_coordinator
from planwerk.elections import exports, tasks
from planwerk.elections import invitations as invitation_letters
from planwerk.elections.models import Election


def _election(election_id: int) -> Election:
    return get_object_or_404(
        Election.objects.select_related("process__coordinating_unit", "body", "seat"),
        pk=election_id,
    )


def _coordinator_only(request: HttpRequest) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied(_("Only the coordination may see this document."))


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def stylesheet(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        render_to_string("elections/documents/documents.css"), content_type="text/css"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def public_record(request: HttpRequest, election_id: int) -> HttpResponse:
    """Public: anyone may download the record and recount it. Once the result is
    final these are the published bytes, always the same; before, a preview."""
    election = _election(election_id)
    try:
        record = exports.record_bytes(election)
    except exports.RecordNotAvailable as exc:
        return HttpResponse(
            " ".join(exc.messages), status=404, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(record.content, content_type="application/json; charset=utf-8")
    filename = exports.record_filename(election, final=record.final)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if record.final:
        response["ETag"] = f'"{record.sha256}"'
        response["Cache-Control"] = "public, max-age=300"
    else:
        response["Cache-Control"] = "no-store"
    return response


@require_GET
def minutes(request: HttpRequest, election_id: int) -> HttpResponse:
    _coordinator_only(request)
    return HttpResponse(
        exports.minutes_html(_election(election_id), base_url=request.build_absolute_uri("/"))
    )


@require_GET
def minutes_pdf(request: HttpRequest, election_id: int) -> HttpResponse:
    _coordinator_only(request)
    election = _election(election_id)
    pdf = exports.minutes_pdf(election, base_url=request.build_absolute_uri("/"))
    return _pdf(pdf, exports.minutes_filename(election))


def _invitations_page(request: HttpRequest, election: Election, *, for_pdf: bool) -> str:
    letter_only = request.GET.get("letter_only") == "1"
    base_url = request.build_absolute_uri("/")
    letters, count = invitation_letters.letters_html(
        election, base_url=base_url, letter_only=letter_only
    )
    invitees = invitation_letters.invitees(election)
    try:
        invitation_letters.check_can_send(election)
        can_send = True
    except ValidationError:
        can_send = False
    return render_to_string(
        "elections/documents/invitations.html",
        {
            "election": election,
            "letters": letters,
            "letter_count": count,
            "letter_only": letter_only,
            "by_email": [o for o in invitees if o.contact_email],
            "letter_only_names": [o.name for o in invitees if not o.contact_email],
            "can_send": can_send,
            "for_pdf": for_pdf,
        },
        request=request,
    )


@require_GET
def invitations(request: HttpRequest, election_id: int) -> HttpResponse:
    _coordinator_only(request)
    return HttpResponse(_invitations_page(request, _election(election_id), for_pdf=False))


@require_GET
def invitations_pdf(request: HttpRequest, election_id: int) -> HttpResponse:
    _coordinator_only(request)
    election = _election(election_id)
    html = _invitations_page(request, election, for_pdf=True)
    return _pdf(exports.render_pdf(html), f"einladungen-{election.pk}.pdf")


@require_POST
def send_invitations(request: HttpRequest, election_id: int) -> HttpResponse:
    _coordinator_only(request)
    election = _election(election_id)
    try:
        invitation_letters.check_can_send(election)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        tasks.send_invitations.enqueue(
            election.pk, request.build_absolute_uri("/"), request.user.get_username()
        )
        messages.success(
            request,
            _(
                "The invitations are being sent. Organisations without an email address "
                "need the printed letter."
            ),
        )
    return redirect("elections:doc_invitations", election_id=election.pk)
