"""Counting an election: election-record.md, "How the rounds are decided" and "The lot"."""

from __future__ import annotations

import random
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planwerk.elections.domain.counting import (
    INVALID_BALLOT,
    ElectionResult,
    ElectionSettings,
    Lot,
    RecordError,
    RoundInput,
    SeedRequired,
    count_election,
    field_of_round,
    lot_key,
    needs_lot,
    needs_seed,
    rounds_needed,
)
from planwerk.elections.domain.record import build_record, recount, result_document

SEED = "4-1-6-2-5-3"
SEVEN = tuple(f"c{i}" for i in range(1, 8))
RULES = ElectionSettings(seats=2, runoff_size=4, tie_rule="lot", lot_seed=SEED)


def votes(number: int, abstentions: int = 0, invalid: int = 0, **counts: int) -> RoundInput:
    return RoundInput(number=number, votes=counts, abstentions=abstentions, invalid=invalid)


# The lot


def test_lot_key_is_the_sha256_of_seed_round_and_id() -> None:
    # printf '%s\n%s\n%s' '4-1-6-2-5-3' 1 c4 | sha256sum
    assert lot_key(SEED, 1, "c4") == (
        "cb518df91bf8e48ae6368840d8e192be0b15491f2ef2306e93b4fd8d6a584746"
    )


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="sha256sum is not installed")
@pytest.mark.parametrize(("seed", "number", "candidate"), [(SEED, 1, "c4"), ("x y", 2, "Zoë")])
def test_lot_key_can_be_repeated_by_hand_with_printf_and_sha256sum(
    seed: str, number: int, candidate: str
) -> None:
    printf = subprocess.run(
        ["printf", r"%s\n%s\n%s", seed, str(number), candidate], capture_output=True, check=True
    )
    digest = subprocess.run(["sha256sum"], input=printf.stdout, capture_output=True, check=True)
    assert digest.stdout.decode().split()[0] == lot_key(seed, number, candidate)


def test_lot_keys_differ_between_rounds() -> None:
    assert lot_key(SEED, 1, "c1") != lot_key(SEED, 2, "c1")


# One round or two


def test_five_candidates_need_a_runoff() -> None:
    assert rounds_needed(RULES, SEVEN[:5], {}) == 2


def test_four_candidates_are_decided_in_one_round() -> None:
    assert rounds_needed(RULES, SEVEN[:4], {}) == 1


def test_a_withdrawal_before_round_1_can_make_the_runoff_unnecessary() -> None:
    assert rounds_needed(RULES, SEVEN[:5], {"c5": 1}) == 1


def test_the_field_of_round_1_is_every_candidate_who_stands_in_the_given_order() -> None:
    assert field_of_round(RULES, SEVEN, {"c3": 1}, 1) == ("c1", "c2", "c4", "c5", "c6", "c7")


def test_the_field_of_round_2_is_who_advanced_best_placed_first() -> None:
    first = votes(1, c1=1, c2=8, c3=7, c4=6, c5=9, c6=2, c7=1)
    assert field_of_round(RULES, SEVEN, {}, 2, [first]) == ("c5", "c2", "c3", "c4")


def test_the_field_of_round_2_needs_round_1() -> None:
    with pytest.raises(RecordError, match="needs the result of round 1"):
        field_of_round(RULES, SEVEN, {}, 2)


def test_an_election_of_four_candidates_has_no_round_2() -> None:
    with pytest.raises(RecordError, match="the election has no round 2"):
        field_of_round(RULES, SEVEN[:4], {}, 2, [votes(1, c1=1)])


# Deciding the rounds


def test_the_four_best_placed_advance_and_the_two_best_of_the_runoff_are_elected() -> None:
    result = count_election(
        RULES,
        SEVEN,
        {},
        [
            votes(1, abstentions=2, invalid=1, c1=9, c2=8, c3=7, c4=6, c5=3, c6=2, c7=1),
            votes(2, abstentions=1, invalid=3, c1=5, c2=12, c3=10, c4=7),
        ],
    )
    first, second = result.rounds
    assert first.advanced == ("c1", "c2", "c3", "c4")
    assert first.elected == ()
    assert second.tally == {"c1": 5, "c2": 12, "c3": 10, "c4": 7}
    assert second.elected == ("c2", "c3")
    assert result.elected == ("c2", "c3")
    assert result.complete
    assert (second.abstentions, second.invalid) == (1, 3)


