"""Texts kept in two languages: German first, English second."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def localized(obj: Any, field: str) -> str:
    """`obj.<field>_en` when the page is English and it is filled, else `obj.<field>_de`."""
    lang = (get_language() or "de")[:2]
    if lang == "en":
        value = getattr(obj, f"{field}_en", "") or ""
        if value:
            return str(value)
    return str(getattr(obj, f"{field}_de", "") or "")


class Localized:
    """Mixin: `.name` and `.description` in the page's language."""

    @property
    def name(self) -> str:
        return localized(self, "name")
