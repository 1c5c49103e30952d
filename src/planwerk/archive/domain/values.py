"""A stored value as JSON and back, by the kind of its column (no Django).

Every kind round-trips exactly: `decode(kind, encode(kind, value)) == value`, and
one value has one JSON form, so exporting the same rows twice gives the same bytes.

- "plain": text, whole numbers, truth values and fractions, as JSON has them;
- "json": what a JSON column holds, as it is (nested objects keep their key order);
- "datetime": UTC with six digits of microseconds and a `Z`,
  `2025-03-01T09:30:00.000000Z` (as the audit log writes times);
- "date" (`2025-03-01`), "time" (`09:30:00.000000`);
- "uuid": the lower-case form with hyphens;
- "decimal": the number as text, digits as stored (`"1.50"` stays `"1.50"`);
- "bytes": base64 (RFC 4648, with padding);
- "duration": whole microseconds.

`None` (SQL NULL) is `null` in every kind.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

KINDS = ("plain", "json", "datetime", "date", "time", "uuid", "decimal", "bytes", "duration")
DATETIME_PATTERN = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")
TIME_FORMAT = "%H:%M:%S.%f"


class ValueFormatError(ValueError):
    """A JSON value that is not the form of its kind."""


def _datetime(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueFormatError(f"a time without a time zone: {value.isoformat()}")
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _duration(value: timedelta) -> int:
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


ENCODERS: dict[str, Callable[[Any], Any]] = {
    "plain": lambda value: value,
    "json": lambda value: value,
    "datetime": _datetime,
    "date": lambda value: value.isoformat(),
    "time": lambda value: value.strftime(TIME_FORMAT),
    "uuid": lambda value: str(value),
    "decimal": lambda value: str(value),
    "bytes": lambda value: base64.b64encode(bytes(value)).decode("ascii"),
    "duration": _duration,
}


def encode(kind: str, value: Any) -> Any:
    """The JSON form of `value`, a value of a column of `kind`."""
    if value is None:
        return None
    return ENCODERS[kind](value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueFormatError(f"expected text, found {type(value).__name__}")
    return value


def _decode_datetime(value: Any) -> datetime:
    try:
        if not DATETIME_PATTERN.fullmatch(_text(value)):
            raise ValueError(value)
        return datetime.fromisoformat(value[:-1]).replace(tzinfo=UTC)
    except ValueError as exc:
        raise ValueFormatError(f"not a time like 2025-03-01T09:30:00.000000Z: {value!r}") from exc


def _decode_date(value: Any) -> date:
    try:
        return date.fromisoformat(_text(value))
    except ValueError as exc:
        raise ValueFormatError(f"not a date like 2025-03-01: {value!r}") from exc


def _decode_time(value: Any) -> time:
    try:
        return datetime.strptime(_text(value), TIME_FORMAT).time()
    except ValueError as exc:
        raise ValueFormatError(f"not a time of day like 09:30:00.000000: {value!r}") from exc


def _decode_uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(_text(value))
    except ValueError as exc:
        raise ValueFormatError(f"not a UUID: {value!r}") from exc


def _decode_decimal(value: Any) -> Decimal:
    try:
        return Decimal(_text(value))
    except InvalidOperation as exc:
        raise ValueFormatError(f"not a decimal number: {value!r}") from exc


def _decode_bytes(value: Any) -> bytes:
    try:
        return base64.b64decode(_text(value), validate=True)
    except binascii.Error as exc:
        raise ValueFormatError("not base64") from exc


def _decode_duration(value: Any) -> timedelta:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueFormatError(f"not a number of microseconds: {value!r}")
    return timedelta(microseconds=value)


DECODERS: dict[str, Callable[[Any], Any]] = {
    "plain": lambda value: value,
    "json": lambda value: value,
    "datetime": _decode_datetime,
    "date": _decode_date,
    "time": _decode_time,
    "uuid": _decode_uuid,
    "decimal": _decode_decimal,
    "bytes": _decode_bytes,
    "duration": _decode_duration,
}


def decode(kind: str, value: Any) -> Any:
    """The value of a column of `kind` whose JSON form is `value`; ValueFormatError
    if it is not such a form."""
    if value is None:
        return None
    return DECODERS[kind](value)
