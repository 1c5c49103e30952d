"""The status workflow of a meeting."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from planwerk.core.workflow import workflow
from planwerk.meetings.models import Meeting

_M = Meeting.Status

MEETING = workflow(
    "meetings.meeting",
    _M.PLANNED,
    [
        ({_M.PLANNED}, _M.INVITED, _("The invitations have already been sent.")),
        ({_M.INVITED}, _M.HELD, _("Only a meeting to which the members were invited can be held.")),
        ({_M.HELD}, _M.MINUTES_APPROVED, _("Only the minutes of a held meeting can be approved.")),
        ({_M.PLANNED, _M.INVITED}, _M.CANCELLED, _("Only a meeting still ahead can be cancelled.")),
    ],
    labels=dict(_M.choices),
)
