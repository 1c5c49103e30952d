"""The status workflow of a concern: the expert group records what it did with it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from planwerk.core.workflow import workflow
from planwerk.events.models import Concern

_C = Concern.Status
ANSWERS = (_C.TAKEN_UP, _C.PARTLY, _C.NOT_TAKEN_UP, _C.EXAMINING)

# Any answer may follow the open concern or another answer (being examined becomes
# taken up, a partial answer is widened); a concern never becomes open again.
CONCERN = workflow(
    "events.concern",
    _C.OPEN,
    [
        (
            {s for s in (_C.OPEN, *ANSWERS) if s != target},
            target,
            _("The concern already has this status."),
        )
        for target in ANSWERS
    ],
    labels=dict(_C.choices),
)
