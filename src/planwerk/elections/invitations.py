"""Inviting the migrant organisations to the election meeting.

Drucksache 2472/2019, 2.1: OE 50.6 invites the representatives of all migrant
organisations (MSO) to an election meeting; each organisation may nominate one
person and has one vote. Every active, confirmed organisation of the register is
invited: by email where it gave an address, and by a printed letter in any case
(those without an address are "letter only").

Each invitation is written in the language the organisation reads
(`MigrantOrganisation.language`, German unless the register says otherwise),
whatever language the coordinator's page is in.

Emails go out in the background: `request_invitations` marks each organisation's
email as waiting (one `InvitationDelivery` per organisation) and enqueues the task;
the task (`tasks.send_invitations`, run by `planwerk db_worker`) sends the waiting
ones and stores, per organisation, whether each was sent or failed and why. The
invitations page shows that state.

The sender is the address of the settings (`PLANWERK_FROM_EMAIL`, Django's
`DEFAULT_FROM_EMAIL`), shown with the coordinating unit's name; replies go to the
election's reply address (`Election.reply_to`), which the letters and emails name.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass, field
from email.utils import formataddr, parseaddr
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwerk.audit.services import record
from planwerk.core.languages import message_language
from planwerk.core.permissions import require
from planwerk.elections.models import Election, InvitationDelivery, MigrantOrganisation
from planwerk.elections.state import eligible_organisations

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
    reply_to: str
    practice_note: str

    @property
    def letter_only(self) -> bool:
        return not self.organisation.contact_email

    @property
    def language(self) -> str:
        return message_language(self.organisation.language)

    @property
    def address(self) -> str:
        lines = [self.organisation.name]
        if self.organisation.contact_name:
            # In the organisation's language, like the rest of the letter.
            with translation.override(self.language):
                attention = _("Attn. %(name)s") % {"name": self.organisation.contact_name}
            lines.append(attention)
        lines += [ln.strip() for ln in self.organisation.postal_address.splitlines() if ln.strip()]
        return "\n".join(lines)

    def email_body(self) -> str:
        width = max(len(label) for label, _value in self.details) + 2
        details = "\n".join(f"  {label + ':':<{width}}{value}" for label, value in self.details)
        parts = [
            *([self.practice_note] if self.practice_note else []),
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
    return list(eligible_organisations(election).order_by("name"))


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
    """One organisation's invitation, in the organisation's language."""
    with translation.override(message_language(organisation.language)):
        unit = election.process.coordinating_unit
        sender_name = str(unit.name if unit else election.process.name)
        date, time = _when(election.meeting_at)
        deadline_date, deadline_time = _when(election.nomination_deadline)
        deadline = f"{deadline_date}, {deadline_time}"
        reply_to = election.reply_to
        details = [
            (_("Date"), date),
            (_("Time"), time),
            (_("Place"), election.place),
            (_("Nomination deadline"), deadline),
        ]
        if reply_to:
            details.append((_("Nominations and questions to"), reply_to))
        return Invitation(
            organisation=organisation,
            subject=_("Invitation to the election meeting: %(title)s") % {"title": election.title},
            salutation=(
                _("Dear %(name)s,") % {"name": organisation.contact_name}
                if organisation.contact_name
                else _("Hello,")
            ),
            intro=ngettext(
                "%(unit)s invites the representatives of all migrant organisations in the "
                "register to the election meeting “%(title)s”. There the organisations elect "
                "%(seats)d representative to the body “%(body)s” (Drucksache 2472/2019, "
                "section 2.1).",
                "%(unit)s invites the representatives of all migrant organisations in the "
                "register to the election meeting “%(title)s”. There the organisations elect "
                "%(seats)d representatives to the body “%(body)s” (Drucksache 2472/2019, "
                "section 2.1).",
                election.seats,
            )
            % {
                "unit": sender_name,
                "title": election.title,
                "seats": election.seats,
                "body": str(election.body.name),
            },
            details=tuple(details),
            paragraphs=(
                _(
                    "One candidate and one vote per organisation: each organisation may "
                    "nominate one person as candidate by the nomination deadline, and has one "
                    "vote at the election."
                ),
                (
                    _(
                        # The deadline comes first: in English it may end in "p.m.".
                        "By %(deadline)s, please send %(address)s your candidate's name, a "
                        "short self-description (at most 1,500 characters) and their consent "
                        "to the publication of both."
                    )
                    % {"address": reply_to, "deadline": deadline}
                    if reply_to
                    else _(
                        "By %(deadline)s, please send us your candidate's name, a short "
                        "self-description (at most 1,500 characters) and their consent to the "
                        "publication of both."
                    )
                    % {"deadline": deadline}
                ),
                ngettext(
                    "The election has two stages: the %(size)d best placed candidates of the "
                    "first round go into a runoff for the seat. With %(size)d or fewer "
                    "candidates one round fills it.",
                    "The election has two stages: the %(size)d best placed candidates of the "
                    "first round go into a runoff for the %(seats)d seats. With %(size)d or "
                    "fewer candidates one round fills the seats.",
                    election.seats,
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
            sender=(sender_name, str(election.process.name)),
            reply_to=reply_to,
            practice_note=(
                _("PRACTICE ELECTION: this is a rehearsal of the coordination, not an invitation.")
                if election.practice
                else ""
            ),
        )


def sender_address(election: Election) -> str:
    """The emails' From: the address of the settings, named after the coordinating unit
    unless the settings give a name."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if name:
        return str(settings.DEFAULT_FROM_EMAIL)
    unit = election.process.coordinating_unit
    with translation.override(settings.LANGUAGE_CODE):
        return formataddr((str(unit.name if unit else election.process.name), address))


