"""Forms of the election pages. They parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from planwerk.core.forms import DateInput, KernFormMixin
from planwerk.elections.domain.seed import SeedFormat
from planwerk.elections.models import Candidacy, Election, MigrantOrganisation, Round


class ServiceErrorsMixin(KernFormMixin):
    """A service's errors, added after validation, are linked to their fields
    (aria-invalid, aria-describedby) like the form's own."""

    def full_clean(self) -> None:
        self._cleaned = False
        super().full_clean()
        self._cleaned = True

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        if not getattr(self, "_cleaned", False):
            return  # KernFormMixin.full_clean wires the errors found while cleaning
        for name in self.errors:  # type: ignore[attr-defined]
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            attrs = self.fields[name].widget.attrs  # type: ignore[attr-defined]
            attrs["aria-invalid"] = "true"
            error_id = f"{self[name].auto_id}-error"  # type: ignore[index]
            described = attrs.get("aria-describedby", "").split()
            if error_id not in described:
                attrs["aria-describedby"] = " ".join([*described, error_id])


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SeatChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.body.name}: {obj.name}"


class ElectionForm(ServiceErrorsMixin, forms.ModelForm):
    """A new election for seats that the process definition fills by election
    (`elected: true`): a choice when there are several, fixed when there is one."""

    class Meta:
        model = Election
        fields = [
            "seat",
            "title",
            "meeting_at",
            "place",
            "nomination_deadline",
            "reply_to",
            "seats",
            "runoff_size",
            "tie_rule",
            "practice",
            "seed_throws",
            "seed_faces",
        ]
        widgets = {"meeting_at": DateTimeInput(), "nomination_deadline": DateTimeInput()}
        field_classes = {"seat": SeatChoiceField}
        help_texts = {
            "seats": _("Drucksache 2472/2019, 2.1: two seats."),
            "runoff_size": _(
                "The best placed of round 1 who go into the runoff "
                "(Drucksache 2472/2019, 2.1: four). "
                "With this many candidates or fewer, one round decides."
            ),
            "tie_rule": _(
                "A tie for the last place in the runoff: drawn by lot, or all tied advance. "
                "A tie for the last seat is always drawn by lot."
            ),
            "seed_throws": _(
                "The lot seed is thrown with a die in front of the meeting after round 1 "
                "closes: six throws unless you choose otherwise."
            ),
            "seed_faces": _("An ordinary die has six faces."),
        }

    def __init__(self, *args: Any, seats: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["seat"]
        assert isinstance(field, SeatChoiceField)
        field.queryset = seats
        field.empty_label = None
        field.label = _("Seats filled by this election")
        choices = list(seats)
        self.has_seats = bool(choices)
        # One elected seat category: nothing to choose, the page names it.
        self.only_seat = choices[0] if len(choices) == 1 else None
        if self.only_seat is not None:
            field.widget = forms.HiddenInput()
            field.initial = self.only_seat.pk
            field.disabled = True
        self.fields["reply_to"].required = True
        # The paper's die when left empty: six throws of six faces.
        for name in ("seed_throws", "seed_faces"):
            self.fields[name].required = False

    def clean_seed_throws(self) -> int:
        value: int | None = self.cleaned_data.get("seed_throws")
        return SeedFormat().throws if value is None else value

    def clean_seed_faces(self) -> int:
        value: int | None = self.cleaned_data.get("seed_faces")
        return SeedFormat().faces if value is None else value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seats, runoff = data.get("seats"), data.get("runoff_size")
        if seats is not None and seats < 1:
            self.add_error("seats", _("At least one seat."))
        elif seats is not None and runoff is not None and runoff < seats:
            self.add_error(
                "runoff_size",
                _("The runoff needs at least as many candidates as there are seats (%(n)d).")
                % {"n": seats},
            )
        deadline, meeting = data.get("nomination_deadline"), data.get("meeting_at")
        if deadline and meeting and deadline > meeting:
            self.add_error(
                "nomination_deadline", _("The nomination deadline must be before the meeting.")
            )
        return data


class OrganisationForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = MigrantOrganisation
        fields = ["name", "contact_name", "contact_email", "language", "postal_address", "active"]
        widgets = {"postal_address": forms.Textarea(attrs={"rows": 3, "maxlength": 500})}
        help_texts = {
            "active": _("Only organisations in the register can be invited and vote."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].required = False  # German unless chosen

    def clean_language(self) -> str:
        return str(self.cleaned_data.get("language") or settings.LANGUAGE_CODE)

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        others = MigrantOrganisation.objects.filter(
            process_id=self.instance.process_id, name__iexact=name
        ).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("An organisation of this name is already registered."))
        return name


class OrganisationChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, nominated: set[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nominated = nominated or set()

    def label_from_instance(self, obj: Any) -> str:
        if obj.pk in self.nominated:
            return str(_("%(org)s (has nominated)") % {"org": obj.name})
        return str(obj.name)


class NominationForm(ServiceErrorsMixin, forms.Form):
    """An organisation's candidate. Every eligible organisation is offered, so that a
    second nomination gets the service's answer rather than a silent omission."""

    organisation = OrganisationChoiceField(
        label=_("Nominating organisation"), queryset=MigrantOrganisation.objects.none()
    )
    given_name = forms.CharField(label=_("Given name"), max_length=100)
    family_name = forms.CharField(label=_("Family name"), max_length=100)
    self_description = forms.CharField(
        label=_("Short self-description"),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1500}),
        help_text=_("Published with the candidate list (at most 1,500 characters)."),
    )
    # Required (the label says so), with the service's words; the service checks it too.
    consent_to_publication = forms.BooleanField(
        label=_("The candidate agrees to the publication of name, organisation and description."),
        error_messages={
            "required": _("The candidate must agree to the publication of name and description.")
        },
    )

    def __init__(self, organisations: Any, nominated: set[int], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, OrganisationChoiceField)
        field.queryset = organisations
        field.nominated = nominated


