"""The election's rules, through the services: every bad input is refused with a
clear message and changes nothing stored; the rules of Drucksache 2472/2019, 2.1 and
election-record.md hold."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from tests.elections.factories import Meeting, meeting, new_election, register, vote

from planwerk.audit.models import AuditEntry
from planwerk.bodies.models import Membership
from planwerk.elections import services
from planwerk.elections.models import (
    BallotCount,
    Candidacy,
    CheckIn,
    CodeUse,
    Election,
    MigrantOrganisation,
    PaperTallyEntry,
    Round,
    VotingCard,
)

pytestmark = pytest.mark.django_db

SEED = "4-1-6-2-5-3"


def snapshot() -> dict[str, Any]:
    """Everything a refused input must leave as it was."""
    models = (
        MigrantOrganisation,
        Election,
        Candidacy,
        CheckIn,
        VotingCard,
        Round,
        CodeUse,
        BallotCount,
        PaperTallyEntry,
        AuditEntry,
        Membership,
    )
    return {
        "rows": {m.__name__: m.objects.count() for m in models},
        "counters": sorted(BallotCount.objects.values_list("round_id", "choice", "count")),
        "code_uses": sorted(CodeUse.objects.values_list("card_id", "round_id")),
        "elections": list(Election.objects.order_by("pk").values()),
        "rounds": list(Round.objects.order_by("pk").values()),
        "candidacies": list(Candidacy.objects.order_by("pk").values()),
        "cards": list(VotingCard.objects.order_by("pk").values()),
        "papers": list(PaperTallyEntry.objects.order_by("pk").values()),
        "audit_head": AuditEntry.objects.order_by("-sequence").values_list("sequence").first(),
    }


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The messages are matched in English, whatever the site's language."""
    with translation.override("en"):
        yield


@contextmanager
def refused(match: str) -> Iterator[None]:
    """The block raises a ValidationError whose message matches, and nothing changes."""
    before = snapshot()
    with pytest.raises(ValidationError, match=match):
        yield
    assert snapshot() == before


@pytest.fixture
def second(make_user: Any, hannover: Any) -> Any:
    """A second member of the election committee: paper tallies are entered twice."""
    return make_user("zweite", "coordinator")


def enter_tally(
    users: tuple[Any, Any], rnd: Round, votes: dict[str, int], abstentions: int, invalid: int
) -> None:
    for user in users:
        services.enter_paper_tally(user, rnd, votes, abstentions, invalid)


def round_one(m: Meeting, user: Any, choices: list[str | None], seed: str = SEED) -> None:
    services.open_round(user, m.election, Round.Mode.ELECTRONIC)
    vote(m, choices)
    services.close_round(user, m.election.rounds.get(number=1))
    services.enter_seed(user, m.election, seed)


