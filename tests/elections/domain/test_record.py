"""The public record, `planwerk-election-record/1`: reading, checking, recounting, writing."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from planwerk.elections.domain.counting import (
    INVALID_BALLOT,
    ElectionSettings,
    RecordError,
    RoundInput,
)
from planwerk.elections.domain.record import (
    FORMAT,
    Candidate,
    build_record,
    load_document,
    load_record,
    parse_record,
    recount,
    recount_file,
)


def shared_examples() -> Path:
    """The spec's worked examples: $PLANWERK_SHARED_DIR or `shared/` beside the repository."""
    shared = os.environ.get("PLANWERK_SHARED_DIR")
    base = Path(shared) if shared else Path(__file__).resolve().parents[3].parent / "shared"
    return base / "spec" / "election-examples"


EXAMPLES = shared_examples()
GOOD = sorted(p for p in EXAMPLES.glob("*.json") if not p.name.endswith(".expected.json"))
GOOD = [p for p in GOOD if not p.name.startswith("bad-")]
BAD = sorted(EXAMPLES.glob("bad-*.json"))
needs_examples = pytest.mark.skipif(
    not EXAMPLES.is_dir(),
    reason=f"the spec's election examples are not at {EXAMPLES} (set PLANWERK_SHARED_DIR)",
)


@needs_examples
def test_the_spec_has_worked_examples() -> None:
    assert GOOD
    assert BAD


@needs_examples
@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_each_worked_example_recounts_to_its_expected_output(path: Path) -> None:
    expected = json.loads(path.with_name(f"{path.stem}.expected.json").read_text("utf-8"))
    assert recount_file(path.read_bytes()) == expected


@needs_examples
@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_each_bad_example_is_refused_with_one_line(path: Path) -> None:
    with pytest.raises(RecordError) as caught:
        recount(load_document(path.read_text("utf-8")))
    assert "\n" not in str(caught.value)


@needs_examples
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad-ballot-form", "round 1: ballot 1: "),
        ("bad-negative-tally", 'round 1: tally: votes for "c1": must be a whole number'),
        ("bad-round-numbered-twice", "rounds: round 1 is numbered twice"),
        ("bad-unknown-candidate", 'round 1: ballot 4: vote for "c9", who is not a candidate'),
        ("bad-vote-for-eliminated", 'round 2: ballot 1: vote for "c5", who did not advance'),
    ],
)
def test_the_bad_examples_name_their_problem(name: str, message: str) -> None:
    with pytest.raises(RecordError) as caught:
        recount(load_document((EXAMPLES / f"{name}.json").read_text("utf-8")))
    assert str(caught.value).startswith(message)


# A small record of our own: five candidates, so two rounds.


def record(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": FORMAT,
        "election": {
            "title": "Wahl",
            "seats": 2,
            "runoff_size": 4,
            "tie_rule": "lot",
            "lot_seed": "4-1-6-2-5-3",
        },
        "candidates": [
            {"id": f"c{i}", "name": f"Person {i}", "organisation": f"Verein {i}"}
            for i in range(1, 6)
        ],
        "withdrawals": [],
        "rounds": [
            {
                "number": 1,
                "ballots": [{"vote": "c1"}] * 5
                + [{"vote": "c2"}] * 4
                + [{"vote": "c3"}] * 3
                + [{"vote": "c4"}] * 2
                + [{"vote": "c5"}, {"vote": None}, {"invalid": True}],
            },
            {"number": 2, "tally": {"votes": {"c1": 3, "c2": 4, "c3": 1}, "abstentions": 1}},
        ],
    }
    document.update(changes)
    return document


def test_our_record_elects_the_two_best_of_the_runoff() -> None:
    result = recount(record())
    assert result["rounds"][0]["advanced"] == ["c1", "c2", "c3", "c4"]
    assert result["rounds"][0]["abstentions"] == 1
    assert result["rounds"][0]["invalid"] == 1
    assert result["rounds"][1]["tally"] == {"c1": 3, "c2": 4, "c3": 1, "c4": 0}
    assert result["rounds"][1]["invalid"] == 0
    assert result["elected"] == ["c2", "c1"]


