"""The election's pages. Views parse input, call one service, render.

Coordinator pages (OE 50.6) need the coordinator role; the candidate list, the
voting page and the projector are public.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import InterfaceError, OperationalError
from django.db.models import Count, Q, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planwerk.bodies.models import SeatCategory
from planwerk.core.forms import apply_errors
from planwerk.core.permissions import may, permission
from planwerk.core.throttle import throttled
from planwerk.elections import display, refused_codes, services
from planwerk.elections.forms import (
    CandidacyForm,
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
    InvitationDelivery,
    MigrantOrganisation,
    Round,
    VotingCard,
)
from planwerk.processes.models import Process
from planwerk.processes.queries import current_process

View = Callable[..., HttpResponse]
T = TypeVar("T")
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


def after_login(request: HttpRequest, **kwargs: Any) -> str:
    """Where a coordinator who was asked to log in from a button lands: a POST-only
    address would answer 405, so the election's dashboard or the list."""
    if "pk" in kwargs:
        return reverse("elections:dashboard", args=[kwargs["pk"]])
    return reverse("elections:list")


def manage_view(view: View) -> View:
    """A coordinator page ("elections.manage"): anonymous visitors log in first,
    everybody else who may not gets 403."""
    return permission("elections.manage", login_target=after_login)(view)


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


def carry_out(
    request: HttpRequest,
    command: Callable[[], T],
    *,
    success: str | Callable[[T], str],
    then: Callable[[T], HttpResponse],
    form: BaseForm | None = None,
) -> HttpResponse | None:
    """The step every coordinator page repeats: call one service, say what happened,
    send the coordinator on.

    The service's ValidationError lands on the form, and None asks the view to show
    the form again; without a form it becomes an error message and the answer is
    `then(None)`. Otherwise `success` (a text, or one made from the service's result)
    is the success message and `then(result)` the answer, usually a redirect."""
    try:
        result = command()
    except ValidationError as exc:
        if form is None:
            _fail(request, exc)
            return then(None)  # type: ignore[arg-type]
        apply_errors(form, exc)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return then(result)


def _no_store(response: HttpResponse) -> HttpResponse:
    # Codes and ballots: neither the browser's history nor a proxy keeps this page.
    add_never_cache_headers(response)  # no-store, among others
    return response


# Long lists (the register, check-in at 2,000 organisations) are shown a page at a time.
PAGE_SIZE = 50


def search_term(request: HttpRequest) -> str:
    return " ".join(request.GET.get("q", "").split())[:100]


def paginate(request: HttpRequest, queryset: Any, param: str = "page") -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(param))


def page_url(request: HttpRequest, param: str, number: int) -> str:
    """This page's address with another page number of one list, keeping the search."""
    query: QueryDict = request.GET.copy()
    query[param] = str(number)
    return f"?{query.urlencode()}"


def pager(request: HttpRequest, page: Any, param: str, label: str) -> dict[str, Any]:
    return {
        "page": page,
        "label": label,
        "previous": page_url(request, param, page.previous_page_number())
        if page.has_previous()
        else "",
        "next": page_url(request, param, page.next_page_number()) if page.has_next() else "",
    }


# -- confirmations -------------------------------------------------------------------
# A step that cannot be undone is asked for twice: the first request (a link, or a
# form without CONFIRM) shows what will happen; only the POST with CONFIRM does it.
CONFIRM = "confirmed"


def is_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM) == "yes"


@dataclass
class Confirmation:
    title: str
    consequences: list[str]
    button: str
    action: str
    cancel: str
    hidden: list[tuple[str, str]] = field(default_factory=list)
    # Long lists the step concerns (organisations, candidates), shown after the consequences.
    listed: list[str] = field(default_factory=list)
    listed_caption: str = ""
    irreversible: bool = True


def confirm_page(
    request: HttpRequest, election: Election | None, confirmation: Confirmation
) -> HttpResponse:
    response = render(
        request,
        "elections/confirm.html",
        {"election": election, "c": confirmation, "confirm_field": CONFIRM},
    )
    return _no_store(response)


# -- elections -----------------------------------------------------------------------
def elected_seats(process: Process) -> QuerySet[SeatCategory]:
    """The seat categories of the process that are filled by election (`elected: true`
    in the process definition), in any body."""
    return (
        SeatCategory.objects.filter(body__process=process, elected=True, retired=False)
        .select_related("body")
        .order_by("body__order", "body__pk", "order", "pk")
    )


