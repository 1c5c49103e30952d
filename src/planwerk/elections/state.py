"""The election as it stands, read from the database: the register as far as it
is eligible, the candidacies, the rounds and their result, and the questions the
pages ask of it ("can a round be opened now?"). Nothing here changes data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwerk.elections.domain import counting
from planwerk.elections.domain import seed as seed_rules
from planwerk.elections.models import (
    BallotCount,
    Candidacy,
    Election,
    MigrantOrganisation,
    PaperTallyEntry,
    Round,
)


def when(value: dt.datetime) -> str:
    """A moment as people read it in the current language (30.11.2026 18:00)."""
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def eligible_organisations(election: Election) -> Any:
    return MigrantOrganisation.objects.filter(
        process=election.process, active=True, eligibility_confirmed_at__isnull=False
    )


def nominations_are_open(election: Election, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return election.phase == Election.Phase.NOMINATION and now <= election.nomination_deadline


def standing_candidacies(election: Election) -> Any:
    """Candidacies that count for "one candidate per organisation": all but those
    withdrawn before round 1, whose organisation may nominate again."""
    return Candidacy.objects.filter(election=election).exclude(withdrawn_before_round=1)


def field_if_withdrawn(election: Election, candidacy: Candidacy) -> tuple[str, ...]:
    """Who would stand in the next round if this candidate withdrew now: the
    confirmation of a withdrawal says who moves up."""
    state = election_state(election)
    if state.next_round is None or state.next_round == 1 or state.result is None:
        return state.next_field
    withdrawals = {**_withdrawals(state.candidates), candidacy.public_id: state.next_round}
    closed = [
        figures
        for rnd in state.rounds
        if rnd.status == Round.Status.CLOSED and (figures := round_input(rnd)) is not None
    ]
    try:
        return counting.field_of_round(
            _settings(state.election),
            [c.public_id for c in state.candidates],
            withdrawals,
            state.next_round,
            closed,
        )
    except counting.RecordError:
        return state.next_field


# -- rounds ------------------------------------------------------------------------
def _settings(election: Election) -> counting.ElectionSettings:
    return counting.ElectionSettings(
        seats=election.seats,
        runoff_size=election.runoff_size,
        tie_rule=election.tie_rule,  # type: ignore[arg-type]
        lot_seed=election.lot_seed or None,
    )


def _candidates(election: Election) -> list[Candidacy]:
    return list(election.candidacies.select_related("organisation").order_by("pk"))


def _withdrawals(candidates: list[Candidacy]) -> dict[str, int]:
    return {
        c.public_id: c.withdrawn_before_round
        for c in candidates
        if c.withdrawn_before_round is not None
    }


def round_input(rnd: Round) -> counting.RoundInput | None:
    """A closed round's figures, or None while it has none (open, or paper not accepted)."""
    if rnd.mode == Round.Mode.ELECTRONIC:
        counts = {c.choice: c.count for c in rnd.ballot_counts.all()}
        abstentions = counts.pop(BallotCount.ABSTENTION, 0)
        invalid = counts.pop(BallotCount.INVALID, 0)
        return counting.RoundInput(rnd.number, counts, abstentions, invalid)
    entry = next((e for e in rnd.paper_entries.all() if e.accepted), None)
    if entry is None:
        return None
    return counting.RoundInput(rnd.number, dict(entry.votes), entry.abstentions, entry.invalid)


