"""The phases of an election as a status workflow (docs/election.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from planwerk.core.workflow import workflow
from planwerk.elections.models import Election, Round

_P = Election.Phase

ELECTION = workflow(
    "elections.election",
    _P.PREPARATION,
    [
        (
            {_P.PREPARATION},
            _P.NOMINATION,
            _("Nominations can only be opened while the election is prepared."),
        ),
        ({_P.PREPARATION, _P.NOMINATION}, _P.MEETING, _("The meeting has already started.")),
        ({_P.MEETING}, _P.FINISHED),
        # Called off before any round was opened; the service checks the rounds.
        ({_P.PREPARATION, _P.NOMINATION, _P.MEETING}, _P.CANCELLED),
    ],
    labels=dict(_P.choices),
)

_R = Round.Status

ROUND = workflow(
    "elections.round",
    _R.OPEN,
    [({_R.OPEN}, _R.CLOSED, _("This round is already closed."))],
    labels=dict(_R.choices),
)
