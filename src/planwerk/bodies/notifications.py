"""Emails about nominations: to the nominating organisation, the coordination and
the lead Dezernat.

Drucksache 2472/2019, 2.2: organisations propose experts on their own initiative;
OE 50.6 collects the proposals and passes them to the lead Dezernat, which decides.
Each step tells the people who act next, and the organisation hears that its
proposal arrived and what became of it.

Each email is written in its recipient's language, whatever language the page that
caused it was in: the organisation's in the language it nominated in
(`Nomination.language`), the staff's in the language of the person their account
belongs to (German if none). The tasks in `bodies/tasks.py` send them.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from planwerk.bodies.models import BodyLead, Nomination
from planwerk.core import roles
from planwerk.core.languages import by_language, message_language, user_language
from planwerk.core.models import RoleAssignment

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Email:
    to: tuple[str, ...]
    subject: str
    body: str


@dataclass
class Sent:
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[str]]:
        return {"sent": self.sent, "failed": self.failed}


def default_base_url() -> str:
    host = next((h for h in settings.ALLOWED_HOSTS if h and not h.startswith((".", "*"))), "")
    scheme = "https" if getattr(settings, "SECURE", False) else "http"
    return f"{scheme}://{host or 'localhost'}/"


def _url(base_url: str, path: str) -> str:
    return urljoin(base_url or default_base_url(), path)


def _day(value: object) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")  # type: ignore[arg-type]


def _details(rows: list[tuple[str, str]]) -> str:
    width = max(len(label) for label, _value in rows) + 2
    return "\n".join(f"  {label + ':':<{width}}{value}" for label, value in rows)


def _nominee(nomination: Nomination) -> str:
    return f"{nomination.nominee_given_name} {nomination.nominee_family_name}"


def _sender(nomination: Nomination) -> str:
    process = nomination.body.process
    unit = process.coordinating_unit
    return "\n".join(([str(unit.name)] if unit else []) + [str(process.name)])


def _summary(nomination: Nomination) -> str:
    return _details(
        [
            (_("Nominee"), _nominee(nomination)),
            (_("Expert group"), str(nomination.body.name)),
            (_("Nominating organisation"), nomination.organisation),
            (_("Received on"), _day(nomination.submitted_at)),
        ]
    )


def _staff(users: Any) -> list[tuple[str, str]]:
    """(address, language) of each active account with an address."""
    return [(u.email, user_language(u)) for u in users.select_related("person") if u.email]


def _coordinators() -> list[tuple[str, str]]:
    return _staff(
        get_user_model().objects.filter(is_active=True, role_assignments__role=roles.COORDINATOR)
    )


def _lead_dezernat(nomination: Nomination) -> list[tuple[str, str]]:
    units = BodyLead.objects.filter(body=nomination.body).values_list("unit_id", flat=True)
    return _staff(
        get_user_model().objects.filter(
            is_active=True,
            role_assignments__role=RoleAssignment.Role.DEZERNAT,
            role_assignments__unit_id__in=list(units),
        )
    )


def received(nomination: Nomination, base_url: str = "") -> list[Email]:
    """The organisation's confirmation with its status link, and the coordination's notice."""
    with translation.override(message_language(nomination.language)):
        status_url = _url(base_url, reverse("bodies:nomination_status", args=[nomination.token]))
        emails = [
            Email(
                to=(nomination.contact_email,),
                subject=_("Nomination received: %(nominee)s") % {"nominee": _nominee(nomination)},
                body="\n\n".join(
                    [
                        _("Dear %(name)s,") % {"name": nomination.contact_name},
                        _("Thank you for your nomination. It has reached us:"),
                        _summary(nomination),
                        _(
                            "The coordination of the process checks the nomination and passes "
                            "it to the Dezernat that leads the expert group; the Dezernat decides."
                        ),
                        _(
                            "This page shows what becomes of the nomination; please keep its "
                            "address:"
                        )
                        + f"\n{status_url}",
                        "\n".join([_("Kind regards"), "", _sender(nomination)]),
                    ]
                )
                + "\n",
            )
        ]
    detail_url = _url(base_url, reverse("bodies:nomination_detail", args=[nomination.pk]))
    for language, recipients in by_language(_coordinators()).items():
        with translation.override(language):
            emails.append(
                Email(
                    to=tuple(recipients),
                    subject=_("New nomination: %(nominee)s") % {"nominee": _nominee(nomination)},
                    body="\n\n".join(
                        [
                            _(
                                "A new nomination has arrived. It waits to be forwarded to the "
                                "lead Dezernat:"
                            ),
                            _summary(nomination),
                            _("Open the nomination:") + f"\n{detail_url}",
                        ]
                    )
                    + "\n",
                )
            )
    return emails


def forwarded(
    nomination: Nomination, base_url: str = "", by_user_id: int | None = None
) -> list[Email]:
    """The lead Dezernat's (and the other coordinators') notice of a forwarded nomination,
    one email per language its recipients read."""
    detail_url = _url(base_url, reverse("bodies:nomination_detail", args=[nomination.pk]))
    forwarder = get_user_model().objects.filter(pk=by_user_id).first() if by_user_id else None
    skip = {forwarder.email} if forwarder and forwarder.email else set()
    recipients = [r for r in _lead_dezernat(nomination) + _coordinators() if r[0] not in skip]
    emails = []
    for language, addresses in by_language(recipients).items():
        with translation.override(language):
            emails.append(
                Email(
                    to=tuple(addresses),
                    subject=_("Nomination to decide: %(nominee)s")
                    % {"nominee": _nominee(nomination)},
                    body="\n\n".join(
                        [
                            _(
                                "The coordination has forwarded this nomination to the Dezernat "
                                "that leads the expert group. The Dezernat appoints the nominee "
                                "or declines the nomination, with a reason:"
                            ),
                            _summary(nomination),
                            _("Open the nomination:") + f"\n{detail_url}",
                        ]
                    )
                    + "\n",
                )
            )
    return emails


def decided(nomination: Nomination, base_url: str = "") -> list[Email]:
    """The organisation hears what became of its nomination, in its language."""
    with translation.override(message_language(nomination.language)):
        status_url = _url(base_url, reverse("bodies:nomination_status", args=[nomination.token]))
        rows = [
            (_("Nominee"), _nominee(nomination)),
            (_("Expert group"), str(nomination.body.name)),
            (_("Decision"), str(nomination.get_status_display())),
        ]
        if nomination.status == Nomination.Status.DECLINED:
            rows.append((_("Reason"), nomination.decline_reason))
        return [
            Email(
                to=(nomination.contact_email,),
                subject=_("Decision on your nomination: %(nominee)s")
                % {"nominee": _nominee(nomination)},
                body="\n\n".join(
                    [
                        _("Dear %(name)s,") % {"name": nomination.contact_name},
                        _("The lead Dezernat has decided on your nomination:"),
                        _details(rows),
                        _("The decision is also shown on the nomination's page:")
                        + f"\n{status_url}",
                        "\n".join([_("Kind regards"), "", _sender(nomination)]),
                    ]
                )
                + "\n",
            )
        ]


def send(emails: list[Email]) -> Sent:
    """Send each email on its own; one that fails is logged and the others still go."""
    result = Sent()
    with get_connection() as connection:
        for email in emails:
            message = EmailMessage(
                subject=email.subject,
                body=email.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=list(email.to),
                connection=connection,
            )
            try:
                message.send()
            except (smtplib.SMTPException, OSError):
                logger.exception("email %r could not be sent", email.subject)
                result.failed.extend(email.to)
            else:
                result.sent.extend(email.to)
    return result
