"""The public record of an election, format `planwerk-election-record/1`.

Reading a record (`load_record`, `parse_record`), recounting it (`recount`), and
writing one (`build_record`), as election-record.md describes. Every refusal is
a RecordError with a one-line message that names the problem.

Ballots are counted without one Python object per ballot: the JSON reader
shares one dict between all equal ballots, and a round is counted by object
identity, so a million ballots take well under a second.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final, cast

from .counting import (
    INVALID_BALLOT,
    ElectionResult,
    ElectionSettings,
    RecordError,
    RoundInput,
    TieRule,
    VoteOutsideField,
    count_election,
    quote,
    show,
)

FORMAT: Final = "planwerk-election-record/1"

JSONDict = dict[str, Any]

_BALLOT_FORMS: Final = '{"vote": "<id>"}, {"vote": null} or {"invalid": true}'


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    organisation: str


@dataclass(frozen=True)
class Record:
    """A record read and checked for form; `count_record` checks the rest."""

    title: str
    settings: ElectionSettings
    candidates: tuple[Candidate, ...]
    withdrawals: Mapping[str, int]
    rounds: tuple[RoundInput, ...]
    #: The ballots of electronic rounds, by round number, to name a wrong one.
    ballots: Mapping[int, Sequence[object]] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )
    #: How many voting cards (or ballot papers) were valid in a round, where given.
    cards_issued: Mapping[int, int] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def candidate_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.candidates)


# Reading JSON


def _object_hook() -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """An object_pairs_hook that refuses duplicate keys and shares equal ballots.

    Every one-key object with a text, null or true/false value (every ballot) is
    returned as one shared dict per distinct value: a million ballots become a
    list of a few shared objects. Records are read, never changed, so sharing is
    safe.
    """
    shared: dict[tuple[str, object], dict[str, Any]] = {}

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        if len(pairs) == 1:
            key, value = pairs[0]
            # Only values that equal nothing of another JSON type: 1 == true in
            # Python, so a number is never shared.
            if type(value) is str or value is None or value is True or value is False:
                token = (key, value)
                found = shared.get(token)
                if found is None:
                    found = shared[token] = {key: value}
                return found
            return {key: value}
        result = dict(pairs)
        if len(result) != len(pairs):
            counts = Counter(key for key, _ in pairs)
            twice = next(key for key, n in counts.items() if n > 1)
            raise RecordError(
                f"not a valid record: the key {quote(twice)} appears twice in an object"
            )
        return result

    return hook


def _refuse_constant(name: str) -> object:
    raise RecordError(f"not JSON: {name} is no JSON number")


def load_document(text: str) -> object:
    """Parse JSON text; RecordError if it is not JSON (or has a key twice)."""
    try:
        return json.loads(text, object_pairs_hook=_object_hook(), parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise RecordError(
            f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise RecordError("not JSON that can be read: nested too deeply") from None
    except RecordError:
        raise
    except ValueError as error:  # e.g. a number of more digits than Python converts
        raise RecordError(f"not JSON that can be read: {error}") from None


def load_record(text: str) -> Record:
    """Parse and check the form of a record given as JSON text."""
    return parse_record(load_document(text))


# Checking the form


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the text {show(value)}"
    if isinstance(value, int | float):
        return f"the number {show(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return show(value)


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RecordError(f"{where}: must be an object, not {_kind(value)}")
    return value


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise RecordError(f"{where}: must be a list, not {_kind(value)}")
    return value


def _get(obj: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise RecordError(f"{where}: {quote(key)} is missing")
    return obj[key]


def _text(value: object, where: str, *, empty: bool = True) -> str:
    if not isinstance(value, str) or (not empty and not value):
        need = "a text" if empty else "a non-empty text"
        raise RecordError(f"{where}: must be {need}, not {_kind(value)}")
    return value


def _whole(value: object, where: str, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise RecordError(
            f"{where}: must be a whole number of at least {minimum}, not {_kind(value)}"
        )
    return value


def parse_record(document: object) -> Record:
    """Check the form of a loaded record (a dict from JSON) and read it.

    Votes for someone outside a round's field are found by `count_record`,
    which needs the earlier rounds' results to know the field.
    """
    doc = _object(document, "record")
    fmt = doc.get("format")
    if fmt != FORMAT:
        found = "no format" if "format" not in doc else f"format {_kind(fmt)}"
        raise RecordError(f"not a {FORMAT} record: it has {found}")

    election = _object(_get(doc, "election", "record"), "election")
    title = _text(_get(election, "title", "election"), "election.title")
    seats = _whole(_get(election, "seats", "election"), "election.seats", 1)
    runoff_size = _whole(_get(election, "runoff_size", "election"), "election.runoff_size", 1)
    tie_rule = _text(_get(election, "tie_rule", "election"), "election.tie_rule")
    seed = _text(_get(election, "lot_seed", "election"), "election.lot_seed", empty=False)
    settings = ElectionSettings(
        seats=seats,
        runoff_size=runoff_size,
        tie_rule=cast(TieRule, tie_rule),  # ElectionSettings refuses any other text
        lot_seed=seed,
    )

    candidates: list[Candidate] = []
    known: set[str] = set()
    for position, item in enumerate(_list(_get(doc, "candidates", "record"), "candidates"), 1):
        where = f"candidate {position}"
        entry = _object(item, where)
        candidate = Candidate(
            id=_text(_get(entry, "id", where), f"{where}: id", empty=False),
            name=_text(_get(entry, "name", where), f"{where}: name"),
            organisation=_text(_get(entry, "organisation", where), f"{where}: organisation"),
        )
        if candidate.id in known:
            raise RecordError(f"{where}: the id {quote(candidate.id)} is given twice")
        known.add(candidate.id)
        candidates.append(candidate)

    withdrawals: dict[str, int] = {}
    for position, item in enumerate(_list(_get(doc, "withdrawals", "record"), "withdrawals"), 1):
        where = f"withdrawal {position}"
        entry = _object(item, where)
        candidate_id = _text(_get(entry, "candidate", where), f"{where}: candidate")
        if candidate_id not in known:
            raise RecordError(f"{where}: {quote(candidate_id)} is not a candidate")
        if candidate_id in withdrawals:
            raise RecordError(f"{where}: {quote(candidate_id)} withdraws twice")
        before = _whole(_get(entry, "before_round", where), f"{where}: before_round", 1)
        withdrawals[candidate_id] = before

    rounds: list[RoundInput] = []
    ballots: dict[int, Sequence[object]] = {}
    cards_issued: dict[int, int] = {}
    for position, item in enumerate(_list(_get(doc, "rounds", "record"), "rounds"), 1):
        at = f"round entry {position}"
        entry = _object(item, at)
        number = _whole(_get(entry, "number", at), f"{at}: number", 1)
        where = f"round {number}"
        has_ballots, has_tally = "ballots" in entry, "tally" in entry
        if has_ballots == has_tally:
            if has_ballots:
                raise RecordError(f'{where}: has both "ballots" and "tally"; a round has one')
            raise RecordError(f'{where}: has neither "ballots" nor "tally"')
        if has_ballots:
            round_ballots = _list(entry["ballots"], f"{where}: ballots")
            rounds.append(_count_ballots(number, round_ballots))
            ballots.setdefault(number, round_ballots)
            in_round = len(round_ballots)
        else:
            rounds.append(_read_tally(number, _object(entry["tally"], f"{where}: tally")))
            counted = rounds[-1]
            in_round = sum(counted.votes.values()) + counted.abstentions + counted.invalid
        if "cards_issued" in entry:
            cards = _whole(entry["cards_issued"], f"{where}: cards_issued", 0)
            if in_round > cards:
                raise RecordError(
                    f"{where}: {in_round} ballots, more than the {cards} cards_issued "
                    "(voting cards or ballot papers valid in the round)"
                )
            cards_issued.setdefault(number, cards)

    return Record(
        title=title,
        settings=settings,
        candidates=tuple(candidates),
        withdrawals=MappingProxyType(withdrawals),
        rounds=tuple(rounds),
        ballots=MappingProxyType(ballots),
        cards_issued=MappingProxyType(cards_issued),
    )


def _read_tally(number: int, tally: Mapping[str, Any]) -> RoundInput:
    where = f"round {number}: tally"
    votes = _object(_get(tally, "votes", where), f"{where}: votes")
    for candidate, count in votes.items():
        _whole(count, f"{where}: votes for {quote(candidate)}", 0)
    return RoundInput(
        number=number,
        votes=votes,
        abstentions=_whole(tally.get("abstentions", 0), f"{where}: abstentions", 0),
        invalid=_whole(tally.get("invalid", 0), f"{where}: invalid", 0),
    )


class _Invalid:
    """The choice of an invalid ballot, apart from every candidate id."""


_INVALID: Final = _Invalid()


def _choice(ballot: object) -> str | _Invalid | None:
    """What a ballot says; RecordError if it has none of the three forms."""
    if isinstance(ballot, dict):
        has_vote, has_invalid = "vote" in ballot, "invalid" in ballot
        if has_vote and not has_invalid:
            vote = ballot["vote"]
            if vote is None or isinstance(vote, str):
                return vote
        elif has_invalid and not has_vote and ballot["invalid"] is True:
            return _INVALID
    raise RecordError(f"{show(ballot)} is none of {_BALLOT_FORMS}")


def _count_ballots(number: int, ballots: Sequence[object]) -> RoundInput:
    # Count by identity first: read by load_document, equal ballots are one
    # shared object, so only a few distinct objects need a look.
    counts = Counter(map(id, ballots))
    distinct = dict(zip(map(id, ballots), ballots, strict=True))
    votes: dict[str, int] = {}
    abstentions = invalid = 0
    try:
        for key, ballot in distinct.items():
            choice = _choice(ballot)
            if choice is None:
                abstentions += counts[key]
            elif isinstance(choice, _Invalid):
                invalid += counts[key]
            else:
                votes[choice] = votes.get(choice, 0) + counts[key]
    except RecordError:
        # Name the first wrong ballot, counted from 1.
        for position, ballot in enumerate(ballots, 1):
            try:
                _choice(ballot)
            except RecordError as error:
                raise RecordError(f"round {number}: ballot {position}: {error}") from None
        raise  # pragma: no cover - the loop above finds it
    # The votes keep the order in which candidates first appear, so the first
    # vote outside the field that count_election finds is the first ballot's.
    return RoundInput(number=number, votes=votes, abstentions=abstentions, invalid=invalid)


# Counting


def count_record(record: Record) -> ElectionResult:
    """Recount a record; RecordError names a vote outside its round's field."""
    try:
        return count_election(
            record.settings, record.candidate_ids, record.withdrawals, record.rounds
        )
    except VoteOutsideField as error:
        round_ballots = record.ballots.get(error.round_number)
        if round_ballots is None:
            raise RecordError(
                f"round {error.round_number}: tally: vote for {quote(error.candidate)}, "
                f"{error.reason}"
            ) from None
        for position, ballot in enumerate(round_ballots, 1):
            if isinstance(ballot, dict) and ballot.get("vote") == error.candidate:
                raise RecordError(
                    f"round {error.round_number}: ballot {position}: vote for "
                    f"{quote(error.candidate)}, {error.reason}"
                ) from None
        raise