def test_three_tied_for_fourth_place_are_decided_by_lot() -> None:
    result = count_election(
        RULES, SEVEN, {}, [votes(1, abstentions=1, c1=9, c2=8, c3=7, c4=5, c5=5, c6=5, c7=1)]
    )
    (first,) = result.rounds
    # Round 1's lot keys: c5 < c6 < c4.
    assert first.advanced == ("c1", "c2", "c3", "c5")
    assert first.lots == (Lot(among=("c4", "c5", "c6"), drawn=("c5",)),)
    assert first.placed == ("c1", "c2", "c3", "c5", "c6", "c4", "c7")
    assert result.elected == ()
    assert not result.complete


def test_a_tie_for_the_second_seat_in_the_runoff_is_decided_by_lot() -> None:
    result = count_election(
        RULES,
        SEVEN,
        {},
        [
            votes(1, c1=9, c2=8, c3=7, c4=5, c5=5, c6=5, c7=1),
            votes(2, abstentions=1, invalid=2, c1=11, c2=9, c3=9),
        ],
    )
    second = result.rounds[1]
    assert second.tally == {"c1": 11, "c2": 9, "c3": 9, "c5": 0}
    assert second.elected == ("c1", "c2")
    assert second.lots == (Lot(among=("c2", "c3"), drawn=("c2",)),)


def test_a_tie_above_the_cut_off_needs_no_lot() -> None:
    result = count_election(RULES, SEVEN, {}, [votes(1, c1=5, c2=5, c3=5, c4=5, c5=1)])
    assert set(result.rounds[0].advanced) == {"c1", "c2", "c3", "c4"}
    assert result.rounds[0].lots == ()


def test_five_tied_for_four_places_draw_four() -> None:
    result = count_election(RULES, SEVEN, {}, [votes(1, c1=4, c2=4, c3=4, c4=4, c5=4, c6=1)])
    (lot,) = result.rounds[0].lots
    assert lot.among == ("c1", "c2", "c3", "c4", "c5")
    assert lot.drawn == result.rounds[0].advanced
    assert len(lot.drawn) == 4


def test_the_lot_lists_its_candidates_sorted_as_text() -> None:
    ids = ("c10", "c9", "c1", "c2", "c3")
    result = count_election(RULES, ids, {}, [votes(1, c1=5, c2=5, c3=5, c9=3, c10=3)])
    (lot,) = result.rounds[0].lots
    assert lot.among == ("c10", "c9")


def test_with_all_advance_both_tied_for_fourth_place_go_into_the_runoff() -> None:
    rules = replace(RULES, tie_rule="all_advance")
    result = count_election(
        rules,
        SEVEN,
        {},
        [votes(1, c1=9, c2=8, c3=7, c4=5, c5=5, c6=2, c7=1), votes(2, c1=8, c2=6, c4=9)],
    )
    first, second = result.rounds
    assert first.advanced == ("c1", "c2", "c3", "c5", "c4")
    assert first.lots == ()
    assert tuple(second.tally) == ("c1", "c2", "c3", "c5", "c4")
    assert second.elected == ("c4", "c1")


def test_with_all_advance_the_deciding_round_still_draws_lots() -> None:
    rules = replace(RULES, tie_rule="all_advance")
    result = count_election(rules, SEVEN[:3], {}, [votes(1, c1=10, c2=6, c3=6)])
    assert result.elected == ("c1", "c2")
    assert result.rounds[0].lots == (Lot(among=("c2", "c3"), drawn=("c2",)),)