@manage_view
@require_http_methods(["GET", "POST"])
def election_list(request: HttpRequest) -> HttpResponse:
    process = _process()
    seats = elected_seats(process)
    form = ElectionForm(request.POST or None, seats=seats, initial={"seats": 2, "runoff_size": 4})
    if request.method == "POST" and form.is_valid():
        election = form.save(commit=False)
        election.process = process
        done = carry_out(
            request,
            lambda: services.create_election(request.user, election),
            success=_("The election has been created."),
            then=_dashboard,
            form=form,
        )
        if done:
            return done
    elections = Election.objects.filter(process=process).select_related("body", "seat")
    return render(
        request,
        "elections/list.html",
        {"elections": elections, "form": form, "has_seats": form.has_seats},
    )


# -- the register --------------------------------------------------------------------
@manage_view
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    process = _process()
    form = OrganisationForm(request.POST or None, instance=MigrantOrganisation(process=process))
    if request.method == "POST" and form.is_valid():
        done = carry_out(
            request,
            lambda: services.register_organisation(request.user, form.instance),
            success=lambda org: (
                _("%(org)s has been added to the register. Confirm its eligibility next.")
                % {"org": org.name}
            ),
            then=lambda _org: redirect("elections:register"),
            form=form,
        )
        if done:
            return done
    query = search_term(request)
    organisations = MigrantOrganisation.objects.filter(process=process)
    total = organisations.count()
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query)
            | Q(contact_name__icontains=query)
            | Q(contact_email__icontains=query)
        )
    page = paginate(request, organisations.order_by("name"))
    return render(
        request,
        "elections/register.html",
        {
            "pager": pager(request, page, "page", _("Register of migrant organisations")),
            "organisations": page.object_list,
            "form": form,
            "q": query,
            "total": total,
            "back": f"?{request.GET.urlencode()}" if request.GET else "",
        },
    )


def _back_to_register(request: HttpRequest) -> str:
    """The register page the coordinator came from (its search and page), or the first."""
    url = reverse("elections:register")
    query = request.POST.get("next", "")
    return f"{url}{query}" if query.startswith("?") and "\n" not in query else url


def _organisation(pk: int) -> MigrantOrganisation:
    return get_object_or_404(MigrantOrganisation, pk=pk, process=_process())


@manage_view
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        done = carry_out(
            request,
            lambda: services.update_organisation(request.user, form.instance),
            success=_("%(org)s has been saved.") % {"org": organisation.name},
            then=lambda _org: redirect("elections:register"),
            form=form,
        )
        if done:
            return done
    return render(
        request, "elections/organisation_edit.html", {"organisation": organisation, "form": form}
    )


