"""Counting the election of the MSO representatives: who advances, who is elected.

This implements "How the rounds are decided" and "The lot" of the public record
format `planwerk-election-record/1` (spec: election-record.md). It is plain Python
over frozen dataclasses, without Django: the web app and the
`planwerk election recount` command count with the same functions.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Final, Literal

TieRule = Literal["lot", "all_advance"]
TIE_RULES: Final[tuple[str, ...]] = ("lot", "all_advance")

#: The choice that stands for an invalid ballot in `RoundInput.from_choices` (a
#: candidate id stands for a vote, None for an abstention).
INVALID_BALLOT: Final = "<invalid>"


class RecordError(ValueError):
    """The election's data is malformed or inconsistent.

    `str(error)` is one line in English that names the problem, e.g.
    `round 2: ballot 5: vote for "c9", who is not a candidate`.
    """


class VoteOutsideField(RecordError):
    """A round has a vote for someone who does not stand in it."""

    def __init__(self, round_number: int, candidate: str, reason: str) -> None:
        self.round_number = round_number
        self.candidate = candidate
        self.reason = reason
        super().__init__(f"round {round_number}: vote for {quote(candidate)}, {reason}")


class SeedRequired(Exception):
    """The result depends on the lot, and the lot seed has not been entered yet.

    Two placed candidates of a round have the same number of votes, so their
    order, and possibly who advances or is elected, is decided by lot keys,
    which need the seed. planwerk shows no such result before the seed is
    entered (election-record.md, "The lot").
    """

    def __init__(self, round_number: int, tied: Sequence[str], lot: bool) -> None:
        self.round_number = round_number
        self.tied = tuple(tied)
        #: True if the lot decides who advances or is elected, not only an order.
        self.lot = lot
        names = _enumerate(quote(c) for c in self.tied)
        what = "who is chosen" if lot else "their order"
        super().__init__(
            f"round {round_number}: {names} have the same number of votes and the lot "
            f"decides {what}; enter the lot seed first"
        )


def quote(text: str) -> str:
    """A text as it is written in messages: in double quotes, escaped like JSON."""
    return json.dumps(text, ensure_ascii=False)


def show(value: object, limit: int = 60) -> str:
    """A value as it is written in messages: as JSON where possible, shortened."""
    try:
        shown = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        try:
            shown = repr(value)
        except (ValueError, RecursionError):  # e.g. an int too long to convert
            shown = f"<{type(value).__name__} too large to show>"
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _enumerate(items: Iterable[str]) -> str:
    words = list(items)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _is_whole(value: object, minimum: int) -> bool:
    # bool is an int in Python, but `true` is no count.
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def lot_key(seed: str, round_number: int, candidate_id: str) -> str:
    """The lot key of a candidate in a round: 64 lowercase hex digits.

    election-record.md, "The lot": SHA-256 of SEED, newline, N, newline, ID, so
    anyone can repeat it with `printf '%s\\n%s\\n%s' SEED N ID | sha256sum`.
    """
    text = f"{seed}\n{round_number}\n{candidate_id}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ElectionSettings:
    """The rules of one election; the defaults are the paper's."""

    # Drucksache 2472/2019, 2.1: two seats; the four best placed go into the runoff.
    seats: int = 2
    runoff_size: int = 4
    tie_rule: TieRule = "lot"
    lot_seed: str | None = None

    def __post_init__(self) -> None:
        if not _is_whole(self.seats, 1):
            raise RecordError(
                f"election.seats: must be a whole number of at least 1, not {show(self.seats)}"
            )
        if not _is_whole(self.runoff_size, self.seats):
            raise RecordError(
                f"election.runoff_size: must be a whole number of at least seats "
                f"({self.seats}), not {show(self.runoff_size)}"
            )
        if self.tie_rule not in TIE_RULES:
            raise RecordError(
                f'election.tie_rule: must be "lot" or "all_advance", not {show(self.tie_rule)}'
            )
        if self.lot_seed is not None and (not isinstance(self.lot_seed, str) or not self.lot_seed):
            raise RecordError(
                f"election.lot_seed: must be a non-empty text, not {show(self.lot_seed)}"
            )


