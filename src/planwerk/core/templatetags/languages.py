"""The languages the language buttons offer."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info

from planwerk.core.languages import has_catalogue
from planwerk.core.text import FALLBACK, Text

register = template.Library()


@register.simple_tag
def interface_languages() -> list[dict[str, Any]]:
    """The configured languages planwerk's pages are written in, German first.

    A configured language without its texts is not offered: its pages would be German
    set right to left, or German with the language's month names. Its content (names,
    descriptions in that language) is stored and shown as soon as its texts exist."""
    return [get_language_info(code) for code, _name in settings.LANGUAGES if has_catalogue(code)]


@register.filter
def text_lang(value: Any) -> str:
    """The language a translated text is shown in (the visitor's where it exists,
    German otherwise), for the `lang` attribute of its element."""
    text = Text.of(value) if value else Text()
    language = (get_language() or FALLBACK).split("-")[0]
    return language if text.exact(language) else FALLBACK


@register.simple_tag
def content_language() -> str:
    """The language the process's own texts (drafts, their sections) are written in."""
    return FALLBACK


@register.filter
def language_dir(code: str) -> str:
    """`rtl` for a language written right to left, `ltr` otherwise: with `lang`, so
    that a German text on an Arabic page reads left to right, and the reverse."""
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


@register.filter
def text_dir(value: Any) -> str:
    """The direction of the language `text_lang` gives for the text."""
    return language_dir(text_lang(value))