@manage_view
@require_POST
def confirm_eligibility(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation(pk)
    response = carry_out(
        request,
        lambda: services.confirm_eligibility(request.user, organisation),
        success=_("The eligibility of %(org)s is confirmed.") % {"org": organisation.name},
        then=lambda _org: redirect(_back_to_register(request)),
    )
    assert response is not None
    return response


# -- the dashboard -------------------------------------------------------------------
def _render_dashboard(request: HttpRequest, election: Election, **forms: Any) -> HttpResponse:
    state = services.election_state(election)
    election = state.election
    # Counts only: the lists of organisations are on the check-in page, a page at a time.
    present_count = CheckIn.objects.filter(election=election).count()
    valid_cards = VotingCard.objects.filter(election=election, revoked_at__isnull=True).count()
    standing = {c.organisation_id for c in state.candidates if c.withdrawn_before_round != 1}
    rnd = state.open_round
    phase = election.phase
    context: dict[str, Any] = {
        "election": election,
        "state": state,
        "next_step": _next_step(state, present_count),
        "nominations_open": services.nominations_are_open(election),
        "present_count": present_count,
        "valid_cards": valid_cards,
        "results": display.round_views(state),
        "open_round": rnd,
        "can_correct": state.before_meeting,
        "can_cancel": state.can_cancel,
        "invitations": _invitation_counts(election),
        "record_ready": bool(election.lot_seed),
    }
    if phase == Election.Phase.NOMINATION:
        context["nomination_form"] = forms.get("nomination_form") or NominationForm(
            services.eligible_organisations(election), standing
        )
    if phase == Election.Phase.MEETING:
        if state.can_open_round:
            context["open_round_form"] = forms.get("open_round_form") or OpenRoundForm()
        if rnd is not None:
            context.update(_live(election, rnd))
            if rnd.mode == Round.Mode.PAPER:
                field_ = display.ballot_order(state, services.round_field(rnd))
                status = display.paper_status(rnd, state.candidates)
                context["paper_status"] = status
                if not status.accepted:
                    context["tally_form"] = forms.get("tally_form") or PaperTallyForm(field_)
        if state.can_enter_seed:
            context["seed_form"] = forms.get("seed_form") or SeedForm()
        if rnd is None and state.next_round is not None and state.next_field:
            context["can_withdraw"] = display.ballot_order(state, list(state.next_field))
        if state.can_fill_seats:
            context["fill_form"] = forms.get("fill_form") or FillSeatsForm(
                initial={"start": timezone.localdate()}
            )
    if state.before_meeting and rnd is None:
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


def _next_step(state: services.ElectionState, present: int) -> str:
    election = state.election
    if election.phase == Election.Phase.CANCELLED:
        if election.practice:
            return _(
                "The practice election has been cancelled. Delete it when you no longer need it."
            )
        return _("The election has been cancelled.")
    if election.practice and state.result is not None and state.result.complete:
        return _(
            "The practice election is complete. It fills no seats: "
            "delete it when you no longer need it."
        )
    return display.next_step(state, present)


def _invitation_counts(election: Election) -> dict[str, int]:
    """How many invitation emails are sent, waiting or failed, and how many letters
    go by post only."""
    counts = {
        row["status"]: row["n"]
        for row in InvitationDelivery.objects.filter(election=election)
        .values("status")
        .annotate(n=Count("pk"))
    }
    counts["letter"] = services.eligible_organisations(election).filter(contact_email="").count()
    return counts


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


@manage_view
@require_GET
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_dashboard(request, _election(pk))


@manage_view
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


@manage_view
@require_POST
def open_nominations(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    response = carry_out(
        request,
        lambda: services.open_nominations(request.user, election),
        success=_("Nominations are open."),
        then=lambda _done: _dashboard(election),
    )
    assert response is not None
    return response


@manage_view
@require_POST
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    nominated = set(
        services.standing_candidacies(election).values_list("organisation_id", flat=True)
    )
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
            # The organisation's name comes first: it may end with a full stop (e.V.).
            messages.success(
                request,
                _("%(org)s: %(name)s is recorded as candidate.")
                % {"name": candidacy.name, "org": candidacy.organisation.name},
            )
            return _dashboard(election, "candidates")
    return _render_dashboard(request, election, nomination_form=form)


@manage_view
@require_http_methods(["GET", "POST"])
def correct_candidacy(request: HttpRequest, pk: int, candidacy_pk: int) -> HttpResponse:
    """Correct a candidate's name or self-description until the meeting starts."""
    election = _election(pk)
    candidacy = get_object_or_404(
        Candidacy.objects.select_related("organisation"), pk=candidacy_pk, election=election
    )
    form = CandidacyForm(request.POST or None, instance=candidacy)
    if request.method == "POST" and form.is_valid():
        done = carry_out(
            request,
            lambda: services.correct_candidacy(
                request.user,
                candidacy,
                given_name=form.cleaned_data["given_name"],
                family_name=form.cleaned_data["family_name"],
                self_description=form.cleaned_data["self_description"],
            ),
            success=_("The candidacy has been corrected."),
            then=lambda _candidacy: _dashboard(election, "candidates"),
            form=form,
        )
        if done:
            return done
    return render(
        request,
        "elections/candidacy_edit.html",
        {"election": election, "candidacy": candidacy, "form": form},
    )


def _withdraw_confirmation(election: Election, candidacy: Candidacy) -> Confirmation:
    state = services.election_state(election)
    before = len(state.rounds) + 1
    names = {"name": candidacy.name, "org": candidacy.organisation.name, "n": before}
    lines = [
        _("%(name)s (candidate of %(org)s) withdraws before round %(n)d and no longer stands.")
        % names
    ]
    if before == 1 and services.nominations_are_open(election):
        lines.append(
            _(
                "Until the nomination deadline, %(deadline)s, the organisation may "
                "nominate another candidate."
            )
            % {"deadline": services.when(election.nomination_deadline)}
        )
    elif before == 1:
        lines.append(_("The nominations are closed: the organisation cannot nominate again."))
    else:
        field_now = set(state.next_field)
        moved_up = [
            state.candidate(pid)
            for pid in services.field_if_withdrawn(election, candidacy)
            if pid not in field_now
        ]
        lines += [
            _("%(name)s, the next placed of round 1, moves up into round %(n)d.")
            % {"name": c.name, "n": before}
            for c in moved_up
        ] or [_("Nobody moves up: no further candidate of round 1 is placed.")]
    dashboard = reverse("elections:dashboard", args=[election.pk])
    return Confirmation(
        title=_("Record the withdrawal of %(name)s?") % names,
        consequences=lines,
        button=_("Record the withdrawal"),
        action=reverse("elections:withdraw", args=[election.pk, candidacy.pk]),
        cancel=f"{dashboard}#candidates",
    )


@manage_view
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int, candidacy_pk: int) -> HttpResponse:
    election = _election(pk)
    candidacy = get_object_or_404(
        Candidacy.objects.select_related("organisation"), pk=candidacy_pk, election=election
    )
    if not is_confirmed(request):
        return confirm_page(request, election, _withdraw_confirmation(election, candidacy))
    try:
        services.withdraw(request.user, candidacy)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("%(name)s has withdrawn.") % {"name": candidacy.name})
    return _dashboard(election, "candidates")