@dataclass(frozen=True)
class RoundInput:
    """What was cast in one round: votes per candidate id, abstentions, invalid ballots.

    A candidate missing from `votes` has 0 votes. `votes` is kept as a read-only
    copy, in the order given.
    """

    number: int
    votes: Mapping[str, int] = field(default_factory=dict)
    abstentions: int = 0
    invalid: int = 0

    def __post_init__(self) -> None:
        if not _is_whole(self.number, 1):
            raise RecordError(
                f"round number: must be a whole number of at least 1, not {show(self.number)}"
            )
        where = f"round {self.number}"
        if not isinstance(self.votes, Mapping):
            raise RecordError(f"{where}: votes must map candidate ids to numbers")
        votes = dict(self.votes)
        for candidate, count in votes.items():
            if not isinstance(candidate, str):
                raise RecordError(f"{where}: votes: {show(candidate)} is not a candidate id")
            if not _is_whole(count, 0):
                raise RecordError(
                    f"{where}: votes for {quote(candidate)}: must be a whole number "
                    f"of at least 0, not {show(count)}"
                )
        for name in ("abstentions", "invalid"):
            value = getattr(self, name)
            if not _is_whole(value, 0):
                raise RecordError(
                    f"{where}: {name}: must be a whole number of at least 0, not {show(value)}"
                )
        object.__setattr__(self, "votes", MappingProxyType(votes))

    @classmethod
    def from_choices(cls, number: int, choices: Iterable[str | None]) -> RoundInput:
        """Count ballots: a candidate id is a vote, None an abstention,
        `INVALID_BALLOT` an invalid ballot."""
        counts = Counter(choices)
        abstentions = counts.pop(None, 0)
        invalid = counts.pop(INVALID_BALLOT, 0)
        votes: dict[str, int] = {}
        for choice, count in counts.items():
            if not isinstance(choice, str):
                raise RecordError(f"round {number}: {show(choice)} is no ballot choice")
            votes[choice] = count
        return cls(number=number, votes=votes, abstentions=abstentions, invalid=invalid)


@dataclass(frozen=True)
class Lot:
    """A tie at the cut-off, decided by lot keys.

    `among`: every candidate the round chose from who has the cut-off number of
    votes, sorted as text; `drawn`: those of them chosen, best placed first.
    """

    among: tuple[str, ...]
    drawn: tuple[str, ...]


@dataclass(frozen=True)
class RoundResult:
    number: int
    #: Votes of every candidate of the round's field, in field order, 0 included.
    tally: Mapping[str, int]
    abstentions: int
    invalid: int
    #: Round 1 of two: who goes into round 2, best placed first.
    advanced: tuple[str, ...]
    #: The deciding round: who is elected, best placed first.
    elected: tuple[str, ...]
    lots: tuple[Lot, ...]
    #: Every candidate with at least one vote, best placed first (a total order).
    placed: tuple[str, ...]

    @property
    def chosen(self) -> tuple[str, ...]:
        return self.advanced or self.elected


@dataclass(frozen=True)
class ElectionResult:
    rounds: tuple[RoundResult, ...]
    #: The deciding round's elected, or () while the record stops before it.
    elected: tuple[str, ...]
    #: 1 if round 1 alone fills the seats, 2 if round 1 is followed by a runoff.
    rounds_needed: int = field(default=1)

    @property
    def complete(self) -> bool:
        return len(self.rounds) == self.rounds_needed


@dataclass(frozen=True)
class _Plan:
    """The candidates, checked, and what follows from them alone."""

    settings: ElectionSettings
    candidates: frozenset[str]
    withdrawals: Mapping[str, int]
    first_field: tuple[str, ...]
    rounds_needed: int


