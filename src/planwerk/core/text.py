"""One text in any of the configured languages, German as the fallback.

`Text` is the value: a mapping {language code: text} that prints itself in the
active language (`str(body.name)`, `{{ body.name }}` in a template) or, when that
language has no text, in German. `TranslatedText` is the model field that stores
it as JSON; adding a language to `settings.LANGUAGES` changes no table.
See docs/text.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.json import KeyTransform
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

FALLBACK = "de"


def language_codes() -> list[str]:
    """The configured languages' codes, German first."""
    codes = [code for code, _name in settings.LANGUAGES]
    if FALLBACK in codes:
        codes.remove(FALLBACK)
    return [FALLBACK, *codes]


def _base(language: str | None) -> str:
    return (language or FALLBACK).lower().split("-")[0].split("_")[0]


class Text(dict[str, str]):
    """{language code: text}; empty texts are dropped. Prints the active language."""

    def __init__(self, value: Mapping[str, Any] | str | None = None, /, **texts: str) -> None:
        if value is None:
            items: dict[str, Any] = {}
        elif isinstance(value, str):
            items = {FALLBACK: value}
        else:
            items = dict(value)
        items.update(texts)
        super().__init__(
            {str(code): str(text) for code, text in items.items() if text not in (None, "")}
        )

    @classmethod
    def of(cls, value: Any) -> Text:
        """`value` as a Text: a Text stays, a mapping is copied, a string is German."""
        if isinstance(value, cls):
            return value
        if value is None or value == "":
            return cls()
        if isinstance(value, Mapping | str):
            return cls(value)
        raise TypeError(f"not a text: {value!r}")

    def get(self, language: str | None = None, default: str = "") -> str:  # type: ignore[override]
        """The text in `language` (default: the active one), else German, else `default`."""
        if language is None:
            language = get_language()
        for code in (language or FALLBACK, _base(language), FALLBACK):
            text = super().get(code)
            if text:
                return text
        return default

    def exact(self, language: str) -> str:
        """The text written in `language`, with no fallback ('' if there is none)."""
        return super().get(language) or ""

    def __str__(self) -> str:
        return self.get()

    def __repr__(self) -> str:
        return f"Text({dict(self)!r})"

    def __html__(self) -> str:
        from django.utils.html import conditional_escape

        return str(conditional_escape(str(self)))


class _TextAttribute(DeferredAttribute):
    """Whatever is assigned (a mapping, a German string) is kept as a `Text`."""

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = Text.of(value)


class TranslatedTextWidget(forms.MultiWidget):
    """One input per configured language, each marked with its `lang`."""

    template_name = "core/widgets/translated_text.html"

    def __init__(self, multiline: bool = False, attrs: dict[str, Any] | None = None) -> None:
        self.languages = language_codes()
        names = dict(settings.LANGUAGES)
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {}
        for code in self.languages:
            base = forms.Textarea(attrs={"rows": 3}) if multiline else forms.TextInput()
            base.attrs.update({"lang": code, "data-language-name": str(names.get(code, code))})
            widgets[code] = base
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[str]:
        text = Text.of(value) if value else Text()
        return [text.exact(code) for code in self.languages]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        names = dict(settings.LANGUAGES)
        for code, sub in zip(self.languages, context["widget"]["subwidgets"], strict=True):
            sub["language"] = code
            sub["language_name"] = names.get(code, code)
        return context


class TranslatedTextFormField(forms.MultiValueField):
    """A form field for a `Text`: German is required when the field is."""

    def __init__(
        self, *, multiline: bool = False, max_length: int | None = None, **kwargs: Any
    ) -> None:
        self.languages = language_codes()
        fields = [forms.CharField(required=False, max_length=max_length) for _ in self.languages]
        kwargs.setdefault("widget", TranslatedTextWidget(multiline=multiline))
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: Iterable[str]) -> Text:
        return Text(dict(zip(self.languages, data_list or [], strict=False)))

    def clean(self, value: Any) -> Text:
        text = super().clean(value)
        if self.required and not (text or Text()).exact(FALLBACK):
            raise ValidationError(_("Please enter the German text."), code="required")
        return text if text is not None else Text()

    def has_changed(self, initial: Any, data: Any) -> bool:
        return Text.of(initial or None) != Text.of(self.compress(data or []))


class TranslatedText(models.JSONField):
    """A model field holding a `Text` ({language code: text}) as JSON."""

    descriptor_class = _TextAttribute
    description = _("A text in several languages")

    def __init__(
        self,
        *args: Any,
        multiline: bool = False,
        max_length: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.multiline = multiline
        self.text_max_length = max_length
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("default") is dict:
            del kwargs["default"]
        if self.multiline:
            kwargs["multiline"] = True
        if self.text_max_length is not None:
            kwargs["max_length"] = self.text_max_length
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        decoded = super().from_db_value(value, expression, connection)
        if isinstance(expression, KeyTransform):
            return decoded
        if isinstance(decoded, Mapping | str) or decoded is None:
            return Text.of(decoded)
        return decoded

    def to_python(self, value: Any) -> Text:
        return Text.of(value)

    def get_prep_value(self, value: Any) -> Any:
        # Only a Text is turned into a plain mapping: a string here is the right-hand
        # side of a lookup such as `name__de="..."`, to be left as it is.
        if isinstance(value, Text):
            value = dict(value)
        return super().get_prep_value(value)

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        text = Text.of(value)
        if not self.blank and not text.exact(FALLBACK):
            raise ValidationError(self.error_messages["blank"], code="blank")
        if self.text_max_length is not None:
            for code, item in text.items():
                if len(item) > self.text_max_length:
                    raise ValidationError(
                        _("The text in %(language)s is longer than %(max)d characters."),
                        code="max_length",
                        params={"language": code, "max": self.text_max_length},
                    )
        super().validate(dict(text), model_instance)

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        for key in ("encoder", "decoder", "form_class"):
            kwargs.pop(key, None)
        if not isinstance(kwargs.get("widget"), TranslatedTextWidget | type(None)):
            kwargs.pop("widget")
        kwargs.setdefault("show_hidden_initial", False)
        return models.Field.formfield(
            self,
            form_class=TranslatedTextFormField,
            multiline=self.multiline,
            max_length=self.text_max_length,
            **kwargs,
        )


class Localized:
    """No longer used: the early migrations name it as a base of the models that
    kept a German and an English column for each text."""
