"""The meeting's rounds: opening and closing them, the paper tally, the lot seed and
filling the seats with the elected."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from planwerk.core.forms import apply_errors
from planwerk.elections import display, services
from planwerk.elections.forms import (
    FillSeatsForm,
    OpenRoundForm,
    PaperTallyForm,
    SeedConfirmForm,
    SeedForm,
)
from planwerk.elections.models import CheckIn, Election, Round
from planwerk.elections.views.dashboard import render_dashboard
from planwerk.elections.views.shared import (
    Confirmation,
    carry_out,
    confirm_page,
    election_or_404,
    is_confirmed,
    manage_view,
    show_errors,
    to_dashboard,
)


def _round(election: Election, number: int) -> Round:
    return get_object_or_404(
        Round.objects.select_related("election"), election=election, number=number
    )


@manage_view
@require_http_methods(["GET", "POST"])
def open_round(request: HttpRequest, pk: int) -> HttpResponse:
    election = election_or_404(pk)
    if request.method == "GET":
        return to_dashboard(election, "round")
    form = OpenRoundForm(request.POST)
    if form.is_valid():
        mode = form.cleaned_data["mode"]
        if not is_confirmed(request):
            return _open_round_confirmation(request, election, mode)
        done = carry_out(
            request,
            lambda: services.open_round(request.user, election, mode),
            success=lambda rnd: _("Round %(n)d is open.") % {"n": rnd.number},
            then=lambda _rnd: to_dashboard(election, "round"),
            form=form,
        )
        if done:
            return done
    return render_dashboard(request, election, open_round_form=form)


def _open_round_confirmation(request: HttpRequest, election: Election, mode: str) -> HttpResponse:
    state = services.election_state(election)
    if state.next_round is None or not state.next_field or state.open_round is not None:
        messages.error(request, _("No round can be opened now."))
        return to_dashboard(election, "round")
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
    election = election_or_404(pk)
    rnd = _round(election, number)
    if not is_confirmed(request):
        if rnd.status != Round.Status.OPEN:
            messages.error(request, _("This round is already closed."))
            return to_dashboard(election, "round")
        if rnd.mode == Round.Mode.PAPER and not rnd.paper_entries.filter(accepted=True).exists():
            messages.error(
                request, _("Enter the paper tally twice, by two people, before closing.")
            )
            return to_dashboard(election, "round")
        return confirm_page(request, election, _close_round_confirmation(election, rnd))
    try:
        services.close_round(request.user, rnd)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, _("Round %(n)d is closed.") % {"n": rnd.number})
    return to_dashboard(election, "round")


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
    election = election_or_404(pk)
    rnd = _round(election, number)
    if rnd.mode != Round.Mode.PAPER or rnd.status != Round.Status.OPEN:
        messages.error(request, _("This round takes no paper tally (any more)."))
        return to_dashboard(election, "round")
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
            return to_dashboard(election, "round")
    return render_dashboard(request, election, tally_form=form)


@manage_view
@require_POST
def enter_seed(request: HttpRequest, pk: int) -> HttpResponse:
    """The first step: the seed as typed is checked and shown once more. Nothing is
    fixed here, so Enter in the seed field cannot fix it."""
    election = election_or_404(pk)
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
    return render_dashboard(request, election, seed_form=form)


@manage_view
@require_POST
def confirm_seed(request: HttpRequest, pk: int) -> HttpResponse:
    """The second step: the coordinator has seen the seed and confirms it for good."""
    election = election_or_404(pk)
    confirm = SeedConfirmForm(request.POST)
    form = SeedForm(request.POST, election=election)
    if confirm.is_valid() and form.is_valid():
        done = carry_out(
            request,
            lambda: services.enter_seed(request.user, election, confirm.cleaned_data["seed"]),
            success=lambda fixed: (
                _("The seed %(seed)s is fixed; the result is shown.") % {"seed": fixed.lot_seed}
            ),
            then=lambda _fixed: to_dashboard(election, "results"),
            form=form,
        )
        if done:
            return done
    else:
        form.add_error(None, _("The seed was not confirmed. Enter it again."))
    return render_dashboard(request, election, seed_form=form)


@manage_view
@require_POST
def fill_seats(request: HttpRequest, pk: int) -> HttpResponse:
    election = election_or_404(pk)
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
            then=lambda _elected: to_dashboard(election),
            form=form,
        )
        if done:
            return done
    return render_dashboard(request, election, fill_form=form)


def _fill_seats_confirmation(request: HttpRequest, election: Election, start: Any) -> HttpResponse:
    state = services.election_state(election)
    if state.result is None or not state.result.complete:
        messages.error(request, _("The election has no final result yet."))
        return to_dashboard(election)
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