def _plan(
    settings: ElectionSettings, candidate_ids: Sequence[str], withdrawals: Mapping[str, int]
) -> _Plan:
    seen: set[str] = set()
    for candidate in candidate_ids:
        if not isinstance(candidate, str) or not candidate:
            raise RecordError(f"candidates: id must be a non-empty text, not {show(candidate)}")
        if candidate in seen:
            raise RecordError(f"candidates: id {quote(candidate)} is given twice")
        seen.add(candidate)
    for candidate, before_round in withdrawals.items():
        if candidate not in seen:
            raise RecordError(f"withdrawals: {show(candidate)} is not a candidate")
        if not _is_whole(before_round, 1):
            raise RecordError(
                f"withdrawals: {quote(candidate)}: before_round must be a whole number "
                f"of at least 1, not {show(before_round)}"
            )
    # election-record.md, step 1: a candidate who withdraws before round 1 never stands.
    first_field = tuple(c for c in candidate_ids if withdrawals.get(c) != 1)
    # Drucksache 2472/2019, 2.1: the four best placed go into a runoff for the two
    # seats; with four or fewer candidates round 1 cannot eliminate anyone and
    # fills the seats itself.
    needed = 2 if len(first_field) > settings.runoff_size else 1
    for candidate, before_round in withdrawals.items():
        if before_round > needed:
            raise RecordError(
                f"withdrawals: {quote(candidate)} withdraws before round {before_round}, "
                f"but the election has {_rounds_phrase(needed)}"
            )
    return _Plan(
        settings=settings,
        candidates=frozenset(seen),
        withdrawals=MappingProxyType(dict(withdrawals)),
        first_field=first_field,
        rounds_needed=needed,
    )


def _rounds_phrase(needed: int) -> str:
    return "only one round" if needed == 1 else f"only {needed} rounds"


def _check_numbers(plan: _Plan, rounds: Sequence[RoundInput]) -> None:
    seen: set[int] = set()
    for position, round_input in enumerate(rounds, start=1):
        number = round_input.number
        if number in seen:
            raise RecordError(f"rounds: round {number} is numbered twice")
        if number != position:
            raise RecordError(f"rounds: round {number} comes where round {position} should be")
        seen.add(number)
        if number > plan.rounds_needed:
            raise RecordError(
                f"rounds: round {number} is one too many: with {len(plan.first_field)} "
                f"candidates standing and runoff_size {plan.settings.runoff_size} "
                f"the election has {_rounds_phrase(plan.rounds_needed)}"
            )


def _check_votes(plan: _Plan, round_input: RoundInput, field_ids: frozenset[str]) -> None:
    """election-record.md, step 2: a vote outside the round's field is inconsistent."""
    number = round_input.number
    for candidate, count in round_input.votes.items():
        if candidate in field_ids:
            continue
        if candidate not in plan.candidates:
            # Even 0 votes for an unknown id: it is a typo or a wrong record.
            raise VoteOutsideField(number, candidate, "who is not a candidate")
        if count == 0:
            continue
        withdrawn = plan.withdrawals.get(candidate)
        if withdrawn is not None and withdrawn <= number:
            reason = f"who withdrew before round {withdrawn}"
        else:
            reason = f"who did not advance to round {number}"
        raise VoteOutsideField(number, candidate, reason)


@dataclass(frozen=True)
class _Cut:
    """Who is chosen, as far as the votes alone decide it."""

    sure: frozenset[str]
    #: The candidates tied at the cut-off who share the remaining `slots` by lot.
    tied: tuple[str, ...] = ()
    slots: int = 0


def _cut(tally: Mapping[str, int], eligible: Sequence[str], size: int, all_advance: bool) -> _Cut:
    # election-record.md, step 4: if fewer are placed, all placed are chosen and
    # the rest stays open.
    if len(eligible) <= size:
        return _Cut(sure=frozenset(eligible))
    counts = sorted((tally[c] for c in eligible), reverse=True)
    cutoff = counts[size - 1]
    if counts[size] != cutoff:
        return _Cut(sure=frozenset(c for c in eligible if tally[c] >= cutoff))
    above = frozenset(c for c in eligible if tally[c] > cutoff)
    at = tuple(c for c in eligible if tally[c] == cutoff)
    if all_advance:
        # election-record.md, step 5: with tie_rule all_advance, round 1 of two
        # lets every candidate tied at the cut-off advance.
        return _Cut(sure=above | frozenset(at))
    return _Cut(sure=above, tied=at, slots=size - len(above))


