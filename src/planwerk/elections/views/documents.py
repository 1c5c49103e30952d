"""The election's documents: the public record (JSON), the minutes (HTML, PDF) and
the invitations (letters as HTML and PDF, emails sent by a background task)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from planwerk.core.permissions import may, permission, public
from planwerk.core.tables import respond
from planwerk.elections import exports, tables
from planwerk.elections import invitations as invitation_letters
from planwerk.elections.models import Election
from planwerk.elections.views.shared import Confirmation, confirm_page, is_confirmed


def _election(election_id: int) -> Election:
    return get_object_or_404(
        Election.objects.select_related("process__coordinating_unit", "body", "seat"),
        pk=election_id,
    )


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@public
@require_GET
def stylesheet(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        render_to_string("elections/documents/documents.css"), content_type="text/css"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


@permission("elections.view")
@require_GET
def public_record(request: HttpRequest, election_id: int) -> HttpResponse:
    """Public: anyone may download the record and recount it. Once the result is
    final these are the published bytes, always the same; before, a preview.
    A practice election's record is the coordination's only."""
    election = _election(election_id)
    if not may(request.user, "elections.view", election):
        raise Http404(_("This election is not public."))
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


@permission("elections.view_minutes")
@require_GET
def minutes(request: HttpRequest, election_id: int) -> HttpResponse:
    return HttpResponse(
        exports.minutes_html(_election(election_id), base_url=request.build_absolute_uri("/"))
    )


@permission("elections.view_minutes")
@require_GET
def minutes_pdf(request: HttpRequest, election_id: int) -> HttpResponse:
    election = _election(election_id)
    pdf = exports.minutes_pdf(election, base_url=request.build_absolute_uri("/"))
    return _pdf(pdf, exports.minutes_filename(election))


def _letters_page(request: HttpRequest, election: Election, *, for_pdf: bool) -> str:
    letter_only = request.GET.get("letter_only") == "1"
    base_url = request.build_absolute_uri("/")
    letters, count = invitation_letters.letters_html(
        election, base_url=base_url, letter_only=letter_only
    )
    return render_to_string(
        "elections/documents/invitations.html",
        {
            "election": election,
            "letters": letters,
            "letter_count": count,
            "letter_only": letter_only,
            "for_pdf": for_pdf,
        },
        request=request,
    )


@permission("elections.invite")
@require_GET
def invitations(request: HttpRequest, election_id: int) -> HttpResponse:
    """The invitations page: who was sent an email, who is waiting, what failed and
    why, who gets a letter only; sending, retrying and the letters to print."""
    election = _election(election_id)
    try:
        invitation_letters.check_can_send(election)
        cannot_send = ""
    except ValidationError as exc:
        cannot_send = " ".join(exc.messages)
    overview = invitation_letters.delivery_overview(election)
    return render(
        request,
        "elections/invitations.html",
        {
            "election": election,
            "overview": overview,
            "counts": overview.counts,
            "cannot_send": cannot_send,
            "sender": invitation_letters.sender_address(election),
            "sender_problem": invitation_letters.sender_problem(),
            "scope": invitation_letters.Scope,
        },
    )


@permission("elections.invite")
@require_GET
def invitations_export(request: HttpRequest, election_id: int, fmt: str) -> HttpResponse:
    election = _election(election_id)
    overview = invitation_letters.delivery_overview(election)
    return respond(tables.invitations(election, overview.rows), fmt)


@permission("elections.invite")
@require_GET
def letters(request: HttpRequest, election_id: int) -> HttpResponse:
    """The letters, to print from the browser: one per page, DIN 5008."""
    return HttpResponse(_letters_page(request, _election(election_id), for_pdf=False))


@permission("elections.invite")
@require_GET
def invitations_pdf(request: HttpRequest, election_id: int) -> HttpResponse:
    election = _election(election_id)
    html = _letters_page(request, election, for_pdf=True)
    return _pdf(exports.render_pdf(html), f"einladungen-{election.pk}.pdf")


def _to_invitations(request: HttpRequest, election_id: int) -> str:
    return reverse("elections:doc_invitations", args=[election_id])


@permission("elections.invite", login_target=_to_invitations)
@require_POST
def send_invitations(request: HttpRequest, election_id: int) -> HttpResponse:
    """Send the emails not sent yet, retry the failed ones, or (confirmed) all again."""
    election = _election(election_id)
    scope = request.POST.get("scope", invitation_letters.Scope.NEW)
    if scope not in invitation_letters.Scope.choices:
        scope = invitation_letters.Scope.NEW
    if scope == invitation_letters.Scope.ALL and not is_confirmed(request):
        total = sum(1 for o in invitation_letters.invitees(election) if o.contact_email)
        return confirm_page(
            request,
            election,
            Confirmation(
                title=_("Send every invitation email again?"),
                consequences=[
                    ngettext(
                        "%(n)d organisation receives the invitation email again, even if it "
                        "has received it before.",
                        "%(n)d organisations receive the invitation email again, even those "
                        "that have received it before.",
                        total,
                    )
                    % {"n": total}
                ],
                button=_("Send all emails again"),
                action=reverse("elections:doc_invitations_send", args=[election.pk]),
                cancel=reverse("elections:doc_invitations", args=[election.pk]),
                hidden=[("scope", scope)],
                irreversible=False,
            ),
        )
    try:
        count = invitation_letters.request_invitations(
            request.user, election, scope, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(n)d invitation email is being sent. This page shows when it has gone out.",
                "%(n)d invitation emails are being sent. This page shows when they have gone out.",
                count,
            )
            % {"n": count},
        )
    return redirect("elections:doc_invitations", election_id=election.pk)
