"""Forms of the meeting pages. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planwerk.core.forms import KernFormMixin
from planwerk.meetings.models import Meeting


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PlanForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of meeting"),
        choices=Meeting.Kind.choices,
        initial=Meeting.Kind.REGULAR,
        required=False,  # a form sent without it plans a regular meeting
    )
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), required=False, widget=DateTimeInput())
    place = forms.CharField(
        label=_("Place"), max_length=300, help_text=_("Address and room, or the video link.")
    )

    def clean_kind(self) -> str:
        return str(self.cleaned_data.get("kind") or Meeting.Kind.REGULAR)


class AgendaItemForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300)
    description = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MinutesForm(KernFormMixin, forms.Form):
    minutes = forms.CharField(
        label=_("Minutes of the meeting"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown: **bold**, *italic*, lists with “-”, headings with “##”."),
    )


class CancelForm(KernFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500)
