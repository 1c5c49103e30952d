"""The coordinator's pages about people and accounts: self-declared data and roles.
Views parse, call one service (`bodies/people.py`), render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from planwerk.bodies import people as services
from planwerk.bodies import tables
from planwerk.bodies.forms import RoleForm, SelfDeclarationForm
from planwerk.bodies.models import Body, Person
from planwerk.bodies.queries import people_with_bodies
from planwerk.core.forms import apply_errors
from planwerk.core.models import RoleAssignment
from planwerk.core.permissions import permission
from planwerk.core.tables import respond
from planwerk.processes.queries import current_process

PER_PAGE = 50


def _people(request: HttpRequest) -> tuple[str, Body | None, QuerySet[Person]]:
    """The search, the body chosen and the people they find (the page and its table)."""
    query = request.GET.get("q", "").strip()[:100]
    process = current_process()
    body = None
    if request.GET.get("gremium") and process is not None:
        body = Body.objects.filter(process=process, slug=request.GET["gremium"]).first()
    return query, body, people_with_bodies(query, body)


@permission("people.view_selfdeclared")
def people(request: HttpRequest) -> HttpResponse:
    query, body, found = _people(request)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("seite"))
    return render(
        request,
        "bodies/people.html",
        {"page": page, "query": query, "body": body, "people": page.object_list},
    )


@permission("people.view_selfdeclared")
def people_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _query, _body, found = _people(request)
    return respond(tables.people(found), fmt)


def _back(request: HttpRequest) -> str:
    """Where to return after saving: the page the coordinator came from, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return ""


@permission("people.view_selfdeclared")
@require_http_methods(["GET", "POST"])
def self_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("unit"), pk=pk)
    form = SelfDeclarationForm.for_person(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.record_self_declaration(
                request.user,
                person,
                gender=form.cleaned_data["gender"],
                migration_background=form.cleaned_data["migration_background"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if changed:
                messages.success(
                    request,
                    _("The self-declared data of %(person)s has been recorded.")
                    % {"person": person},
                )
            else:
                messages.info(request, _("Nothing changed for %(person)s.") % {"person": person})
            return redirect(_back(request) or "bodies:people")
    return render(
        request,
        "bodies/self_declaration.html",
        {"person": person, "form": form, "next": _back(request)},
    )


@permission("people.manage_roles")
@require_http_methods(["GET", "POST"])
def roles(request: HttpRequest) -> HttpResponse:
    process = current_process()
    if process is None:
        raise Http404(_("No process has been loaded yet."))
    form = RoleForm(process, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assign_role(
                request.user,
                account=form.cleaned_data["account"],
                role=form.cleaned_data["role"],
                unit=form.cleaned_data["unit"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _role_text(assignment, _("%(account)s is now %(role)s.")))
            return redirect("bodies:roles")
    return render(request, "bodies/roles.html", {"form": form, "assignments": _assignments()})


def _assignments() -> QuerySet[RoleAssignment]:
    """Every role given, by role and Dezernat (the page and its table)."""
    return RoleAssignment.objects.select_related("user", "unit").order_by(
        "role", "unit__name__de", "user__username"
    )


@permission("people.manage_roles")
def roles_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(tables.roles(_assignments()), fmt)


@permission("people.manage_roles")
@require_http_methods(["GET", "POST"])
def role_remove(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(RoleAssignment.objects.select_related("user", "unit"), pk=pk)
    error = ""
    if request.method == "POST":
        try:
            services.remove_role(request.user, assignment)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, _role_text(assignment, _("%(account)s is no longer %(role)s."))
            )
            return redirect("bodies:roles")
    return render(
        request,
        "bodies/role_remove.html",
        {"assignment": assignment, "role": role_label(assignment), "error": error},
    )


def role_label(assignment: RoleAssignment) -> str:
    if assignment.role == RoleAssignment.Role.DEZERNAT and assignment.unit:
        return _("acting for %(unit)s") % {"unit": assignment.unit.name}
    return _("coordinator")


def _role_text(assignment: RoleAssignment, template: str) -> str:
    return template % {"account": assignment.user.get_username(), "role": role_label(assignment)}
