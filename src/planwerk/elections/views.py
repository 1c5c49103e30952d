"""The election's pages. Views parse input, call one service, render.

Coordinator pages (OE 50.6) need the coordinator role; the candidate list, the
voting page and the projector are public.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planwerk.bodies.models import Body, SeatCategory
from planwerk.core.forms import apply_errors
from planwerk.core.roles import is_coordinator
from planwerk.core.throttle import throttled
from planwerk.elections import display, refused_codes, services
from planwerk.elections.forms import (
    CheckInForm,
    ElectionForm,
    FillSeatsForm,
    NominationForm,
    OpenRoundForm,
    OrganisationForm,
    PaperTallyForm,
    SeedForm,
    VoteForm,
)
from planwerk.elections.models import (
    Candidacy,
    CheckIn,
    Election,
    MigrantOrganisation,
    Round,
    VotingCard,
)
from planwerk.processes.models import Process
from planwerk.processes.queries import current_process

View = Callable[..., HttpResponse]
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


def coordinator_required(view: View) -> View:
    """Anonymous visitors log in first; everybody but the coordination gets 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            # After logging in, a POST-only address would answer 405: go to a page.
            if request.method == "GET":
                target = request.get_full_path()
            elif "pk" in kwargs:
                target = reverse("elections:dashboard", args=[kwargs["pk"]])
            else:
                target = reverse("elections:list")
            return redirect_to_login(target)
        if not is_coordinator(request.user):
            raise PermissionDenied(_("Only the coordination may do this."))
        return view(request, *args, **kwargs)

    return wrapped


def _process() -> Process:
    process = current_process()
    if process is None:
        raise Http404(_("No process has been loaded yet."))
    return process


def _election(pk: int) -> Election:
    return get_object_or_404(Election.objects.select_related("process", "body", "seat"), pk=pk)


