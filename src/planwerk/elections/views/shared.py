"""What the election's pages share: the coordinator's permission, the election
from the address, the form → service → message → redirect step (`carry_out`),
confirmations of steps that cannot be undone, lists a page at a time."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from planwerk.core.forms import apply_errors
from planwerk.core.permissions import permission
from planwerk.elections.models import Election
from planwerk.processes.models import Process
from planwerk.processes.queries import current_process

View = Callable[..., HttpResponse]
T = TypeVar("T")


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


def process_or_404() -> Process:
    process = current_process()
    if process is None:
        raise Http404(_("No process has been loaded yet."))
    return process


def election_or_404(pk: int) -> Election:
    return get_object_or_404(Election.objects.select_related("process", "body", "seat"), pk=pk)


def to_dashboard(election: Election, anchor: str = "") -> HttpResponse:
    url = reverse("elections:dashboard", args=[election.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def show_errors(request: HttpRequest, exc: ValidationError) -> None:
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
            show_errors(request, exc)
            return then(None)  # type: ignore[arg-type]
        apply_errors(form, exc)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return then(result)


def no_store(response: HttpResponse) -> HttpResponse:
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
    return no_store(response)


def version(*parts: object) -> str:
    """A short digest of what a polled part shows: equal digests, nothing to swap."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16]
