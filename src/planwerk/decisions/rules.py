"""The decision rules of a definition, in words."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

QUORUM = {
    "none": _("no quorum"),
    "more_than_half_of_votes": _("more than half of the votes present"),
    "half_of_votes": _("half of the votes present"),
    "two_thirds_of_votes": _("two thirds of the votes present"),
}
MAJORITY = {
    "majority_of_votes_cast": _("majority of the votes cast"),
    "majority_of_votes_present": _("majority of the votes present"),
    "majority_of_all_votes": _("majority of all votes"),
    "two_thirds_of_votes_cast": _("two thirds of the votes cast"),
    "consensus": _("consensus (no vote against)"),
}
