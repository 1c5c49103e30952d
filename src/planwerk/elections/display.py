"""What the election pages show: read models for the dashboard, the projector and the
voting page. Reads only; every change goes through `services`.

During an open round nothing here reads the ballot counters: only how many
organisations have voted, never for whom.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwerk.elections import exports, services
from planwerk.elections.domain import counting
from planwerk.elections.models import (
    Candidacy,
    CheckIn,
    CodeUse,
    Election,
    PaperTallyEntry,
    PublishedRecord,
    Round,
)

# The bar chart's geometry, in SVG user units (the chart scales to its container):
# one row per candidate, the name on the left, the bar and its number on the right.
CHART_WIDTH = 1000
BAR_X = 420
BAR_MAX = 500
ROW_HEIGHT = 56


@dataclass(frozen=True)
class Bar:
    candidate: Candidacy
    votes: int
    width: int
    chosen: bool
    top: int

    @property
    def text_y(self) -> int:
        return self.top + 38

    @property
    def bar_y(self) -> int:
        return self.top + 10

    @property
    def x(self) -> int:
        return BAR_X

    @property
    def number_x(self) -> int:
        return BAR_X + self.width + 12


@dataclass(frozen=True)
class LotView:
    among: list[Candidacy]
    drawn: list[Candidacy]
    keys: list[tuple[Candidacy, str]]


@dataclass(frozen=True)
class MoveUpView:
    """One who moved into the next round in the place of one who withdrew after the
    round's result was shown."""

    withdrawn: Candidacy
    moved_up: Candidacy | None
    #: The votes of the one who moved up, in this round.
    votes: int
    before_round: int
    #: The lot that decided it among candidates with equal votes, if one did.
    lot: LotView | None = None


@dataclass(frozen=True)
class RoundView:
    """A counted round, as the projector and the dashboard show it."""

    number: int
    mode: str
    deciding: bool
    bars: list[Bar]
    abstentions: int
    invalid: int
    ballots_cast: int
    #: Voting cards (electronic) or ballot papers (paper) valid in the round.
    present: int
    #: Voting cards used (electronic) or ballot papers counted (paper).
    used: int
    turnout: float | None
    seed: str
    lots: list[LotView]
    chosen: list[Candidacy]
    # The deciding round: seats that no placed candidate could fill.
    open_seats: int
    chart_height: int
    moves: list[MoveUpView] = field(default_factory=list)

    @property
    def nobody_placed(self) -> bool:
        return not any(bar.votes for bar in self.bars)


def organisations_voted(rnd: Round) -> int:
    """How many organisations have voted in a round (a replaced card counts once)."""
    return CodeUse.objects.filter(round=rnd).values("card__organisation_id").distinct().count()


def organisations_present(election: Election, rnd: Round | None = None) -> int:
    """Organisations checked in now, or, for a round, the voting cards (electronic) or
    ballot papers (paper) valid in it: those issued before it opened and while it was
    open (docs/election.md, "Cards issued and cards used")."""
    if rnd is not None and rnd.ballots_handed_out is not None:
        return rnd.ballots_handed_out
    checked_in = CheckIn.objects.filter(election=election)
    if rnd is not None and rnd.closed_at is not None:
        checked_in = checked_in.filter(checked_in_at__lte=rnd.closed_at)
    return checked_in.count()


def cards_used(rnd: Round, ballots_cast: int) -> int:
    """Voting cards used in an electronic round (a replaced card counts once), or the
    ballot papers counted in a paper round."""
    return organisations_voted(rnd) if rnd.mode == Round.Mode.ELECTRONIC else ballots_cast


def _lot_view(state: services.ElectionState, lot: counting.Lot, number: int) -> LotView:
    seed = state.election.lot_seed
    return LotView(
        among=[state.candidate(c) for c in lot.among],
        drawn=[state.candidate(c) for c in lot.drawn],
        keys=[(state.candidate(c), counting.lot_key(seed, number, c)) for c in lot.among],
    )


