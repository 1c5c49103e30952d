"""The pure voting core: the joint vote, quorum, majorities and refused ballots."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwerk.decisions.domain import voting as v

DEFAULT_RULES = v.Rules()


def steering_group(rules: v.Rules = DEFAULT_RULES) -> v.Body:
    """24 seats, 23 votes: the chair and one department share a vote (2472/2019, 2.1)."""
    seats = [v.Seat("chair", "Chair"), v.Seat("dept/social", "Social affairs")]
    seats += [v.Seat(f"dept/{i}") for i in range(11)]
    seats += [v.Seat("delegate")] + [v.Seat(f"umbrella/{i}") for i in range(8)]
    seats += [v.Seat("elected#1"), v.Seat("elected#2")]
    return v.Body(tuple(seats), (v.JointVote(("chair", "dept/social")),), rules)


HANNOVER = steering_group()
IDS = [s.id for s in HANNOVER.seats]


def everyone() -> list[v.Presence]:
    return [v.Presence(s) for s in IDS]


def test_the_steering_group_has_24_seats_and_23_votes() -> None:
    assert len(HANNOVER.seats) == 24
    assert HANNOVER.total_votes == 23


def test_chair_present_casts_the_joint_vote_and_the_department_cannot() -> None:
    result = v.count(HANNOVER, everyone(), [v.Ballot("chair", v.YES)])
    assert result.present == 23
    assert "chair" in result.casting and "dept/social" not in result.casting
    with pytest.raises(v.Refused) as refused:
        v.count(HANNOVER, everyone(), [v.Ballot("dept/social", v.YES)])
    assert refused.value.problem == v.Problem.JOINT_VOTE
    assert refused.value.by == "chair"


def test_without_the_chair_the_department_casts_the_joint_vote() -> None:
    attendance = [p for p in everyone() if p.seat != "chair"]
    result = v.count(HANNOVER, attendance, [v.Ballot("dept/social", v.NO)])
    assert result.present == 23
    assert result.objections == ("dept/social",)


def test_a_ballot_from_an_absent_seat_is_refused() -> None:
    with pytest.raises(v.Refused) as refused:
        v.count(HANNOVER, [v.Presence("delegate")], [v.Ballot("chair", v.YES)])
    assert refused.value.problem == v.Problem.NOT_PRESENT


def test_a_seat_votes_once() -> None:
    with pytest.raises(v.Refused) as refused:
        v.count(HANNOVER, everyone(), [v.Ballot("delegate", v.YES), v.Ballot("delegate", v.NO)])
    assert refused.value.problem == v.Problem.TWICE


def test_a_seat_without_a_vote_cannot_vote() -> None:
    body = v.Body((v.Seat("a"), v.Seat("advice", votes=False)))
    with pytest.raises(v.Refused) as refused:
        v.count(body, [v.Presence("a"), v.Presence("advice")], [v.Ballot("advice", v.YES)])
    assert refused.value.problem == v.Problem.NO_VOTE
    assert body.total_votes == 1


def test_an_unknown_seat_and_an_unknown_choice_are_refused() -> None:
    with pytest.raises(v.Refused) as refused:
        v.count(HANNOVER, everyone(), [v.Ballot("nobody", v.YES)])
    assert refused.value.problem == v.Problem.UNKNOWN_SEAT
    with pytest.raises(v.Refused) as refused:
        v.count(HANNOVER, everyone(), [v.Ballot("delegate", "maybe")])
    assert refused.value.problem == v.Problem.UNKNOWN_CHOICE


def test_quorum_needs_more_than_half_of_the_23_votes() -> None:
    twelve = [v.Presence(s) for s in IDS[1:13]]  # dept/social casts the joint vote
    eleven = [v.Presence(s) for s in IDS[1:12]]
    assert v.count(HANNOVER, twelve, []).quorate
    assert not v.count(HANNOVER, eleven, []).quorate
    assert not v.count(HANNOVER, eleven, [v.Ballot("dept/social", v.YES)]).carried


def test_abstentions_are_not_votes_cast() -> None:
    ballots = [v.Ballot("delegate", v.YES), v.Ballot("umbrella/0", v.ABSTAIN)]
    ballots += [v.Ballot(f"umbrella/{i}", v.ABSTAIN) for i in range(1, 8)]
    result = v.count(HANNOVER, everyone(), ballots)
    assert (result.yes, result.no, result.abstain) == (1, 0, 8)
    assert result.carried


@pytest.mark.parametrize(
    ("rule", "yes", "no", "carried"),
    [
        ("majority_of_votes_cast", 3, 2, True),
        ("majority_of_votes_cast", 2, 2, False),
        ("majority_of_votes_present", 11, 0, False),
        ("majority_of_votes_present", 12, 0, True),
        ("majority_of_all_votes", 12, 0, True),
        ("two_thirds_of_votes_cast", 8, 4, True),
        ("two_thirds_of_votes_cast", 7, 4, False),
        ("consensus", 5, 1, False),
        ("consensus", 5, 0, True),
    ],
)
def test_each_majority_rule(rule: str, yes: int, no: int, carried: bool) -> None:
    body = steering_group(v.Rules(majority=rule))
    voters = [s for s in IDS if s != "dept/social"]
    ballots = [v.Ballot(s, v.YES) for s in voters[:yes]]
    ballots += [v.Ballot(s, v.NO) for s in voters[yes : yes + no]]
    assert v.count(body, everyone(), ballots).carried is carried


@pytest.mark.parametrize(
    ("rule", "present", "quorate"),
    [
        ("none", 0, True),
        ("half_of_votes", 11, False),
        ("half_of_votes", 12, True),
        ("two_thirds_of_votes", 15, False),
        ("two_thirds_of_votes", 16, True),
    ],
)
def test_each_quorum_rule(rule: str, present: int, quorate: bool) -> None:
    body = steering_group(v.Rules(quorum=rule))
    attendance = [v.Presence(s) for s in IDS[1 : 1 + present]]
    assert v.count(body, attendance, []).quorate is quorate


def test_an_unknown_rule_is_an_error() -> None:
    with pytest.raises(ValueError):
        v.Rules(quorum="most")


# -- properties ----------------------------------------------------------------------
@st.composite
def meetings(draw: st.DrawFn) -> tuple[v.Body, list[v.Presence], list[v.Ballot]]:
    n = draw(st.integers(1, 12))
    seats = tuple(v.Seat(f"s{i}", votes=draw(st.booleans()) or i == 0) for i in range(n))
    ids = [s.id for s in seats]
    free = list(ids)
    joints = []
    for _ in range(draw(st.integers(0, 2))):
        if len(free) < 2:
            break
        group = draw(st.lists(st.sampled_from(free), min_size=2, max_size=3, unique=True))
        free = [s for s in free if s not in group]
        joints.append(v.JointVote(tuple(group)))
    rules = v.Rules(draw(st.sampled_from(v.QUORUM_RULES)), draw(st.sampled_from(v.MAJORITY_RULES)))
    body = v.Body(seats, tuple(joints), rules)
    present = draw(st.sets(st.sampled_from(ids)))
    attendance = [v.Presence(s, s in present) for s in ids]
    casting = v.casting_seats(body, attendance)
    voters = draw(st.lists(st.sampled_from(casting), unique=True)) if casting else []
    ballots = [v.Ballot(s, draw(st.sampled_from(v.CHOICES))) for s in voters]
    return body, attendance, ballots


@given(meetings())
def test_the_joint_vote_never_counts_twice(case: tuple[v.Body, list, list]) -> None:
    body, attendance, ballots = case
    result = v.count(body, attendance, ballots)
    for joint in body.joint_votes:
        assert sum(1 for s in result.casting if s in joint.seats) <= 1
        # Every other present seat of the joint vote is refused.
        for seat in joint.seats:
            if seat in v.present_seats(body, attendance) and seat not in result.casting:
                with pytest.raises(v.Refused):
                    v.count(body, attendance, [v.Ballot(seat, v.YES)])


@given(meetings(), st.data())
def test_an_absent_member_changes_nothing(
    case: tuple[v.Body, list, list], data: st.DataObject
) -> None:
    body, attendance, ballots = case
    seat = data.draw(st.sampled_from([s.id for s in body.seats]))
    more = [*attendance, v.Presence(seat, present=False, person="Someone")]
    assert v.count(body, more, ballots) == v.count(body, attendance, ballots)


@given(meetings())
def test_counts_never_exceed_the_votes_present_nor_those_the_total(
    case: tuple[v.Body, list, list],
) -> None:
    body, attendance, ballots = case
    result = v.count(body, attendance, ballots)
    assert result.yes + result.no + result.abstain <= result.present <= result.total
    assert len(result.objections) == result.no


@given(meetings())
def test_everyone_present_and_all_yes_carries(case: tuple[v.Body, list, list]) -> None:
    body, _attendance, _ballots = case
    attendance = [v.Presence(s.id) for s in body.seats]
    casting = v.casting_seats(body, attendance)
    result = v.count(body, attendance, [v.Ballot(s, v.YES) for s in casting])
    assert result.present == result.total
    assert result.carried
