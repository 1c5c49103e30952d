"""The pure rules of the stage's paper and the council paper."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwerk.council.domain.rules import (
    Candidate,
    clean_number,
    count_retreats,
    in_order,
    latest_accepted,
    same_number,
)

candidates = st.lists(
    st.builds(Candidate, st.sampled_from("abcd"), st.integers(1, 9), st.booleans())
)


@given(candidates)
def test_the_latest_accepted_version_of_each_body_is_chosen(versions):
    chosen = latest_accepted(versions)
    for body, number in chosen.items():
        assert Candidate(body, number, True) in versions
        assert all(v.number <= number for v in versions if v.body == body and v.accepted)
    assert set(chosen) == {v.body for v in versions if v.accepted}


@given(st.lists(st.integers(0, 9), unique=True), st.sets(st.integers(0, 12)))
def test_present_and_missing_split_the_bodies_in_their_order(expected, present):
    have, missing = in_order(expected, present)
    assert sorted(have + missing, key=expected.index) == expected
    assert set(have) <= present and not set(missing) & present
    assert have == [k for k in expected if k in have]


@given(st.lists(st.booleans()), st.integers(0, 5))
def test_cancelled_retreats_do_not_count(cancelled, needed):
    retreats = count_retreats(cancelled, needed)
    assert retreats.planned == cancelled.count(False)
    assert retreats.short == (retreats.planned < needed)
    assert retreats.missing == max(needed - retreats.planned, 0)


def test_a_number_is_kept_with_its_spaces_collapsed():
    assert clean_number("  2472 /2019 ") == "2472 /2019"
    assert same_number("Ds 2472/2019", "ds  2472/2019")
    with pytest.raises(ValueError, match="required"):
        clean_number(" \n")
    with pytest.raises(ValueError, match="too long"):
        clean_number("1" * 51)
