"""Display names as residents type them: one line of printable text (pure, no Django)."""

from __future__ import annotations

import unicodedata

MAX_LENGTH = 80


def clean_name(value: str) -> str:
    """The name without control or format characters (line breaks, bidirectional
    overrides, zero-width marks), its whitespace collapsed to single spaces."""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in value
        if ch.isspace() or unicodedata.category(ch)[0] != "C"
    )
    return " ".join(kept.split())
