"""Pages about members' accounts: the coordination invites, the member sets up.
Views parse, call one service (`accounts/services.py`), render."""

from __future__ import annotations

from collections import Counter
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from planwerk.accounts import services, tables
from planwerk.accounts.domain.accounts import State
from planwerk.accounts.forms import SetUpAccountForm
from planwerk.accounts.queries import (
    MemberAccount,
    current_memberships,
    last_invitation,
    member_accounts,
    state_of,
)
from planwerk.bodies.models import Body, Person
from planwerk.core.forms import apply_errors
from planwerk.core.permissions import permission
from planwerk.core.tables import respond
from planwerk.core.throttle import throttled
from planwerk.processes.queries import current_process

#: Opening or sending the set-up page: per client address and hour. A link is far
#: too long to guess; this only keeps anyone from trying.
SET_UP_LIMIT = 30
SET_UP_WINDOW = 3600


def _site(request: HttpRequest) -> str:
    """The site's address as the coordinator used it, for the link in the email."""
    return request.build_absolute_uri("/")


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


@permission("people.set_up_account")
@sensitive_post_parameters("new_password1", "new_password2")
@never_cache
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest, uuid: UUID, token: str) -> HttpResponse:
    """ "Konto einrichten": the page the invitation's link opens."""
    if throttled(request, "account-set-up", limit=SET_UP_LIMIT, window=SET_UP_WINDOW):
        return render(request, "accounts/throttled.html", status=429)
    account = services.account_for_link(uuid, token)
    if account is None:
        return render(request, "accounts/link_invalid.html", {"message": services.LINK_INVALID})
    form = SetUpAccountForm(account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.set_up_account(
                request.user, uuid, token, form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            if exc.code == "link_invalid":
                return render(
                    request, "accounts/link_invalid.html", {"message": services.LINK_INVALID}
                )
            apply_errors(form, exc)
        else:
            login(request, account, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Your account is set up. From now on you log in as “%(username)s”.")
                % {"username": account.get_username()},
            )
            return redirect("core:home")
    return render(
        request,
        "accounts/set_up.html",
        {"form": form, "account": account, "person": account.person},
    )


@permission("people.invite")
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Asks first (showing the address), then invites one member."""
    person = get_object_or_404(Person.objects.select_related("user"), uuid=uuid)
    back = _back(request, reverse("bodies:people"))
    if request.method == "POST":
        try:
            services.invite(request.user, person, base_url=_site(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("An invitation to set up an account is being sent to %(person)s.")
                % {"person": person},
            )
        return redirect(back)
    previous = last_invitation(person)
    return render(
        request,
        "accounts/invite.html",
        {
            "person": person,
            "row": MemberAccount(person, state_of(person, previous), previous),
            "bodies": [m.body for m in current_memberships(person)],
            "next": back,
        },
    )


@permission("people.invite")
@require_http_methods(["GET", "POST"])
def invite_body(request: HttpRequest, slug: str) -> HttpResponse:
    """Asks first, saying how many emails go out, then invites every current member
    of the body who has an address and was never invited."""
    body = get_object_or_404(Body, process=current_process(), slug=slug)
    if request.method == "POST":
        try:
            invitations = services.invite_members(request.user, body, base_url=_site(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            count = len(invitations)
            messages.success(
                request,
                ngettext(
                    "%(count)d invitation to set up an account is being sent.",
                    "%(count)d invitations to set up an account are being sent.",
                    count,
                )
                % {"count": count}
                if count
                else _("Nobody was waiting for an invitation: no email was sent."),
            )
        return redirect("bodies:detail", slug=body.slug)
    rows = member_accounts(body)
    counts = Counter(row.state for row in rows)
    return render(
        request,
        "accounts/invite_body.html",
        {
            "body": body,
            "rows": rows,
            "to_invite": [row for row in rows if row.state == State.NOT_INVITED],
            "no_email": counts[State.NO_EMAIL],
            "invited": counts[State.INVITED],
            "active": counts[State.ACTIVE],
        },
    )


@permission("people.invite")
def accounts_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The members' accounts of a body, as its page shows them, as a table."""
    body = get_object_or_404(Body, process=current_process(), slug=slug)
    return respond(tables.member_accounts(body, member_accounts(body)), fmt)
