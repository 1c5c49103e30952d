import logging
import sys
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from planwerk.core.home import shown_sections
from planwerk.core.permissions import public

logger = logging.getLogger(__name__)


@public
def home(request: HttpRequest) -> HttpResponse:
    """The sections the apps offer (planwerk.core.home), one after another."""
    return render(request, "core/home.html", {"sections": shown_sections(request)})


@public
def alive(request: HttpRequest) -> HttpResponse:
    """For a load balancer's health check: the app server answers, nothing more (no
    database, no template). `make bench` measures it as the minimal view."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@public
def language(request: HttpRequest, code: str) -> HttpResponse:
    """A language button: a link that keeps the language in a cookie and leads back to
    the page it was pressed on. A link, not a form: choosing a language only changes
    how pages read, so pages need no token for it, and a page that is the same for
    every reader can be served as it is (see participation's public page)."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


# -- error pages ------------------------------------------------------------------------
# Django renders 403.html and 404.html itself (templates in this app); the views below
# are the ones that need more than a template.

DATABASE_UNREACHABLE = (OperationalError, InterfaceError)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid security token (settings.CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """planwerk's 500 page (urls.handler500), and a 503 while the database is unreachable.

    Rendered without the request's context processors, which would read the user and
    her roles from the database that may just have failed.
    """
    error = sys.exc_info()[1]
    unreachable = isinstance(error, DATABASE_UNREACHABLE)
    status = 503 if unreachable else 500
    if request.path.startswith("/api/"):
        detail = (
            _("The database cannot be reached at the moment. Please try again in a minute.")
            if unreachable
            else _("An error occurred on the server.")
        )
        response: HttpResponse = JsonResponse({"detail": str(detail)}, status=status)
    else:
        response = HttpResponse(_render_without_database(request, f"{status}.html"), status=status)
    if unreachable:
        response["Retry-After"] = "30"
    return response


def _render_without_database(request: HttpRequest, template_name: str) -> str:
    context = {"request": request, "csrf_token": get_token(request), "error_page": True}
    try:
        return loader.get_template(template_name).render(context)
    except Exception:  # the page about an error must not fail itself
        logger.exception("The error page %s could not be rendered", template_name)
        status = template_name.split(".")[0]
        return f"<!DOCTYPE html><title>planwerk</title><h1>Server Error ({status})</h1>"


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any = None
) -> HttpResponse:
    """The login page after too many wrong passwords for one account from one address
    (django-axes: settings.AXES_LOCKOUT_CALLABLE)."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": minutes,
        "next": _next_address(request),
    }
    return render(request, "registration/locked_out.html", context, status=429)


def _next_address(request: HttpRequest) -> str:
    """The login's `next` address, where it is one of planwerk's own, else nothing."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""