def _decide_round(
    plan: _Plan, round_input: RoundInput, field_ids: tuple[str, ...], seed: str | None
) -> RoundResult:
    settings = plan.settings
    number = round_input.number
    deciding = number == plan.rounds_needed
    _check_votes(plan, round_input, frozenset(field_ids))
    votes = round_input.votes
    tally = {c: votes.get(c, 0) for c in field_ids}
    # election-record.md, step 3: only a candidate with at least one vote is placed.
    placed = [c for c in field_ids if tally[c] >= 1]

    by_count: dict[int, list[str]] = {}
    for candidate in placed:
        by_count.setdefault(tally[candidate], []).append(candidate)
    tied_groups = [group for group in by_count.values() if len(group) > 1]

    if deciding:
        size, eligible, all_advance = settings.seats, placed, False
    else:
        # Round 1 of two chooses from those who stay in the election: the next
        # placed moves up in the place of one who withdrew before round 2.
        size = settings.runoff_size
        eligible = [c for c in placed if plan.withdrawals.get(c) != number + 1]
        all_advance = settings.tie_rule == "all_advance"
    cut = _cut(tally, eligible, size, all_advance)

    if seed is None and tied_groups:
        lot = bool(cut.tied)
        raise SeedRequired(number, cut.tied if lot else sorted(tied_groups[0]), lot)

    def place(candidate: str) -> tuple[int, str]:
        # Most votes first; equal votes by lot key, smallest first.
        key = lot_key(seed, number, candidate) if seed is not None else ""
        return (-tally[candidate], key)

    order = tuple(sorted(placed, key=place))
    lots: tuple[Lot, ...] = ()
    chosen_set = cut.sure
    if cut.tied:
        # Drucksache 2472/2019, 2.1 leaves ties open; the process decides them by
        # lot (election-record.md, step 5 and "The lot").
        tied = frozenset(cut.tied)
        drawn = tuple(c for c in order if c in tied)[: cut.slots]
        chosen_set = chosen_set | frozenset(drawn)
        lots = (Lot(among=tuple(sorted(cut.tied)), drawn=drawn),)
    chosen = tuple(c for c in order if c in chosen_set)
    return RoundResult(
        number=number,
        tally=MappingProxyType(tally),
        abstentions=round_input.abstentions,
        invalid=round_input.invalid,
        advanced=() if deciding else chosen,
        elected=chosen if deciding else (),
        lots=lots,
        placed=order,
    )


def _iter_rounds(
    plan: _Plan, rounds: Sequence[RoundInput], seed: str | None
) -> Iterator[RoundResult]:
    _check_numbers(plan, rounds)
    field_ids = plan.first_field
    for round_input in rounds:
        result = _decide_round(plan, round_input, field_ids, seed)
        # election-record.md, step 4: the field of round 2 is who advanced.
        field_ids = result.advanced
        yield result


def count_election(
    settings: ElectionSettings,
    candidate_ids: Sequence[str],
    withdrawals: Mapping[str, int],
    rounds: Sequence[RoundInput],
) -> ElectionResult:
    """Count the rounds there are; `elected` stays () until the deciding round.

    Raises RecordError if the data is inconsistent, and SeedRequired if the
    result depends on the lot while `settings.lot_seed` is None.
    """
    plan = _plan(settings, candidate_ids, withdrawals)
    results = tuple(_iter_rounds(plan, rounds, settings.lot_seed))
    complete = len(results) == plan.rounds_needed
    return ElectionResult(
        rounds=results,
        elected=results[-1].elected if complete else (),
        rounds_needed=plan.rounds_needed,
    )


def announced_rounds(
    settings: ElectionSettings,
    candidate_ids: Sequence[str],
    withdrawals: Mapping[str, int],
    rounds: Sequence[RoundInput],
) -> tuple[RoundResult, ...]:
    """Each round's result as it was announced: counted with the withdrawals known
    when it was shown (before that round or an earlier one), not those made after.

    A withdrawal before round 2 changes who advances from round 1 (the next placed
    moves up, election-record.md step 4), and so, where a lot decided the cut-off,
    the lot of round 1; the meeting saw the result without it, and the minutes say
    both. Raises like count_election.
    """
    results: list[RoundResult] = []
    for number in range(1, len(rounds) + 1):
        known = {c: before for c, before in withdrawals.items() if before <= number}
        counted = count_election(settings, candidate_ids, known, rounds[:number])
        results.append(counted.rounds[number - 1])
    return tuple(results)