def test_a_candidate_who_withdraws_before_the_runoff_is_replaced_by_the_next_placed() -> None:
    result = count_election(
        RULES, SEVEN, {"c2": 2}, [votes(1, c1=9, c2=8, c3=7, c4=6, c5=4, c6=2, c7=1)]
    )
    assert result.rounds[0].advanced == ("c1", "c3", "c4", "c5")
    assert "c2" in result.rounds[0].placed


def test_a_withdrawn_candidate_takes_no_part_in_the_lot() -> None:
    result = count_election(
        RULES, SEVEN, {"c6": 2}, [votes(1, c1=9, c2=8, c3=7, c4=5, c5=5, c6=5, c7=1)]
    )
    assert result.rounds[0].lots == (Lot(among=("c4", "c5"), drawn=("c5",)),)


def test_a_candidate_who_withdraws_before_round_1_is_not_in_the_tally() -> None:
    ids = (*SEVEN, "c8")
    result = count_election(RULES, ids, {"c8": 1}, [votes(1, c1=1)])
    assert "c8" not in result.rounds[0].tally


def test_a_candidate_without_a_vote_is_never_placed_and_the_seat_stays_open() -> None:
    result = count_election(RULES, SEVEN[:3], {}, [votes(1, abstentions=4, c2=3)])
    assert result.rounds[0].placed == ("c2",)
    assert result.elected == ("c2",)


def test_fewer_placed_than_places_in_the_runoff_all_advance() -> None:
    result = count_election(RULES, SEVEN, {}, [votes(1, c1=2, c2=1), votes(2, c2=1)])
    assert result.rounds[0].advanced == ("c1", "c2")
    assert result.elected == ("c2",)


def test_no_valid_vote_elects_nobody() -> None:
    result = count_election(RULES, SEVEN[:2], {}, [votes(1, abstentions=5, invalid=2)])
    assert result.rounds[0].tally == {"c1": 0, "c2": 0}
    assert result.elected == ()
    assert result.complete


def test_a_record_without_rounds_counts_nothing() -> None:
    assert count_election(RULES, SEVEN, {}, []) == ElectionResult((), (), rounds_needed=2)


def test_zero_votes_for_a_candidate_outside_the_field_are_no_vote() -> None:
    first = votes(1, c1=9, c2=8, c3=7, c4=6, c5=3)
    result = count_election(RULES, SEVEN, {}, [first, votes(2, c1=2, c7=0)])
    assert result.elected == ("c1",)


# Inconsistent data


@pytest.mark.parametrize(
    ("withdrawals", "rounds", "message"),
    [
        ({}, [votes(1, c9=1)], 'round 1: vote for "c9", who is not a candidate'),
        ({}, [votes(1, c9=0)], 'round 1: vote for "c9", who is not a candidate'),
        ({"c7": 1}, [votes(1, c7=1)], 'round 1: vote for "c7", who withdrew before round 1'),
        (
            {},
            [votes(1, c1=9, c2=8, c3=7, c4=6, c5=3), votes(2, c5=1)],
            'round 2: vote for "c5", who did not advance to round 2',
        ),
        (
            {"c1": 2},
            [votes(1, c1=9, c2=8, c3=7, c4=6, c5=3), votes(2, c1=1)],
            'round 2: vote for "c1", who withdrew before round 2',
        ),
        ({}, [votes(2)], "rounds: round 2 comes where round 1 should be"),
        ({}, [votes(1), votes(1)], "rounds: round 1 is numbered twice"),
        ({}, [votes(1), votes(3)], "rounds: round 3 comes where round 2 should be"),
        ({"c9": 2}, [], 'withdrawals: "c9" is not a candidate'),
        ({"c1": 3}, [], 'withdrawals: "c1" withdraws before round 3, but the election has only 2'),
        ({"c1": 0}, [], 'withdrawals: "c1": before_round must be a whole number of at least 1'),
    ],
)
def test_inconsistent_rounds_are_refused_with_a_message_naming_the_problem(
    withdrawals: Mapping[str, int], rounds: Sequence[RoundInput], message: str
) -> None:
    with pytest.raises(RecordError) as caught:
        count_election(RULES, SEVEN, withdrawals, rounds)
    assert str(caught.value).startswith(message)