def result_document(result: ElectionResult) -> JSONDict:
    """The output of `planwerk election recount` (election-record.md, "Output")."""
    return {
        "rounds": [
            {
                "number": r.number,
                "tally": dict(r.tally),
                "abstentions": r.abstentions,
                "invalid": r.invalid,
                "advanced": list(r.advanced),
                "elected": list(r.elected),
                "lots": [{"among": list(lot.among), "drawn": list(lot.drawn)} for lot in r.lots],
            }
            for r in result.rounds
        ],
        "elected": list(result.elected),
    }


def recount(document: object) -> JSONDict:
    """Recount a loaded record and return the output document, without the digest
    of a file (see `recount_file`)."""
    return result_document(count_record(parse_record(document)))


def record_sha256(data: bytes) -> str:
    """The SHA-256 digest of a record's bytes, as `sha256sum FILE` prints it: what the
    minutes and the public result page print, so a reader can tell the published
    record from a changed one."""
    return hashlib.sha256(data).hexdigest()


def decode_record(data: bytes, name: str = "the record") -> str:
    """The text of a record file; RecordError if it is not UTF-8."""
    try:
        # A byte order mark is allowed and ignored (RFC 8259, 8.1).
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RecordError(
            f"{name} is not UTF-8 text (byte {error.start + 1} is not UTF-8)"
        ) from None