def test_the_output_document_has_exactly_the_keys_of_the_spec() -> None:
    result = recount(record())
    assert list(result) == ["rounds", "elected"]
    assert list(result["rounds"][0]) == [
        "number",
        "tally",
        "abstentions",
        "invalid",
        "advanced",
        "elected",
        "lots",
    ]


def test_fields_a_reader_does_not_know_are_ignored() -> None:
    document = record(exported_at="2019-11-14T19:00:00Z")
    document["election"]["body"] = "Lenkungsgruppe"
    document["candidates"][0]["photo"] = "c1.jpg"
    document["rounds"][1]["closed_at"] = "19:30"
    assert recount(document) == recount(record())


def test_a_record_that_stops_after_round_1_elects_nobody_yet() -> None:
    document = record()
    del document["rounds"][1]
    assert recount(document)["elected"] == []


def test_loading_a_record_reads_settings_candidates_and_rounds() -> None:
    loaded = load_record(json.dumps(record(withdrawals=[{"candidate": "c5", "before_round": 2}])))
    assert loaded.settings == ElectionSettings(2, 4, "lot", "4-1-6-2-5-3")
    assert loaded.candidates[0] == Candidate("c1", "Person 1", "Verein 1")
    assert loaded.withdrawals == {"c5": 2}
    assert loaded.rounds[0] == RoundInput(
        1, {"c1": 5, "c2": 4, "c3": 3, "c4": 2, "c5": 1}, abstentions=1, invalid=1
    )
    assert loaded.rounds[1] == RoundInput(2, {"c1": 3, "c2": 4, "c3": 1}, abstentions=1)


def test_equal_ballots_read_from_json_are_counted_correctly_in_any_order() -> None:
    ballots = [{"vote": "c1"}, {"vote": None}, {"invalid": True}, {"vote": "c1"}, {"vote": "c2"}]
    document = record(rounds=[{"number": 1, "ballots": ballots * 3}])
    loaded = load_record(json.dumps(document))
    assert loaded.rounds[0] == RoundInput(1, {"c1": 6, "c2": 3}, abstentions=3, invalid=3)


Change = Callable[[dict[str, Any]], object]


def steps(*changes: Change) -> Change:
    def change(document: dict[str, Any]) -> None:
        for step in changes:
            step(document)

    return change


def setting(key: str, value: object) -> Change:
    return lambda d: d["election"].__setitem__(key, value)


def without(*path: str | int) -> Change:
    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return change


def round_1_ballots(*ballots: object) -> Change:
    return lambda d: d["rounds"].__setitem__(0, {"number": 1, "ballots": list(ballots)})


def round_2_tally(tally: object) -> Change:
    return lambda d: d["rounds"].__setitem__(1, {"number": 2, "tally": tally})


def withdrawals(*entries: object) -> Change:
    return lambda d: d.__setitem__("withdrawals", list(entries))


