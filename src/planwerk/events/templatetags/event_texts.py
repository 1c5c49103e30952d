"""`{{ text|text_lang }}`: the language a translated text is shown in (the visitor's
where it exists, German otherwise), for the `lang` attribute of its element."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from planwerk.core.text import FALLBACK, Text

register = template.Library()


@register.filter
def text_lang(value: Any) -> str:
    text = Text.of(value) if value else Text()
    language = (get_language() or FALLBACK).split("-")[0]
    return language if text.exact(language) else FALLBACK
