from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planwerk.proposals.domain.rules import MAX_DISTRICT, MAX_TEXT, MAX_TITLE
from planwerk.proposals.models import Proposal

# The services say what is wrong; the forms take what was sent (within reason).


class ProposalForm(forms.Form):
    # Title, text and theme field are required (the label says so, not "optional"),
    # with the services' own words when they are missing.
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE * 4,
        error_messages={"required": _("Please give your proposal a title.")},
    )
    text = forms.CharField(
        label=_("Your proposal"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT * 4,
        help_text=_("At most 5000 characters. Shown with your name and the date."),
        error_messages={"required": _("Please describe your proposal.")},
    )
    body = forms.CharField(
        label=_("Theme field"),
        error_messages={"required": _("Choose one of the theme fields of the process.")},
    )
    district = forms.CharField(
        label=_("City district"), required=False, max_length=MAX_DISTRICT * 4
    )

    def __init__(self, *args: Any, groups: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget = forms.Select(
            choices=[("", "—")] + [(g.slug, str(g.name)) for g in groups]
        )


class AnswerForm(forms.Form):
    # A CharField: the service names a missing or unknown status in its own words.
    status = forms.CharField(
        label=_("What the group did"),
        required=False,
        widget=forms.RadioSelect(
            choices=[c for c in Proposal.Status.choices if c[0] != Proposal.Status.OPEN]
        ),
    )
    measure = forms.CharField(
        label=_("Measure"),
        required=False,
        help_text=_("For “taken up” and “partly taken up”: the measure in the group's draft."),
    )
    reason = forms.CharField(
        label=_("Answer"),
        help_text=_("Required for “partly taken up” and “not taken up”. Shown publicly."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args: Any, measures: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].widget = forms.Select(choices=[("", "—"), *measures])


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Shown in place of the proposal."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
    )
