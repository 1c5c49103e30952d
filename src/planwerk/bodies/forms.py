from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planwerk.bodies.models import Body, Membership, Nomination, Person, SeatCategory, SeatPosition
from planwerk.bodies.queries import search_people
from planwerk.core.forms import DateInput, KernFormMixin
from planwerk.core.models import RoleAssignment
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


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        where = str(obj.unit.name) if obj.unit_id else obj.organisation
        return f"{obj.family_name}, {obj.given_name} – {where or obj.get_kind_display()}"


class AppointForm(_ModelChoices, KernFormMixin, forms.Form):
    """Appoint an existing person, found by a search on the server, or a new one.

    The list of people shows only the matches of the search (at most `SHOWN`), so
    that the form stays usable with hundreds of people and without JavaScript."""

    EXISTING = "existing"
    NEW = "new"
    SHOWN = 30

    who = forms.ChoiceField(
        label=_("Whom do you appoint?"),
        choices=[(EXISTING, _("A person already in planwerk")), (NEW, _("A new person"))],
        widget=forms.RadioSelect,
        required=False,
    )
    q = forms.CharField(
        label=_("Search by name"),
        max_length=100,
        required=False,
        help_text=_("Part of the given or family name, or of the organisation; then “Search”."),
    )
    person = PersonChoiceField(
        label=_("Person"), queryset=Person.objects.none(), required=False, empty_label="—"
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

    PERSON_FIELDS = ("who", "q", "person")
    NEW_PERSON_FIELDS = ("given_name", "family_name", "kind", "unit")

    def __init__(self, body: Body, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.body = body
        # Any person may be chosen; the list shows only the matches of the search.
        self._model_field("person").queryset = Person.objects.select_related("unit")
        self._model_field("unit").queryset = Unit.objects.filter(process=body.process)
        self._model_field("seat").queryset = SeatCategory.objects.filter(body=body, retired=False)
        self._model_field("position").queryset = SeatPosition.objects.filter(
            category__body=body
        ).select_related("unit", "category")
        self._model_field("deputy_of").queryset = Membership.objects.filter(
            body=body, role=Membership.Role.MEMBER, end__isnull=True
        ).select_related("person", "seat")
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs.update(
            {
                "autocomplete": "off",
                "hx-get": reverse("bodies:appoint", args=[body.slug]),
                "hx-trigger": "input changed delay:400ms, search",
                "hx-target": "#person-choices",
                "hx-swap": "innerHTML",
                # The person already chosen stays chosen when the list is refreshed.
                "hx-include": "[name=q],[name=person]",
            }
        )
        self.query = (self.data.get("q") or self.initial.get("q") or "").strip()[:100]
        self.matches, self.match_count = search_people(self.query, self.SHOWN)
        chosen = self.data.get("person") or self.initial.get("person")
        shown = list(self.matches)
        if chosen and str(chosen).isdigit() and all(str(p.pk) != str(chosen) for p in shown):
            shown += list(Person.objects.select_related("unit").filter(pk=chosen))
        field = self._model_field("person")
        field.widget.choices = [("", _("— choose from the matches —") if shown else "—")] + [
            (p.pk, field.label_from_instance(p)) for p in shown
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        who = data.get("who")
        person = data.get("person")
        typed = " ".join(n for n in (data.get("given_name"), data.get("family_name")) if n)
        if not who:
            if person and not typed:
                who = self.EXISTING
            elif typed and not person:
                who = self.NEW
            elif person and typed:
                self.add_error(
                    "who",
                    _(
                        "You chose %(person)s from the list and typed the new name %(name)s: "
                        "say which of them you appoint."
                    )
                    % {"person": person, "name": typed},
                )
                return data
            else:
                self.add_error(
                    "who", _("Choose a person already in planwerk, or enter a new person.")
                )
                return data
            data["who"] = who
        if who == self.EXISTING:
            if not person:
                self.add_error(
                    "person",
                    _(
                        "Search for the person and choose them from the matches, or choose "
                        "“A new person”."
                    ),
                )
            if typed:
                self.add_error(
                    "given_name",
                    _(
                        "You chose “A person already in planwerk”, so the name %(name)s is not "
                        "used: clear the fields for a new person, or choose “A new person”."
                    )
                    % {"name": typed},
                )
        else:
            if person:
                self.add_error(
                    "person",
                    _(
                        "You chose “A new person”, so %(person)s from the list is not used: "
                        "set the list back to “—”, or choose “A person already in planwerk”."
                    )
                    % {"person": person},
                )
            for name in ("given_name", "family_name", "kind"):
                if not data.get(name):
                    self.add_error(name, _("Needed for a new person."))
        return data

    def person_to_appoint(self) -> Person:
        data = self.cleaned_data
        if data.get("who") == self.EXISTING:
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A decision is recorded once it has been taken (the service says so too).
        self.fields["decision_date"].widget.attrs["max"] = timezone.localdate().isoformat()


class SelfDeclarationForm(KernFormMixin, forms.Form):
    """What a person declared about themselves; every answer may stay open."""

    gender = forms.ChoiceField(
        label=_("Gender (self-declared)"),
        choices=[*Person.Gender.choices, ("", _("no answer"))],
        widget=forms.RadioSelect,
        required=False,
    )
    migration_background = forms.TypedChoiceField(
        label=_("Migration background (self-declared)"),
        choices=[("yes", _("yes")), ("no", _("no")), ("", _("no answer"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )

    @classmethod
    def for_person(cls, person: Person, data: Any = None) -> SelfDeclarationForm:
        answers: dict[bool | None, str] = {True: "yes", False: "no", None: ""}
        background = answers[person.migration_background]
        return cls(data, initial={"gender": person.gender, "migration_background": background})


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{obj.get_username()} – {name}" if name else obj.get_username()


class RoleForm(_ModelChoices, KernFormMixin, forms.Form):
    account = AccountChoiceField(
        label=_("Account"),
        queryset=get_user_model().objects.none(),
        help_text=_("Accounts are created by the operator of planwerk; here you give them a role."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=RoleAssignment.Role.choices, widget=forms.RadioSelect
    )
    unit = forms.ModelChoiceField(
        label=_("Dezernat"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Only for the Dezernat role: the Dezernat the account acts for."),
    )

    def __init__(self, process: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._model_field("account").queryset = (
            get_user_model().objects.filter(is_active=True).order_by("username")
        )
        self._model_field("unit").queryset = Unit.objects.filter(
            process=process, kind=Unit.Kind.DEZERNAT
        )
