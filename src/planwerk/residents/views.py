"""The resident's pages: ask for a sign-in link, sign in with it, "My data"."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from planwerk.core.permissions import permission
from planwerk.residents import services
from planwerk.residents.forms import DeleteForm, LinkForm


def _safe_next(request: HttpRequest, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


def _apply(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@permission("residents.sign_in")
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    initial = {"next": _safe_next(request, request.GET.get("next", ""))}
    form = LinkForm(request.POST or None, initial=initial, language=get_language() or "de")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.request_link(
                    request,
                    data["name"],
                    data["email"],
                    data["language"],
                    _safe_next(request, data.get("next") or ""),
                )
            except ValidationError as error:
                _apply(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
                return render(request, "residents/sign_in.html", {"form": form}, status=429)
            else:
                return render(request, "residents/link_sent.html", {})
        status = 400
    return render(request, "residents/sign_in.html", {"form": form}, status=status)


@permission("residents.sign_in")
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest) -> HttpResponse:
    """The link from the email. It shows a button: opening the link (as a mail
    program's link checker does) does not spend it; pressing the button signs in."""
    token = request.POST.get("sesame") or request.GET.get("sesame", "")
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    if request.method == "POST":
        try:
            resident = services.sign_in(request, token)
        except ValidationError as error:
            return render(request, "residents/link.html", {"error": error.messages[0]}, status=400)
        messages.success(
            request, _("You are signed in as %(name)s.") % {"name": resident.display_name}
        )
        return redirect(next_url or "residents:mine")
    return render(request, "residents/link.html", {"token": token, "next": next_url})


@permission("residents.own_data")
def mine(request: HttpRequest) -> HttpResponse:
    resident = services.resident_of(request.user)
    if resident is None:
        raise Http404(_("This account has no resident profile."))
    return render(request, "residents/mine.html", {"resident": resident})


@permission("residents.own_data")
def export(request: HttpRequest) -> HttpResponse:
    if services.resident_of(request.user) is None:
        raise Http404(_("This account has no resident profile."))
    data = services.export(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="planwerk-meine-daten.json"'
    return response


@permission("residents.own_data")
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    resident = services.resident_of(request.user)
    if resident is None:
        raise Http404(_("This account has no resident profile."))
    form = DeleteForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.delete_account(
                request.user, keep_comments=form.cleaned_data["comments"] == DeleteForm.KEEP
            )
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("core:home")
        return render(request, "residents/delete.html", {"form": form}, status=400)
    return render(request, "residents/delete.html", {"form": form})
