from __future__ import annotations

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
    old = forms.IntegerField(label=_("Older version"), min_value=1)
    new = forms.IntegerField(label=_("Newer version"), min_value=1)
