"""The invitation to set up an account, in the language of the person invited."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from planwerk.accounts.models import AccountInvitation
from planwerk.accounts.queries import current_memberships
from planwerk.bodies.notifications import Email, _url
from planwerk.core.languages import message_language


def set_up_link(invitation: AccountInvitation, base_url: str = "") -> str:
    """A fresh one-time link: it stops working once the password is set (the token
    covers the password) or after PASSWORD_RESET_TIMEOUT."""
    token = default_token_generator.make_token(invitation.user)
    return _url(base_url, reverse("accounts:set_up", args=[invitation.person.uuid, token]))


def invitation(invitation: AccountInvitation, base_url: str = "") -> Email:
    person = invitation.person
    memberships = list(current_memberships(person))
    bodies = list(dict.fromkeys(str(m.body.name) for m in memberships))
    process = memberships[0].body.process if memberships else None
    unit = process.coordinating_unit if process else None
    with translation.override(message_language(person.language)):
        valid_until = timezone.localtime(
            timezone.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
        )
        sender = [str(unit.name)] if unit else []
        if process is not None:
            sender.append(str(process.name))
        body = "\n\n".join(
            [
                _("Hello %(name)s,") % {"name": person},
                _(
                    "the coordination has set up an account in planwerk for you, where the "
                    "drafts and meetings of your bodies are kept. You are a member of: "
                    "%(bodies)s."
                )
                % {"bodies": ", ".join(bodies) or "–"},
                _("Your username: %(username)s") % {"username": invitation.user.get_username()},
                _(
                    "Please choose your password on this page. The link works once and "
                    "until %(until)s:"
                )
                % {"until": formats.date_format(valid_until, "DATETIME_FORMAT")}
                + f"\n{set_up_link(invitation, base_url)}",
                _(
                    "If the link no longer works, please ask the coordination for a new "
                    "invitation. If you did not expect this email, you can ignore it."
                ),
                "\n".join([_("Kind regards"), "", *sender]),
            ]
        )
        return Email(
            to=(person.email,),
            subject=_("Your account for planwerk"),
            body=body + "\n",
        )
