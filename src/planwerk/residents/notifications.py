"""The email with the sign-in link, in the resident's language."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from sesame.utils import get_token

from planwerk.bodies.notifications import Email, _url
from planwerk.core.languages import message_language
from planwerk.residents.models import Resident


def sign_in_link(resident: Resident, base_url: str = "", next_url: str = "") -> Email:
    from planwerk.residents.services import SCOPE

    query = {"sesame": get_token(resident.user, scope=SCOPE)}
    if next_url:
        query["next"] = next_url
    minutes = int((settings.SESAME_MAX_AGE or 3600) // 60)
    with translation.override(message_language(resident.language)):
        link = _url(base_url, reverse("residents:link") + "?" + urlencode(query))
        body = "\n\n".join(
            [
                _("Hello %(name)s,") % {"name": resident.display_name},
                _("open this link to sign in and take part in the city's plan:"),
                link,
                _("The link works once and for %(minutes)s minutes.") % {"minutes": minutes},
                _(
                    "If you did not ask for it, you can ignore this email: without the link "
                    "nobody can sign in with your address."
                ),
            ]
        )
        return Email(
            to=(resident.user.email,),
            subject=_("Your sign-in link"),
            body=body + "\n",
        )
