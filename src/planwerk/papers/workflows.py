"""The status workflow of a submitted version."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from planwerk.core.workflow import workflow
from planwerk.papers.models import Version

_V = Version.Status
_DECIDED = _("This version has already been decided.")

VERSION = workflow(
    "papers.version",
    _V.SUBMITTED,
    [
        # The steering group accepts a version or returns it with requirements.
        ({_V.SUBMITTED}, _V.ACCEPTED, _DECIDED),
        ({_V.SUBMITTED}, _V.RETURNED, _DECIDED),
    ],
    labels=dict(_V.choices),
)
