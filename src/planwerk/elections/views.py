"""The election's pages. Views parse input, call one service, render.

Coordinator pages (OE 50.6) need the coordinator role; the candidate list, the
voting page and the projector are public.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planwerk.bodies.models import Body, SeatCategory
from planwerk.core.forms import apply_errors
from planwerk.core.roles import is_coordinator
from planwerk.core.throttle import client_key, throttled
from planwerk.elections import display, services
from planwerk.elections.forms import (
    CheckInForm,
    ElectionForm,
    FillSeatsForm,
    NominationForm,
    OpenRoundForm,
    OrganisationForm,
    PaperTallyForm,
    SeedConfirmForm,
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

# Against guessing codes: this many refused codes per client in the window, then a pause.
# A whole meeting may share one address (the venue's network), hence not fewer.
# Everybody at the meeting may share the venue's one address: the limit stops
# guessing (31^10 possible codes), not a room of people mistyping.
VOTE_FAILURE_LIMIT = 200
VOTE_FAILURE_WINDOW = 600
# Refusals that say something about the code, as opposed to the round or the choice.
CODE_FAILURES = {"unknown_code", "revoked_code", "used_code"}


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


def _live(election: Election, rnd: Round) -> dict[str, Any]:
    return {
        "live_round": rnd,
        "voted": display.organisations_voted(rnd) if rnd.mode == Round.Mode.ELECTRONIC else None,
        "present": display.organisations_present(election),
    }


@coordinator_required
@require_GET
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_dashboard(request, _election(pk))


@coordinator_required
@require_GET
def live_count(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator's count of cards used in the open round (refreshed by htmx)."""
    election = _election(pk)
    rnd = Round.objects.filter(election=election, status=Round.Status.OPEN).first()
    context = {"election": election, **(_live(election, rnd) if rnd else {"live_round": None})}
    return render(request, "elections/_live_count.html", context)


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
    """The first step: the seed as typed is checked and shown once more. Nothing is
    fixed here, so Enter in the seed field cannot fix it."""
    election = _election(pk)
    form = SeedForm(request.POST, election=election)
    if form.is_valid():
        try:
            seed = services.check_seed(election, form.cleaned_data["seed"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            state = services.election_state(election)
            closed = [r for r in state.rounds if r.status == Round.Status.CLOSED]
            return render(
                request,
                "elections/seed_confirm.html",
                {
                    "election": election,
                    "seed": seed,
                    "numbers": seed.split("-"),
                    "round": closed[-1] if closed else None,
                    "format_text": services.seed_format_text(election),
                    "confirm_form": SeedConfirmForm(initial={"seed": seed, "confirm": "yes"}),
                    "correct_form": SeedForm(initial={"seed": seed}, election=election),
                },
            )
    return _render_dashboard(request, election, seed_form=form)


@coordinator_required
@require_POST
def confirm_seed(request: HttpRequest, pk: int) -> HttpResponse:
    """The second step: the coordinator has seen the seed and confirms it for good."""
    election = _election(pk)
    confirm = SeedConfirmForm(request.POST)
    form = SeedForm(request.POST, election=election)
    if confirm.is_valid() and form.is_valid():
        try:
            fixed = services.enter_seed(request.user, election, confirm.cleaned_data["seed"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The seed %(seed)s is fixed; the result is shown.") % {"seed": fixed.lot_seed},
            )
            return _dashboard(election, "results")
    else:
        form.add_error(None, _("The seed was not confirmed. Enter it again."))
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


def _blocked_key(request: HttpRequest) -> str:
    return f"elections:vote-blocked:{client_key(request)}"


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
    election = _election(pk)
    status = 200
    if request.method == "GET":
        # From the QR code: shown as printed on the card, ABCDE-23456.
        code = "".join(request.GET.get("code", "").split()).upper()[:40]
        if len(code.replace("-", "")) == services.CODE_LENGTH:
            code = services.format_code(code.replace("-", ""))
        form = VoteForm(initial={"code": code})
    else:
        form = VoteForm(request.POST)
        if cache.get(_blocked_key(request)):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many codes from your connection were wrong. "
                    "Please wait ten minutes, or ask the election committee."
                ),
            )
            status = 429
        elif form.is_valid():
            try:
                services.cast_ballot(
                    election,
                    form.cleaned_data["code"],
                    form.chosen(),
                    round_number=form.cleaned_data.get("round"),
                )
            except services.BallotRefused as exc:
                _vote_refused(request, form, exc)
            else:
                return _no_store(render(request, "elections/voted.html", {"election": election}))
    response = render(request, "elections/vote.html", _vote_context(election, form), status=status)
    return _no_store(response)


def _vote_refused(request: HttpRequest, form: VoteForm, exc: services.BallotRefused) -> None:
    reason = getattr(exc, "code", None)
    if reason in CODE_FAILURES:
        form.add_error("code", exc)
        if throttled(
            request, "vote-failures", limit=VOTE_FAILURE_LIMIT - 1, window=VOTE_FAILURE_WINDOW
        ):
            cache.set(_blocked_key(request), True, timeout=VOTE_FAILURE_WINDOW)
    elif reason in ("not_in_round", "other_round"):
        form.add_error("choice", exc)
    else:
        form.add_error(None, exc)


@require_GET
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    view = display.projector(_election(pk))
    return render(request, "elections/projector.html", {"view": view})


@require_GET
def result(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: the result, each round's figures, the lots and the record's digest."""
    election = _election(pk)
    if getattr(election, "practice", False):
        raise Http404(_("A practice election has no public result."))
    page = display.result_page(election)
    return render(request, "elections/result.html", {"page": page, "election": page.election})


@require_GET
def projector_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The projector's changing part, fetched by htmx every three seconds."""
    view = display.projector(_election(pk))
    return render(request, "elections/_projector_status.html", {"view": view})
