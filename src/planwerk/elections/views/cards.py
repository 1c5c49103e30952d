"""Check-in and voting cards, for the coordination at the entrance of the meeting.

Post, redirect, get: the check-in (or a replacement) issues the cards and redirects
to the card sheet, which shows the new codes once. The server stores no code, not
even for that redirect: the codes are derived from a one-time random key
(`services.codes_from_key`) that only the coordinator's browser holds, in a cookie
sent to the sheet page alone and deleted by it; the session keeps only which
organisations the sheet is for. Reloading the sheet shows no code again; the
coordination replaces the cards instead, which voids the old ones.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Callable
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from planwerk.elections import services
from planwerk.elections.forms import CheckInForm
from planwerk.elections.models import CheckIn, Election, MigrantOrganisation, VotingCard
from planwerk.elections.views.shared import (
    Confirmation,
    confirm_page,
    election_or_404,
    is_confirmed,
    manage_view,
    no_store,
    pager,
    paginate,
    search_term,
    show_errors,
)

SHEET = "elections:sheet:{}"  # the organisations of the sheet not shown yet
SHOWN = "elections:sheet-shown:{}"  # the organisations of the last sheet shown
KEY_COOKIE = "pw_cards_key"  # the one-time key the sheet's codes are derived from
Issue = Callable[[services.CodeSource], list[services.IssuedCard]]


def qr_svg(url: str) -> SafeString:
    """A QR code of `url` as inline SVG, with its text as the accessible name."""
    svg = segno.make(url, error="m").svg_inline(
        scale=4,
        omitsize=True,
        title=_("QR code of the voting address with this card's code"),
        svgclass="pw-qr",
    )
    # segno writes the SVG and escapes the title; role=img makes the title its name.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308


def _sheet_url(election: Election) -> str:
    return reverse("elections:cards", args=[election.pk])


def _issue(request: HttpRequest, election: Election, issue: Issue, replaced: bool) -> HttpResponse:
    """Issue cards with codes derived from a new one-time key, and go to the sheet,
    the key travelling in a cookie that only the sheet page receives."""
    key = secrets.token_bytes(32)
    issued = issue(services.codes_from_key(key, election.pk))
    request.session[SHEET.format(election.pk)] = {
        "organisations": [card.organisation.pk for card in issued],
        "replaced": replaced,
    }
    response = redirect(_sheet_url(election))
    response.set_cookie(
        KEY_COOKIE,
        base64.urlsafe_b64encode(key).decode(),
        max_age=600,
        path=_sheet_url(election),
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


def _key(request: HttpRequest) -> bytes | None:
    try:
        key = base64.urlsafe_b64decode(request.COOKIES.get(KEY_COOKIE, "").encode())
    except (binascii.Error, ValueError):
        return None
    return key if len(key) == 32 else None


def _waiting(election: Election) -> Any:
    checked_in = CheckIn.objects.filter(election=election).values("organisation_id")
    return services.eligible_organisations(election).exclude(pk__in=checked_in)


def _present(election: Election) -> Any:
    valid = VotingCard.objects.filter(
        election=election, organisation_id=OuterRef("organisation_id"), revoked_at__isnull=True
    )
    return (
        CheckIn.objects.filter(election=election)
        .select_related("organisation")
        .annotate(valid_card=Exists(valid))
        .order_by("organisation__name")
    )


@manage_view
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """The check-in page: find the organisation, check it in, print its card."""
    election = election_or_404(pk)
    waiting = _waiting(election)
    form = CheckInForm(waiting, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        entries = form.entries()
        if entries is not None:
            try:
                return _issue(
                    request,
                    election,
                    lambda codes: services.check_in_many(
                        request.user, election, entries, codes=codes
                    ),
                    replaced=False,
                )
            except ValidationError as exc:
                form.errors.extend(exc.messages)
    query = search_term(request)
    present = _present(election)
    if query:
        waiting = waiting.filter(name__icontains=query)
        present = present.filter(organisation__name__icontains=query)
    waiting_page = paginate(request, waiting.order_by("name"))
    present_page = paginate(request, present, "present_page")
    context = {
        "election": election,
        "q": query,
        "form": form,
        "rows": [
            (org, form.delegate(org), form.is_selected(org)) for org in waiting_page.object_list
        ],
        "waiting": pager(request, waiting_page, "page", _("Organisations not checked in yet")),
        "present": pager(request, present_page, "present_page", _("Organisations present")),
        "present_total": CheckIn.objects.filter(election=election).count(),
        "can_check_in": election.phase == Election.Phase.MEETING,
    }
    return render(request, "elections/check_in.html", context)


@manage_view
@require_GET
def cards(request: HttpRequest, pk: int) -> HttpResponse:
    """The card sheet: shows the codes just issued, once."""
    election = election_or_404(pk)
    sheet = request.session.pop(SHEET.format(election.pk), None)
    key = _key(request)
    vote_url = request.build_absolute_uri(reverse("elections:vote", args=[election.pk]))
    context: dict[str, Any] = {"election": election, "vote_url": vote_url, "cards": []}
    if sheet and key:
        codes = services.codes_from_key(key, election.pk)
        pairs = [(int(org_pk), codes(int(org_pk))) for org_pk in sheet["organisations"]]
        # Only the codes of valid cards: a key that does not belong to this sheet
        # shows nothing.
        valid = set(
            VotingCard.objects.filter(
                election=election,
                revoked_at__isnull=True,
                code_digest__in=[services.card_digest(code) for _pk, code in pairs],
            ).values_list("organisation_id", flat=True)
        )
        organisations = MigrantOrganisation.objects.in_bulk(valid)
        context["cards"] = [
            {
                "organisation": organisations[org_pk],
                "code": services.format_code(code),
                # The code travels in the fragment, which browsers never send to the
                # server: it stays out of access logs and proxies (docs/secrecy.md).
                "qr": qr_svg(f"{vote_url}#code={code}"),
            }
            for org_pk, code in pairs
            if org_pk in valid
        ]
        context["replaced"] = sheet["replaced"]
    if sheet:
        request.session[SHOWN.format(election.pk)] = sheet["organisations"]
    if not context["cards"]:
        shown = request.session.get(SHOWN.format(election.pk), [])
        context["shown"] = list(MigrantOrganisation.objects.filter(pk__in=shown).order_by("name"))
    response = no_store(render(request, "elections/cards.html", context))
    response.delete_cookie(KEY_COOKIE, path=_sheet_url(election), samesite="Strict")
    return response


def _selected(request: HttpRequest, election: Election) -> list[MigrantOrganisation]:
    ids = [int(v) for v in request.POST.getlist("selected") if v.isdigit()]
    present = CheckIn.objects.filter(election=election).values("organisation_id")
    return list(
        MigrantOrganisation.objects.filter(pk__in=ids).filter(pk__in=present).order_by("name")
    )


def _replace_confirmation(
    election: Election, organisations: list[MigrantOrganisation], action: str
) -> Confirmation:
    n = len(organisations)
    return Confirmation(
        title=ngettext(
            "Replace the voting card of %(org)s?",
            "Replace the voting cards of %(n)d organisations?",
            n,
        )
        % {"n": n, "org": organisations[0].name},
        consequences=[
            ngettext(
                "The old card stops working at once; a new card is printed.",
                "The old cards stop working at once; new cards are printed.",
                n,
            ),
            _(
                "Votes already cast stay counted, and a new card cannot vote again in a round "
                "its organisation has voted in."
            ),
        ],
        button=ngettext(
            "Revoke the old card and print a new one",
            "Revoke the old cards and print new ones",
            n,
        ),
        action=action,
        cancel=reverse("elections:check_in", args=[election.pk]),
        hidden=[("selected", str(o.pk)) for o in organisations],
        listed=[o.name for o in organisations] if n > 1 else [],
        listed_caption=_("Cards to replace"),
    )


@manage_view
@require_http_methods(["GET", "POST"])
def replace_card(request: HttpRequest, pk: int, org_pk: int) -> HttpResponse:
    """One lost card: confirm, then the new card."""
    election = election_or_404(pk)
    check = get_object_or_404(
        CheckIn.objects.select_related("organisation"), election=election, organisation_id=org_pk
    )
    organisation = check.organisation
    if not is_confirmed(request):
        action = reverse("elections:replace_card", args=[election.pk, organisation.pk])
        return confirm_page(
            request, election, _replace_confirmation(election, [organisation], action)
        )
    try:
        return _issue(
            request,
            election,
            lambda codes: [
                services.replace_card(request.user, election, organisation, codes=codes)
            ],
            replaced=True,
        )
    except ValidationError as exc:
        show_errors(request, exc)
        return redirect("elections:check_in", election.pk)


@manage_view
@require_http_methods(["GET", "POST"])
def replace_cards(request: HttpRequest, pk: int) -> HttpResponse:
    """Lost cards of several organisations: choose them, confirm, print the new cards."""
    election = election_or_404(pk)
    if request.method == "POST":
        organisations = _selected(request, election)
        if not organisations:
            messages.error(request, _("Choose at least one organisation whose card is lost."))
        elif not is_confirmed(request):
            action = reverse("elections:replace_cards", args=[election.pk])
            return confirm_page(
                request, election, _replace_confirmation(election, organisations, action)
            )
        else:
            try:
                return _issue(
                    request,
                    election,
                    lambda codes: services.replace_cards(
                        request.user, election, organisations, codes=codes
                    ),
                    replaced=True,
                )
            except ValidationError as exc:
                show_errors(request, exc)
    query = search_term(request)
    present = _present(election).filter(valid_card=True)
    if query:
        present = present.filter(organisation__name__icontains=query)
    page = paginate(request, present)
    return render(
        request,
        "elections/replace_card.html",
        {
            "election": election,
            "q": query,
            "present": pager(request, page, "page", _("Organisations with a valid card")),
        },
    )


@manage_view
@require_http_methods(["GET", "POST"])
def reprint_cards(request: HttpRequest, pk: int) -> HttpResponse:
    """Print the whole card sheet again: new codes for everybody, the old ones void."""
    election = election_or_404(pk)
    if not is_confirmed(request):
        holders = VotingCard.objects.filter(election=election, revoked_at__isnull=True).count()
        return confirm_page(
            request,
            election,
            Confirmation(
                title=_("Print all voting cards again?"),
                consequences=[
                    ngettext(
                        "The %(n)d card handed out so far stops working at once.",
                        "All %(n)d cards handed out so far stop working at once.",
                        holders,
                    )
                    % {"n": holders},
                    ngettext(
                        "A new card is printed for the %(n)d organisation present: hand it out.",
                        "A new card is printed for each of the %(n)d organisations present: "
                        "hand them out.",
                        holders,
                    )
                    % {"n": holders},
                    _(
                        "Votes already cast stay counted, and a new card cannot vote again in a "
                        "round its organisation has voted in."
                    ),
                ],
                button=_("Void all cards and print new ones"),
                action=reverse("elections:reprint_cards", args=[election.pk]),
                cancel=reverse("elections:check_in", args=[election.pk]),
            ),
        )
    try:
        return _issue(
            request,
            election,
            lambda codes: services.reprint_cards(request.user, election, codes=codes),
            replaced=True,
        )
    except ValidationError as exc:
        show_errors(request, exc)
        return redirect("elections:check_in", election.pk)
