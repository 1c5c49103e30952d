from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planwerk.papers.services import TEXT_LIMIT, TITLE_LIMIT


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_LIMIT)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown: *italic*, **bold**, lists with “-”, headings with “#”."),
    )


class EditSectionForm(SectionForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CompareForm(forms.Form):
    """Two of the draft's versions, chosen from those that exist."""

    old = forms.TypedChoiceField(label=_("Older version"), coerce=int)
    new = forms.TypedChoiceField(label=_("Newer version"), coerce=int)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, _("Version %(number)d") % {"number": n}) for n in numbers]
        for name in ("old", "new"):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = choices
