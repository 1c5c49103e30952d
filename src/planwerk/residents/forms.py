from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planwerk.core.languages import language_choices


class LinkForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        help_text=_("Shown with what you write. It may be a pseudonym."),
        max_length=200,
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send the sign-in link there. It is never shown to anybody."),
        max_length=254,
    )
    language = forms.ChoiceField(label=_("Language of our emails"), choices=language_choices)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, language: str = "de", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language


class DeleteForm(forms.Form):
    KEEP = "keep"
    REMOVE = "remove"
    comments = forms.ChoiceField(
        label=_("What becomes of your comments, replies and proposals"),
        choices=[
            (KEEP, _("They stay, shown under “Deleted account”.")),
            (REMOVE, _("They are removed.")),
        ],
        widget=forms.RadioSelect,
    )
