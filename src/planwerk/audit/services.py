"""Appending to and verifying the audit log.

Every service that changes the process calls `record` inside its own
transaction, so the entry is written if and only if the change is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from planwerk.audit import chain
from planwerk.audit.chain import VerifyResult
from planwerk.audit.models import AuditEntry, AuditHead

__all__ = [
    "ANONYMOUS",
    "SYSTEM",
    "UserLike",
    "VerifyResult",
    "actor_name_of",
    "entries",
    "record",
    "verify",
]

SYSTEM = "system"
ANONYMOUS = "anonymous"
ACTION_PATTERN = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)+")

ENTRY_FIELDS = (*chain.HASHED_FIELDS, "entry_hash")


class UserLike(Protocol):
    @property
    def is_authenticated(self) -> bool: ...

    def get_username(self) -> str: ...


def record(
    action: str,
    *,
    actor: str | UserLike | None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    payload: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the log, inside the caller's transaction.

    `actor` is a user (anonymous users become "anonymous"), a name, or None for
    "system". `obj` fills object_type ("app_label.model") and object_id (its pk).
    `payload` may hold what JSON holds except floats; dates, decimals and UUIDs
    are stored as text.
    """
    if not ACTION_PATTERN.fullmatch(action):
        raise ValueError(
            f"audit action {action!r} is not a dotted name like 'election.round.opened'"
        )
    actor_name = actor_name_of(actor)
    if obj is not None:
        if object_type or object_id:
            raise ValueError("give either obj or object_type/object_id, not both")
        if obj.pk is None:
            raise ValueError(f"cannot record an unsaved {obj._meta.label}")
        object_type, object_id = obj._meta.label_lower, str(obj.pk)
    clean_payload = _json_payload({} if payload is None else payload)
    _check_lengths(actor=actor_name, action=action, object_type=object_type, object_id=object_id)

    with transaction.atomic():
        head = _locked_head()
        entry = chain.next_entry(
            chain.Head(head.last_sequence, head.last_hash),
            created_at=timezone.now(),
            actor=actor_name,
            action=action,
            object_type=object_type,
            object_id=object_id,
            payload=clean_payload,
        )
        row = AuditEntry(**{name: getattr(entry, name) for name in ENTRY_FIELDS})
        row.save()
        head.last_sequence, head.last_hash = entry.sequence, entry.entry_hash
        head.save(update_fields=["last_sequence", "last_hash"])
    return row


def actor_name_of(actor: str | UserLike | None) -> str:
    if actor is None:
        return SYSTEM
    if isinstance(actor, str):
        if not actor:
            raise ValueError("an audit actor needs a name; pass None for the system")
        return actor
    if not actor.is_authenticated:
        return ANONYMOUS
    return actor.get_username()


def verify() -> VerifyResult:
    """Walk the whole log in sequence order and report the first broken link."""
    stored = AuditHead.objects.filter(pk=AuditHead.SINGLETON_ID).first()
    head = chain.Head(stored.last_sequence, stored.last_hash) if stored else chain.Head()
    # Entries up to the head were committed before the head was read, so this
    # walk sees a stable set while new entries are appended beyond it.
    rows = AuditEntry.objects.filter(sequence__lte=head.sequence).order_by("sequence")
    result = chain.verify_chain(_entries(rows), head)
    if not result.ok:
        return result
    # One statement, so it sees entries and head at the same moment: an entry
    # beyond the current head was not appended through `record`.
    current_head = Coalesce(
        models.Subquery(
            AuditHead.objects.filter(pk=AuditHead.SINGLETON_ID).values("last_sequence")[:1]
        ),
        models.Value(0),
        output_field=models.PositiveBigIntegerField(),
    )
    stray = (
        AuditEntry.objects.filter(sequence__gt=current_head)
        .order_by("sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    if stray is not None:
        return VerifyResult(
            ok=False,
            checked=result.checked,
            first_broken=stray,
            reason=f"entry {stray} lies beyond the log's head (it was not appended by record)",
            last_hash=result.last_hash,
        )
    return result


def entries(queryset: models.QuerySet[AuditEntry] | None = None) -> Iterator[chain.Entry]:
    """Stored entries as plain chain entries, in sequence order, in constant memory."""
    rows = AuditEntry.objects.all() if queryset is None else queryset
    return _entries(rows.order_by("sequence"))


def _entries(rows: models.QuerySet[AuditEntry]) -> Iterator[chain.Entry]:
    for values in rows.values_list(*ENTRY_FIELDS).iterator(chunk_size=2000):
        yield chain.Entry(**dict(zip(ENTRY_FIELDS, values, strict=True)))


def _locked_head() -> AuditHead:
    # select_for_update makes a second server wait here until the first commits.
    # SQLite ignores it, but lets only one transaction write at a time anyway.
    # If two servers create the missing row at once, get_or_create catches the
    # IntegrityError of the loser and reads (and locks) the winner's row.
    head, _created = AuditHead.objects.select_for_update().get_or_create(pk=AuditHead.SINGLETON_ID)
    return head


def _json_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload as it will read back from the database: plain JSON values."""
    if not isinstance(payload, Mapping):
        raise TypeError(f"an audit payload is a dict, not {type(payload).__name__}")
    # Dates, decimals and UUIDs become text, as the JSONField would store them.
    plain = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    chain.check_payload(plain)
    return plain


def _check_lengths(**values: str) -> None:
    for name, value in values.items():
        field = AuditEntry._meta.get_field(name)
        assert isinstance(field, models.CharField)
        if field.max_length is not None and len(value) > field.max_length:
            raise ValueError(
                f"audit {name} {value[:20]!r}… is longer than {field.max_length} characters"
            )
