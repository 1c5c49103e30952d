"""The register of migrant organisations: who may nominate and vote."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from planwerk.core.tables import respond
from planwerk.elections import services, tables
from planwerk.elections.forms import OrganisationForm
from planwerk.elections.models import MigrantOrganisation
from planwerk.elections.views.shared import (
    carry_out,
    manage_view,
    pager,
    paginate,
    process_or_404,
    search_term,
)
from planwerk.processes.models import Process


@manage_view
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    process = process_or_404()
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
    total = MigrantOrganisation.objects.filter(process=process).count()
    page = paginate(request, _found(process, query))
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


def _found(process: Process, query: str) -> QuerySet[MigrantOrganisation]:
    """The organisations of the register the search finds, by name (page and table)."""
    organisations = MigrantOrganisation.objects.filter(process=process)
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query)
            | Q(contact_name__icontains=query)
            | Q(contact_email__icontains=query)
        )
    return organisations.order_by("name")


@manage_view
def register_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(tables.register(_found(process_or_404(), search_term(request))), fmt)


def _back_to_register(request: HttpRequest) -> str:
    """The register page the coordinator came from (its search and page), or the first."""
    url = reverse("elections:register")
    query = request.POST.get("next", "")
    return f"{url}{query}" if query.startswith("?") and "\n" not in query else url


def _organisation(pk: int) -> MigrantOrganisation:
    return get_object_or_404(MigrantOrganisation, pk=pk, process=process_or_404())


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
