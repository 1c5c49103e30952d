"""The archive's pure rules: values as JSON and back, the order of the tables, the
members against their checksums."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwerk.archive.domain import values
from planwerk.archive.domain.members import MemberProblem, first_member_problem
from planwerk.archive.domain.order import dependency_order

aware_times = st.datetimes(
    min_value=datetime(2, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(-timedelta(hours=5))]),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
KIND_VALUES = {
    "plain": st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False),
    "json": json_values,
    "datetime": aware_times,
    "date": st.dates(),
    "time": st.times(),
    "uuid": st.uuids(),
    "decimal": st.decimals(allow_nan=False, allow_infinity=False),
    "bytes": st.binary(),
    "duration": st.timedeltas(),
}


@pytest.mark.parametrize("kind", values.KINDS)
@given(data=st.data())
def test_every_kind_comes_back_as_it_went_through_json(kind: str, data: st.DataObject) -> None:
    value = data.draw(KIND_VALUES[kind])
    written = json.dumps(values.encode(kind, value))
    back = values.decode(kind, json.loads(written))
    assert back == value
    assert values.encode(kind, back) == values.encode(kind, value)  # one form for one value


@given(aware_times)
def test_times_are_written_in_utc_with_microseconds(moment) -> None:
    text = values.encode("datetime", moment)
    assert text.endswith("Z") and len(text) == len("2025-03-01T09:30:00.000000Z")
    assert values.decode("datetime", text).tzinfo == UTC


def test_decimals_keep_their_digits() -> None:
    from decimal import Decimal

    assert values.encode("decimal", Decimal("1.50")) == "1.50"


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("datetime", "2025-03-01 09:30"),
        ("date", "1.3.2025"),
        ("uuid", "not-a-uuid"),
        ("bytes", "***"),
        ("duration", "1 day"),
        ("decimal", "one"),
        ("time", 930),
    ],
)
def test_a_value_not_in_its_kinds_form_is_refused(kind: str, value: object) -> None:
    with pytest.raises(values.ValueFormatError):
        values.decode(kind, value)


def test_null_is_null_in_every_kind() -> None:
    for kind in values.KINDS:
        assert values.encode(kind, None) is None
        assert values.decode(kind, None) is None
    assert values.encode("uuid", uuid.UUID(int=1)) == "00000000-0000-0000-0000-000000000001"


names = st.lists(st.sampled_from("abcdefgh"), min_size=1, unique=True)


@given(tables=names, data=st.data())
def test_a_table_comes_after_the_tables_it_refers_to_unless_they_circle(
    tables: list[str], data: st.DataObject
) -> None:
    refers_to = {
        table: set(data.draw(st.lists(st.sampled_from(tables), max_size=3))) for table in tables
    }
    ordered = dependency_order(tables, refers_to)

    assert sorted(ordered) == sorted(tables)

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            table = todo.pop()
            for other in refers_to[table]:
                if other == goal:
                    return True
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return False

    for table in tables:
        for other in refers_to[table]:
            if other != table and not reaches(other, table):  # not in a circle with it
                assert ordered.index(other) < ordered.index(table)


def test_tables_without_references_keep_the_order_given() -> None:
    assert dependency_order(["b", "a", "c"], {}) == ["b", "a", "c"]
    assert dependency_order(["unit", "process"], {"unit": {"process"}, "process": {"unit"}}) == [
        "unit",
        "process",
    ]


def test_the_first_member_problem_by_name() -> None:
    listed = {"data/a.jsonl": "1", "data/b.jsonl": "2", "files/x.pdf": "3"}
    assert first_member_problem(listed, dict(listed)) is None
    assert first_member_problem(listed, {**listed, "data/b.jsonl": "9"}) == MemberProblem(
        "data/b.jsonl", "changed"
    )
    assert first_member_problem(listed, {"data/a.jsonl": "1", "files/x.pdf": "3"}) == (
        MemberProblem("data/b.jsonl", "missing")
    )
    assert first_member_problem(listed, {**listed, "data/0.jsonl": "0"}) == MemberProblem(
        "data/0.jsonl", "unlisted"
    )