def _reaches_people() -> bool:
    """Whether the email backend delivers mail (as opposed to printing or keeping it)."""
    return not settings.EMAIL_BACKEND.startswith(
        (
            "django.core.mail.backends.console.",
            "django.core.mail.backends.locmem.",
            "django.core.mail.backends.filebased.",
            "django.core.mail.backends.dummy.",
        )
    )


def sender_problem() -> str:
    """Why the configured sender may not write to organisations, or ""."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    domain = address.rpartition("@")[2].lower()
    if "." in domain and domain != "localhost":
        return ""
    return _(
        "The sender address %(address)s is not a real address. Set PLANWERK_FROM_EMAIL "
        "to the address the invitations come from (docs/operations.md)."
    ) % {"address": address or "–"}


def check_can_send(election: Election) -> None:
    if election.practice:
        raise ValidationError(
            _(
                "A practice election sends no emails to the organisations; "
                "print a letter to see the invitation."
            )
        )
    if election.phase not in (Election.Phase.PREPARATION, Election.Phase.NOMINATION):
        raise ValidationError(
            _("Invitations are sent before the election meeting; the meeting has started.")
            if election.phase != Election.Phase.CANCELLED
            else _("The election has been cancelled.")
        )
    if not election.reply_to:
        raise ValidationError(
            _(
                "Enter the election's reply address first: the invitations name it for "
                "nominations and questions."
            )
        )
    problem = sender_problem()
    if problem and _reaches_people():
        raise ValidationError(problem)
    if not invitees(election):
        raise ValidationError(_("The register has no active, confirmed organisation to invite."))


class Scope:
    """Which invitation emails the coordination asks for."""

    NEW = "new"  # organisations not asked for yet
    RETRY = "retry"  # those waiting or failed
    ALL = "all"  # every organisation with an address, again

    choices = (NEW, RETRY, ALL)


@transaction.atomic
def request_invitations(
    user: Any, election: Election, scope: str = Scope.NEW, *, base_url: str = ""
) -> int:
    """Mark the chosen organisations' emails as waiting and, once this transaction
    commits, hand them to the background task. Returns how many are waiting."""
    require(user, "elections.invite")
    election = (
        # Locks the election only: the coordinating unit may be missing (an outer join).
        Election.objects.select_for_update(of=("self",))
        .select_related("process__coordinating_unit")
        .get(pk=election.pk)
    )
    check_can_send(election)
    existing = {d.organisation_id: d for d in InvitationDelivery.objects.filter(election=election)}
    with_address = [o for o in invitees(election) if o.contact_email]
    if scope == Scope.RETRY:
        again = (InvitationDelivery.Status.WAITING, InvitationDelivery.Status.FAILED)
        chosen = [o for o in with_address if o.pk in existing and existing[o.pk].status in again]
    elif scope == Scope.ALL:
        chosen = with_address
    else:
        chosen = [o for o in with_address if o.pk not in existing]
    if not chosen:
        raise ValidationError(_("There is no invitation email to send."))
    now = timezone.now()
    for organisation in chosen:
        InvitationDelivery.objects.update_or_create(
            election=election,
            organisation=organisation,
            defaults={
                "email": organisation.contact_email,
                "status": InvitationDelivery.Status.WAITING,
                "error": "",
                "requested_at": now,
                "sent_at": None,
            },
        )
    record(
        "elections.invitations.requested",
        actor=user,
        obj=election,
        payload={"scope": scope, "emails": len(chosen)},
    )
    transaction.on_commit(
        lambda: _enqueue(election.pk, base_url=base_url or default_base_url(), requested_by=user)
    )
    return len(chosen)


def _enqueue(election_id: int, *, base_url: str, requested_by: Any) -> None:
    from planwerk.elections import tasks  # the task module imports this one

    tasks.send_invitations.enqueue(election_id, base_url, requested_by.get_username())


def _describe(exc: BaseException) -> str:
    """What went wrong, as the mail server said it."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address}: {code} {message.decode(errors='replace')}"
            for address, (code, message) in exc.recipients.items()
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        text = error.decode(errors="replace") if isinstance(error, bytes) else str(error)
        return f"{exc.smtp_code} {text}"
    return str(exc) or type(exc).__name__


