"""The hash chain of the audit log, in pure Python (no Django).

Each entry's hash is SHA-256 over the canonical JSON of its content, and that
content includes the hash of the entry before it. Changing, deleting, inserting
or reordering any entry therefore breaks the chain at that entry, and
`verify_chain` reports the first place where it breaks.

The canonical JSON is RFC 8785 (JSON Canonicalization Scheme) for the values a
payload may hold here: object keys sorted by their UTF-16 code units (for keys
made of characters below U+10000 that is plain code point order), no whitespace,
strings as UTF-8 without \\u escapes except for `"`, `\\` and control characters.
Floats are refused and integers are limited to ±(2^53 − 1), so any language's
JSON library gives the same bytes; docs/audit.md shows how to recompute a hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64
MAX_SAFE_INTEGER = 2**53 - 1
HASHED_FIELDS = (
    "sequence",
    "created_at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "payload",
    "previous_hash",
)


class PayloadError(ValueError):
    """A payload holds a value that has no single canonical JSON form."""


@dataclass(frozen=True)
class Entry:
    """One entry of the log as it is stored: its content and its hash."""

    sequence: int
    created_at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    payload: Mapping[str, Any]
    previous_hash: str
    entry_hash: str


@dataclass(frozen=True)
class Head:
    """The last entry's sequence number and hash, kept apart from the entries.

    Without it, removing the newest entries would leave a shorter but intact chain.
    """

    sequence: int = 0
    entry_hash: str = GENESIS_HASH


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken: int | None = None
    reason: str = ""
    # The hash of the last entry found intact: worth writing into the minutes, so
    # that a later check can prove the log has not been cut back since.
    last_hash: str = field(default=GENESIS_HASH)


def format_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds, e.g. `2025-03-01T09:30:00.000000Z`."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("an audit timestamp needs a time zone")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def check_payload(value: Any, path: str = "payload") -> None:
    """Refuse anything but JSON objects, arrays, strings, safe integers, booleans, null."""
    if value is None or isinstance(value, bool | str):
        return
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise PayloadError(f"{path}: integer {value} is outside ±(2^53 − 1); store it as text")
        return
    if isinstance(value, float):
        raise PayloadError(f"{path}: floats have no single text form; store {value!r} as text")
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check_payload(item, f"{path}[{index}]")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise PayloadError(f"{path}: key {key!r} is not a string")
            check_payload(item, f"{path}.{key}")
        return
    raise PayloadError(f"{path}: {type(value).__name__} is not a JSON value")


def _utf16_key(key: str) -> bytes:
    return key.encode("utf-16-be")


def _ordered(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _ordered(value[key]) for key in sorted(value, key=_utf16_key)}
    if isinstance(value, list | tuple):
        return [_ordered(item) for item in value]
    return value


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 bytes of a JSON value (see the module docstring)."""
    check_payload(value, path="value")
    text = json.dumps(_ordered(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def hash_input(
    *,
    sequence: int,
    created_at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    payload: Mapping[str, Any],
    previous_hash: str,
) -> bytes:
    """The exact bytes an entry's hash is computed over."""
    return canonical_json(
        {
            "sequence": sequence,
            "created_at": format_timestamp(created_at),
            "actor": actor,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "payload": payload,
            "previous_hash": previous_hash,
        }
    )


def compute_hash(
    *,
    sequence: int,
    created_at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    payload: Mapping[str, Any],
    previous_hash: str,
) -> str:
    data = hash_input(
        sequence=sequence,
        created_at=created_at,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        payload=payload,
        previous_hash=previous_hash,
    )
    return hashlib.sha256(data).hexdigest()


def hash_of(entry: Entry) -> str:
    """The hash an entry's stored content gives (equal to `entry.entry_hash` if untouched)."""
    return compute_hash(**{name: getattr(entry, name) for name in HASHED_FIELDS})


def next_entry(
    head: Head,
    *,
    created_at: datetime,
    actor: str,
    action: str,
    object_type: str = "",
    object_id: str = "",
    payload: Mapping[str, Any] | None = None,
) -> Entry:
    """The entry that follows `head`, with its sequence number and hash filled in."""
    content: dict[str, Any] = {
        "sequence": head.sequence + 1,
        "created_at": created_at,
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "payload": dict(payload or {}),
        "previous_hash": head.entry_hash,
    }
    return Entry(**content, entry_hash=compute_hash(**content))


def head_after(entry: Entry) -> Head:
    return Head(sequence=entry.sequence, entry_hash=entry.entry_hash)


def verify_chain(entries: Iterable[Entry], head: Head | None = None) -> VerifyResult:
    """Walk entries in stored order and report the first broken link.

    Keeps only the previous entry in memory, so `entries` may be a database
    iterator over millions of rows. With `head`, the last entry must also match it.
    """
    checked = 0
    previous = Head()
    for entry in entries:
        expected = previous.sequence + 1
        if entry.sequence != expected:
            if entry.sequence > expected:
                reason = f"entry {expected} is missing (the next entry is {entry.sequence})"
            else:
                reason = f"entry {entry.sequence} appears again after entry {previous.sequence}"
            return _broken(checked, expected, reason, previous)
        if entry.previous_hash != previous.entry_hash:
            reason = (
                f"its previous hash does not match the hash of entry {previous.sequence}"
                if previous.sequence
                else "the first entry does not start from the zero hash"
            )
            return _broken(checked, entry.sequence, reason, previous)
        try:
            recomputed = hash_of(entry)
        except ValueError as error:
            return _broken(
                checked, entry.sequence, f"its content cannot be hashed: {error}", previous
            )
        if recomputed != entry.entry_hash:
            reason = "its content does not match its hash (the entry was changed)"
            return _broken(checked, entry.sequence, reason, previous)
        checked += 1
        previous = head_after(entry)
    if head is not None and head != previous:
        if head.sequence > previous.sequence:
            reason = (
                f"entry {previous.sequence + 1} is missing "
                f"(the log's head says it ends at entry {head.sequence})"
            )
            return _broken(checked, previous.sequence + 1, reason, previous)
        if head.sequence < previous.sequence:
            reason = (
                f"entry {head.sequence + 1} was not appended through the log "
                f"(the log's head says it ends at entry {head.sequence})"
            )
            return _broken(checked, head.sequence + 1, reason, previous)
        reason = "it does not match the hash the log's head recorded for it"
        return _broken(checked, previous.sequence, reason, previous)
    return VerifyResult(ok=True, checked=checked, last_hash=previous.entry_hash)


def _broken(checked: int, sequence: int, reason: str, last_good: Head) -> VerifyResult:
    return VerifyResult(
        ok=False,
        checked=checked,
        first_broken=sequence,
        reason=reason,
        last_hash=last_good.entry_hash,
    )
