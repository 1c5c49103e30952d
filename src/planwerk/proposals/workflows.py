"""The status workflow of a proposal: the expert group answers it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from planwerk.core.workflow import workflow
from planwerk.proposals.models import Proposal

_P = Proposal.Status
ANSWERS = (_P.EXAMINING, _P.TAKEN_UP, _P.PARTLY, _P.NOT_TAKEN_UP)

# Any answer may follow the open proposal or another answer (being examined becomes
# taken up, a partial answer is widened); a proposal never becomes open again.
PROPOSAL = workflow(
    "proposals.proposal",
    _P.OPEN,
    [
        (
            {s for s in (_P.OPEN, *ANSWERS) if s != target},
            target,
            _("The proposal already has this status."),
        )
        for target in ANSWERS
    ],
    labels=dict(_P.choices),
)
