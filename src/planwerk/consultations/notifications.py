"""The reminder before a consultation's deadline, in the language of each recipient."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from planwerk.bodies.notifications import Email, _url
from planwerk.consultations.models import Consultation
from planwerk.core.languages import message_language


def reminder(
    consultation: Consultation, to: str, name: str, language: str | None, base_url: str = ""
) -> Email:
    version = consultation.version
    draft = version.draft
    with translation.override(message_language(language)):
        page = _url(base_url, reverse("consultations:detail", args=[consultation.uuid]))
        day = formats.date_format(consultation.deadline or "", "SHORT_DATE_FORMAT")
        body = "\n\n".join(
            [
                _("Hello %(name)s,") % {"name": name} if name else _("Hello,"),
                _(
                    "%(body)s is consulted on version %(number)s of the draft of "
                    "%(author)s (%(stage)s). The deadline is %(day)s."
                )
                % {
                    "body": consultation.body.name,
                    "number": version.number,
                    "author": draft.body.name,
                    "stage": draft.stage.name,
                    "day": day,
                },
                _("No statement has been given yet. The consultation's page, with the version:")
                + f"\n{page}",
                "\n".join([_("Kind regards"), "", str(draft.body.process.name)]),
            ]
        )
        return Email(
            to=(to,),
            subject=_("Reminder: statement of %(body)s due on %(day)s")
            % {"body": consultation.body.name, "day": day},
            body=body + "\n",
        )


def coordination_address() -> str:
    return str(getattr(settings, "COORDINATION_EMAIL", "") or "")