def test_a_second_round_in_an_election_of_three_is_one_too_many() -> None:
    with pytest.raises(RecordError, match=r"round 2 is one too many.*only one round"):
        count_election(RULES, SEVEN[:3], {}, [votes(1, c1=1), votes(2, c1=1)])


def test_a_withdrawal_before_round_2_of_an_election_with_one_round_is_refused() -> None:
    with pytest.raises(RecordError, match="before round 2, but the election has only one round"):
        count_election(RULES, SEVEN[:3], {"c1": 2}, [])


def test_a_candidate_id_given_twice_is_refused() -> None:
    with pytest.raises(RecordError, match='"c1" is given twice'):
        count_election(RULES, ("c1", "c2", "c1"), {}, [])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"seats": 0}, "election.seats: must be a whole number of at least 1, not 0"),
        ({"seats": True}, "election.seats: must be a whole number of at least 1, not true"),
        (
            {"runoff_size": 1},
            "election.runoff_size: must be a whole number of at least seats (2), not 1",
        ),
        ({"tie_rule": "coin"}, 'election.tie_rule: must be "lot" or "all_advance", not "coin"'),
        ({"lot_seed": ""}, 'election.lot_seed: must be a non-empty text, not ""'),
    ],
)
def test_impossible_settings_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(RecordError) as caught:
        ElectionSettings(**{"seats": 2, "runoff_size": 4, **changes})  # type: ignore[arg-type]
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"votes": {"c1": -1}}, 'round 1: votes for "c1": must be a whole number of at least 0'),
        ({"votes": {"c1": 1.5}}, 'round 1: votes for "c1": must be a whole number of at least 0'),
        ({"votes": {"c1": True}}, 'round 1: votes for "c1": must be a whole number of at least 0'),
        ({"abstentions": -2}, "round 1: abstentions: must be a whole number of at least 0"),
        ({"invalid": 0.5}, "round 1: invalid: must be a whole number of at least 0"),
    ],
)
def test_impossible_figures_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(RecordError, match=message):
        RoundInput(number=1, **kwargs)  # type: ignore[arg-type]


def test_round_input_keeps_a_read_only_copy_of_the_votes() -> None:
    given_votes = {"c1": 1}
    round_input = RoundInput(1, given_votes)
    given_votes["c1"] = 5
    assert round_input.votes == {"c1": 1}
    with pytest.raises(TypeError):
        round_input.votes["c1"] = 2  # type: ignore[index]


def test_ballot_choices_are_counted_as_votes_abstentions_and_invalid_ballots() -> None:
    counted = RoundInput.from_choices(1, ["c1", None, INVALID_BALLOT, "c1", "c2", None])
    assert counted == RoundInput(1, {"c1": 2, "c2": 1}, abstentions=2, invalid=1)


# The seed


def test_a_lot_without_a_seed_asks_for_the_seed() -> None:
    rules = replace(RULES, lot_seed=None)
    rounds = [votes(1, c1=9, c2=8, c3=7, c4=5, c5=5, c6=5, c7=1)]
    assert needs_lot(rules, SEVEN, {}, rounds)
    with pytest.raises(SeedRequired) as caught:
        count_election(rules, SEVEN, {}, rounds)
    assert caught.value.lot
    assert caught.value.tied == ("c4", "c5", "c6")
    assert "enter the lot seed first" in str(caught.value)


def test_equal_votes_away_from_the_cut_off_still_need_the_seed_for_their_order() -> None:
    rules = replace(RULES, lot_seed=None)
    rounds = [votes(1, c1=9, c2=9, c3=7, c4=6, c5=5, c6=1, c7=1)]
    assert not needs_lot(rules, SEVEN, {}, rounds)
    assert needs_seed(rules, SEVEN, {}, rounds)
    with pytest.raises(SeedRequired) as caught:
        count_election(rules, SEVEN, {}, rounds)
    assert not caught.value.lot


