"""When the next digest goes out: daily at the hour, or weekly on Monday at the hour
(local time). Pure: no Django."""

from __future__ import annotations

import datetime as dt

DAILY = "daily"
WEEKLY = "weekly"
HOUR = 7


def next_run(after: dt.datetime, frequency: str, hour: int = HOUR) -> dt.datetime | None:
    """The first sending time strictly after `after` (aware, in the local zone), or
    None for a subscription without email."""
    if frequency not in (DAILY, WEEKLY):
        return None
    candidate = after.replace(hour=hour, minute=0, second=0, microsecond=0)
    if candidate <= after:
        candidate += dt.timedelta(days=1)
    if frequency == WEEKLY:
        candidate += dt.timedelta(days=(7 - candidate.weekday()) % 7)
    return candidate
