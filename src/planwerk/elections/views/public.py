"""The public pages: the candidates, the voting page for a phone (no login: the
card's code is the key), the projector and the result."""

from __future__ import annotations

import logging
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from planwerk.core.permissions import may, permission
from planwerk.core.throttle import throttled
from planwerk.elections import display, refused_codes, services
from planwerk.elections.forms import VoteForm
from planwerk.elections.models import Election, Round
from planwerk.elections.views.shared import election_or_404, no_store, version

logger = logging.getLogger(__name__)

# Against guessing codes (docs/secrecy.md, "Guessing a code"). A valid, unused code is
# never refused by this limit: behind a reverse proxy the whole meeting may share one
# address, and one client must not shut out the others. A client whose codes were
# refused this many times in the window gets every further wrong code answered with
# 429 and a warning; the dashboard counts refused codes for the coordinator.
VOTE_FAILURE_LIMIT = 200
VOTE_FAILURE_WINDOW = 600
# Refusals that say something about the code, as opposed to the round or the choice.
CODE_FAILURES = {"unknown_code", "revoked_code", "used_code"}
# A ballot that failed because the database connection was lost: the voter tries again.
DATABASE_FAULTS = (OperationalError, InterfaceError)


@permission("elections.view")
@require_GET
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    election = election_or_404(pk)
    if not may(request.user, "elections.view", election):
        raise Http404(_("This election is not public."))
    listed = election.candidacies.select_related("organisation").order_by("pk")
    return render(
        request, "elections/candidates.html", {"election": election, "candidates": listed}
    )


def _vote_context(election: Election, form: VoteForm) -> dict[str, Any]:
    # Every phone at the meeting loads this page: read only the open round and its
    # candidates, never the whole election's count.
    rnd = Round.objects.filter(election=election, status=Round.Status.OPEN).first()
    context: dict[str, Any] = {"election": election, "form": form, "round": rnd}
    if rnd is not None and rnd.mode == Round.Mode.ELECTRONIC:
        context["field"] = list(
            election.candidacies.filter(public_id__in=services.round_field(rnd))
            .select_related("organisation")
            .order_by("pk")
        )
        context["chosen"] = form["choice"].value() if form.is_bound else None
    return context


@permission("elections.vote")
@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """The voting page for a phone. No login: the card's code is the key."""
    if request.method == "POST":
        try:
            return _cast(request, pk)
        except DATABASE_FAULTS:
            # The transaction did not commit: the ballot is not counted, the code unused.
            logger.exception("A ballot failed: the database could not be reached.")
            return _ballot_failed(request, pk)
    election = election_or_404(pk)
    # From the QR code: shown as printed on the card, ABCDE-23456.
    code = "".join(request.GET.get("code", "").split()).upper()[:40]
    if len(code.replace("-", "")) == services.CODE_LENGTH:
        code = services.format_code(code.replace("-", ""))
    form = VoteForm(initial={"code": code})
    return no_store(render(request, "elections/vote.html", _vote_context(election, form)))


def _cast(request: HttpRequest, pk: int) -> HttpResponse:
    election = election_or_404(pk)
    form = VoteForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.cast_ballot(
                election,
                form.cleaned_data["code"],
                form.chosen(),
                round_number=form.cleaned_data.get("round"),
            )
        except services.BallotRefused as exc:
            status = _vote_refused(request, election, form, exc)
        else:
            return no_store(render(request, "elections/voted.html", {"election": election}))
    response = render(request, "elections/vote.html", _vote_context(election, form), status=status)
    return no_store(response)


def _vote_refused(
    request: HttpRequest, election: Election, form: VoteForm, exc: services.BallotRefused
) -> int:
    """Shows why a ballot was refused; returns the answer's status (429 once throttled).

    Only ballots the service refused come here: a valid, unused code has voted before
    any limit is looked at.
    """
    reason = getattr(exc, "code", None)
    if reason not in CODE_FAILURES:
        form.add_error("choice" if reason in ("not_in_round", "other_round") else None, exc)
        return 200
    refused_codes.note(election.pk)
    if throttled(request, "vote-failures", limit=VOTE_FAILURE_LIMIT, window=VOTE_FAILURE_WINDOW):
        form.add_error(
            None,
            _(
                "Many wrong codes have come from your connection in the last minutes. "
                "Please compare the code with your voting card, letter by letter: "
                "a valid code is always accepted. If it is refused again, "
                "ask the election committee."
            ),
        )
        form.add_error("code", exc)
        return 429
    form.add_error("code", exc)
    return 200


def _ballot_failed(request: HttpRequest, pk: int) -> HttpResponse:
    """The voter's answer when the database failed: not counted, please try again."""
    template, context = "elections/vote_failed.html", {"election_pk": pk}
    try:
        response = render(request, template, context, status=503)
    except DATABASE_FAULTS:
        # The page reads nothing from the database, but a logged-in visitor's session
        # does: then without it.
        html = render_to_string(template, {**context, "request": request})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = "10"
    return no_store(response)


def _projector_parts(request: HttpRequest, election: Election) -> dict[str, Any]:
    """The projector's changing part, and its version: `scene.count`.

    The count of an open round lives in a status region of its own; when only the
    count changed, only that region's text is replaced, so that a screen reader
    announces the new count and nothing else.
    """
    view = display.projector(election)
    count = ""
    if view.open_round is not None and view.open_round.mode == Round.Mode.ELECTRONIC:
        sentence = render_to_string("elections/_projector_count.html", {"view": view}, request)
        count = mark_safe(sentence.strip())  # noqa: S308 - a template's output, escaped
    status = render_to_string(
        "elections/_projector_status.html", {"view": view, "count": count}, request
    )
    scene = version(status.replace(count, "", 1) if count else status)
    return {"view": view, "status": status, "count": count, "version": f"{scene}.{version(count)}"}


@permission("elections.projector")
@require_GET
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    parts = _projector_parts(request, election_or_404(pk))
    return render(request, "elections/projector.html", parts)


@permission("elections.view")
@require_GET
def result(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: the result, each round's figures, the lots and the record's digest."""
    election = election_or_404(pk)
    if not may(request.user, "elections.view", election):
        raise Http404(_("A practice election has no public result."))
    page = display.result_page(election)
    return render(request, "elections/result.html", {"page": page, "election": page.election})


@permission("elections.projector")
@require_GET
def projector_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The projector's changing part, polled by htmx every three seconds.

    204 while nothing changed (htmx swaps nothing); only the count when only the count
    changed; the whole part otherwise.
    """
    parts = _projector_parts(request, election_or_404(pk))
    shown = request.GET.get("v", "")
    if shown == parts["version"]:
        return HttpResponse(status=204)
    if parts["count"] and shown.split(".")[0] == parts["version"].split(".")[0]:
        response = render(request, "elections/_projector_count_update.html", parts)
        response["HX-Reswap"] = "none"  # only the out-of-band parts
        return response
    return render(request, "elections/_projector_update.html", parts)
