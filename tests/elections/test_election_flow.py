"""An election from the register to the filled seats, as the coordinator runs it."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.elections.factories import meeting, vote

from planwerk.bodies.models import Membership
from planwerk.elections import services
from planwerk.elections.models import Election, Round

pytestmark = pytest.mark.django_db


def test_two_rounds_elect_two_and_fill_the_steering_group_seats(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=12, candidates=6)
    election = m.election
    services.open_round(coordinator, election, Round.Mode.ELECTRONIC)
    vote(m, ["c1", "c1", "c1", "c2", "c2", "c3", "c3", "c4", "c5", "c6", None, "c1"])
    services.close_round(coordinator, election.rounds.get(number=1))

    state = services.election_state(election)
    assert state.seed_needed and state.result is None
    services.enter_seed(coordinator, election, "4-1-6-2-5-3")
    state = services.election_state(election)
    assert state.result is not None
    assert set(state.result.rounds[0].advanced) == {
        "c1",
        "c2",
        "c3",
        *state.result.rounds[0].advanced[3:],
    }
    assert len(state.result.rounds[0].advanced) == 4

    services.open_round(coordinator, election, Round.Mode.ELECTRONIC)
    finalists = state.result.rounds[0].advanced
    vote(m, [finalists[0]] * 6 + [finalists[1]] * 4 + [finalists[2]] * 2)
    services.close_round(coordinator, election.rounds.get(number=2))
    state = services.election_state(election)
    assert state.result.complete
    assert state.result.elected == (finalists[0], finalists[1])

    services.fill_seats(coordinator, election, dt.date(2019, 11, 20))
    held = Membership.objects.filter(seat=election.seat, end__isnull=True)
    assert held.count() == 2
    assert {str(m.person) for m in held} == {
        state.candidate(pid).name for pid in state.result.elected
    }
    election.refresh_from_db()
    assert election.phase == Election.Phase.FINISHED


def test_a_code_votes_once_per_round(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    code = m.codes[m.organisations[0].pk]
    services.cast_ballot(m.election, code, "c1")
    with pytest.raises(services.BallotRefused) as refused:
        services.cast_ballot(m.election, code, "c2")
    assert refused.value.code == "used_code"
    counts = {c.choice: c.count for c in m.election.rounds.get().ballot_counts.all()}
    assert counts["c1"] == 1 and counts["c2"] == 0