def round_view(
    state: services.ElectionState,
    result: counting.RoundResult,
    rnd: Round,
    present: int,
    moves: tuple[counting.MoveUp, ...] = (),
) -> RoundView:
    """A round as the meeting saw it (`result` as announced), with who moved up since."""
    election = state.election
    deciding = result.number == state.rounds_needed
    chosen = set(result.chosen)
    most = max(result.tally.values(), default=0) or 1
    bars = [
        Bar(
            candidate=state.candidate(pid),
            votes=votes,
            width=round(BAR_MAX * votes / most),
            chosen=pid in chosen,
            top=i * ROW_HEIGHT,
        )
        # Best placed first, then those without a vote in ballot order.
        for i, (pid, votes) in enumerate(
            [(p, result.tally[p]) for p in result.placed]
            + [(p, v) for p, v in result.tally.items() if p not in result.placed]
        )
    ]
    cast = sum(result.tally.values()) + result.abstentions + result.invalid
    lots = [_lot_view(state, lot, result.number) for lot in result.lots]
    return RoundView(
        number=result.number,
        mode=rnd.mode,
        deciding=deciding,
        bars=bars,
        abstentions=result.abstentions,
        invalid=result.invalid,
        ballots_cast=cast,
        present=present,
        used=cards_used(rnd, cast),
        turnout=round(100 * cast / present, 1) if present else None,
        seed=election.lot_seed,
        lots=lots,
        chosen=[state.candidate(c) for c in result.chosen],
        open_seats=max(election.seats - len(result.elected), 0) if deciding else 0,
        chart_height=max(len(bars), 1) * ROW_HEIGHT,
        moves=[
            MoveUpView(
                withdrawn=state.candidate(move.withdrawn),
                moved_up=state.candidate(move.moved_up) if move.moved_up else None,
                votes=result.tally.get(move.moved_up, 0) if move.moved_up else 0,
                before_round=result.number + 1,
                lot=_lot_view(state, move.lot, result.number) if move.lot else None,
            )
            for move in moves
        ],
    )


def round_views(state: services.ElectionState) -> list[RoundView]:
    """Every counted round, first to last (none while the seed is missing)."""
    if state.result is None:
        return []
    by_number = {r.number: r for r in state.rounds}
    moves = state.moves_up()
    return [
        round_view(
            state,
            shown,
            by_number[shown.number],
            organisations_present(state.election, by_number[shown.number]),
            moves.get(shown.number, ()),
        )
        for shown in state.announced()
    ]


def ballot_order(state: services.ElectionState, public_ids: list[str]) -> list[Candidacy]:
    """Candidates of a round as listed on the ballot: in the order of nomination."""
    wanted = set(public_ids)
    return [c for c in state.candidates if c.public_id in wanted]


@dataclass
class ProjectorView:
    election: Election
    state: services.ElectionState
    open_round: Round | None = None
    field: list[Candidacy] = field(default_factory=list)
    voted: int = 0
    present: int = 0
    last_closed: Round | None = None
    shown: RoundView | None = None


def projector(election: Election) -> ProjectorView:
    """The projector: the open round and how many have voted, or the last result."""
    state = services.election_state(election)
    view = ProjectorView(state.election, state)
    rnd = state.open_round
    if rnd is not None:
        view.open_round = rnd
        view.field = ballot_order(state, services.round_field(rnd))
        view.present = organisations_present(state.election)
        if rnd.mode == Round.Mode.ELECTRONIC:
            view.voted = organisations_voted(rnd)
        return view
    closed = [r for r in state.rounds if r.status == Round.Status.CLOSED]
    if closed:
        view.last_closed = closed[-1]
        number = closed[-1].number
        if state.result is not None and len(state.result.rounds) >= number:
            view.shown = round_view(
                state,
                state.announced()[number - 1],
                closed[-1],
                organisations_present(state.election, closed[-1]),
                state.moves_up().get(number, ()),
            )
    return view


@dataclass(frozen=True)
class PaperStatus:
    entries: list[PaperTallyEntry]
    accepted: bool
    # The two latest entries of two people compared last, and the fields in which they differ.
    compared: tuple[PaperTallyEntry, PaperTallyEntry] | None
    differences: list[str]
    # Entries corrected by a later entry of the same person: they count no more.
    superseded: set[int] = field(default_factory=set)

    @property
    def waiting(self) -> bool:
        return bool(self.entries) and not self.accepted and not self.differences


