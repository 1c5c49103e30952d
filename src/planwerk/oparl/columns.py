"""Columns read straight into what OParl writes: an identifier as text, a moment as
`yyyy-mm-ddThh:mm:ss±hh:mm` in the city's time zone, a day as `yyyy-mm-dd`.

A page holds tens of thousands of such values; Django's own conversion (an UUID
object, an aware datetime) and the formatting after it cost more than the rest of the
page. These output fields take the value as the database driver gives it – text on
SQLite, UUID and datetime objects on PostgreSQL – and make the string at once.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F


@cache
def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def moment_text(value: dt.datetime) -> str:
    """OParl's date-time (2.4) in the city's time zone, to the second."""
    return value.astimezone(zone()).isoformat(timespec="seconds")


def day_text(value: dt.date | dt.datetime) -> str:
    """OParl's date (2.4); a moment's day in the city's time zone."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(zone()).date()
    return value.isoformat()


def _moment(value: Any) -> dt.datetime:
    if isinstance(value, str):  # SQLite keeps moments as UTC text
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    return value


class _Text(models.Field):
    """An output field the database backend does not convert."""

    def get_internal_type(self) -> str:
        return "TextField"


class IdText(_Text):
    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, UUID):
            return str(value)
        text = str(value)
        if len(text) == 32:  # SQLite keeps the hex digits alone
            return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
        return text


class MomentText(_Text):
    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        return None if value is None else moment_text(_moment(value))


class DayText(_Text):
    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        return None if value is None else day_text(_moment(value))


def _wrap(expression: Any, field: models.Field) -> ExpressionWrapper:
    return ExpressionWrapper(F(expression) if isinstance(expression, str) else expression, field)


def ID(expression: Any) -> ExpressionWrapper:
    return _wrap(expression, IdText())


def MOMENT(expression: Any) -> ExpressionWrapper:
    return _wrap(expression, MomentText())


def DAY(expression: Any) -> ExpressionWrapper:
    return _wrap(expression, DayText())