def test_a_result_without_equal_votes_is_shown_without_a_seed() -> None:
    rules = replace(RULES, lot_seed=None)
    rounds = [votes(1, c1=9, c2=8, c3=7, c4=6, c5=5, c6=2, c7=1), votes(2, c1=3, c2=2)]
    assert not needs_seed(rules, SEVEN, {}, rounds)
    assert count_election(rules, SEVEN, {}, rounds).elected == ("c1", "c2")


def test_a_lot_in_the_runoff_is_found_without_a_seed() -> None:
    rules = replace(RULES, lot_seed=None)
    rounds = [votes(1, c1=9, c2=8, c3=7, c4=6, c5=5), votes(2, c1=3, c2=2, c3=2)]
    assert needs_lot(rules, SEVEN, {}, rounds)
    assert not needs_lot(rules, SEVEN, {}, rounds[:1])


# Properties


@dataclass(frozen=True)
class Election:
    settings: ElectionSettings
    candidates: tuple[str, ...]
    withdrawals: dict[str, int]
    rounds: tuple[RoundInput, ...]


@st.composite
def elections(draw: st.DrawFn, *, complete: bool = False) -> Election:
    """Small elections with few votes each, so that ties are common."""
    seats = draw(st.integers(1, 3))
    rules = ElectionSettings(
        seats=seats,
        runoff_size=draw(st.integers(seats, 5)),
        tie_rule=draw(st.sampled_from(["lot", "all_advance"])),
        lot_seed=draw(st.text(min_size=1, max_size=12)),
    )
    count = draw(st.integers(0, 9))
    candidates = tuple(f"c{i}" for i in draw(st.permutations(range(1, count + 1))))
    withdrawals: dict[str, int] = {}
    for candidate in candidates:
        if draw(st.integers(0, 5)) == 0:
            withdrawals[candidate] = 1
    needed = rounds_needed(rules, candidates, withdrawals)
    if needed == 2:
        for candidate in candidates:
            if candidate not in withdrawals and draw(st.integers(0, 5)) == 0:
                withdrawals[candidate] = 2
    wanted = needed if complete else draw(st.integers(0, needed))
    rounds: list[RoundInput] = []
    for number in range(1, wanted + 1):
        stand = field_of_round(rules, candidates, withdrawals, number, rounds)
        rounds.append(
            RoundInput(
                number=number,
                votes={c: draw(st.integers(0, 4)) for c in stand},
                abstentions=draw(st.integers(0, 3)),
                invalid=draw(st.integers(0, 3)),
            )
        )
    return Election(rules, candidates, withdrawals, tuple(rounds))


def count(election: Election) -> ElectionResult:
    return count_election(
        election.settings, election.candidates, election.withdrawals, election.rounds
    )


def deciding(election: Election, number: int) -> bool:
    rules, candidates, withdrawals = election.settings, election.candidates, election.withdrawals
    return number == rounds_needed(rules, candidates, withdrawals)


def eligible(election: Election, number: int, placed: Sequence[str]) -> list[str]:
    """Whom round `number` chooses from: round 1 of two skips who withdraws before round 2."""
    if deciding(election, number):
        return list(placed)
    return [c for c in placed if election.withdrawals.get(c) != number + 1]


@given(elections(complete=True))
def test_never_more_are_elected_than_there_are_seats(election: Election) -> None:
    assert len(count(election).elected) <= election.settings.seats


@given(elections())
def test_everyone_chosen_has_at_least_one_vote(election: Election) -> None:
    for result in count(election).rounds:
        assert all(result.tally[c] >= 1 for c in result.chosen)


@given(elections())
def test_the_placed_are_ordered_by_votes_then_by_lot_key(election: Election) -> None:
    seed = election.settings.lot_seed
    assert seed is not None
    for result in count(election).rounds:
        assert set(result.placed) == {c for c, n in result.tally.items() if n >= 1}
        keys = [(-result.tally[c], lot_key(seed, result.number, c)) for c in result.placed]
        assert keys == sorted(keys)


