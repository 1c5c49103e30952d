"""When the next digest goes out."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from planwerk.digest.domain.schedule import DAILY, WEEKLY, next_run

moments = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 12, 31)).map(
    lambda d: d.replace(tzinfo=dt.UTC)
)


@given(moments)
def test_daily_is_the_next_seven_oclock(after: dt.datetime) -> None:
    when = next_run(after, DAILY)
    assert when is not None
    assert after < when <= after + dt.timedelta(days=1)
    assert (when.hour, when.minute, when.second) == (7, 0, 0)


@given(moments)
def test_weekly_is_the_next_monday_at_seven(after: dt.datetime) -> None:
    when = next_run(after, WEEKLY)
    assert when is not None
    assert after < when <= after + dt.timedelta(days=7)
    assert when.weekday() == 0 and when.hour == 7


def test_a_feed_only_subscription_gets_no_email() -> None:
    assert next_run(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "none") is None
