"""The status workflows of the bodies app: nominations and topic change requests."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from planwerk.bodies.models import Nomination, TopicChangeRequest
from planwerk.core.workflow import workflow

_N = Nomination.Status
_NOT_FORWARDED = _("Only a nomination forwarded to the Dezernat can be decided.")

NOMINATION = workflow(
    "bodies.nomination",
    _N.SUBMITTED,
    [
        # OE 50.6 forwards to the lead Dezernat, which appoints or declines.
        ({_N.SUBMITTED}, _N.FORWARDED, _("This nomination has already been forwarded.")),
        ({_N.FORWARDED}, _N.APPOINTED, _NOT_FORWARDED),
        ({_N.FORWARDED}, _N.DECLINED, _NOT_FORWARDED),
    ],
    labels=dict(_N.choices),
)

_T = TopicChangeRequest.Status
_DECIDED = _("This request has already been decided.")

TOPIC_CHANGE = workflow(
    "bodies.topic_change",
    _T.REQUESTED,
    [
        # The steering group agrees or not (Drucksache 2472/2019, 2.2).
        ({_T.REQUESTED}, _T.AGREED, _DECIDED),
        ({_T.REQUESTED}, _T.REJECTED, _DECIDED),
    ],
    labels=dict(_T.choices),
)
