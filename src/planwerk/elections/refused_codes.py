"""How many codes the voting page refused lately, per election, for the coordinator.

Many refused codes in a short time can mean that somebody tries out codes. The
dashboard shows the number of the last ten minutes; nothing about who sent them is
kept. The counts live in the shared cache, one key a minute, so that they hold for
all server processes and fade by themselves.
"""

from __future__ import annotations

import time

from django.core.cache import cache

WINDOW_MINUTES = 10
# From this many refused codes in the window on, the dashboard warns.
ALERT = 50


def _key(election_id: int, minute: int) -> str:
    return f"elections:refused-codes:{election_id}:{minute}"


def _minute() -> int:
    return int(time.time() // 60)


def note(election_id: int) -> None:
    """Count one refused code (unknown, replaced or already used) for this election."""
    key = _key(election_id, _minute())
    timeout = (WINDOW_MINUTES + 1) * 60
    cache.add(key, 0, timeout=timeout)
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=timeout)
    else:
        # Some cache backends give an incremented key their default timeout.
        cache.touch(key, timeout=timeout)


def recent(election_id: int) -> int:
    """Codes refused for this election in the last ten minutes (this minute included)."""
    now = _minute()
    keys = [_key(election_id, now - i) for i in range(WINDOW_MINUTES)]
    return sum(int(v) for v in cache.get_many(keys).values())
