"""The parameters of a list and the pages they ask for (planwerk.oparl.domain.paging)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwerk.oparl.domain.paging import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    BadParameter,
    ListQuery,
    Page,
    parse_date_time,
    parse_query,
    slices,
)

BERLIN = dt.timezone(dt.timedelta(hours=1))


@given(
    counts=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=4),
    size=st.integers(min_value=1, max_value=50),
)
def test_the_pages_of_several_sources_hold_every_row_once_in_order(
    counts: list[int], size: int
) -> None:
    rows = [(source, n) for source, count in enumerate(counts) for n in range(count)]
    pages = Page(1, size, len(rows)).pages
    walked = []
    for number in range(1, pages + 1):
        offset = (number - 1) * size
        page = [
            (source, n)
            for source, (start, stop) in enumerate(slices(counts, offset, size))
            for n in range(start, stop)
        ]
        assert len(page) == min(size, len(rows) - offset)
        walked += page
    assert walked == rows


@given(total=st.integers(min_value=0, max_value=10_000), size=st.integers(1, MAX_LIMIT))
def test_every_page_but_the_last_is_full_and_an_empty_list_has_one_page(
    total: int, size: int
) -> None:
    page = Page(1, size, total)
    assert page.pages >= 1
    assert (page.pages - 1) * size < max(total, 1) <= page.pages * size or total == 0
    last = Page(page.pages, size, total)
    assert last.next is None and last.exists
    assert not Page(page.pages + 1, size, total).exists


moments = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)).map(
    lambda d: d.replace(microsecond=0, tzinfo=BERLIN)
)


@given(
    since=st.none() | moments,
    until=st.none() | moments,
    omit=st.booleans(),
    limit=st.integers(1, MAX_LIMIT),
    page=st.integers(1, 500),
)
def test_the_links_of_a_page_ask_for_the_same_list(
    since: dt.datetime | None, until: dt.datetime | None, omit: bool, limit: int, page: int
) -> None:
    query = ListQuery(
        created_since=since, modified_until=until, omit_internal=omit, limit=limit, page=page
    )
    assert parse_query(dict(query.params(page))) == query
    names = [name for name, _value in query.params(page)]
    assert names == sorted(
        names, key=["created_since", "modified_until", "omit_internal", "limit", "page"].index
    )


def test_a_list_without_parameters_is_its_first_page_of_the_default_size() -> None:
    assert parse_query({}) == ListQuery(limit=DEFAULT_LIMIT, page=1)
    assert ListQuery().params(1) == []
    assert parse_query({"limit": "5000"}).limit == MAX_LIMIT
    assert parse_query({"omit_internal": "TRUE", "unknown": "x"}).omit_internal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014-01-01T00:00:00+01:00", dt.datetime(2014, 1, 1, tzinfo=BERLIN)),
        ("2014-01-01T00:00:00 01:00", dt.datetime(2014, 1, 1, tzinfo=BERLIN)),
        ("2013-12-31T23:00:00Z", dt.datetime(2013, 12, 31, 23, tzinfo=dt.UTC)),
        (
            "2014-01-01T00:00:00.5-02:00",
            dt.datetime(2014, 1, 1, 0, 0, 0, 500_000, tzinfo=dt.timezone(dt.timedelta(hours=-2))),
        ),
    ],
)
def test_a_date_time_with_its_offset_is_read(text: str, expected: dt.datetime) -> None:
    assert parse_date_time("created_since", text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2014-01-01",
        "2014-01-01T00:00:00",
        "2014-13-01T00:00:00+01:00",
        "2014-02-30T00:00:00+01:00",
        "gestern",
        "1388530800",
        "2014-01-01T00:00+01:00",
    ],
)
def test_anything_but_a_complete_date_time_is_refused(text: str) -> None:
    with pytest.raises(BadParameter) as refused:
        parse_query({"modified_since": text})
    assert (refused.value.name, refused.value.kind) == ("modified_since", "date-time")


@pytest.mark.parametrize("text", ["0", "-1", "eins", "1.5", "1e3"])
def test_a_page_or_limit_that_is_no_whole_number_from_1_is_refused(text: str) -> None:
    for name in ("page", "limit"):
        with pytest.raises(BadParameter) as refused:
            parse_query({name: text})
        assert (refused.value.name, refused.value.kind) == (name, "number")
