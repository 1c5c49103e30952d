"""Candidacies: opening the nominations, nominating, correcting and withdrawing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwerk.core.forms import apply_errors
from planwerk.elections import services
from planwerk.elections.forms import CandidacyForm, NominationForm
from planwerk.elections.models import Candidacy, Election
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


@manage_view
@require_POST
def open_nominations(request: HttpRequest, pk: int) -> HttpResponse:
    election = election_or_404(pk)
    response = carry_out(
        request,
        lambda: services.open_nominations(request.user, election),
        success=_("Nominations are open."),
        then=lambda _done: to_dashboard(election),
    )
    assert response is not None
    return response


@manage_view
@require_POST
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    election = election_or_404(pk)
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
            return to_dashboard(election, "candidates")
    return render_dashboard(request, election, nomination_form=form)


@manage_view
@require_http_methods(["GET", "POST"])
def correct_candidacy(request: HttpRequest, pk: int, candidacy_pk: int) -> HttpResponse:
    """Correct a candidate's name or self-description until the meeting starts."""
    election = election_or_404(pk)
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
            then=lambda _candidacy: to_dashboard(election, "candidates"),
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
    election = election_or_404(pk)
    candidacy = get_object_or_404(
        Candidacy.objects.select_related("organisation"), pk=candidacy_pk, election=election
    )
    if not is_confirmed(request):
        return confirm_page(request, election, _withdraw_confirmation(election, candidacy))
    try:
        services.withdraw(request.user, candidacy)
    except ValidationError as exc:
        show_errors(request, exc)
    else:
        messages.success(request, _("%(name)s has withdrawn.") % {"name": candidacy.name})
    return to_dashboard(election, "candidates")
