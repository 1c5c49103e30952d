"""Forms of the council pages. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from planwerk.bodies.models import Body
from planwerk.core.forms import DateInput, KernFormMixin
from planwerk.council.models import Passage
from planwerk.meetings.models import Meeting
from planwerk.meetings.queries import day_of


class PaperForm(KernFormMixin, forms.Form):
    number = forms.CharField(
        label=_("Number of the council paper"),
        max_length=50,
        help_text=_("As the council's information system gives it, for example 2472/2019."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        day = date_format(day_of(obj.starts_at), "SHORT_DATE_FORMAT")
        return f"{obj.body}: {day}, {obj.title}"


class PassageForm(KernFormMixin, forms.Form):
    body = forms.ModelChoiceField(queryset=Body.objects.none(), label=_("Body"))
    meeting = MeetingChoice(
        queryset=Meeting.objects.none(),
        required=False,
        label=_("Meeting"),
        help_text=_("The meeting of that body in which the paper was dealt with."),
    )
    date = forms.DateField(
        label=_("Dealt with on"),
        required=False,
        widget=DateInput(),
        help_text=_("May stay empty when a meeting is chosen: then it is the meeting's day."),
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Passage.Outcome.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, bodies: list[Body], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body_field = self.fields["body"]
        meeting_field = self.fields["meeting"]
        assert isinstance(body_field, forms.ModelChoiceField)
        assert isinstance(meeting_field, forms.ModelChoiceField)
        body_field.queryset = Body.objects.filter(pk__in=[b.pk for b in bodies])
        meeting_field.queryset = (
            Meeting.objects.filter(body__in=[b.pk for b in bodies])
            .exclude(status=Meeting.Status.CANCELLED)
            .select_related("body")
            .order_by("-starts_at")
        )