@given(elections())
def test_nobody_unchosen_has_more_votes_than_someone_chosen(election: Election) -> None:
    for result in count(election).rounds:
        left = set(eligible(election, result.number, result.placed)) - set(result.chosen)
        if result.chosen and left:
            assert min(result.tally[c] for c in result.chosen) >= max(result.tally[c] for c in left)


@given(elections())
def test_with_lot_exactly_as_many_advance_as_the_runoff_has_places_or_all_placed(
    election: Election,
) -> None:
    rules = election.settings
    for result in count(election).rounds:
        eligible_placed = eligible(election, result.number, result.placed)
        if deciding(election, result.number):
            assert len(result.elected) == min(rules.seats, len(eligible_placed))
        elif rules.tie_rule == "lot":
            assert len(result.advanced) == min(rules.runoff_size, len(eligible_placed))
        else:
            assert len(result.advanced) >= min(rules.runoff_size, len(eligible_placed))


@given(elections())
def test_a_lot_draws_some_but_not_all_of_those_tied_at_the_cut_off(election: Election) -> None:
    for result in count(election).rounds:
        for lot in result.lots:
            assert list(lot.among) == sorted(lot.among)
            assert len({result.tally[c] for c in lot.among}) == 1
            assert 0 < len(lot.drawn) < len(lot.among)
            assert lot.drawn == tuple(c for c in result.chosen if c in lot.among)
            assert result.tally[result.chosen[-1]] == result.tally[lot.among[0]]


@given(elections(), st.text(min_size=1, max_size=12))
def test_whether_a_lot_is_needed_does_not_depend_on_the_seed(
    election: Election, other_seed: str
) -> None:
    other = replace(election.settings, lot_seed=other_seed)
    assert needs_lot(
        election.settings, election.candidates, election.withdrawals, election.rounds
    ) == needs_lot(other, election.candidates, election.withdrawals, election.rounds)


@given(elections())
def test_without_a_seed_the_result_is_shown_exactly_when_no_lot_key_is_used(
    election: Election,
) -> None:
    seedless = replace(election.settings, lot_seed=None)
    args = (election.candidates, election.withdrawals, election.rounds)
    if needs_seed(seedless, *args):
        with pytest.raises(SeedRequired):
            count_election(seedless, *args)
    else:
        assert count_election(seedless, *args) == count(election)


@given(elections(), st.data())
def test_abstentions_and_invalid_ballots_never_change_who_is_chosen(
    election: Election, data: st.DataObject
) -> None:
    changed = tuple(
        replace(r, abstentions=data.draw(st.integers(0, 50)), invalid=data.draw(st.integers(0, 50)))
        for r in election.rounds
    )
    before = count(election)
    after = count(replace(election, rounds=changed))
    assert [(r.advanced, r.elected, r.lots) for r in before.rounds] == [
        (r.advanced, r.elected, r.lots) for r in after.rounds
    ]
    assert before.elected == after.elected


def ballots_for(round_input: RoundInput, rng: random.Random) -> list[str | None]:
    choices: list[str | None] = []
    for candidate, n in round_input.votes.items():
        choices += [candidate] * n
    choices += [None] * round_input.abstentions + [INVALID_BALLOT] * round_input.invalid
    rng.shuffle(choices)
    return choices


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.randoms(use_true_random=False), st.booleans())
def test_the_recount_of_a_published_record_equals_the_count(
    election: Election, rng: random.Random, as_ballots: bool
) -> None:
    rounds = [ballots_for(r, rng) if as_ballots else r for r in election.rounds]
    record = build_record(
        election.settings,
        "Wahl",
        [(c, f"Name {c}", f"Verein {c}") for c in election.candidates],
        election.withdrawals,
        rounds,
    )
    assert recount(record) == result_document(count(election))


@given(elections(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_of_the_ballots(
    election: Election, rng: random.Random
) -> None:
    def published() -> dict[str, object]:
        rounds = [ballots_for(r, rng) for r in election.rounds]
        people = [(c, c, c) for c in election.candidates]
        return build_record(election.settings, "", people, election.withdrawals, rounds)

    assert recount(published()) == recount(published())
