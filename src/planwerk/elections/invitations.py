"""Inviting the migrant organisations to the election meeting.

Drucksache 2472/2019, 2.1: OE 50.6 invites the representatives of all migrant
organisations (MSO) to an election meeting; each organisation may nominate one
person and has one vote. Every active, confirmed organisation of the register is
invited: by email where it gave an address, and by a printed letter in any case
(those without an address are "letter only").

Invitations are written in the site's language (LANGUAGE_CODE, German), whatever
language the coordinator's page is in: they go to the organisations.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass, field
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from planwerk.audit.services import record
from planwerk.elections import services
from planwerk.elections.models import Election, MigrantOrganisation

logger = logging.getLogger(__name__)

#: The URL name the election's public candidates page is expected under.
CANDIDATES_PAGE = "elections:candidates"


@dataclass(frozen=True)
class Invitation:
    organisation: MigrantOrganisation
    subject: str
    salutation: str
    intro: str
    details: tuple[tuple[str, str], ...]
    paragraphs: tuple[str, ...]
    candidates_text: str
    candidates_url: str
    closing: str
    sender: tuple[str, ...]

    @property
    def letter_only(self) -> bool:
        return not self.organisation.contact_email

    @property
    def address(self) -> str:
        lines = [self.organisation.name]
        if self.organisation.contact_name:
            lines.append(_("Attn. %(name)s") % {"name": self.organisation.contact_name})
        lines += [ln.strip() for ln in self.organisation.postal_address.splitlines() if ln.strip()]
        return "\n".join(lines)

    def email_body(self) -> str:
        width = max(len(label) for label, _value in self.details) + 2
        details = "\n".join(f"  {label + ':':<{width}}{value}" for label, value in self.details)
        parts = [
            self.salutation,
            self.intro,
            details,
            *self.paragraphs,
            f"{self.candidates_text}\n{self.candidates_url}",
            "\n".join([self.closing, "", *self.sender]),
        ]
        return "\n\n".join(parts) + "\n"


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)
    letter_only: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def invitees(election: Election) -> list[MigrantOrganisation]:
    """All active organisations of the register whose eligibility is confirmed."""
    return list(services.eligible_organisations(election).order_by("name"))


def default_base_url() -> str:
    host = next((h for h in settings.ALLOWED_HOSTS if h and not h.startswith((".", "*"))), "")
    scheme = "https" if getattr(settings, "SECURE", False) else "http"
    return f"{scheme}://{host or 'localhost'}/"


def candidates_url(election: Election, base_url: str = "") -> str:
    """The absolute address of the election's public candidates page."""
    path = "/wahl/"
    for args in ((election.pk,), ()):
        try:
            path = reverse(CANDIDATES_PAGE, args=args)
            break
        except NoReverseMatch:
            continue
    return urljoin(base_url or default_base_url(), path)


def _when(value: dt.datetime) -> tuple[str, str]:
    local = timezone.localtime(value)
    day = f"{formats.date_format(local, 'l')}, {formats.date_format(local, 'DATE_FORMAT')}"
    return day, formats.time_format(local, "TIME_FORMAT")


def invitation(
    election: Election, organisation: MigrantOrganisation, base_url: str = ""
) -> Invitation:
    """One organisation's invitation, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        unit = election.process.coordinating_unit
        sender_name = unit.name if unit else election.process.name
        date, time = _when(election.meeting_at)
        deadline_date, deadline_time = _when(election.nomination_deadline)
        deadline = f"{deadline_date}, {deadline_time}"
        return Invitation(
            organisation=organisation,
            subject=_("Invitation to the election meeting: %(title)s") % {"title": election.title},
            salutation=(
                _("Dear %(name)s,") % {"name": organisation.contact_name}
                if organisation.contact_name
                else _("Dear Sir or Madam,")
            ),
            intro=_(
                "%(unit)s invites the representatives of all migrant organisations in the "
                "register to the election meeting “%(title)s”. There the organisations elect "
                "%(seats)s representatives to the %(body)s (Drucksache 2472/2019, section 2.1)."
            )
            % {
                "unit": sender_name,
                "title": election.title,
                "seats": election.seats,
                "body": election.body.name,
            },
            details=(
                (_("Date"), date),
                (_("Time"), time),
                (_("Place"), election.place),
                (_("Nomination deadline"), deadline),
            ),
            paragraphs=(
                _(
                    "One candidate and one vote per organisation: each organisation may "
                    "nominate one person as candidate by the nomination deadline, and has one "
                    "vote at the election."
                ),
                _(
                    "To nominate your candidate, please send us their name, a short "
                    "self-description (at most 1,500 characters) and their consent to the "
                    "publication of both by %(deadline)s."
                )
                % {"deadline": deadline},
                _(
                    "The election has two stages: the %(size)s best placed candidates of the "
                    "first round go into a runoff for the %(seats)s seats. With %(size)s or "
                    "fewer candidates one round fills the seats."
                )
                % {"size": election.runoff_size, "seats": election.seats},
                _(
                    "Please send one representative of your organisation. At the entrance they "
                    "are checked in and receive your organisation's voting card; the vote is "
                    "secret."
                ),
            ),
            candidates_text=_("The candidates are published on this page:"),
            candidates_url=candidates_url(election, base_url),
            closing=_("Kind regards"),
            sender=(sender_name, election.process.name),
        )


def check_can_send(election: Election) -> None:
    if election.phase not in (Election.Phase.PREPARATION, Election.Phase.NOMINATION):
        raise ValidationError(
            _("Invitations are sent before the election meeting; the meeting has started.")
        )
    if not invitees(election):
        raise ValidationError(_("The register has no active, confirmed organisation to invite."))


def send_invitation_emails(
    election: Election, *, base_url: str = "", requested_by: str = ""
) -> SendReport:
    """Email every invited organisation that has an address; list the others as
    letter only. Records when the invitations went out, with the counts."""
    election = Election.objects.select_related("process__coordinating_unit", "body").get(
        pk=election.pk
    )
    check_can_send(election)
    report = SendReport()
    with get_connection() as connection:
        for organisation in invitees(election):
            if not organisation.contact_email:
                report.letter_only.append(organisation.name)
                continue
            letter = invitation(election, organisation, base_url)
            message = EmailMessage(
                subject=letter.subject,
                body=letter.email_body(),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[organisation.contact_email],
                connection=connection,
            )
            try:
                message.send()
            except (smtplib.SMTPException, OSError):
                logger.exception("invitation to %s could not be sent", organisation.name)
                report.failed.append(organisation.name)
            else:
                report.sent.append(organisation.name)
    with transaction.atomic():
        Election.objects.filter(pk=election.pk).update(invitations_sent_at=timezone.now())
        record(
            "elections.invitations.sent",
            actor=requested_by or None,
            obj=election,
            payload={
                "count": len(report.sent),
                "letter_only": report.letter_only,
                "failed": report.failed,
            },
        )
    return report


def letters_html(
    election: Election, *, base_url: str = "", letter_only: bool = False
) -> tuple[str, int]:
    """One printable letter per invited organisation (or per letter-only one), as
    an HTML fragment in the site's language, and how many letters it holds."""
    letters = [invitation(election, org, base_url) for org in invitees(election)]
    if letter_only:
        letters = [letter for letter in letters if letter.letter_only]
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "elections/documents/letters.html",
            {
                "election": election,
                "letters": letters,
                "language": settings.LANGUAGE_CODE,
                "today": timezone.localdate(),
            },
        )
    return html, len(letters)
