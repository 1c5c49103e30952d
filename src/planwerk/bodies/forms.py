from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planwerk.bodies.models import Body, Membership, Nomination, Person, SeatCategory, SeatPosition
from planwerk.core.forms import DateInput, KernFormMixin
from planwerk.processes.models import Unit


class _ModelChoices:
    fields: dict[str, forms.Field]

    def _model_field(self, name: str) -> forms.ModelChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        return field


class PositionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.category.name}: {obj.unit.name}"


class AppointForm(_ModelChoices, KernFormMixin, forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Choose a person, or enter a new one below."),
    )
    given_name = forms.CharField(label=_("Given name (new person)"), max_length=100, required=False)
    family_name = forms.CharField(
        label=_("Family name (new person)"), max_length=100, required=False
    )
    kind = forms.ChoiceField(
        label=_("Works in (new person)"), choices=[("", "—"), *Person.Kind.choices], required=False
    )
    unit = forms.ModelChoiceField(
        label=_("Unit or organisation (new person)"), queryset=Unit.objects.none(), required=False
    )
    seat = forms.ModelChoiceField(label=_("Seat"), queryset=SeatCategory.objects.none())
    position = PositionChoiceField(
        label=_("Named seat"), queryset=SeatPosition.objects.none(), required=False
    )
    deputy_of = forms.ModelChoiceField(
        label=_("Deputy of"),
        queryset=Membership.objects.none(),
        required=False,
        help_text=_("Only for a deputy: the member they stand in for."),
    )
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Until"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, body: Body, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body = body
        self._model_field("person").queryset = Person.objects.select_related("unit")
        self._model_field("unit").queryset = Unit.objects.filter(process=body.process)
        self._model_field("seat").queryset = SeatCategory.objects.filter(body=body, retired=False)
        self._model_field("position").queryset = SeatPosition.objects.filter(
            category__body=body
        ).select_related("unit", "category")
        self._model_field("deputy_of").queryset = Membership.objects.filter(
            body=body, role=Membership.Role.MEMBER, end__isnull=True
        ).select_related("person", "seat")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person"):
            missing = [f for f in ("given_name", "family_name", "kind") if not data.get(f)]
            for name in missing:
                self.add_error(name, _("Needed for a new person (or choose an existing person)."))
        return data

    def person_to_appoint(self) -> Person:
        data = self.cleaned_data
        if data.get("person"):
            return data["person"]
        return Person(
            given_name=data["given_name"],
            family_name=data["family_name"],
            kind=data["kind"],
            unit=data.get("unit"),
        )


class EndMembershipForm(KernFormMixin, forms.Form):
    end = forms.DateField(label=_("Last day of the membership"), widget=DateInput())


class NominationForm(_ModelChoices, KernFormMixin, forms.ModelForm):
    class Meta:
        model = Nomination
        fields = [
            "body",
            "organisation",
            "contact_name",
            "contact_email",
            "nominee_given_name",
            "nominee_family_name",
            "nominee_kind",
            "expertise",
            "consent",
        ]
        widgets = {"expertise": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}
        help_texts = {
            "expertise": _(
                "What the nominee knows and does, in a few sentences (at most 2,000 characters)."
            ),
            "consent": _(
                "The nominee knows of this nomination and agrees that the city stores it."
            ),
        }

    def __init__(self, process: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._model_field("body").queryset = Body.objects.filter(
            process=process, kind=Body.Kind.EXPERT_GROUP
        )
        self.fields["consent"].required = True


class DeclineForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AppointNominationForm(_ModelChoices, KernFormMixin, forms.Form):
    seat = forms.ModelChoiceField(label=_("Seat"), queryset=SeatCategory.objects.none())
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Until"), widget=DateInput(), required=False)

    def __init__(self, body: Body, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._model_field("seat").queryset = SeatCategory.objects.filter(body=body, retired=False)


class TopicChangeForm(KernFormMixin, forms.Form):
    subtopics = forms.CharField(
        label=_("Proposed subtopics"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One subtopic per line."),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class TopicDecisionForm(KernFormMixin, forms.Form):
    agreed = forms.TypedChoiceField(
        label=_("The steering group"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("agreed")), ("no", _("did not agree"))],
    )
    decision_date = forms.DateField(label=_("Date of the decision"), widget=DateInput())
    reference = forms.CharField(label=_("Minutes reference"), max_length=200)
