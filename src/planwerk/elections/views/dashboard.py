"""The coordinator's dashboard of one election, and its live count of the open round."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from planwerk.elections import display, refused_codes, services
from planwerk.elections.forms import (
    FillSeatsForm,
    NominationForm,
    OpenRoundForm,
    PaperTallyForm,
    SeedForm,
)
from planwerk.elections.models import CheckIn, Election, InvitationDelivery, Round, VotingCard
from planwerk.elections.views.shared import election_or_404, manage_view, version


def render_dashboard(request: HttpRequest, election: Election, **forms: Any) -> HttpResponse:
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
        "live_version": version(rnd.pk, rnd.status, voted, present, refused),
    }


@manage_view
@require_GET
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    return render_dashboard(request, election_or_404(pk))


@manage_view
@require_GET
def live_count(request: HttpRequest, pk: int) -> HttpResponse:
    """The count of the open round on the coordinator's dashboard, polled by htmx.

    While nothing changed it answers 204, and htmx swaps nothing: the page does not
    change under the coordinator's focus or screen reader. Once the round the page
    shows (`round`) is no longer open it answers 286, and htmx stops polling.
    """
    election = election_or_404(pk)
    rnd = Round.objects.filter(election=election, status=Round.Status.OPEN).first()
    shown = request.GET.get("round", "")
    if rnd is None or (shown and shown != str(rnd.number)):
        context = {"election": election, "live_round": None, "closed_round": shown}
        return render(request, "elections/_live_count_update.html", context, status=286)
    context = {"election": election, **_live(election, rnd)}
    if request.GET.get("v") == context["live_version"]:
        return HttpResponse(status=204)
    return render(request, "elections/_live_count_update.html", context)
