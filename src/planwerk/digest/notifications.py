"""The digest email, in the recipient's language."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from planwerk.bodies.notifications import Email, _url
from planwerk.core.languages import user_language
from planwerk.digest.models import Subscription
from planwerk.digest.steps import Step, figures
from planwerk.processes.models import Process


def digest(
    subscription: Subscription,
    process: Process,
    found: list[Step],
    since: dt.datetime,
    base_url: str = "",
) -> Email | None:
    """The email for the steps found, or None when there is nothing to tell."""
    if not found or not subscription.user.email:
        return None
    with translation.override(user_language(subscription.user)):
        day = formats.date_format(timezone.localtime(since), "SHORT_DATE_FORMAT")
        lines = [
            f"- {formats.date_format(timezone.localtime(s.when), 'SHORT_DATE_FORMAT')}: "
            f"{s.text}\n  {_url(base_url, s.url)}"
            for s in found
        ]
        body = "\n\n".join(
            [
                _("Good day,"),
                _("what has happened in “%(process)s” since %(day)s:")
                % {"process": process.name, "day": day},
                "\n".join(lines),
                _("In figures: %(figures)s.") % {"figures": figures(found).text()},
                _("How often this email comes, and the address of the feed:")
                + f"\n{_url(base_url, reverse('digest:page'))}",
                "\n".join([_("Kind regards"), "", str(process.name)]),
            ]
        )
        return Email(
            to=(subscription.user.email,),
            subject=_("What happened in the process since %(day)s") % {"day": day},
            body=body + "\n",
        )
