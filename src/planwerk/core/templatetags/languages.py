"""The languages the language buttons offer."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.utils.translation import get_language_info

from planwerk.core.languages import has_catalogue

register = template.Library()


@register.simple_tag
def interface_languages() -> list[dict[str, Any]]:
    """The configured languages planwerk's pages are written in, German first.

    A configured language without its texts is not offered: its pages would be German
    set right to left, or German with the language's month names. Its content (names,
    descriptions in that language) is stored and shown as soon as its texts exist."""
    return [get_language_info(code) for code, _name in settings.LANGUAGES if has_catalogue(code)]