@dataclass
class ElectionState:
    election: Election
    candidates: list[Candidacy]
    rounds: list[Round]
    rounds_needed: int
    result: counting.ElectionResult | None
    seed_needed: bool
    # Who stands in the next round, as far as it is known yet.
    next_field: tuple[str, ...]
    next_round: int | None
    error: str = ""
    #: The figures of the rounds with a result, in order.
    inputs: list[counting.RoundInput] = field(default_factory=list)

    def candidate(self, public_id: str) -> Candidacy:
        return next(c for c in self.candidates if c.public_id == public_id)

    def announced(self) -> tuple[counting.RoundResult, ...]:
        """Each counted round as the meeting saw it: without the withdrawals made
        after it (the next placed moves up then; see `moves_up`)."""
        if self.result is None:
            return ()
        return counting.announced_rounds(
            _settings(self.election),
            [c.public_id for c in self.candidates],
            _withdrawals(self.candidates),
            self.inputs[: len(self.result.rounds)],
        )

    def moves_up(self) -> dict[int, tuple[counting.MoveUp, ...]]:
        """By round number: who moved up in whose place after the round was shown."""
        if self.result is None:
            return {}
        withdrawals = _withdrawals(self.candidates)
        return {
            shown.number: counting.moves_up(shown, counted, withdrawals)
            for shown, counted in zip(self.announced(), self.result.rounds, strict=True)
        }

    @property
    def open_round(self) -> Round | None:
        return next((r for r in self.rounds if r.status == Round.Status.OPEN), None)

    # -- what can be done now: the dashboard offers it, the commands check it again --
    @property
    def before_meeting(self) -> bool:
        """Candidacies can still be corrected (and withdrawn without a round)."""
        return self.election.phase in (Election.Phase.PREPARATION, Election.Phase.NOMINATION)

    @property
    def can_cancel(self) -> bool:
        """Until round 1 opens, the election can be cancelled."""
        phase = self.election.phase
        return phase not in (Election.Phase.FINISHED, Election.Phase.CANCELLED) and not self.rounds

    def round_refusal(self) -> str:
        """Why the next round cannot be opened now ("" if it can)."""
        if self.election.phase != Election.Phase.MEETING:
            return _("Rounds are held during the election meeting only.")
        if self.open_round is not None:
            return _("Round %(n)d is still open.") % {"n": self.open_round.number}
        if self.next_round is None:
            return _("The election has no further round.")
        if self.rounds and self.result is None:
            return _("The result of the previous round must be shown first.")
        if not self.next_field:
            return _("Nobody stands in this round.")
        return ""

    @property
    def can_open_round(self) -> bool:
        """The dashboard offers to open the next round: none is open, one is still
        needed, and the previous round's result has been shown."""
        return (
            self.election.phase == Election.Phase.MEETING
            and self.open_round is None
            and self.next_round is not None
            and (not self.rounds or self.result is not None)
        )

    @property
    def can_enter_seed(self) -> bool:
        """The lot's seed is due: round 1 has closed and no round is open."""
        closed = any(r.status == Round.Status.CLOSED for r in self.rounds)
        return self.seed_needed and self.open_round is None and closed

    @property
    def can_fill_seats(self) -> bool:
        """The result is complete and the seats of a real election are not filled yet."""
        return (
            self.result is not None
            and self.result.complete
            and not self.election.seats_filled_at
            and not self.election.practice
        )


def election_state(election: Election) -> ElectionState:
    # Always from the database: a caller's copy may predate the seed or a withdrawal.
    election = Election.objects.select_related("process", "body", "seat").get(pk=election.pk)
    candidates = _candidates(election)
    ids = [c.public_id for c in candidates]
    withdrawals = _withdrawals(candidates)
    election_settings = _settings(election)
    rounds = list(election.rounds.prefetch_related("ballot_counts", "paper_entries"))
    needed = counting.rounds_needed(election_settings, ids, withdrawals) if ids else 1
    closed_inputs: list[counting.RoundInput] = []
    for rnd in rounds:
        if rnd.status != Round.Status.CLOSED:
            break
        figures = round_input(rnd)
        if figures is None:
            break
        closed_inputs.append(figures)
    result = None
    seed_needed = False
    error = ""
    if closed_inputs:
        # The seed is fixed in public after round 1 closes and before any result is shown.
        if not election.lot_seed:
            seed_needed = True
        else:
            try:
                result = counting.count_election(election_settings, ids, withdrawals, closed_inputs)
            except counting.RecordError as exc:
                error = str(exc)
    next_round = len(rounds) + 1 if len(rounds) < needed else None
    next_field: tuple[str, ...] = ()
    if next_round == 1:
        next_field = tuple(c for c in ids if withdrawals.get(c) != 1)
    elif next_round is not None and result is not None and len(result.rounds) >= next_round - 1:
        # Drucksache 2472/2019, 2.1 (reading): the next placed moves up for one who withdrew.
        next_field = counting.field_of_round(
            election_settings, ids, withdrawals, next_round, closed_inputs
        )
    return ElectionState(
        election,
        candidates,
        rounds,
        needed,
        result,
        seed_needed,
        next_field,
        next_round,
        error,
        closed_inputs,
    )