def _dashboard(election: Election, anchor: str = "") -> HttpResponse:
    url = reverse("elections:dashboard", args=[election.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _fail(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _no_store(response: HttpResponse) -> HttpResponse:
    # Codes and ballots: neither the browser's history nor a proxy keeps this page.
    add_never_cache_headers(response)  # no-store, among others
    return response


# -- elections -----------------------------------------------------------------------
@coordinator_required
@require_http_methods(["GET", "POST"])
def election_list(request: HttpRequest) -> HttpResponse:
    process = _process()
    form = ElectionForm(request.POST or None, initial={"seats": 2, "runoff_size": 4})
    if request.method == "POST" and form.is_valid():
        election = form.save(commit=False)
        election.process = process
        body = Body.objects.filter(process=process, slug="lenkungsgruppe").first()
        seat = SeatCategory.objects.filter(body=body, slug="mso").first() if body else None
        if body is None or seat is None:
            form.add_error(None, _("The process has no steering group with seats for the MSO."))
        else:
            election.body, election.seat = body, seat
            try:
                election = services.create_election(request.user, election)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The election has been created."))
                return _dashboard(election)
    elections = Election.objects.filter(process=process).select_related("body")
    return render(request, "elections/list.html", {"elections": elections, "form": form})


# -- the register --------------------------------------------------------------------
@coordinator_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    process = _process()
    form = OrganisationForm(request.POST or None, instance=MigrantOrganisation(process=process))
    if request.method == "POST" and form.is_valid():
        try:
            services.register_organisation(request.user, form.instance)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(org)s has been added to the register. Confirm its eligibility next.")
                % {"org": form.instance.name},
            )
            return redirect("elections:register")
    organisations = MigrantOrganisation.objects.filter(process=process)
    return render(
        request, "elections/register.html", {"organisations": organisations, "form": form}
    )


def _organisation(pk: int) -> MigrantOrganisation:
    return get_object_or_404(MigrantOrganisation, pk=pk, process=_process())


@coordinator_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(request.user, form.instance)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(org)s has been saved.") % {"org": organisation.name})
            return redirect("elections:register")
    return render(
        request, "elections/organisation_edit.html", {"organisation": organisation, "form": form}
    )


@coordinator_required
@require_POST
def confirm_eligibility(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(pk)
    try:
        services.confirm_eligibility(request.user, organisation)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(
            request, _("The eligibility of %(org)s is confirmed.") % {"org": organisation.name}
        )
    return redirect("elections:register")


# -- the dashboard -------------------------------------------------------------------
def _render_dashboard(request: HttpRequest, election: Election, **forms: Any) -> HttpResponse:
    state = services.election_state(election)
    election = state.election
    eligible = list(services.eligible_organisations(election))
    check_ins = list(
        CheckIn.objects.filter(election=election)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    checked_in = {c.organisation_id for c in check_ins}
    valid_cards = set(
        VotingCard.objects.filter(election=election, revoked_at__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    nominated = {c.organisation_id for c in state.candidates}
    rnd = state.open_round
    context: dict[str, Any] = {
        "election": election,
        "state": state,
        "next_step": display.next_step(state, len(check_ins)),
        "nominations_open": services.nominations_are_open(election),
        "check_ins": [(c, c.organisation_id in valid_cards) for c in check_ins],
        "results": display.round_views(state),
        "open_round": rnd,
    }
    phase = election.phase
    if phase == Election.Phase.NOMINATION:
        context["nomination_form"] = forms.get("nomination_form") or NominationForm(
            services.eligible_organisations(election), nominated
        )
    if phase == Election.Phase.MEETING:
        waiting = [o for o in eligible if o.pk not in checked_in]
        context["check_in_form"] = forms.get("check_in_form") or CheckInForm(waiting)
        can_open = (
            rnd is None
            and state.next_round is not None
            and (not state.rounds or state.result is not None)
        )
        if can_open:
            context["open_round_form"] = forms.get("open_round_form") or OpenRoundForm()
        if rnd is not None:
            context.update(_live(election, rnd))
            if rnd.mode == Round.Mode.PAPER:
                field = display.ballot_order(state, services.round_field(rnd))
                status = display.paper_status(rnd, state.candidates)
                context["paper_status"] = status
                if not status.accepted:
                    context["tally_form"] = forms.get("tally_form") or PaperTallyForm(field)
        closed = [r for r in state.rounds if r.status == Round.Status.CLOSED]
        if state.seed_needed and rnd is None and closed:
            context["seed_form"] = forms.get("seed_form") or SeedForm()
        if rnd is None and state.next_round is not None and state.next_field:
            context["can_withdraw"] = display.ballot_order(state, list(state.next_field))
        if state.result is not None and state.result.complete and not election.seats_filled_at:
            context["fill_form"] = forms.get("fill_form") or FillSeatsForm(
                initial={"start": timezone.localdate()}
            )
    if phase in (Election.Phase.PREPARATION, Election.Phase.NOMINATION) and rnd is None:
        context["can_withdraw"] = [c for c in state.candidates if c.withdrawn_before_round is None]
    # A form whose step is no longer on the page (the state moved on) still says why.
    context["other_errors"] = [
        message
        for key, form in forms.items()
        if context.get(key) is not form
        for messages_ in form.errors.values()
        for message in messages_
    ]
    return render(request, "elections/dashboard.html", context)


def _version(*parts: object) -> str:
    """A short digest of what a polled part shows: equal digests, nothing to swap."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]


def _live(election: Election, rnd: Round) -> dict[str, Any]:
    voted = display.organisations_voted(rnd) if rnd.mode == Round.Mode.ELECTRONIC else None
    present = display.organisations_present(election)
    refused = refused_codes.recent(election.pk)
    return {
        "live_round": rnd,
        "voted": voted,
        "present": present,
        "refused_codes": refused,
        "refused_alert": refused >= refused_codes.ALERT,
        "live_version": _version(rnd.pk, rnd.status, voted, present, refused),
    }


@coordinator_required
@require_GET
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_dashboard(request, _election(pk))


@coordinator_required
@require_GET
def live_count(request: HttpRequest, pk: int) -> HttpResponse:
    """The count of the open round on the coordinator's dashboard, polled by htmx.

    While nothing changed it answers 204, and htmx swaps nothing: the page does not
    change under the coordinator's focus or screen reader. Once the round the page
    shows (`round`) is no longer open it answers 286, and htmx stops polling.
    """
    election = _election(pk)
    rnd = Round.objects.filter(election=election, status=Round.Status.OPEN).first()
    shown = request.GET.get("round", "")
    if rnd is None or (shown and shown != str(rnd.number)):
        context = {"election": election, "live_round": None, "closed_round": shown}
        return render(request, "elections/_live_count_update.html", context, status=286)
    context = {"election": election, **_live(election, rnd)}
    if request.GET.get("v") == context["live_version"]:
        return HttpResponse(status=204)
    return render(request, "elections/_live_count_update.html", context)


@coordinator_required
@require_POST
def open_nominations(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    try:
        services.open_nominations(request.user, election)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Nominations are open."))
    return _dashboard(election)


@coordinator_required
@require_POST
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    nominated = set(election.candidacies.values_list("organisation_id", flat=True))
    form = NominationForm(services.eligible_organisations(election), nominated, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            candidacy = services.nominate(
                request.user,
                election,
                data["organisation"],
                given_name=data["given_name"],
                family_name=data["family_name"],
                self_description=data["self_description"],
                consent_to_publication=data["consent_to_publication"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is the candidate of %(org)s.")
                % {"name": candidacy.name, "org": candidacy.organisation.name},
            )
            return _dashboard(election, "candidates")
    return _render_dashboard(request, election, nomination_form=form)


@coordinator_required
@require_POST
def withdraw(request: HttpRequest, pk: int, candidacy_pk: int) -> HttpResponse:
    election = _election(pk)
    candidacy = get_object_or_404(Candidacy, pk=candidacy_pk, election=election)
    try:
        services.withdraw(request.user, candidacy)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("%(name)s has withdrawn.") % {"name": candidacy.name})
    return _dashboard(election, "candidates")


@coordinator_required
@require_POST
def start_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    try:
        services.start_meeting(request.user, election)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The election meeting has started. Check in who is present."))
    return _dashboard(election, "check-in")


# -- check-in and voting cards ---------------------------------------------------------
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


def _cards(
    request: HttpRequest, election: Election, issued: list[services.IssuedCard], replaced: bool
) -> HttpResponse:
    vote_url = request.build_absolute_uri(reverse("elections:vote", args=[election.pk]))
    cards = [
        {
            "organisation": card.organisation,
            "code": services.format_code(card.code),
            # The code travels in the fragment, which browsers never send to the
            # server: it stays out of access logs and proxies (docs/secrecy.md).
            "qr": qr_svg(f"{vote_url}#code={card.code}"),
        }
        for card in issued
    ]
    response = render(
        request,
        "elections/cards.html",
        {"election": election, "cards": cards, "vote_url": vote_url, "replaced": replaced},
    )
    return _no_store(response)


@coordinator_required
@require_POST
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    checked_in = CheckIn.objects.filter(election=election).values_list("organisation_id")
    waiting = list(services.eligible_organisations(election).exclude(pk__in=checked_in))
    form = CheckInForm(waiting, request.POST)
    if form.is_valid():
        try:
            issued = services.check_in_many(request.user, election, form.entries())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _cards(request, election, issued, replaced=False)
    else:
        form.add_error(
            None, _("This organisation cannot be checked in (any more). Reload the page.")
        )
    return _render_dashboard(request, election, check_in_form=form)


@coordinator_required
@require_http_methods(["GET", "POST"])
def replace_card(request: HttpRequest, pk: int, org_pk: int) -> HttpResponse:
    election = _election(pk)
    check = get_object_or_404(
        CheckIn.objects.select_related("organisation"), election=election, organisation_id=org_pk
    )
    organisation = check.organisation
    if request.method == "POST":
        try:
            issued = services.replace_card(request.user, election, organisation)
        except ValidationError as exc:
            _fail(request, exc)
            return _dashboard(election, "check-in")
        return _cards(request, election, [issued], replaced=True)
    return render(
        request,
        "elections/replace_card.html",
        {"election": election, "organisation": organisation},
    )


# -- rounds ------------------------------------------------------------------------
def _round(election: Election, number: int) -> Round:
    return get_object_or_404(
        Round.objects.select_related("election"), election=election, number=number
    )


@coordinator_required
@require_POST
def open_round(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    form = OpenRoundForm(request.POST)
    if form.is_valid():
        try:
            rnd = services.open_round(request.user, election, form.cleaned_data["mode"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Round %(n)d is open.") % {"n": rnd.number})
            return _dashboard(election, "round")
    return _render_dashboard(request, election, open_round_form=form)


@coordinator_required
@require_POST
def close_round(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    election = _election(pk)
    rnd = _round(election, number)
    try:
        services.close_round(request.user, rnd)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Round %(n)d is closed.") % {"n": rnd.number})
    return _dashboard(election, "round")


@coordinator_required
@require_POST
def paper_tally(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    election = _election(pk)
    rnd = _round(election, number)
    if rnd.mode != Round.Mode.PAPER or rnd.status != Round.Status.OPEN:
        messages.error(request, _("This round takes no paper tally (any more)."))
        return _dashboard(election, "round")
    state = services.election_state(election)
    form = PaperTallyForm(display.ballot_order(state, services.round_field(rnd)), request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.enter_paper_tally(
                request.user, rnd, form.votes(), data["abstentions"], data["invalid"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if entry.accepted:
                messages.success(
                    request, _("The two entries match: the tally is accepted. Close the round.")
                )
            else:
                messages.info(request, _("Your entry has been recorded."))
            return _dashboard(election, "round")
    return _render_dashboard(request, election, tally_form=form)


@coordinator_required
@require_POST
def enter_seed(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    form = SeedForm(request.POST)
    if form.is_valid():
        try:
            services.enter_seed(request.user, election, form.cleaned_data["seed"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The seed has been entered; the result is shown."))
            return _dashboard(election, "results")
    return _render_dashboard(request, election, seed_form=form)


@coordinator_required
@require_POST
def fill_seats(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    form = FillSeatsForm(request.POST)
    if form.is_valid():
        try:
            elected = services.fill_seats(request.user, election, form.cleaned_data["start"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The seats are filled: %(names)s.")
                % {"names": ", ".join(c.name for c in elected)},
            )
            return _dashboard(election)
    return _render_dashboard(request, election, fill_form=form)


# -- public pages ----------------------------------------------------------------------
@require_GET
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
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
    election = _election(pk)
    # From the QR code: shown as printed on the card, ABCDE-23456.
    code = "".join(request.GET.get("code", "").split()).upper()[:40]
    if len(code.replace("-", "")) == services.CODE_LENGTH:
        code = services.format_code(code.replace("-", ""))
    form = VoteForm(initial={"code": code})
    return _no_store(render(request, "elections/vote.html", _vote_context(election, form)))


def _cast(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
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
            return _no_store(render(request, "elections/voted.html", {"election": election}))
    response = render(request, "elections/vote.html", _vote_context(election, form), status=status)
    return _no_store(response)


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
    return _no_store(response)


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
    scene = _version(status.replace(count, "", 1) if count else status)
    return {"view": view, "status": status, "count": count, "version": f"{scene}.{_version(count)}"}


@require_GET
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    parts = _projector_parts(request, _election(pk))
    return render(request, "elections/projector.html", parts)


@require_GET
def projector_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The projector's changing part, polled by htmx every three seconds.

    204 while nothing changed (htmx swaps nothing); only the count when only the count
    changed; the whole part otherwise.
    """
    parts = _projector_parts(request, _election(pk))
    shown = request.GET.get("v", "")
    if shown == parts["version"]:
        return HttpResponse(status=204)
    if parts["count"] and shown.split(".")[0] == parts["version"].split(".")[0]:
        response = render(request, "elections/_projector_count_update.html", parts)
        response["HX-Reswap"] = "none"  # only the out-of-band parts
        return response
    return render(request, "elections/_projector_update.html", parts)