@dataclass(frozen=True)
class MoveUp:
    """One who moved into the next round in the place of one who withdrew."""

    #: The round whose placing decided it (1).
    round_number: int
    withdrawn: str
    #: The next placed, or None if nobody else had a vote.
    moved_up: str | None
    #: The lot that decided it among candidates with equal votes, if one did.
    lot: Lot | None = None

    @property
    def by_lot(self) -> bool:
        return self.lot is not None


def moves_up(
    announced: RoundResult, counted: RoundResult, withdrawals: Mapping[str, int]
) -> tuple[MoveUp, ...]:
    """Who moved up in whose place between a round's announced result and its count
    with the withdrawals made after it (Drucksache 2472/2019, 2.1, as the process
    reads it: the next placed takes the place of one who withdraws)."""
    number = announced.number
    gone = [c for c in announced.advanced if withdrawals.get(c) == number + 1]
    new = [c for c in counted.advanced if c not in announced.advanced]
    lots = {c: lot for lot in counted.lots for c in lot.drawn}
    return tuple(
        MoveUp(
            round_number=number,
            withdrawn=candidate,
            moved_up=new[i] if i < len(new) else None,
            lot=lots.get(new[i]) if i < len(new) else None,
        )
        for i, candidate in enumerate(gone)
    )


def rounds_needed(
    settings: ElectionSettings, candidate_ids: Sequence[str], withdrawals: Mapping[str, int]
) -> int:
    """1 if round 1 alone fills the seats, 2 if a runoff follows it."""
    return _plan(settings, candidate_ids, withdrawals).rounds_needed


def field_of_round(
    settings: ElectionSettings,
    candidate_ids: Sequence[str],
    withdrawals: Mapping[str, int],
    number: int,
    earlier_rounds: Sequence[RoundInput] = (),
) -> tuple[str, ...]:
    """Who stands in round `number`, in ballot order.

    Round 1: every candidate who did not withdraw before it, in the given order.
    Round 2: who advanced from round 1 (given in `earlier_rounds`), best placed
    first. Raises RecordError if the election has no such round.
    """
    plan = _plan(settings, candidate_ids, withdrawals)
    if not _is_whole(number, 1) or number > plan.rounds_needed:
        raise RecordError(f"the election has no round {show(number)}")
    if len(earlier_rounds) < number - 1:
        raise RecordError(f"round {number}: the field needs the result of round {number - 1}")
    field_ids = plan.first_field
    for result in _iter_rounds(plan, earlier_rounds[: number - 1], settings.lot_seed):
        field_ids = result.advanced
    return field_ids


def _first_rounds(
    settings: ElectionSettings,
    candidate_ids: Sequence[str],
    withdrawals: Mapping[str, int],
    rounds: Sequence[RoundInput],
) -> Iterator[RoundResult]:
    # Whether a round has a tie does not depend on the seed, nor, if round 1 has
    # no lot, who goes into round 2; any seed will do to find out.
    probe = replace(settings, lot_seed=settings.lot_seed or "probe")
    return _iter_rounds(_plan(probe, candidate_ids, withdrawals), rounds, probe.lot_seed)


def needs_lot(
    settings: ElectionSettings,
    candidate_ids: Sequence[str],
    withdrawals: Mapping[str, int],
    rounds: Sequence[RoundInput],
) -> bool:
    """Whether the lot decides who advances or is elected in one of these rounds.

    Works without the seed, so the app knows to ask for it.
    """
    return any(
        result.lots for result in _first_rounds(settings, candidate_ids, withdrawals, rounds)
    )


def needs_seed(
    settings: ElectionSettings,
    candidate_ids: Sequence[str],
    withdrawals: Mapping[str, int],
    rounds: Sequence[RoundInput],
) -> bool:
    """Whether counting these rounds uses lot keys (placed candidates with equal votes).

    Exactly when count_election raises SeedRequired without a seed. Works
    without the seed.
    """
    for result in _first_rounds(settings, candidate_ids, withdrawals, rounds):
        counts = [result.tally[c] for c in result.placed]
        if len(set(counts)) < len(counts):
            return True
    return False