class CandidacyForm(ServiceErrorsMixin, forms.ModelForm):
    """A correction of a candidacy: the names and the self-description."""

    class Meta:
        model = Candidacy
        fields = ["given_name", "family_name", "self_description"]
        widgets = {"self_description": forms.Textarea(attrs={"rows": 6, "maxlength": 1500})}
        help_texts = {
            "self_description": _("Published with the candidate list (at most 1,500 characters)."),
        }


class CheckInForm:
    """Check-in of one organisation (its own button) or of all ticked ones.

    The page shows the organisations a page at a time; what is sent is looked up
    among all organisations still waiting, so one query answers any page.
    """

    def __init__(self, waiting: QuerySet[MigrantOrganisation], data: Any = None) -> None:
        self.waiting = waiting
        self.data = data
        self.errors: list[str] = []

    def entries(self) -> list[tuple[MigrantOrganisation, str]] | None:
        """The organisations to check in with their delegates, or None (with errors)."""
        data = self.data
        keys = [data["single"]] if data.get("single") else data.getlist("selected")
        try:
            ids = list(dict.fromkeys(int(key) for key in keys))
        except (TypeError, ValueError):
            ids = [-1]
        if not ids:
            self.errors.append(str(_("Choose at least one organisation to check in.")))
            return None
        found = self.waiting.in_bulk(ids)
        if len(found) != len(ids):
            self.errors.append(
                str(_("This organisation cannot be checked in (any more). Reload the page."))
            )
            return None
        return [(found[pk], self.delegate(found[pk])) for pk in ids]

    def delegate(self, organisation: MigrantOrganisation) -> str:
        if self.data is None:
            return ""
        return str(self.data.get(f"delegate_{organisation.pk}", "")).strip()[:200]

    def is_selected(self, organisation: MigrantOrganisation) -> bool:
        return self.data is not None and str(organisation.pk) in self.data.getlist("selected")


class OpenRoundForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("How is this round voted?"),
        choices=Round.Mode.choices,
        initial=Round.Mode.ELECTRONIC,
        widget=forms.RadioSelect,
    )


class PaperTallyForm(ServiceErrorsMixin, forms.Form):
    """One person's count of a paper round: a number per candidate of the round."""

    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0)

    def __init__(self, candidates: list[Candidacy], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        votes: dict[str, forms.Field] = {
            f"votes_{c.public_id}": forms.IntegerField(
                label=_("Votes for %(name)s (%(org)s)")
                % {"name": c.name, "org": c.organisation.name},
                min_value=0,
            )
            for c in candidates
        }
        # The candidates first, in ballot order, then abstentions and invalid ballots.
        self.fields = {**votes, **self.fields}
        for name in self.fields:
            self.fields[name].widget.attrs.update(
                {"class": "kern-form-input__input pw-number-input", "inputmode": "numeric"}
            )
        self.candidates = candidates

    def votes(self) -> dict[str, int]:
        return {c.public_id: self.cleaned_data[f"votes_{c.public_id}"] for c in self.candidates}


class SeedForm(ServiceErrorsMixin, forms.Form):
    """The first of two steps: the seed as typed. It is fixed only after the
    coordinator has seen it once more and confirmed it (SeedConfirmForm)."""

    seed = forms.CharField(
        label=_("Lot seed: the numbers thrown, in order"),
        max_length=200,
        error_messages={"required": _("Enter the numbers thrown, e.g. 3-1-6-2-5-4.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, election: Election | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fmt = election.seed_format if election is not None else SeedFormat()
        self.fields["seed"].help_text = _(
            "For example %(example)s. You see the seed once more before it is fixed; "
            "after that it can never change."
        ) % {"example": fmt.example}


class SeedConfirmForm(forms.Form):
    """The second step: the seed, seen once more, and the explicit confirmation."""

    seed = forms.CharField(max_length=200, widget=forms.HiddenInput)
    confirm = forms.ChoiceField(choices=[("yes", "yes")], widget=forms.HiddenInput)


class FillSeatsForm(ServiceErrorsMixin, forms.Form):
    start = forms.DateField(label=_("Members from"), widget=DateInput())


class VoteForm(ServiceErrorsMixin, forms.Form):
    ABSTAIN = "abstain"

    code = forms.CharField(
        label=_("Code on your voting card"),
        max_length=40,
        help_text=_("Ten letters and digits, e.g. ABCDE-23456. Upper or lower case."),
        error_messages={"required": _("Enter the code printed on your voting card.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "autocorrect": "off",
                "spellcheck": "false",
                "inputmode": "text",
                "class": "kern-form-input__input pw-code-input",
            }
        ),
    )
    choice = forms.CharField(
        max_length=20,
        error_messages={"required": _("Choose a candidate or “Abstain”.")},
    )
    round = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def chosen(self) -> str | None:
        choice: str = self.cleaned_data["choice"]
        return None if choice == self.ABSTAIN else choice