def recount_file(data: bytes, name: str = "the record") -> JSONDict:
    """Recount a record given as the bytes of its file: exactly the output of
    `planwerk election recount FILE` (election-record.md, "Output"), with
    `record_sha256`, the digest of exactly these bytes."""
    output = recount(load_document(decode_record(data, name)))
    output["record_sha256"] = record_sha256(data)
    return output


# Writing


def build_record(
    settings: ElectionSettings,
    title: str,
    candidates: Sequence[Candidate | tuple[str, str, str]],
    withdrawals: Mapping[str, int],
    rounds: Sequence[RoundInput | Sequence[str | None]],
    *,
    cards_issued: Mapping[int, int] | None = None,
    check: bool = True,
) -> JSONDict:
    """The public record of an election, ready for `json.dumps`.

    Each round is either the ballots cast electronically, as choices in the
    order they are to be published (a candidate id, None for an abstention,
    INVALID_BALLOT for an invalid ballot; the caller shuffles), or a paper tally
    as a RoundInput whose number is its place. `cards_issued` gives, by round
    number, how many voting cards or ballot papers were valid in the round; it is
    written where given. With `check`, the record is
    recounted before it is returned, so an inconsistent one is never published.
    Equal ballots share one dict: treat the result as read-only.
    """
    if settings.lot_seed is None:
        raise RecordError("election.lot_seed: a record needs the lot seed; enter it first")
    people = [c if isinstance(c, Candidate) else Candidate(*c) for c in candidates]
    for person in people:
        if person.id == INVALID_BALLOT:
            raise RecordError(f"candidates: the id {quote(person.id)} is reserved")
    shared: dict[str | None, dict[str, Any]] = {None: {"vote": None}}
    invalid_ballot: dict[str, Any] = {"invalid": True}
    written: list[JSONDict] = []
    cards = dict(cards_issued or {})
    for position, entry in enumerate(rounds, 1):
        if isinstance(entry, RoundInput):
            if entry.number != position:
                raise RecordError(f"rounds: round {entry.number} is given as round {position}")
            written.append(
                {
                    "number": position,
                    "tally": {
                        "votes": dict(entry.votes),
                        "abstentions": entry.abstentions,
                        "invalid": entry.invalid,
                    },
                }
            )
            if position in cards:
                written[-1]["cards_issued"] = cards[position]
            continue
        if isinstance(entry, str):
            raise RecordError(f"round {position}: ballots must be a list of choices, not a text")
        round_ballots: list[dict[str, Any]] = []
        for choice in entry:
            if choice == INVALID_BALLOT:
                round_ballots.append(invalid_ballot)
                continue
            ballot = shared.get(choice)
            if ballot is None:
                if not isinstance(choice, str):
                    raise RecordError(f"round {position}: {show(choice)} is no ballot choice")
                ballot = shared[choice] = {"vote": choice}
            round_ballots.append(ballot)
        written.append({"number": position, "ballots": round_ballots})
        if position in cards:
            written[-1]["cards_issued"] = cards[position]

    document: JSONDict = {
        "format": FORMAT,
        "election": {
            "title": title,
            "seats": settings.seats,
            "runoff_size": settings.runoff_size,
            "tie_rule": settings.tie_rule,
            "lot_seed": settings.lot_seed,
        },
        "candidates": [
            {"id": p.id, "name": p.name, "organisation": p.organisation} for p in people
        ],
        "withdrawals": [
            {"candidate": candidate, "before_round": before}
            for candidate, before in withdrawals.items()
        ],
        "rounds": written,
    }
    if check:
        count_record(parse_record(document))
    return document
