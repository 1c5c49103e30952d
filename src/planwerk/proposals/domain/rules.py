"""The rules of proposals that need no database (pure, no Django)."""

from __future__ import annotations

import unicodedata

MAX_TITLE = 200
MAX_TEXT = 5000
MAX_DISTRICT = 100
#: The statuses that name a measure, and those that need a reason.
NAMES_MEASURE = frozenset({"taken_up", "partly"})
NEEDS_REASON = frozenset({"partly", "not_taken_up"})


def clean(text: str, *, multiline: bool = True) -> str:
    """Text as stored: line breaks as "\\n" (none in a single line), no control or
    format characters (bidirectional overrides, zero-width marks) besides line
    breaks and tabs, no surrounding blank space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = " ".join(text.split("\n"))
    kept = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return kept.strip()


def problem(text: str, limit: int) -> str | None:
    """Why a cleaned text cannot be taken: "empty", "too_long" or None."""
    if not text:
        return "empty"
    if len(text) > limit:
        return "too_long"
    return None


def answer_problem(status: str, reason: str, has_measure: bool) -> str | None:
    """Why an answer cannot be taken: "status", "reason", "measure" or None."""
    if status not in NAMES_MEASURE | NEEDS_REASON | {"examining"}:
        return "status"
    if status in NEEDS_REASON and not reason.strip():
        return "reason"
    if status in NAMES_MEASURE and not has_measure:
        return "measure"
    return None