BROKEN: list[tuple[str, Change, str]] = [
    ("not this format", lambda d: d.__setitem__("format", "other/1"), "not a " + FORMAT),
    ("no format", without("format"), f"not a {FORMAT} record: it has no format"),
    ("no election", without("election"), 'record: "election" is missing'),
    ("election is a list", lambda d: d.__setitem__("election", []), "election: must be an"),
    ("no title", without("election", "title"), 'election: "title" is missing'),
    ("seats is a text", setting("seats", "2"), "election.seats: must be a whole number of at "),
    ("seats is 0", setting("seats", 0), "election.seats: must be a whole number of at least 1"),
    ("seats is true", setting("seats", True), "election.seats: must be a whole number"),
    ("seats is 2.0", setting("seats", 2.0), "election.seats: must be a whole number"),
    ("runoff smaller than seats", setting("runoff_size", 1), "election.runoff_size: must be"),
    ("unknown tie rule", setting("tie_rule", "coin"), 'election.tie_rule: must be "lot" or'),
    ("no tie rule", without("election", "tie_rule"), 'election: "tie_rule" is missing'),
    ("empty seed", setting("lot_seed", ""), "election.lot_seed: must be a non-empty text"),
    ("seed is null", setting("lot_seed", None), "election.lot_seed: must be a non-empty text"),
    ("no candidates", without("candidates"), 'record: "candidates" is missing'),
    (
        "candidate id is a number",
        lambda d: d["candidates"][1].__setitem__("id", 2),
        "candidate 2: id: must be a non-empty text, not the number 2",
    ),
    (
        "candidate without name",
        without("candidates", 0, "name"),
        'candidate 1: "name" is missing',
    ),
    (
        "candidate id twice",
        lambda d: d["candidates"][4].__setitem__("id", "c1"),
        'candidate 5: the id "c1" is given twice',
    ),
    ("no withdrawals", without("withdrawals"), 'record: "withdrawals" is missing'),
    (
        "withdrawal of an unknown candidate",
        withdrawals({"candidate": "c9", "before_round": 2}),
        'withdrawal 1: "c9" is not a candidate',
    ),
    (
        "withdrawal twice",
        withdrawals({"candidate": "c5", "before_round": 2}, {"candidate": "c5", "before_round": 2}),
        'withdrawal 2: "c5" withdraws twice',
    ),
    (
        "withdrawal before round 0",
        withdrawals({"candidate": "c5", "before_round": 0}),
        "withdrawal 1: before_round: must be a whole number of at least 1",
    ),
    (
        "withdrawal before round 3",
        withdrawals({"candidate": "c5", "before_round": 3}),
        'withdrawals: "c5" withdraws before round 3, but the election has only 2 rounds',
    ),
    (
        "withdrawal before a round 2 that an election of four does not have",
        steps(
            lambda d: d["candidates"].pop(),
            lambda d: d.__setitem__("rounds", []),
            withdrawals({"candidate": "c1", "before_round": 2}),
        ),
        'withdrawals: "c1" withdraws before round 2, but the election has only one round',
    ),
    ("rounds is an object", lambda d: d.__setitem__("rounds", {}), "rounds: must be a list"),
    ("round without number", without("rounds", 0, "number"), 'round entry 1: "number" is'),
    (
        "round number is a text",
        lambda d: d["rounds"][0].__setitem__("number", "1"),
        "round entry 1: number: must be a whole number of at least 1",
    ),
    (
        "round with ballots and tally",
        lambda d: d["rounds"][0].__setitem__("tally", {"votes": {}}),
        'round 1: has both "ballots" and "tally"',
    ),
    (
        "round with neither",
        without("rounds", 0, "ballots"),
        'round 1: has neither "ballots" nor "tally"',
    ),
    (
        "ballots is not a list",
        lambda d: d["rounds"][0].__setitem__("ballots", {"vote": "c1"}),
        "round 1: ballots: must be a list, not an object",
    ),
    ("vote is a number", round_1_ballots({"vote": "c1"}, {"vote": 5}), "round 1: ballot 2: "),
    ("invalid is false", round_1_ballots({"invalid": False}), "round 1: ballot 1: "),
    ("invalid is 1", round_1_ballots({"invalid": 1}), "round 1: ballot 1: "),
    ("empty ballot", round_1_ballots({"vote": "c1"}, {}), "round 1: ballot 2: {} is none of"),
    ("ballot is a text", round_1_ballots("c1"), 'round 1: ballot 1: "c1" is none of'),
    (
        "vote for an unknown candidate",
        round_1_ballots({"vote": "c1"}, {"vote": None}, {"vote": "c9"}, {"vote": "c9"}),
        'round 1: ballot 3: vote for "c9", who is not a candidate',
    ),
    (
        "vote for a candidate who withdrew before round 1",
        steps(
            withdrawals({"candidate": "c5", "before_round": 1}),
            round_1_ballots({"vote": "c1"}, {"vote": "c5"}),
            lambda d: d["rounds"].pop(),
        ),
        'round 1: ballot 2: vote for "c5", who withdrew before round 1',
    ),
    (
        "tally for an unknown candidate, even with 0",
        round_2_tally({"votes": {"c1": 1, "x": 0}}),
        'round 2: tally: vote for "x", who is not a candidate',
    ),
    (
        "tally for a candidate who did not advance",
        round_2_tally({"votes": {"c1": 1, "c5": 2}}),
        'round 2: tally: vote for "c5", who did not advance to round 2',
    ),
    (
        "negative tally",
        round_2_tally({"votes": {"c1": -1}}),
        'round 2: tally: votes for "c1": must be a whole number of at least 0, not the number -1',
    ),
    (
        "fractional tally",
        round_2_tally({"votes": {"c1": 1.5}}),
        'round 2: tally: votes for "c1": must be a whole number',
    ),
    (
        "tally of 2.0",
        round_2_tally({"votes": {"c1": 2.0}}),
        'round 2: tally: votes for "c1": must be a whole number',
    ),
    (
        "tally of true",
        round_2_tally({"votes": {"c1": True}}),
        'round 2: tally: votes for "c1": must be a whole number of at least 0, not true',
    ),
    (
        "negative abstentions",
        round_2_tally({"votes": {}, "abstentions": -1}),
        "round 2: tally: abstentions: must be a whole number of at least 0",
    ),
    (
        "invalid as a text",
        round_2_tally({"votes": {}, "invalid": "3"}),
        "round 2: tally: invalid: must be a whole number of at least 0",
    ),
    ("tally without votes", round_2_tally({}), 'round 2: tally: "votes" is missing'),
    ("tally is a list", round_2_tally([]), "round 2: tally: must be an object, not a list"),
    (
        "votes is a list",
        round_2_tally({"votes": []}),
        "round 2: tally: votes: must be an object, not a list",
    ),
    (
        "rounds out of order",
        lambda d: d["rounds"].reverse(),
        "rounds: round 2 comes where round 1 should be",
    ),
    (
        "round 1 missing",
        lambda d: d["rounds"].pop(0),
        "rounds: round 2 comes where round 1 should be",
    ),
    (
        "round numbered twice",
        lambda d: d["rounds"][1].__setitem__("number", 1),
        "rounds: round 1 is numbered twice",
    ),
    (
        "more rounds than the election has",
        lambda d: d["rounds"].append({"number": 3, "tally": {"votes": {}}}),
        "rounds: round 3 is one too many",
    ),
    (
        "vote in round 2 for a candidate who was eliminated",
        lambda d: d["rounds"].__setitem__(
            1, {"number": 2, "ballots": [{"vote": "c1"}, {"vote": None}, {"vote": "c5"}]}
        ),
        'round 2: ballot 3: vote for "c5", who did not advance to round 2',
    ),
    (
        "vote in round 2 for a candidate who withdrew before it",
        steps(
            withdrawals({"candidate": "c2", "before_round": 2}),
            lambda d: d["rounds"].__setitem__(1, {"number": 2, "ballots": [{"vote": "c2"}]}),
        ),
        'round 2: ballot 1: vote for "c2", who withdrew before round 2',
    ),
]


