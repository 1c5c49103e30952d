"""A round as the meeting saw it, and who moved up after a withdrawal; cards_issued."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwerk.elections.domain.counting import (
    ElectionSettings,
    RecordError,
    RoundInput,
    announced_rounds,
    count_election,
    moves_up,
)
from planwerk.elections.domain.record import Candidate, build_record, parse_record, recount

RULES = ElectionSettings(lot_seed="4-1-6-2-5-3")
IDS = [f"c{i}" for i in range(1, 8)]
# 02-lot-at-the-cut-off: c4, c5 and c6 tie for the fourth place; c5 is drawn.
ROUND_ONE = RoundInput(1, {"c1": 9, "c2": 8, "c3": 7, "c4": 5, "c5": 5, "c6": 5, "c7": 1}, 1)


def test_the_announced_round_ignores_a_withdrawal_made_after_it() -> None:
    (shown,) = announced_rounds(RULES, IDS, {"c2": 2}, [ROUND_ONE])
    assert shown.advanced == ("c1", "c2", "c3", "c5")
    assert [lot.drawn for lot in shown.lots] == [("c5",)]


def test_the_next_placed_moves_up_by_the_same_lot_keys() -> None:
    (shown,) = announced_rounds(RULES, IDS, {"c2": 2}, [ROUND_ONE])
    (counted,) = count_election(RULES, IDS, {"c2": 2}, [ROUND_ONE]).rounds
    (move,) = moves_up(shown, counted, {"c2": 2})
    assert (move.withdrawn, move.moved_up, move.by_lot) == ("c2", "c6", True)
    assert move.lot is not None and move.lot.drawn == ("c5", "c6")


def test_a_move_up_without_a_tie_is_not_by_lot() -> None:
    plain = RoundInput(1, {"c1": 9, "c2": 8, "c3": 7, "c4": 6, "c5": 5, "c6": 4, "c7": 1})
    (shown,) = announced_rounds(RULES, IDS, {"c1": 2}, [plain])
    (counted,) = count_election(RULES, IDS, {"c1": 2}, [plain]).rounds
    (move,) = moves_up(shown, counted, {"c1": 2})
    assert (move.moved_up, move.by_lot) == ("c5", False)


def test_nobody_moves_up_when_nobody_else_had_a_vote() -> None:
    few = RoundInput(1, {"c1": 3, "c2": 2, "c3": 1, "c4": 1})
    (shown,) = announced_rounds(RULES, IDS, {"c4": 2}, [few])
    (counted,) = count_election(RULES, IDS, {"c4": 2}, [few]).rounds
    (move,) = moves_up(shown, counted, {"c4": 2})
    assert (move.withdrawn, move.moved_up) == ("c4", None)


@given(st.lists(st.integers(0, 6), min_size=7, max_size=7))
def test_without_later_withdrawals_the_announced_result_is_the_count(votes: list[int]) -> None:
    round_one = RoundInput(1, dict(zip(IDS, votes, strict=True)))
    counted = count_election(RULES, IDS, {}, [round_one]).rounds
    assert announced_rounds(RULES, IDS, {}, [round_one]) == counted


def test_build_record_writes_cards_issued_and_the_reader_keeps_it() -> None:
    people = [Candidate(c, c, "Verein") for c in IDS[:3]]
    document = build_record(RULES, "Wahl", people, {}, [["c1", "c2", None]], cards_issued={1: 4})
    assert document["rounds"][0]["cards_issued"] == 4
    assert parse_record(document).cards_issued == {1: 4}


def test_a_paper_tally_above_its_cards_issued_is_refused() -> None:
    people = [Candidate(c, c, "Verein") for c in IDS[:3]]
    document = build_record(RULES, "Wahl", people, {}, [RoundInput(1, {"c1": 2, "c2": 1}, 1)])
    document["rounds"][0]["cards_issued"] = 3
    with pytest.raises(RecordError, match="round 1: 4 ballots, more than the 3 cards_issued"):
        recount(document)
    document["rounds"][0]["cards_issued"] = "4"
    with pytest.raises(RecordError, match="cards_issued: must be a whole number"):
        recount(document)
