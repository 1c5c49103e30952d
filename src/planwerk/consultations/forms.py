from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planwerk.consultations.models import Statement
from planwerk.consultations.services import REASON_LIMIT, TEXT_LIMIT
from planwerk.core.forms import KernFormMixin


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def _cited_label(statement: Statement) -> str:
    if statement.number:
        return f"{statement.consultation.body} – {statement.label}"
    return str(statement.consultation.body)


class StatementForm(KernFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Statement"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: *italic*, **bold**, lists with “-”. Cite lines as “lines 12–14”."),
    )
    attachments = MultipleFileField(
        label=_("Attachments (PDF)"),
        required=False,
        help_text=_("PDF files only, each at most 10 MB."),
    )
    cites = forms.ModelMultipleChoiceField(
        label=_("Assessments this statement bundles"),
        queryset=Statement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    section = forms.ChoiceField(
        label=_("Propose new wording for"),
        required=False,
        help_text=_(
            "Optional: the section of the version, or one of its paragraphs, the new wording "
            "is for."
        ),
    )
    wording = forms.CharField(
        label=_("Proposed wording"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The whole new text of the section or paragraph, in Markdown."),
    )

    def __init__(
        self,
        *args: Any,
        sections: list[tuple[str, str]],
        citable: Any = None,
        supplement: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if supplement:
            self.fields["text"].label = _("Supplement to the statement")
        section = self.fields["section"]
        assert isinstance(section, forms.ChoiceField)
        section.choices = [("", _("– no new wording –")), *sections]
        cites = self.fields["cites"]
        assert isinstance(cites, forms.ModelMultipleChoiceField)
        if citable is None:
            del self.fields["cites"]
        else:
            cites.queryset = citable
            cites.label_from_instance = _cited_label  # type: ignore[method-assign,assignment]
            cites.initial = [] if supplement else list(citable)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("section") and not (data.get("wording") or "").strip():
            self.add_error("wording", _("Please give the proposed wording for the section."))
        if (data.get("wording") or "").strip() and not data.get("section"):
            self.add_error("section", _("Please choose the section the wording is for."))
        return data


class ExtensionForm(KernFormMixin, forms.Form):
    deadline = forms.DateField(
        label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the consultation's page."),
    )