@manage_view
@require_http_methods(["GET", "POST"])
def start_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    if not is_confirmed(request):
        standing = services.standing_candidacies(election).select_related("organisation")
        return confirm_page(
            request,
            election,
            Confirmation(
                title=_("Start the election meeting?"),
                consequences=[
                    _(
                        "The nominations close, even before the deadline; candidacies can no "
                        "longer be corrected and no more invitations are sent."
                    ),
                    _("Check-in begins: each organisation present receives its voting card."),
                ],
                button=_("Start the election meeting"),
                action=reverse("elections:start_meeting", args=[election.pk]),
                cancel=reverse("elections:dashboard", args=[election.pk]),
                listed=[
                    f"{c.public_id} {c.name} ({c.organisation.name})"
                    for c in standing.filter(withdrawn_before_round__isnull=True)
                ],
                listed_caption=_("Candidates"),
            ),
        )
    try:
        services.start_meeting(request.user, election)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The election meeting has started. Check in who is present."))
    return _dashboard(election, "check-in")


@manage_view
@require_http_methods(["GET", "POST"])
def cancel_election(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    if not is_confirmed(request) and (
        election.phase in (Election.Phase.FINISHED, Election.Phase.CANCELLED)
        or election.rounds.exists()
    ):
        messages.error(request, _("This election can no longer be cancelled."))
        return _dashboard(election)
    if not is_confirmed(request):
        return confirm_page(
            request,
            election,
            Confirmation(
                title=_("Cancel the election “%(title)s”?") % {"title": election.title},
                consequences=[
                    _(
                        "No nomination, meeting or round is possible any more, and the voting "
                        "cards handed out stop working."
                    ),
                    _(
                        "The candidacies and check-ins stay recorded; the audit log records "
                        "the cancellation."
                    ),
                ],
                button=_("Cancel the election"),
                action=reverse("elections:cancel", args=[election.pk]),
                cancel=reverse("elections:dashboard", args=[election.pk]),
            ),
        )
    try:
        services.cancel_election(request.user, election)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The election has been cancelled."))
    return _dashboard(election)


@manage_view
@require_http_methods(["GET", "POST"])
def delete_practice(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    if not election.practice:
        raise Http404(_("Only a practice election can be deleted."))
    if not is_confirmed(request):
        return confirm_page(
            request,
            election,
            Confirmation(
                title=_("Delete the practice election “%(title)s”?") % {"title": election.title},
                consequences=[
                    _(
                        "The practice election is deleted with its candidacies, check-ins, "
                        "voting cards, rounds and counts."
                    ),
                    _(
                        "The audit log keeps the entries written during the practice and "
                        "records the deletion."
                    ),
                ],
                button=_("Delete the practice election"),
                action=reverse("elections:delete", args=[election.pk]),
                cancel=reverse("elections:dashboard", args=[election.pk]),
            ),
        )
    try:
        title = services.delete_practice_election(request.user, election)
    except ValidationError as exc:
        _fail(request, exc)
        return _dashboard(election)
    messages.success(
        request, _("The practice election “%(title)s” has been deleted.") % {"title": title}
    )
    return redirect("elections:list")


# -- rounds ------------------------------------------------------------------------
def _round(election: Election, number: int) -> Round:
    return get_object_or_404(
        Round.objects.select_related("election"), election=election, number=number
    )


@manage_view
@require_http_methods(["GET", "POST"])
def open_round(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    if request.method == "GET":
        return _dashboard(election, "round")
    form = OpenRoundForm(request.POST)
    if form.is_valid():
        mode = form.cleaned_data["mode"]
        if not is_confirmed(request):
            return _open_round_confirmation(request, election, mode)
        done = carry_out(
            request,
            lambda: services.open_round(request.user, election, mode),
            success=lambda rnd: _("Round %(n)d is open.") % {"n": rnd.number},
            then=lambda _rnd: _dashboard(election, "round"),
            form=form,
        )
        if done:
            return done
    return _render_dashboard(request, election, open_round_form=form)


def _open_round_confirmation(request: HttpRequest, election: Election, mode: str) -> HttpResponse:
    state = services.election_state(election)
    if state.next_round is None or not state.next_field or state.open_round is not None:
        messages.error(request, _("No round can be opened now."))
        return _dashboard(election, "round")
    n = state.next_round
    present = CheckIn.objects.filter(election=election).count()
    if mode == Round.Mode.ELECTRONIC:
        how = ngettext(
            "Round %(n)d opens for voting with the cards: the %(count)d organisation "
            "present can vote once, and so can any organisation checked in while it is open.",
            "Round %(n)d opens for voting with the cards: each of the %(count)d "
            "organisations present can vote once, and so can any organisation checked in "
            "while it is open.",
            present,
        )
    else:
        how = ngettext(
            "Round %(n)d opens on paper: %(count)d ballot paper is handed out, one per "
            "organisation present.",
            "Round %(n)d opens on paper: %(count)d ballot papers are handed out, one per "
            "organisation present.",
            present,
        )
    return confirm_page(
        request,
        election,
        Confirmation(
            title=_("Open round %(n)d?") % {"n": n},
            consequences=[
                how % {"n": n, "count": present},
                _(
                    "Nobody can withdraw while the round is open. An open round cannot be "
                    "taken back: it ends when you close it."
                ),
            ],
            button=_("Open round %(n)d") % {"n": n},
            action=reverse("elections:open_round", args=[election.pk]),
            cancel=reverse("elections:dashboard", args=[election.pk]) + "#round",
            hidden=[("mode", mode)],
            listed=[
                f"{c.public_id} {c.name} ({c.organisation.name})"
                for c in display.ballot_order(state, list(state.next_field))
            ],
            listed_caption=_("Standing in round %(n)d") % {"n": n},
        ),
    )


@manage_view
@require_http_methods(["GET", "POST"])
def close_round(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    election = _election(pk)
    rnd = _round(election, number)
    if not is_confirmed(request):
        if rnd.status != Round.Status.OPEN:
            messages.error(request, _("This round is already closed."))
            return _dashboard(election, "round")
        if rnd.mode == Round.Mode.PAPER and not rnd.paper_entries.filter(accepted=True).exists():
            messages.error(
                request, _("Enter the paper tally twice, by two people, before closing.")
            )
            return _dashboard(election, "round")
        return confirm_page(request, election, _close_round_confirmation(election, rnd))
    try:
        services.close_round(request.user, rnd)
    except ValidationError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("Round %(n)d is closed.") % {"n": rnd.number})
    return _dashboard(election, "round")


def _close_round_confirmation(election: Election, rnd: Round) -> Confirmation:
    present = display.organisations_present(election)
    lines = [_("No further vote is accepted in round %(n)d.") % {"n": rnd.number}]
    if rnd.mode == Round.Mode.ELECTRONIC:
        voted = display.organisations_voted(rnd)
        lines.append(
            ngettext(
                "%(voted)d organisation has voted so far; %(present)d are present.",
                "%(voted)d organisations have voted so far; %(present)d are present.",
                voted,
            )
            % {"voted": voted, "present": present}
        )
    else:
        lines.append(_("The accepted tally of the counting committee is the round's result."))
    if not election.lot_seed:
        lines.append(
            _("Before any result is shown, the lot seed is thrown in front of the meeting.")
        )
    lines.append(_("A closed round cannot be opened again."))
    return Confirmation(
        title=_("Close round %(n)d?") % {"n": rnd.number},
        consequences=lines,
        button=_("Close round %(n)d") % {"n": rnd.number},
        action=reverse("elections:close_round", args=[election.pk, rnd.number]),
        cancel=reverse("elections:dashboard", args=[election.pk]) + "#round",
    )


@manage_view
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


@manage_view
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


@manage_view
@require_POST
def confirm_seed(request: HttpRequest, pk: int) -> HttpResponse:
    """The second step: the coordinator has seen the seed and confirms it for good."""
    election = _election(pk)
    confirm = SeedConfirmForm(request.POST)
    form = SeedForm(request.POST, election=election)
    if confirm.is_valid() and form.is_valid():
        done = carry_out(
            request,
            lambda: services.enter_seed(request.user, election, confirm.cleaned_data["seed"]),
            success=lambda fixed: (
                _("The seed %(seed)s is fixed; the result is shown.") % {"seed": fixed.lot_seed}
            ),
            then=lambda _fixed: _dashboard(election, "results"),
            form=form,
        )
        if done:
            return done
    else:
        form.add_error(None, _("The seed was not confirmed. Enter it again."))
    return _render_dashboard(request, election, seed_form=form)


@manage_view
@require_POST
def fill_seats(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
    form = FillSeatsForm(request.POST)
    if form.is_valid():
        start = form.cleaned_data["start"]
        if not is_confirmed(request):
            return _fill_seats_confirmation(request, election, start)
        done = carry_out(
            request,
            lambda: services.fill_seats(request.user, election, start),
            success=lambda elected: (
                _("The seats are filled: %(names)s.")
                % {"names": ", ".join(c.name for c in elected)}
            ),
            then=lambda _elected: _dashboard(election),
            form=form,
        )
        if done:
            return done
    return _render_dashboard(request, election, fill_form=form)


def _fill_seats_confirmation(request: HttpRequest, election: Election, start: Any) -> HttpResponse:
    state = services.election_state(election)
    if state.result is None or not state.result.complete:
        messages.error(request, _("The election has no final result yet."))
        return _dashboard(election)
    elected = [state.candidate(pid) for pid in state.result.elected]
    return confirm_page(
        request,
        election,
        Confirmation(
            title=_("Fill the seats with the elected?"),
            consequences=[
                _("The elected become members of %(body)s (%(seat)s) from %(date)s.")
                % {
                    "body": str(election.body.name),
                    "seat": str(election.seat.name),
                    "date": formats.date_format(start, "SHORT_DATE_FORMAT"),
                },
                _(
                    "The election is then finished. A membership is ended on the body's "
                    "page, not here."
                ),
            ],
            button=_("Fill the seats"),
            action=reverse("elections:fill_seats", args=[election.pk]),
            cancel=reverse("elections:dashboard", args=[election.pk]) + "#seats",
            hidden=[("start", start.isoformat())],
            listed=[f"{c.name} ({c.organisation.name})" for c in elected],
            listed_caption=_("Elected"),
        ),
    )


# -- public pages ----------------------------------------------------------------------
@permission("elections.view")
@require_GET
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(pk)
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


@permission("elections.projector")
@require_GET
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    parts = _projector_parts(request, _election(pk))
    return render(request, "elections/projector.html", parts)


@permission("elections.view")
@require_GET
def result(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: the result, each round's figures, the lots and the record's digest."""
    election = _election(pk)
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
    parts = _projector_parts(request, _election(pk))
    shown = request.GET.get("v", "")
    if shown == parts["version"]:
        return HttpResponse(status=204)
    if parts["count"] and shown.split(".")[0] == parts["version"].split(".")[0]:
        response = render(request, "elections/_projector_count_update.html", parts)
        response["HX-Reswap"] = "none"  # only the out-of-band parts
        return response
    return render(request, "elections/_projector_update.html", parts)
