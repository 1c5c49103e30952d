from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from planwerk.core.forms import KernFormMixin
from planwerk.core.text import TranslatedTextFormField
from planwerk.participation.domain.rules import MAX_COMMENT


class PublishForm(forms.Form):
    opens = forms.DateTimeField(
        label=_("Comments from"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes = forms.DateTimeField(
        label=_("Comments until"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    summary = TranslatedTextFormField(label=_("Summary"), required=False, multiline=True)
    easy_summary = TranslatedTextFormField(
        label=_("Summary in easy language (Leichte Sprache)"), required=False, multiline=True
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CommentForm(KernFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        # Required, so that the label does not say "optional"; the service says what
        # else is wrong (too long, outside the period); the form takes what was sent.
        error_messages={"required": _("Please write your comment.")},
        max_length=MAX_COMMENT * 4,
        help_text=_("At most 5000 characters. Shown with your name and the date."),
    )
    reply_to = forms.UUIDField(required=False, widget=forms.HiddenInput)


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Shown in place of the comment and sent to its author."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
    )
