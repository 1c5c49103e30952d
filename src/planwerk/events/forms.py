"""Forms of the event pages. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planwerk.core.forms import KernFormMixin
from planwerk.core.text import TranslatedTextFormField
from planwerk.events.models import Concern, Event
from planwerk.processes.models import Process

# The languages a resident can tick; anything else goes into the free text.
SPOKEN = [
    ("de", _("German")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("pl", _("Polish")),
    ("fa", _("Persian (Farsi, Dari)")),
    ("ku", _("Kurdish")),
    ("ro", _("Romanian")),
    ("bg", _("Bulgarian")),
    ("sq", _("Albanian")),
    ("sh", _("Bosnian, Croatian, Serbian")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("el", _("Greek")),
    ("ti", _("Tigrinya")),
    ("so", _("Somali")),
    ("vi", _("Vietnamese")),
    ("dgs", _("German Sign Language")),
]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(KernFormMixin, forms.Form):
    title = TranslatedTextFormField(label=_("Title"), max_length=200)
    description = TranslatedTextFormField(
        label=_("Description"), multiline=True, max_length=10_000, required=False
    )
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=300, help_text=_("Address and room."))
    accessibility = TranslatedTextFormField(
        label=_("Accessibility"),
        multiline=True,
        max_length=2000,
        required=False,
        help_text=_("Step-free access, hearing loop, interpreting, childcare …"),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, required=False, help_text=_("Empty: no limit.")
    )
    milestone: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Milestone of the process"), queryset=None, required=False
    )
    summary = TranslatedTextFormField(
        label=_("Summary"), multiline=True, max_length=5000, required=False
    )
    easy_summary = TranslatedTextFormField(
        label=_("Summary in easy language"), multiline=True, max_length=5000, required=False
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = process.milestones.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        return data


def event_initial(event: Event) -> dict[str, Any]:
    return {name: getattr(event, name) for name in EventForm.base_fields if name != "milestone"} | {
        "milestone": event.milestone_id
    }


class WorkshopForm(KernFormMixin, forms.Form):
    title = TranslatedTextFormField(label=_("Title of the workshop"), max_length=200)
    capacity = forms.IntegerField(
        label=_("Capacity of the workshop"),
        min_value=1,
        required=False,
        help_text=_("Empty: no limit."),
    )


class RegistrationForm(KernFormMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("For the confirmation and a reminder. It is never shown to others."),
        error_messages={"invalid": _("Enter a valid email address, such as name@example.org.")},
    )
    languages_spoken = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=SPOKEN,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_languages = forms.CharField(label=_("Other languages"), max_length=200, required=False)
    access_needs = forms.CharField(
        label=_("What do you need to take part?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example an interpreter, step-free access, childcare."),
    )
    workshop: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Workshop"),
        queryset=None,
        required=False,
        widget=forms.RadioSelect,
        empty_label=_("No workshop"),
        blank=True,
        error_messages={"invalid_choice": _("Choose one of the workshops of this event.")},
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workshops = event.workshops.all()
        if workshops:
            self.fields["workshop"].queryset = workshops  # type: ignore[attr-defined]
        else:
            del self.fields["workshop"]


class ConcernForm(KernFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Concern"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    body: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Theme field (expert group)"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose one of the expert groups of the process.")},
    )

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = groups  # type: ignore[attr-defined]


class AnswerForm(KernFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("What the group did"),
        choices=[c for c in Concern.Status.choices if c[0] != Concern.Status.OPEN],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Explanation"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the concern is not taken up: give the reason."),
    )
    measure = forms.CharField(
        label=_("Measure"),
        required=False,
        help_text=_("For “taken up” and “partly taken up”: the measure in the group's draft."),
    )

    def __init__(self, *args: Any, measures: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].widget = forms.Select(choices=[("", "—"), *measures])
