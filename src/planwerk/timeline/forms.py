"""Forms of the timeline's planning pages. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planwerk.core.forms import DateInput, KernFormMixin

REASON = forms.CharField(
    label=_("Reason"),
    required=False,
    max_length=500,
    widget=forms.Textarea(attrs={"rows": 2}),
    help_text=_("Written to the audit log with the new dates."),
)


class StageMoveForm(KernFormMixin, forms.Form):
    starts = forms.DateField(label=_("Start"), widget=DateInput())
    ends = forms.DateField(label=_("End"), widget=DateInput())
    reason = REASON


class MilestoneMoveForm(KernFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    end = forms.DateField(label=_("Last day"), widget=DateInput(), required=False)
    reason = REASON

    def __init__(self, *args: Any, has_end: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if has_end:
            self.fields["end"].required = True
        else:
            del self.fields["end"]


class ReachedForm(KernFormMixin, forms.Form):
    reached_on = forms.DateField(
        label=_("Reached on"),
        widget=DateInput(),
        help_text=_("The day the milestone was reached (today or earlier)."),
    )
