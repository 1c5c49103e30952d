"""The invitation to a meeting, with its agenda, in the language of each recipient."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from planwerk.bodies.notifications import Email, _url
from planwerk.core.languages import message_language
from planwerk.meetings.models import Invitation, Meeting


def _when(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    text = formats.date_format(start, "DATETIME_FORMAT")
    if meeting.ends_at:
        text += " – " + formats.time_format(timezone.localtime(meeting.ends_at), "TIME_FORMAT")
    return text


def invitation(invitation: Invitation, base_url: str = "") -> Email:
    meeting = invitation.meeting
    person = invitation.membership.person
    with translation.override(message_language(invitation.language)):
        page = _url(base_url, reverse("meetings:detail", args=[meeting.uuid]))
        agenda = "\n".join(
            f"  {item.position}. {item.title}" for item in meeting.agenda.order_by("position")
        )
        body = "\n\n".join(
            [
                _("Hello %(name)s,") % {"name": person},
                _("you are invited to the meeting of the body “%(body)s”:")
                % {"body": meeting.body.name},
                "\n".join(
                    [
                        f"  {meeting.title}",
                        f"  {_('When')}: {_when(meeting)}",
                        f"  {_('Where')}: {meeting.place}",
                    ]
                ),
                _("Agenda") + ":\n" + agenda,
                _("If you cannot come, please tell your deputy, who then represents you."),
                _("The meeting's page, with a calendar file:") + f"\n{page}",
                "\n".join([_("Kind regards"), "", str(meeting.body.process.name)]),
            ]
        )
        return Email(
            to=(invitation.email,),
            subject=_("Invitation: %(title)s on %(day)s")
            % {
                "title": meeting.title,
                "day": formats.date_format(
                    timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT"
                ),
            },
            body=body + "\n",
        )
