"""The pure hash chain: any tampering is found, and found at the right entry."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from planwerk.audit.chain import (
    GENESIS_HASH,
    MAX_SAFE_INTEGER,
    Entry,
    Head,
    PayloadError,
    canonical_json,
    compute_hash,
    format_timestamp,
    hash_input,
    hash_of,
    head_after,
    next_entry,
    verify_chain,
)

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-MAX_SAFE_INTEGER, max_value=MAX_SAFE_INTEGER)
    | st.text(max_size=8)
)
json_values = st.recursive(
    json_leaves,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=5,
)
payloads = st.dictionaries(st.text(max_size=8), json_values, max_size=3)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
names = st.text(min_size=1, max_size=12)
actions = st.from_regex(r"[a-z]{1,8}(\.[a-z_]{1,8}){1,3}", fullmatch=True)
hashes = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)


@st.composite
def contents(draw: st.DrawFn) -> dict:
    return {
        "created_at": draw(moments),
        "actor": draw(names),
        "action": draw(actions),
        "object_type": draw(st.text(max_size=12)),
        "object_id": draw(st.text(max_size=12)),
        "payload": draw(payloads),
    }


@st.composite
def chains(draw: st.DrawFn, min_size: int = 1, max_size: int = 8) -> list[Entry]:
    entries: list[Entry] = []
    head = Head()
    for content in draw(st.lists(contents(), min_size=min_size, max_size=max_size)):
        entry = next_entry(head, **content)
        entries.append(entry)
        head = head_after(entry)
    return entries


def head_of(entries: list[Entry]) -> Head:
    return head_after(entries[-1]) if entries else Head()


def rehashed(entry: Entry) -> Entry:
    return dataclasses.replace(entry, entry_hash=hash_of(entry))


@given(chains(min_size=0))
def test_an_untouched_log_verifies(entries: list[Entry]) -> None:
    result = verify_chain(entries, head_of(entries))

    assert result.ok
    assert result.checked == len(entries)
    assert result.first_broken is None
    assert result.last_hash == head_of(entries).entry_hash


@st.composite
def changed_values(draw: st.DrawFn, entry: Entry, field: str) -> object:
    old = getattr(entry, field)
    if field == "sequence":
        return draw(st.integers(min_value=0, max_value=10**6).filter(lambda value: value != old))
    if field == "created_at":
        return old + timedelta(microseconds=draw(st.integers(1, 10**9)))
    if field == "payload":
        new = draw(payloads)
        assume(canonical_json(new) != canonical_json(old))
        return new
    if field in {"previous_hash", "entry_hash"}:
        return draw(hashes.filter(lambda value: value != old))
    return draw(st.text(max_size=12).filter(lambda value: value != old))


FIELDS = [field.name for field in dataclasses.fields(Entry)]


@given(st.data(), chains(), st.sampled_from(FIELDS))
def test_changing_any_field_of_an_entry_is_reported_at_that_entry(
    data: st.DataObject, entries: list[Entry], field: str
) -> None:
    head = head_of(entries)
    index = data.draw(st.integers(0, len(entries) - 1))
    new_value = data.draw(changed_values(entries[index], field))
    entries[index] = dataclasses.replace(entries[index], **{field: new_value})

    result = verify_chain(entries, head)

    assert not result.ok
    assert result.first_broken == index + 1
    assert result.checked == index


@given(st.data(), chains(), names)
def test_a_changed_entry_with_a_recomputed_hash_is_reported_at_the_entry_after_it(
    data: st.DataObject, entries: list[Entry], forged_actor: str
) -> None:
    head = head_of(entries)
    index = data.draw(st.integers(0, len(entries) - 1))
    assume(forged_actor != entries[index].actor)
    entries[index] = rehashed(dataclasses.replace(entries[index], actor=forged_actor))

    result = verify_chain(entries, head)

    assert not result.ok
    # The newest entry has no successor: the head, which recorded its hash, gives it away.
    assert result.first_broken == min(index + 2, len(entries))


@given(st.data(), chains())
def test_removing_any_entry_is_reported_at_its_sequence_number(
    data: st.DataObject, entries: list[Entry]
) -> None:
    head = head_of(entries)
    index = data.draw(st.integers(0, len(entries) - 1))
    del entries[index]

    result = verify_chain(entries, head)

    assert not result.ok
    assert result.first_broken == index + 1


@given(st.data(), chains(min_size=2))
def test_swapping_two_entries_is_reported_at_the_earlier_one(
    data: st.DataObject, entries: list[Entry]
) -> None:
    head = head_of(entries)
    first = data.draw(st.integers(0, len(entries) - 2))
    second = data.draw(st.integers(first + 1, len(entries) - 1))
    entries[first], entries[second] = entries[second], entries[first]

    result = verify_chain(entries, head)

    assert not result.ok
    assert result.first_broken == first + 1


@given(st.data(), chains(min_size=2))
def test_swapping_two_entries_contents_under_their_numbers_is_reported_at_the_earlier_one(
    data: st.DataObject, entries: list[Entry]
) -> None:
    head = head_of(entries)
    first = data.draw(st.integers(0, len(entries) - 2))
    second = data.draw(st.integers(first + 1, len(entries) - 1))
    a, b = entries[first], entries[second]
    entries[first] = dataclasses.replace(b, sequence=a.sequence)
    entries[second] = dataclasses.replace(a, sequence=b.sequence)

    result = verify_chain(entries, head)

    assert not result.ok
    assert result.first_broken == first + 1


@given(st.data(), chains(), contents())
def test_inserting_a_well_formed_forged_entry_is_reported_where_it_breaks_in(
    data: st.DataObject, entries: list[Entry], forged_content: dict
) -> None:
    head = head_of(entries)
    index = data.draw(st.integers(0, len(entries)))
    # The forger chains the new entry correctly to the one before it ...
    forged = next_entry(head_of(entries[:index]), **forged_content)
    entries.insert(index, forged)

    result = verify_chain(entries, head)

    # ... so the break shows at the entry after it, or at the head if it was appended last.
    assert not result.ok
    assert result.first_broken == (index + 2 if index < len(entries) - 1 else index + 1)


@given(st.data(), chains(), contents())
def test_inserting_a_forged_entry_and_renumbering_the_rest_is_reported_after_it(
    data: st.DataObject, entries: list[Entry], forged_content: dict
) -> None:
    head = head_of(entries)
    index = data.draw(st.integers(0, len(entries) - 1))
    forged = next_entry(head_of(entries[:index]), **forged_content)
    later = [dataclasses.replace(entry, sequence=entry.sequence + 1) for entry in entries[index:]]
    tampered = [*entries[:index], forged, *later]

    result = verify_chain(tampered, head)

    assert not result.ok
    assert result.first_broken == index + 2


@given(st.data(), chains())
def test_cutting_off_the_newest_entries_is_found_through_the_head(
    data: st.DataObject, entries: list[Entry]
) -> None:
    head = head_of(entries)
    keep = data.draw(st.integers(0, len(entries) - 1))

    assert verify_chain(entries[:keep]).ok  # an intact but shorter chain ...
    result = verify_chain(entries[:keep], head)  # ... that the head contradicts

    assert not result.ok
    assert result.first_broken == keep + 1


@given(payloads, moments)
def test_the_order_of_payload_keys_does_not_change_the_hash(
    payload: dict, moment: datetime
) -> None:
    reordered = dict(reversed(list(payload.items())))
    common = {
        "sequence": 1,
        "created_at": moment,
        "actor": "system",
        "action": "test.recorded",
        "object_type": "",
        "object_id": "",
        "previous_hash": GENESIS_HASH,
    }

    assert compute_hash(payload=payload, **common) == compute_hash(payload=reordered, **common)


def test_the_hash_input_is_the_documented_canonical_json() -> None:
    # The same example is worked through in docs/audit.md.
    content = {
        "sequence": 1,
        "created_at": datetime(2025, 3, 1, 10, 30, tzinfo=timezone(timedelta(hours=1))),
        "actor": "koordination",
        "action": "election.round.opened",
        "object_type": "elections.round",
        "object_id": "7",
        "payload": {"round": 1, "gremium": "Integrationsbeirat", "geöffnet": True},
        "previous_hash": GENESIS_HASH,
    }

    expected = (
        '{"action":"election.round.opened","actor":"koordination",'
        '"created_at":"2025-03-01T09:30:00.000000Z","object_id":"7",'
        '"object_type":"elections.round","payload":{"geöffnet":true,'
        '"gremium":"Integrationsbeirat","round":1},"previous_hash":"' + "0" * 64 + '",'
        '"sequence":1}'
    ).encode()
    assert hash_input(**content) == expected
    assert compute_hash(**content) == hashlib.sha256(expected).hexdigest()
    assert compute_hash(**content) == (
        "9d2bb4279ff6772e15dd2adbef68b13ac3135e6227033040bd264b3447328e2c"
    )


def test_keys_are_sorted_by_utf16_code_units_as_rfc_8785_asks() -> None:
    # U+1F600 is written as the surrogates D83D DE00 in UTF-16, so it sorts before U+FFFD.
    assert canonical_json({"\ufffd": 1, "\U0001f600": 2, "a": 3}) == (
        '{"a":3,"\U0001f600":2,"\ufffd":1}'.encode()
    )


def test_strings_are_written_as_utf8_with_only_quotes_backslashes_and_controls_escaped() -> None:
    assert canonical_json({"s": 'Ä"\\\n\x01/'}) == '{"s":"Ä\\"\\\\\\n\\u0001/"}'.encode()


@pytest.mark.parametrize(
    "payload", [{"share": 0.5}, {"big": MAX_SAFE_INTEGER + 1}, {"when": datetime.now(UTC)}]
)
def test_a_payload_value_without_one_canonical_form_is_refused(payload: dict) -> None:
    with pytest.raises(PayloadError):
        canonical_json(payload)


def test_timestamps_are_hashed_in_utc_with_microseconds() -> None:
    berlin_winter = timezone(timedelta(hours=1))

    assert format_timestamp(datetime(2025, 3, 1, 10, 30, tzinfo=berlin_winter)) == (
        "2025-03-01T09:30:00.000000Z"
    )
    with pytest.raises(ValueError, match="time zone"):
        format_timestamp(datetime(2025, 3, 1, 10, 30))


def test_an_entry_whose_content_cannot_be_hashed_is_reported_not_raised() -> None:
    entry = next_entry(Head(), created_at=datetime.now(UTC), actor="system", action="test.x")
    broken = dataclasses.replace(entry, payload={"share": 0.5})

    result = verify_chain([broken], head_after(entry))

    assert not result.ok
    assert result.first_broken == 1
    assert "cannot be hashed" in result.reason
