from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planwerk.core.forms import KernFormMixin
from planwerk.decisions.models import Decision, RequirementAnswer
from planwerk.decisions.services import TEXT_LIMIT
from planwerk.papers.recommendations import split_target


class DecisionForm(KernFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note for the record"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RequirementForm(KernFormMixin, forms.Form):
    """One requirement; a form left empty is no requirement."""

    text = forms.CharField(
        label=_("Text of the requirement"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sections = forms.MultipleChoiceField(
        label=_("Sections it is about"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    wording_section = forms.ChoiceField(
        label=_("New wording for"),
        required=False,
        help_text=_(
            "A section or one of its paragraphs; its section is added to the sections the "
            "requirement is about."
        ),
    )
    wording = forms.CharField(
        label=_("Proposed wording (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the expert group as a change recommendation against this version."),
    )

    def __init__(
        self,
        *args: Any,
        sections: list[tuple[str, str]],
        targets: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        """`sections` for the sections it is about; `targets` (default: the sections)
        for the new wording: `papers.recommendations.wording_choices`."""
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = sections  # type: ignore[attr-defined]
        self.fields["wording_section"].choices = [  # type: ignore[attr-defined]
            ("", "–"),
            *(sections if targets is None else targets),
        ]

    def entry(self) -> tuple[str, list[str], tuple[str, str, str] | None] | None:
        """The requirement as the service takes it, or None for an empty form. The
        section of the new wording counts among the sections it is about."""
        data = self.cleaned_data
        text, ids = data.get("text", ""), list(data.get("sections") or [])
        wording = (data.get("wording") or "").strip()
        section, paragraph = split_target(data.get("wording_section") or "")
        if not text.strip() and not ids and not wording:
            return None
        if wording and not section and len(ids) == 1:
            section = ids[0]
        if wording and section and section not in ids:
            ids.append(section)
        return text, ids, (section, wording, paragraph) if wording else None


RequirementFormSet = forms.formset_factory(RequirementForm, extra=0, max_num=30, absolute_max=30)


class AnswerForm(KernFormMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"), choices=RequirementAnswer.Answer.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Why it was not followed"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
