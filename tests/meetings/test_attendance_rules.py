"""The pure rule of who may represent whom, property-tested."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from planwerk.meetings.domain.attendance import Entry, Problem, check

states = st.sampled_from(["present", "absent", "represented"])


@given(
    st.dictionaries(st.integers(100, 120), st.integers(1, 20)),
    st.integers(1, 20),
    st.integers(100, 120),
)
def test_a_deputy_represents_only_her_member(
    deputy_of: dict[int, int], member: int, deputy: int
) -> None:
    refusals = check([Entry(member, "represented", deputy)], deputy_of)
    assert (refusals == []) == (deputy_of.get(deputy) == member)
    if refusals:
        assert refusals[0].problem == Problem.NOT_HER_DEPUTY


@given(
    st.lists(
        st.tuples(st.integers(1, 20), st.sampled_from(["present", "absent"])),
        unique_by=lambda e: e[0],
    )
)
def test_presence_and_absence_need_no_deputy(entries: list[tuple[int, str]]) -> None:
    assert check([Entry(m, s) for m, s in entries], {}) == []


def test_one_deputy_represents_one_member() -> None:
    refusals = check([Entry(1, "represented", 100), Entry(2, "represented", 100)], {100: 1})
    assert [r.problem for r in refusals] == [Problem.NOT_HER_DEPUTY]
    refusals = check([Entry(1, "represented", 100), Entry(1, "represented", 100)], {100: 1})
    assert [r.problem for r in refusals] == [Problem.DEPUTY_TWICE]
    assert check([Entry(1, "represented")], {})[0].problem == Problem.DEPUTY_MISSING
