"""Emails to residents about their registration, each in the language they registered
in: the confirmation (or the place on the waiting list), the news that they moved
up, the reminder two days before, and the confirmation of a cancellation."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from planwerk.bodies.notifications import Email, _url
from planwerk.core.languages import message_language
from planwerk.events.models import Event, Registration


def when(event: Event) -> str:
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    text = formats.date_format(start, "DATETIME_FORMAT")
    if end.date() == start.date():
        return text + " – " + formats.time_format(end, "TIME_FORMAT")
    return text + " – " + formats.date_format(end, "DATETIME_FORMAT")


def _details(registration: Registration) -> str:
    event = registration.event
    rows = [
        f"  {event.title}",
        f"  {_('When')}: {when(event)}",
        f"  {_('Where')}: {event.place}",
    ]
    if registration.workshop_id:
        rows.append(f"  {_('Workshop')}: {registration.workshop}")
    return "\n".join(rows)


def _links(registration: Registration, base_url: str) -> str:
    event = registration.event
    page = _url(base_url, reverse("events:detail", args=[event.uuid]))
    cancel = _url(base_url, reverse("events:cancel", args=[registration.token]))
    return "\n\n".join(
        [
            _("The event's page, with a calendar file:") + f"\n{page}",
            _("If you cannot come, please cancel here, so that someone else can come:")
            + f"\n{cancel}",
        ]
    )


def _email(registration: Registration, subject: str, lines: list[str]) -> Email:
    body = "\n\n".join(
        [
            _("Hello %(name)s,") % {"name": registration.name},
            *lines,
            "\n".join([_("Kind regards"), "", str(registration.event.process.name)]),
        ]
    )
    return Email(to=(registration.email,), subject=subject, body=body + "\n")


def confirmation(registration: Registration, base_url: str = "") -> Email:
    with translation.override(message_language(registration.language)):
        title = str(registration.event.title)
        if registration.status == Registration.Status.WAITING:
            return _email(
                registration,
                _("Waiting list: %(title)s") % {"title": title},
                [
                    _(
                        "the event is full at the moment. You are on the waiting list. "
                        "If someone cancels, you move up and we write to you at once."
                    ),
                    _details(registration),
                    _links(registration, base_url),
                ],
            )
        return _email(
            registration,
            _("Your registration: %(title)s") % {"title": title},
            [
                _("thank you for registering. We look forward to seeing you:"),
                _details(registration),
                _links(registration, base_url),
            ],
        )


def moved_up(registration: Registration, base_url: str = "") -> Email:
    with translation.override(message_language(registration.language)):
        return _email(
            registration,
            _("You can come: %(title)s") % {"title": registration.event.title},
            [
                _("someone has cancelled, and you have moved up from the waiting list."),
                _details(registration),
                _links(registration, base_url),
            ],
        )


def reminder(registration: Registration, base_url: str = "") -> Email:
    with translation.override(message_language(registration.language)):
        return _email(
            registration,
            _("Reminder: %(title)s") % {"title": registration.event.title},
            [
                _("we remind you of the event you registered for:"),
                _details(registration),
                _links(registration, base_url),
            ],
        )


def cancelled(registration: Registration, base_url: str = "") -> Email:
    with translation.override(message_language(registration.language)):
        page = _url(base_url, reverse("events:detail", args=[registration.event.uuid]))
        return _email(
            registration,
            _("Cancelled: %(title)s") % {"title": registration.event.title},
            [
                _(
                    "your registration has been cancelled. You can register again on the "
                    "event's page:"
                )
                + f"\n{page}",
                _details(registration),
            ],
        )
