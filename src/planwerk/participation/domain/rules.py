"""The rules of public comments that need no database (pure, no Django)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from planwerk.papers.domain.paragraphs import paragraphs

MAX_COMMENT = 5000


@dataclass(frozen=True)
class FrozenParagraph:
    position: int
    section_id: str
    paragraph_id: str
    text: str


def frozen_paragraphs(sections: Iterable[Mapping[str, Any]]) -> list[FrozenParagraph]:
    """The paragraphs of a version's frozen sections, in order, each with its stable
    identifier (a version frozen without identifiers gets "<section>-<n>")."""
    found: list[FrozenParagraph] = []
    for section in sections:
        section_id = str(section.get("id") or "")
        blocks = paragraphs(str(section.get("text") or ""))
        ids = list(section.get("paragraph_ids") or [])
        for index, text in enumerate(blocks):
            pid = str(ids[index]) if index < len(ids) else f"{section_id}-{index + 1}"
            found.append(FrozenParagraph(len(found), section_id, pid, text))
    return found


def clean_comment(text: str) -> str:
    """A comment as stored: line breaks as "\\n", no control or format characters
    (bidirectional overrides, zero-width marks) besides line breaks and tabs, no
    surrounding blank space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return kept.strip()


def comment_problem(text: str) -> str | None:
    """Why a cleaned comment cannot be taken: "empty", "too_long" or None."""
    if not text:
        return "empty"
    if len(text) > MAX_COMMENT:
        return "too_long"
    return None


def is_open(now: dt.datetime, opens: dt.datetime, closes: dt.datetime) -> bool:
    """Whether comments are taken at `now`: from `opens` up to, not including, `closes`."""
    return opens <= now < closes


#: What became of a commented paragraph in the draft's latest version.
CURRENT = "current"  # the comment is on the latest version
UNCHANGED = "unchanged"
CHANGED = "changed"
REMOVED = "removed"


def fate(commented: str, latest: Mapping[str, str], paragraph_id: str, on_latest: bool) -> str:
    """What became of the paragraph a comment is about: the latest version of the
    draft has it with the same wording, with another, or no longer (`latest` maps
    its paragraph identifiers to their texts)."""
    if on_latest:
        return CURRENT
    if paragraph_id not in latest:
        return REMOVED
    return UNCHANGED if latest[paragraph_id] == commented else CHANGED