def send_invitation_emails(
    election: Election, *, base_url: str = "", requested_by: str = ""
) -> SendReport:
    """Send every waiting invitation email of the election, one organisation at a
    time, storing for each whether it was sent or failed (with the server's answer).
    Records the counts in the audit log."""
    election = Election.objects.select_related("process__coordinating_unit", "body").get(
        pk=election.pk
    )
    report = SendReport()
    waiting = list(
        InvitationDelivery.objects.filter(
            election=election, status=InvitationDelivery.Status.WAITING
        ).values_list("pk", flat=True)
    )
    try:
        # Stored for the coordination's page: in the site's language, whatever
        # language the worker's thread was left in.
        with translation.override(settings.LANGUAGE_CODE):
            check_can_send(election)
    except ValidationError as exc:
        # E.g. the meeting started before the worker came to these emails: each one
        # says why it was not sent, and the page offers no retry any more.
        logger.warning("invitations of election %s not sent: %s", election.pk, exc.messages)
        report.failed = _fail_all(waiting, " ".join(exc.messages))
        return report
    report.letter_only = [o.name for o in invitees(election) if not o.contact_email]
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:
        logger.exception("the mail server cannot be reached")
        report.failed = _fail_all(waiting, _describe(exc))
        waiting = []
    try:
        for pk in waiting:
            _send_one(election, pk, connection, base_url, report)
    finally:
        connection.close()
    with transaction.atomic():
        if report.sent:
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


def _fail_all(pks: list[int], error: str) -> list[str]:
    deliveries = InvitationDelivery.objects.filter(
        pk__in=pks, status=InvitationDelivery.Status.WAITING
    )
    names = sorted(deliveries.values_list("organisation__name", flat=True))
    deliveries.update(status=InvitationDelivery.Status.FAILED, error=error[:2000])
    return names


def _send_one(
    election: Election, pk: int, connection: Any, base_url: str, report: SendReport
) -> None:
    with transaction.atomic():
        # Locked and checked again: two workers never send the same email twice.
        delivery = (
            InvitationDelivery.objects.select_for_update()
            .select_related("organisation")
            .filter(pk=pk, status=InvitationDelivery.Status.WAITING)
            .first()
        )
        if delivery is None:
            return
        organisation = delivery.organisation
        letter = invitation(election, organisation, base_url)
        message = EmailMessage(
            subject=letter.subject,
            body=letter.email_body(),
            from_email=sender_address(election),
            to=[delivery.email],
            reply_to=[election.reply_to] if election.reply_to else None,
            connection=connection,
        )
        delivery.attempts += 1
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as exc:
            logger.exception("invitation to %s could not be sent", organisation.name)
            delivery.status = InvitationDelivery.Status.FAILED
            delivery.error = _describe(exc)[:2000]
            report.failed.append(organisation.name)
        else:
            delivery.status = InvitationDelivery.Status.SENT
            delivery.sent_at = timezone.now()
            delivery.error = ""
            report.sent.append(organisation.name)
        delivery.save(update_fields=["status", "error", "attempts", "sent_at"])


@dataclass(frozen=True)
class DeliveryRow:
    organisation: MigrantOrganisation
    delivery: InvitationDelivery | None

    @property
    def status(self) -> str:
        if not self.organisation.contact_email:
            return "letter"
        return self.delivery.status if self.delivery else "none"


@dataclass
class DeliveryOverview:
    rows: list[DeliveryRow]
    counts: dict[str, int]

    @property
    def failed(self) -> list[DeliveryRow]:
        return [r for r in self.rows if r.status == InvitationDelivery.Status.FAILED]


def delivery_overview(election: Election) -> DeliveryOverview:
    """Per invited organisation: sent, waiting, failed, not asked for yet, or letter only."""
    deliveries = {
        d.organisation_id: d for d in InvitationDelivery.objects.filter(election=election)
    }
    rows = [DeliveryRow(o, deliveries.get(o.pk)) for o in invitees(election)]
    counts = {key: 0 for key in ("sent", "waiting", "failed", "none", "letter")}
    for row in rows:
        counts[row.status] += 1
    return DeliveryOverview(rows, counts)


def letters_html(
    election: Election, *, base_url: str = "", letter_only: bool = False
) -> tuple[str, int]:
    """One printable letter per invited organisation (or per letter-only one), as
    an HTML fragment, each letter in its organisation's language, and how many
    letters it holds."""
    letters = [invitation(election, org, base_url) for org in invitees(election)]
    if letter_only:
        letters = [letter for letter in letters if letter.letter_only]
    parts = []
    for letter in letters:
        with translation.override(letter.language):
            parts.append(
                render_to_string(
                    "elections/documents/letters.html",
                    {
                        "election": election,
                        "letters": [letter],
                        "practice": election.practice,
                        "language": letter.language,
                        "today": timezone.localdate(),
                    },
                )
            )
    # Each part is a rendered (escaped) template.
    return mark_safe("".join(parts)), len(letters)  # noqa: S308