# -- ballots ---------------------------------------------------------------------------
def test_an_unknown_code_is_refused(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    with refused("code is not known"):
        services.cast_ballot(m.election, "ABCDE-FGHJK", "c1")


def test_a_code_of_another_election_is_unknown_here(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    other = new_election(hannover, coordinator, title="Andere Wahl")
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    with refused("code is not known"):
        services.cast_ballot(other, m.codes[m.organisations[0].pk], "c1")


def test_a_used_code_cannot_vote_a_second_time_in_the_round(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    code = m.codes[m.organisations[0].pk]
    services.cast_ballot(m.election, code, "c1")
    with refused("already voted"):
        services.cast_ballot(m.election, code, "c2")
    with refused("already voted"):
        services.cast_ballot(m.election, code.lower(), None)


def test_a_replaced_card_is_refused_and_its_replacement_does_not_vote_twice(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    org = m.organisations[0]
    old = m.codes[org.pk]
    services.cast_ballot(m.election, old, "c1")
    new = services.replace_card(coordinator, m.election, org).code
    with refused("no longer valid"):
        services.cast_ballot(m.election, old, "c2")
    with refused("already voted"):
        services.cast_ballot(m.election, new, "c2")


def test_a_ballot_before_any_round_opens_is_refused(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    with refused("No round is open"):
        services.cast_ballot(m.election, m.codes[m.organisations[0].pk], "c1")


def test_a_ballot_after_the_round_closed_is_refused(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1", "c2"])
    services.close_round(coordinator, m.election.rounds.get())
    with refused("No round is open"):
        services.cast_ballot(m.election, m.codes[m.organisations[4].pk], "c1")


def test_a_ballot_in_a_paper_round_is_refused(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.PAPER)
    with refused("held on paper"):
        services.cast_ballot(m.election, m.codes[m.organisations[0].pk], "c1")


def test_a_vote_for_an_eliminated_or_unknown_candidate_is_refused(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=15, candidates=6)
    round_one(m, coordinator, ["c1"] * 5 + ["c2"] * 4 + ["c3"] * 3 + ["c4"] * 2 + ["c5"])
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    code = m.codes[m.organisations[0].pk]
    for choice in ("c5", "c6", "c99", "", "invalid"):
        with refused("does not stand in this round"):
            services.cast_ballot(m.election, code, choice)
    # The code was not used up by the refusals.
    services.cast_ballot(m.election, code, "c1")


# -- paper tallies ---------------------------------------------------------------------
def test_a_paper_tally_that_does_not_add_up_to_the_ballots_handed_out_is_refused(
    hannover, coordinator
):
    m = meeting(hannover, coordinator, organisations=6, candidates=3)
    rnd = services.open_round(coordinator, m.election, Round.Mode.PAPER)
    assert rnd.ballots_handed_out == 6
    with refused("add up to 5 ballots, but 6 were handed out"):
        services.enter_paper_tally(coordinator, rnd, {"c1": 3, "c2": 1, "c3": 0}, 1, 0)
    with refused("add up to 7 ballots"):
        services.enter_paper_tally(coordinator, rnd, {"c1": 3, "c2": 2, "c3": 1}, 1, 0)


def test_a_paper_tally_with_a_negative_number_is_refused(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=6, candidates=3)
    rnd = services.open_round(coordinator, m.election, Round.Mode.PAPER)
    with refused("Enter 0 or more"):
        services.enter_paper_tally(coordinator, rnd, {"c1": 7, "c2": -1, "c3": 0}, 0, 0)
    with refused("Enter 0 or more"):
        services.enter_paper_tally(coordinator, rnd, {"c1": 4, "c2": 2, "c3": 1}, -1, 0)
    with refused("Enter 0 or more"):
        services.enter_paper_tally(coordinator, rnd, {"c1": 4, "c2": 2, "c3": 1}, 0, -1)


def test_a_paper_tally_for_a_candidate_outside_the_round_is_refused(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=6, candidates=3)
    rnd = services.open_round(coordinator, m.election, Round.Mode.PAPER)
    with refused("c9 does not stand in this round"):
        services.enter_paper_tally(coordinator, rnd, {"c1": 5, "c9": 1}, 0, 0)


def test_a_round_on_paper_cannot_close_without_two_matching_tallies(hannover, coordinator, second):
    m = meeting(hannover, coordinator, organisations=6, candidates=3)
    rnd = services.open_round(coordinator, m.election, Round.Mode.PAPER)
    services.enter_paper_tally(coordinator, rnd, {"c1": 4, "c2": 2}, 0, 0)
    services.enter_paper_tally(second, rnd, {"c1": 3, "c2": 3}, 0, 0)
    with refused("Enter the paper tally twice"):
        services.close_round(coordinator, rnd)


# -- nominations -------------------------------------------------------------------------
@pytest.fixture
def nominating(hannover: Any, coordinator: Any) -> tuple[Election, list[MigrantOrganisation]]:
    orgs = register(hannover, coordinator, 3)
    election = new_election(hannover, coordinator)
    services.open_nominations(coordinator, election)
    return election, orgs


def nominate(user: Any, election: Election, org: MigrantOrganisation, **extra: Any) -> Candidacy:
    values = {
        "given_name": "Aylin",
        "family_name": "Demir",
        "self_description": "Seit zehn Jahren im Verein aktiv.",
        "consent_to_publication": True,
    }
    values.update(extra)
    return services.nominate(user, election, org, **values)


def test_a_second_nomination_of_an_organisation_is_refused(coordinator, nominating):
    election, orgs = nominating
    nominate(coordinator, election, orgs[0])
    with refused("has already nominated a candidate"):
        nominate(coordinator, election, orgs[0], given_name="Boris")


def test_a_nomination_after_the_deadline_is_refused(coordinator, nominating):
    election, orgs = nominating
    Election.objects.filter(pk=election.pk).update(
        nomination_deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    with refused("Nominations are not open"):
        nominate(coordinator, election, orgs[0])


def test_a_nomination_without_consent_to_publication_is_refused(coordinator, nominating):
    election, orgs = nominating
    with refused("agree to the publication"):
        nominate(coordinator, election, orgs[0], consent_to_publication=False)


def test_a_nomination_by_an_unconfirmed_organisation_is_refused(hannover, coordinator, nominating):
    election, _orgs = nominating
    unconfirmed = services.register_organisation(
        coordinator, MigrantOrganisation(process=hannover, name="Neuer Verein")
    )
    with refused("not a confirmed organisation"):
        nominate(coordinator, election, unconfirmed)


# -- seed and rounds ---------------------------------------------------------------------
def test_the_seed_cannot_be_entered_before_round_one_closes(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=6, candidates=3)
    with refused("after round 1 has closed"):
        services.enter_seed(coordinator, m.election, SEED)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1", "c2"])
    with refused("after round 1 has closed"):
        services.enter_seed(coordinator, m.election, SEED)


def test_the_seed_cannot_be_entered_twice(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=6, candidates=3)
    round_one(m, coordinator, ["c1", "c2", "c1"])
    with refused(f"already been entered: {SEED}"):
        services.enter_seed(coordinator, m.election, "6-6-6-6-6-6")


def test_an_empty_seed_is_refused(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=6, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    services.close_round(coordinator, m.election.rounds.get())
    with refused("Enter the numbers thrown"):
        services.enter_seed(coordinator, m.election, "   ")


def test_a_round_cannot_open_while_another_is_open(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=15, candidates=6)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    with refused("Round 1 is still open"):
        services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    with refused("Round 1 is still open"):
        services.open_round(coordinator, m.election, Round.Mode.PAPER)


def test_the_runoff_cannot_open_before_the_seed_is_entered(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=15, candidates=6)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1"] * 5 + ["c2"] * 4 + ["c3"] * 3 + ["c4"] * 2 + ["c5"])
    services.close_round(coordinator, m.election.rounds.get())
    with refused("must be shown first"):
        services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)


def test_only_the_coordination_may_run_the_election(hannover, coordinator, make_user):
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    member = make_user("mitglied")
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.open_round(member, m.election, Round.Mode.ELECTRONIC)
    assert snapshot() == before


# -- the rules ------------------------------------------------------------------------------
def test_with_four_candidates_the_first_round_decides(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=8, candidates=4)
    state = services.election_state(m.election)
    assert state.rounds_needed == 1
    round_one(m, coordinator, ["c3", "c3", "c3", "c1", "c1", "c2", None, "c4"])
    state = services.election_state(m.election)
    assert state.result is not None and state.result.complete
    assert state.result.elected == ("c3", "c1")
    assert state.result.rounds[0].advanced == ()
    with refused("no further round"):
        services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)


def test_five_candidates_need_a_runoff(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=8, candidates=5)
    assert services.election_state(m.election).rounds_needed == 2


def test_a_runoff_candidate_who_withdraws_is_replaced_by_the_next_placed(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=15, candidates=6)
    round_one(m, coordinator, ["c1"] * 5 + ["c2"] * 4 + ["c3"] * 3 + ["c4"] * 2 + ["c5"])
    assert services.election_state(m.election).next_field == ("c1", "c2", "c3", "c4")
    c3 = Candidacy.objects.get(election=m.election, public_id="c3")
    services.withdraw(coordinator, c3)
    state = services.election_state(m.election)
    assert state.next_field == ("c1", "c2", "c4", "c5")
    rnd = services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    assert sorted(services.round_field(rnd)) == ["c1", "c2", "c4", "c5"]
    with refused("does not stand in this round"):
        services.cast_ballot(m.election, m.codes[m.organisations[0].pk], "c3")


def test_a_candidate_who_did_not_advance_cannot_withdraw_from_the_runoff(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=15, candidates=6)
    round_one(m, coordinator, ["c1"] * 5 + ["c2"] * 4 + ["c3"] * 3 + ["c4"] * 2 + ["c5"])
    c6 = Candidacy.objects.get(election=m.election, public_id="c6")
    with refused("not in the next round"):
        services.withdraw(coordinator, c6)


def test_abstentions_and_invalid_ballots_never_count_as_votes(hannover, coordinator, second):
    m = meeting(hannover, coordinator, organisations=10, candidates=3)
    rnd = services.open_round(coordinator, m.election, Round.Mode.PAPER)
    enter_tally((coordinator, second), rnd, {"c1": 2, "c2": 1, "c3": 0}, 4, 3)
    services.close_round(coordinator, rnd)
    services.enter_seed(coordinator, m.election, SEED)
    result = services.election_state(m.election).result
    assert result is not None
    (only,) = result.rounds
    assert dict(only.tally) == {"c1": 2, "c2": 1, "c3": 0}
    assert (only.abstentions, only.invalid) == (4, 3)
    # c3 has no vote, so is not placed, though seven ballots were cast for nobody.
    assert only.placed == ("c1", "c2")
    assert result.elected == ("c1", "c2")


def test_electronic_abstentions_are_counted_but_elect_nobody(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=6, candidates=3)
    round_one(m, coordinator, ["c2", None, None, None, None, None])
    result = services.election_state(m.election).result
    assert result is not None
    assert result.rounds[0].abstentions == 5
    assert result.elected == ("c2",)  # the second seat stays open


def test_a_round_with_no_valid_vote_elects_nobody(hannover, coordinator, second):
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    rnd = services.open_round(coordinator, m.election, Round.Mode.PAPER)
    enter_tally((coordinator, second), rnd, {}, 3, 2)
    services.close_round(coordinator, rnd)
    services.enter_seed(coordinator, m.election, SEED)
    result = services.election_state(m.election).result
    assert result is not None and result.complete
    assert result.elected == ()
    assert services.fill_seats(coordinator, m.election, dt.date(2019, 11, 20)) == []
    assert not Membership.objects.filter(seat=m.election.seat).exists()


def hand_key(seed: str, round_number: int, candidate: str) -> str:
    """election-record.md, "The lot", computed here without planwerk's code."""
    return hashlib.sha256(f"{seed}\n{round_number}\n{candidate}".encode()).hexdigest()


def test_a_tie_at_the_cut_off_is_drawn_by_lot_from_the_seed(hannover, coordinator):
    # c4, c5 and c6 tie for the fourth place with one vote each.
    choices = ["c1", "c1", "c1", "c2", "c2", "c3", "c3", "c4", "c5", "c6", None, None]
    m = meeting(hannover, coordinator, organisations=12, candidates=6)
    round_one(m, coordinator, choices)
    state = services.election_state(m.election)
    assert state.result is not None
    (lot,) = state.result.rounds[0].lots
    keys = {c: hand_key(SEED, 1, c) for c in ("c4", "c5", "c6")}
    winner = min(keys, key=lambda c: keys[c])
    assert lot.among == ("c4", "c5", "c6")
    assert lot.drawn == (winner,)
    assert state.next_field == ("c1", "c2", "c3", winner)
    # The audit log keeps the draw with every key.
    drawn = AuditEntry.objects.get(action="elections.lot.drawn")
    assert drawn.payload == {
        "round": 1,
        "among": ["c4", "c5", "c6"],
        "drawn": [winner],
        "keys": keys,
    }


def test_tie_rule_all_advance_lets_every_tied_candidate_advance(hannover, coordinator):
    choices = ["c1", "c1", "c1", "c2", "c2", "c3", "c3", "c4", "c5", "c6", None, None]
    m = meeting(hannover, coordinator, organisations=12, candidates=6, tie_rule="all_advance")
    round_one(m, coordinator, choices)
    state = services.election_state(m.election)
    assert state.result is not None
    first = state.result.rounds[0]
    assert first.lots == ()
    assert sorted(first.advanced) == ["c1", "c2", "c3", "c4", "c5", "c6"]
    rnd = services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    assert sorted(services.round_field(rnd)) == ["c1", "c2", "c3", "c4", "c5", "c6"]


def test_a_tie_for_the_second_seat_is_drawn_by_lot_even_with_all_advance(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=6, candidates=3, tie_rule="all_advance")
    round_one(m, coordinator, ["c1", "c1", "c1", "c2", "c3", None])
    result = services.election_state(m.election).result
    assert result is not None
    (lot,) = result.rounds[0].lots
    winner = min(("c2", "c3"), key=lambda c: hand_key(SEED, 1, c))
    assert lot.drawn == (winner,)
    assert result.elected == ("c1", winner)
