"""What a resident does with their account: ask for a sign-in link, sign in with it,
download what planwerk holds about them, delete the account."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib.auth import authenticate, get_user_model, login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from planwerk.audit.services import record
from planwerk.core.permissions import require
from planwerk.core.throttle import throttled
from planwerk.residents.domain.names import MAX_LENGTH, clean_name
from planwerk.residents.extensions import data_sources
from planwerk.residents.models import Resident

SCOPE = "planwerk.residents.sign-in"
#: Links one address may ask for, and one visitor's address, per window (seconds).
LINKS_PER_EMAIL = 3
LINKS_PER_CLIENT = 10
LINK_WINDOW = 15 * 60


def resident_of(user: Any) -> Resident | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.resident
    except Resident.DoesNotExist:
        return None


def require_confirmed(user: Any) -> None:
    """A resident writes in public (comments, proposals) once the address is
    confirmed; other accounts are not residents and pass."""
    resident = resident_of(user)
    if resident is not None and resident.verified is None:
        raise ValidationError(
            _("Please confirm your email address with the link we sent you first.")
        )


def request_link(
    request: HttpRequest, name: str, email: str, language: str, next_url: str = ""
) -> Resident:
    """Send a one-time sign-in link to the address; the first time, with the name the
    resident chose. Throttled per address and per visitor."""
    require(request.user, "residents.sign_in")
    name = clean_name(name)
    email = email.strip().lower()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Please enter the name you want to write under.")]
    elif len(name) > MAX_LENGTH:
        errors["name"] = [_("The name may have at most 80 characters.")]
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Please enter a valid email address.")]
    if errors:
        raise ValidationError(errors)
    if throttled(
        request, "residents.link", limit=LINKS_PER_EMAIL, window=LINK_WINDOW, key=email
    ) or throttled(request, "residents.link-client", limit=LINKS_PER_CLIENT, window=LINK_WINDOW):
        raise PermissionDenied(
            _(
                "Too many sign-in links were asked for this address. Please wait a quarter "
                "of an hour and try again, and look in your spam folder for the links "
                "already sent."
            )
        )
    with transaction.atomic():
        resident = Resident.objects.select_related("user").filter(user__email__iexact=email).first()
        if resident is None:
            # The display name as the account's first name: the page header shows it
            # instead of the generated username, without a query of its own.
            user = get_user_model().objects.create_user(
                username=f"einwohner-{uuid.uuid4().hex[:12]}", email=email, first_name=name[:150]
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            resident = Resident.objects.create(user=user, display_name=name, language=language)
            record("residents.resident.registered", actor=None, obj=resident)
        record("residents.link.requested", actor=None, obj=resident)
        from planwerk.residents import tasks

        base_url = request.build_absolute_uri("/")
        transaction.on_commit(
            lambda: tasks.send_sign_in_link.enqueue(resident.pk, base_url, next_url)
        )
    return resident


def sign_in(request: HttpRequest, token: str) -> Resident:
    """Sign the visitor in with the link's token; the link then no longer works."""
    require(request.user, "residents.sign_in")
    user = authenticate(request, sesame=token, scope=SCOPE)
    resident = resident_of(user)
    if user is None or resident is None or not user.is_active:
        raise ValidationError(
            _(
                "This sign-in link is not valid: it was used already or is too old. "
                "Please ask for a new one."
            )
        )
    with transaction.atomic():
        login(request, user)  # sets last_login: the one-time link is spent
        if resident.verified is None:
            resident.verified = timezone.now()
            resident.save(update_fields=["verified"])
        record("residents.resident.signed_in", actor=user, obj=resident)
    from planwerk.core.languages import SESSION_KEY

    request.session[SESSION_KEY] = resident.language
    return resident


def export(user: Any) -> dict[str, Any]:
    """Everything planwerk holds about the account's resident, as JSON data."""
    require(user, "residents.own_data")
    resident = resident_of(user)
    if resident is None:
        raise PermissionDenied(_("This account has no resident profile."))
    data: dict[str, Any] = {
        "account": {
            "email": user.email,
            "created": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "resident": {
            "id": str(resident.uuid),
            "display_name": resident.display_name,
            "language": resident.language,
            "email_confirmed": resident.verified.isoformat() if resident.verified else None,
        },
    }
    for source in data_sources():
        data[source.name] = source.export(user)
    with transaction.atomic():
        record("residents.data.exported", actor=user, obj=resident)
    return json.loads(json.dumps(data, default=str))


def delete_account(user: Any, *, keep_comments: bool) -> None:
    """Delete the account and its profile; what the resident wrote stays, anonymised
    ("deleted account"), or goes, as they chose."""
    require(user, "residents.own_data")
    resident = resident_of(user)
    if resident is None:
        raise PermissionDenied(_("This account has no resident profile."))
    with transaction.atomic():
        for source in data_sources():
            source.delete(user, keep_comments)
        record(
            "residents.resident.deleted",
            actor=None,
            object_type="residents.resident",
            object_id=str(resident.uuid),
            payload={"kept_anonymised": keep_comments},
        )
        resident.delete()
        user.delete()