@pytest.mark.parametrize(
    ("change", "message"), [(c, m) for _, c, m in BROKEN], ids=[n for n, _, _ in BROKEN]
)
def test_a_malformed_or_inconsistent_record_is_refused_naming_the_problem(
    change: Change, message: str
) -> None:
    document = copy.deepcopy(record())
    change(document)
    with pytest.raises(RecordError) as caught:
        recount(json.loads(json.dumps(document)))
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)
    # Read from JSON text, with shared ballots, the same message.
    with pytest.raises(RecordError) as caught_from_text:
        recount(load_document(json.dumps(document)))
    assert str(caught_from_text.value) == str(caught.value)


def test_a_record_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(RecordError, match="record: must be an object, not a list"):
        parse_record([])


def test_the_first_wrong_ballot_is_named_even_after_equal_good_ones() -> None:
    ballots = [{"vote": "c1"}] * 3 + [{"vote": "c1", "invalid": True}] + [{"vote": 7}]
    with pytest.raises(RecordError, match=r"^round 1: ballot 4: "):
        recount(record(rounds=[{"number": 1, "ballots": ballots}]))


def test_a_newline_in_a_candidate_id_stays_on_one_line_in_the_message() -> None:
    document = record(rounds=[{"number": 1, "ballots": [{"vote": "c\n9"}]}])
    with pytest.raises(RecordError) as caught:
        recount(document)
    assert str(caught.value) == r'round 1: ballot 1: vote for "c\n9", who is not a candidate'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not JSON: Expecting value at line 1, column 1"),
        ('{"format": ', "not JSON: Expecting value at line 1, column 12"),
        ('{"seats": NaN}', "not JSON: NaN is no JSON number"),
        ('{"a": 1, "a": 2}', 'not a valid record: the key "a" appears twice in an object'),
        ("[" * 100_000 + "]" * 100_000, "not JSON that can be read: nested too deeply"),
        ("1" * 5000, "not JSON that can be read: Exceeds the limit (4300 digits)"),
    ],
)
def test_text_that_is_not_json_is_refused(text: str, message: str) -> None:
    with pytest.raises(RecordError) as caught:
        load_document(text)
    assert str(caught.value).startswith(message)