def round_field(rnd: Round) -> list[str]:
    if rnd.mode == Round.Mode.ELECTRONIC:
        return [
            c.choice
            for c in rnd.ballot_counts.all()
            if c.choice not in (BallotCount.ABSTENTION, BallotCount.INVALID)
        ]
    state = election_state(rnd.election)
    ids = [c.public_id for c in state.candidates]
    closed = [f for r in state.rounds if r.number < rnd.number and (f := round_input(r))]
    return list(
        counting.field_of_round(
            _settings(rnd.election), ids, _withdrawals(state.candidates), rnd.number, closed
        )
    )


def seed_format_text(election: Election) -> str:
    """What a seed of this election looks like, in one sentence."""
    fmt = election.seed_format
    return ngettext(
        "The seed is %(throws)d throw of a die with %(faces)d faces: "
        "a number from 1 to %(faces)d, e.g. %(example)s.",
        "The seed is %(throws)d throws of a die with %(faces)d faces, each a number "
        "from 1 to %(faces)d, written like %(example)s.",
        fmt.throws,
    ) % {"throws": fmt.throws, "faces": fmt.faces, "example": fmt.example}


def _seed_problem(election: Election, refused: seed_rules.SeedRefused) -> str:
    faces = election.seed_faces
    if refused.reason == "not_a_number":
        problem = _("“%(part)s” is not a number.") % {"part": refused.part}
    elif refused.reason == "out_of_range":
        problem = _("%(part)s is not a number from 1 to %(faces)d.") % {
            "part": refused.part,
            "faces": faces,
        }
    elif refused.reason == "count":
        problem = ngettext(
            "You entered %(n)d number.", "You entered %(n)d numbers.", refused.count
        ) % {"n": refused.count}
    else:
        problem = _("Enter the numbers thrown.")
    return f"{problem} {seed_format_text(election)}"


def check_seed(election: Election, seed: str) -> str:
    """The seed as it will be stored, if it can be entered now; ValidationError with
    a message that says what fits otherwise. Changes nothing: the coordinator sees
    the seed once more and confirms it before `enter_seed` fixes it."""
    if election.lot_seed:
        raise ValidationError(
            _("The seed has already been entered: %(seed)s") % {"seed": election.lot_seed}
        )
    rounds = list(election.rounds.all())
    if not any(r.status == Round.Status.CLOSED for r in rounds):
        raise ValidationError(
            _(
                "The seed is entered after round 1 has closed, so that nobody "
                "knows it while votes can be cast."
            )
        )
    if any(r.status == Round.Status.OPEN for r in rounds):
        raise ValidationError(_("The seed cannot be entered while a round is open."))
    try:
        return election.seed_format.parse(seed[:200])
    except seed_rules.SeedRefused as refused:
        raise ValidationError({"seed": [_seed_problem(election, refused)]}) from refused


# -- paper rounds ---------------------------------------------------------------------
def latest_entries(entries: list[PaperTallyEntry]) -> dict[str, PaperTallyEntry]:
    """Each person's latest entry of a paper round: a later entry corrects the earlier
    ones of the same person, which count no more."""
    latest: dict[str, PaperTallyEntry] = {}
    for entry in sorted(entries, key=lambda e: e.pk):
        latest[entry.entered_by] = entry
    return latest


def same_figures(a: PaperTallyEntry, b: PaperTallyEntry) -> bool:
    return (a.votes, a.abstentions, a.invalid) == (b.votes, b.abstentions, b.invalid)