def paper_status(rnd: Round, candidates: list[Candidacy]) -> PaperStatus:
    """Whether a paper round's entries so far match. Only each person's latest entry
    counts, as when the tally is accepted. Only which fields differ is shown, not the
    figures, so that a second count stays independent."""
    entries = list(rnd.paper_entries.all())
    latest = services.latest_entries(entries)
    counting_pks = {e.pk for e in latest.values()}
    superseded = {e.pk for e in entries if e.pk not in counting_pks}
    if any(e.accepted for e in entries):
        return PaperStatus(entries, True, None, [], superseded)
    if len(latest) < 2:
        return PaperStatus(entries, False, None, [], superseded)
    # The most recent entry against the latest entry of the person who entered before.
    last, other = sorted(latest.values(), key=lambda e: e.pk)[-1:-3:-1]
    names = {c.public_id: c.name for c in candidates}
    differences = [
        _("votes for %(name)s") % {"name": names.get(pid, pid)}
        for pid in sorted(set(last.votes) | set(other.votes), key=lambda p: (len(p), p))
        if last.votes.get(pid, 0) != other.votes.get(pid, 0)
    ]
    if last.abstentions != other.abstentions:
        differences.append(_("abstentions"))
    if last.invalid != other.invalid:
        differences.append(_("invalid ballots"))
    return PaperStatus(entries, False, (other, last), differences, superseded)


def next_step(state: services.ElectionState, checked_in: int) -> str:
    """What the coordination does next, in one sentence."""
    election = state.election
    rnd = state.open_round
    if election.phase == Election.Phase.PREPARATION:
        return _("Open the nominations, so that organisations can nominate their candidate.")
    if election.phase == Election.Phase.NOMINATION:
        if services.nominations_are_open(election):
            return _("Record the nominations. Start the meeting when it begins.")
        return _("The nomination deadline has passed. Start the meeting when it begins.")
    if election.phase == Election.Phase.FINISHED:
        return _("The election is finished and the seats are filled.")
    if rnd is not None:
        if rnd.mode == Round.Mode.PAPER:
            return _(
                "Round %(n)d is held on paper: two people of the committee enter the count, "
                "then close the round."
            ) % {"n": rnd.number}
        return _("Round %(n)d is open: close it when everybody present has voted.") % {
            "n": rnd.number
        }
    if state.seed_needed:
        return ngettext(
            "Throw the die once in front of the meeting and enter the number as the seed; "
            "then the result is shown.",
            "Throw the die %(n)d times in front of the meeting and enter the numbers as the "
            "seed; then the result is shown.",
            election.seed_throws,
        ) % {"n": election.seed_throws}
    if state.error:
        return _("The result cannot be counted: %(error)s") % {"error": state.error}
    if state.result is not None and state.result.complete:
        return _("The result is final: fill the seats of the steering group.")
    if checked_in == 0:
        return _("Check in the organisations present and hand out their voting cards.")
    if state.next_round is not None:
        return _("Open round %(n)d when everybody is ready.") % {"n": state.next_round}
    return _("Nothing to do.")


@dataclass
class ResultPage:
    """The public result page: the elected, every counted round, the lots and the
    digest of the published record."""

    election: Election
    state: services.ElectionState
    rounds: list[RoundView]
    elected: list[Candidacy]
    complete: bool
    open_seats: int
    #: The published record (its bytes are not loaded), once the result is final.
    record: PublishedRecord | None
    #: Whether a preview of the record can be downloaded (the seed is entered).
    preview: bool


def result_page(election: Election) -> ResultPage:
    state = services.election_state(election)
    result = state.result
    complete = bool(result and result.complete and not state.error)
    elected = [state.candidate(pid) for pid in result.elected] if result and complete else []
    return ResultPage(
        election=state.election,
        state=state,
        rounds=round_views(state),
        elected=elected,
        complete=complete,
        open_seats=max(state.election.seats - len(elected), 0) if complete else 0,
        record=exports.published_record(state.election, state),
        preview=bool(state.election.lot_seed) and not complete,
    )