# Writing a record


PEOPLE = [Candidate(f"c{i}", f"Person {i}", f"Verein {i}") for i in range(1, 6)]
RULES = ElectionSettings(lot_seed="1-2-3-4-5-6")


def test_a_built_record_keeps_the_ballots_in_the_given_order() -> None:
    choices = ["c2", None, "c1", INVALID_BALLOT, "c1", "c3", "c4", "c5"]
    document = build_record(RULES, "Wahl", PEOPLE, {"c5": 2}, [choices])
    assert document["format"] == FORMAT
    assert document["election"] == {
        "title": "Wahl",
        "seats": 2,
        "runoff_size": 4,
        "tie_rule": "lot",
        "lot_seed": "1-2-3-4-5-6",
    }
    assert document["candidates"][0] == {"id": "c1", "name": "Person 1", "organisation": "Verein 1"}
    assert document["withdrawals"] == [{"candidate": "c5", "before_round": 2}]
    assert document["rounds"][0]["ballots"] == [
        {"vote": "c2"},
        {"vote": None},
        {"vote": "c1"},
        {"invalid": True},
        {"vote": "c1"},
        {"vote": "c3"},
        {"vote": "c4"},
        {"vote": "c5"},
    ]


def test_a_built_record_writes_a_paper_round_as_a_tally() -> None:
    first = RoundInput(1, {"c1": 5, "c2": 4, "c3": 3, "c4": 2, "c5": 1})
    second = RoundInput(2, {"c1": 2, "c2": 3}, abstentions=1, invalid=2)
    document = build_record(RULES, "Wahl", PEOPLE, {}, [first, second])
    assert document["rounds"][1] == {
        "number": 2,
        "tally": {"votes": {"c1": 2, "c2": 3}, "abstentions": 1, "invalid": 2},
    }
    assert recount(json.loads(json.dumps(document)))["elected"] == ["c2", "c1"]


def test_a_built_record_survives_json_and_a_recount() -> None:
    document = build_record(RULES, "Wahl", PEOPLE[:3], {}, [["c1", "c2", "c1", None]])
    text = json.dumps(document, ensure_ascii=False)
    assert recount(load_document(text)) == recount(document)
    assert recount(document)["elected"] == ["c1", "c2"]


def test_a_record_is_not_built_before_the_seed_is_entered() -> None:
    with pytest.raises(RecordError, match="the lot seed"):
        build_record(ElectionSettings(), "Wahl", PEOPLE, {}, [])


def test_an_inconsistent_record_is_not_built() -> None:
    with pytest.raises(RecordError, match='round 1: ballot 2: vote for "c9"'):
        build_record(RULES, "Wahl", PEOPLE, {}, [["c1", "c9"]])


def test_a_candidate_cannot_take_the_id_of_an_invalid_ballot() -> None:
    with pytest.raises(RecordError, match="is reserved"):
        build_record(RULES, "Wahl", [Candidate(INVALID_BALLOT, "x", "y")], {}, [])


def test_a_tally_given_in_the_wrong_place_is_refused() -> None:
    with pytest.raises(RecordError, match="round 2 is given as round 1"):
        build_record(RULES, "Wahl", PEOPLE, {}, [RoundInput(2)])


def test_a_huge_number_in_a_record_built_in_memory_is_refused_and_shown_briefly() -> None:
    with pytest.raises(RecordError) as caught:
        recount(record(rounds=[{"number": 1, "tally": {"votes": {"c1": -(10**5000)}}}]))
    assert str(caught.value).startswith('round 1: tally: votes for "c1": must be a whole number')
    assert len(str(caught.value)) < 200
