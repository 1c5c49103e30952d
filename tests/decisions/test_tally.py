"""From the definition and the attendance to the core: 24 seats, 23 votes."""

from __future__ import annotations

from typing import Any

from tests.factories import MembershipFactory, PersonFactory

from planwerk.bodies.models import Membership
from planwerk.decisions.tally import deciding_body, tally, voting_body


def test_the_steering_group_has_24_seats_and_23_votes(world: Any) -> None:
    body = voting_body(world.steering)
    assert len(body.seats) == 24
    assert body.total_votes == 23
    assert body.rules.quorum == "more_than_half_of_votes"
    assert body.rules.majority == "majority_of_votes_cast"
    assert len(world.members) == 24


def test_the_expert_groups_are_decided_by_the_steering_group(world: Any) -> None:
    assert deciding_body(world.group) == world.steering


def test_the_chair_casts_the_joint_vote_and_in_her_absence_the_deputy_seat(world: Any) -> None:
    world.attend()
    t = tally(world.meeting)
    assert len(t.casting()) == 23
    (joint,) = t.body.joint_votes
    chair, deputy = joint.seats
    assert chair in t.casting() and deputy not in t.casting()
    world.attend(absent=(chair,))
    assert deputy in tally(world.meeting).casting()


def test_a_deputy_present_counts_as_the_members_seat(world: Any) -> None:
    key = world.key("delegiertenkonferenz")
    member = world.members[key]
    deputy = MembershipFactory(
        seat=member.seat,
        role=Membership.Role.DEPUTY,
        deputy_of=member,
        person=PersonFactory(kind="external", given_name="Vera", family_name="Treter"),
    )
    world.attend(deputies={key: deputy})
    t = tally(world.meeting)
    assert key in t.casting()
    assert t.seats[key].person == "Vera Treter" and t.seats[key].deputy
