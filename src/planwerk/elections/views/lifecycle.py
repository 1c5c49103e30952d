"""The election from creation to its end: the list of elections (and a new one), the
start of the meeting, the cancellation, the deletion of a practice election."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from planwerk.bodies.models import SeatCategory
from planwerk.elections import services
from planwerk.elections.forms import ElectionForm
from planwerk.elections.models import Election
from planwerk.elections.views.shared import (
    Confirmation,
    carry_out,
    confirm_page,
    election_or_404,
    is_confirmed,
    manage_view,
    process_or_404,
    show_errors,
    to_dashboard,
)
from planwerk.processes.models import Process


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
    process = process_or_404()
    seats = elected_seats(process)
    form = ElectionForm(request.POST or None, seats=seats, initial={"seats": 2, "runoff_size": 4})
    if request.method == "POST" and form.is_valid():
        election = form.save(commit=False)
        election.process = process
        done = carry_out(
            request,
            lambda: services.create_election(request.user, election),
            success=_("The election has been created."),
            then=to_dashboard,
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


@manage_view
@require_http_methods(["GET", "POST"])
def start_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    election = election_or_404(pk)
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
        show_errors(request, exc)
    else:
        messages.success(request, _("The election meeting has started. Check in who is present."))
    return to_dashboard(election, "check-in")


@manage_view
@require_http_methods(["GET", "POST"])
def cancel_election(request: HttpRequest, pk: int) -> HttpResponse:
    election = election_or_404(pk)
    if not is_confirmed(request) and (
        election.phase in (Election.Phase.FINISHED, Election.Phase.CANCELLED)
        or election.rounds.exists()
    ):
        messages.error(request, _("This election can no longer be cancelled."))
        return to_dashboard(election)
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
        show_errors(request, exc)
    else:
        messages.success(request, _("The election has been cancelled."))
    return to_dashboard(election)


@manage_view
@require_http_methods(["GET", "POST"])
def delete_practice(request: HttpRequest, pk: int) -> HttpResponse:
    election = election_or_404(pk)
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
        show_errors(request, exc)
        return to_dashboard(election)
    messages.success(
        request, _("The practice election “%(title)s” has been deleted.") % {"title": title}
    )
    return redirect("elections:list")
