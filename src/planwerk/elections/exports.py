"""The documents of an election: its public record and its minutes.

The public record (`planwerk-election-record/1`, election-record.md) lets anyone
recount the election with `planwerk election recount FILE`. Electronic rounds are
published as ballots rebuilt from the counters and shuffled with the operating
system's randomness, so their order carries nothing stored. While the election
runs, every download is a preview, built and shuffled anew; once the result is
final, the record is written once and its exact bytes are stored and served from
then on, so that its SHA-256 digest, printed on the minutes and the public result
page, identifies it. The minutes (Wahlniederschrift) are the official account of
the meeting, as HTML and as PDF.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from planwerk.audit.models import AuditHead
from planwerk.audit.services import record as audit
from planwerk.elections.domain import counting
from planwerk.elections.domain.record import Candidate, build_record, record_sha256
from planwerk.elections.invitations import default_base_url
from planwerk.elections.models import (
    Candidacy,
    CheckIn,
    Election,
    PaperTallyEntry,
    PublishedRecord,
    Round,
)
from planwerk.elections.state import (
    ElectionState,
    election_state,
    latest_entries,
    round_input,
    same_figures,
)

# Never ordered by anything stored: the ballots' order comes from the OS's randomness.
_shuffler = secrets.SystemRandom()


class RecordNotAvailable(ValidationError):
    """The public record cannot be published (yet)."""


def _settings(election: Election) -> counting.ElectionSettings:
    return counting.ElectionSettings(
        seats=election.seats,
        runoff_size=election.runoff_size,
        tie_rule="all_advance" if election.tie_rule == Election.TieRule.ALL_ADVANCE else "lot",
        lot_seed=election.lot_seed or None,
    )


def _closed_rounds(state: ElectionState) -> list[tuple[Round, counting.RoundInput]]:
    """The rounds with a result, in order, up to the first without one."""
    closed = []
    for rnd in state.rounds:
        figures = round_input(rnd) if rnd.status == Round.Status.CLOSED else None
        if figures is None:
            break
        closed.append((rnd, figures))
    return closed


def shuffled_ballots(figures: counting.RoundInput) -> list[str | None]:
    """One choice per ballot (a candidate id, None to abstain, INVALID_BALLOT), shuffled."""
    ballots: list[str | None] = []
    for candidate, count in figures.votes.items():
        ballots.extend([candidate] * count)
    ballots.extend([None] * figures.abstentions)
    ballots.extend([counting.INVALID_BALLOT] * figures.invalid)
    _shuffler.shuffle(ballots)
    return ballots


def public_record(election: Election) -> dict[str, Any]:
    """The election's public record: settings, candidates, withdrawals and every
    round with a result. Refused before the lot seed is entered, because no result
    is shown before then (election-record.md, "The lot")."""
    state = election_state(election)
    election = state.election
    if not election.lot_seed:
        raise RecordNotAvailable(
            _(
                "The record is published once round 1 has closed and the lot seed "
                "has been entered; no result is shown before that."
            )
        )
    rounds: list[counting.RoundInput | list[str | None]] = []
    cards_issued: dict[int, int] = {}
    for rnd, figures in _closed_rounds(state):
        rounds.append(shuffled_ballots(figures) if rnd.mode == Round.Mode.ELECTRONIC else figures)
        if rnd.ballots_handed_out is not None:
            cards_issued[rnd.number] = rnd.ballots_handed_out
    try:
        return build_record(
            _settings(election),
            election.title,
            [Candidate(c.public_id, c.name, c.organisation.name) for c in state.candidates],
            {
                c.public_id: c.withdrawn_before_round
                for c in state.candidates
                if c.withdrawn_before_round is not None
            },
            rounds,
            cards_issued=cards_issued,
        )
    except counting.RecordError as exc:
        raise RecordNotAvailable(
            _("The election's data is inconsistent and cannot be published: %(error)s")
            % {"error": exc}
        ) from exc


def record_filename(election: Election, *, final: bool = True) -> str:
    return (
        f"wahlergebnis-{election.pk}.json" if final else f"wahlergebnis-{election.pk}-vorschau.json"
    )


def encode_record(document: dict[str, Any]) -> bytes:
    """The bytes of a record file: UTF-8 JSON, one item per line, a newline at the end."""
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@dataclass(frozen=True)
class RecordFile:
    content: bytes
    sha256: str
    #: True once the result is final: these bytes are the published record, for good.
    final: bool
    published_at: dt.datetime | None = None


def _is_final(state: ElectionState) -> bool:
    return state.result is not None and state.result.complete and not state.error


def published_record(
    election: Election, state: ElectionState | None = None, *, actor: Any = None
) -> PublishedRecord | None:
    """The election's published record (without its bytes), written now if the result
    is final and it has not been written yet; None while the election runs.

    The record is fixed when the result becomes final: when the last round needed
    has closed with the lot seed entered (close_round and enter_seed call this). An
    election whose result was final before planwerk stored records gets its record
    on the first request for it.
    """
    stored = PublishedRecord.objects.defer("content").filter(election=election).first()
    if stored is not None:
        return stored
    state = state or election_state(election)
    if not _is_final(state):
        return None
    with transaction.atomic():
        Election.objects.select_for_update().get(pk=election.pk)
        stored = PublishedRecord.objects.defer("content").filter(election=election).first()
        if stored is not None:
            return stored  # written by a request that held the lock first
        content = encode_record(public_record(election))
        stored = PublishedRecord.objects.create(
            election=election, content=content, sha256=record_sha256(content)
        )
        audit(
            "elections.record.published",
            actor=actor,
            obj=election,
            payload={"sha256": stored.sha256, "bytes": len(content)},
        )
    return stored


def record_bytes(election: Election) -> RecordFile:
    """The record to download: the published bytes once the result is final, else a
    preview built (and shuffled) anew. RecordNotAvailable before the lot seed."""
    stored = published_record(election)
    if stored is not None:
        content = bytes(PublishedRecord.objects.values_list("content", flat=True).get(pk=stored.pk))
        return RecordFile(content, stored.sha256, True, stored.published_at)
    content = encode_record(public_record(election))
    return RecordFile(content, record_sha256(content), False)


# -- the minutes (Wahlniederschrift) ------------------------------------------------
@dataclass(frozen=True)
class TallyRow:
    candidacy: Candidacy
    votes: int
    place: int | None
    chosen: bool
    #: Moved up into the next round in the place of this candidate, who withdrew.
    in_place_of: Candidacy | None = None


@dataclass(frozen=True)
class LotKey:
    candidacy: Candidacy
    key: str
    drawn: bool


@dataclass(frozen=True)
class PaperEntryLine:
    """One entry of a paper round's tally, as the minutes list it."""

    entry: PaperTallyEntry
    #: Corrected by a later entry of the same person: it counts no more.
    superseded: bool
    accepted: bool
    #: The accepted entry's match, or for the matched entry the accepted one.
    matched_with: PaperTallyEntry | None
    #: Votes per candidate (in the order of `RoundMinutes.paper_columns`), abstentions, invalid.
    figures: list[int]


@dataclass(frozen=True)
class MoveUpLine:
    """One who moved into the next round in the place of one who withdrew."""

    withdrawn: Candidacy
    moved_up: Candidacy | None
    votes: int
    before_round: int
    #: The lot keys that decided it among candidates with equal votes, if any did.
    lot: list[LotKey]


@dataclass
class RoundMinutes:
    rnd: Round
    deciding: bool
    #: Whether the figures may be shown: the round is closed and the seed entered.
    shown: bool = False
    #: Voting cards (electronic) or ballot papers (paper) valid in the round.
    cards_issued: int | None = None
    #: Voting cards used (electronic) or ballot papers counted (paper).
    cards_used: int | None = None
    issued_while_open: list[CheckIn] = field(default_factory=list)
    rows: list[TallyRow] = field(default_factory=list)
    abstentions: int = 0
    invalid: int = 0
    lots: list[list[LotKey]] = field(default_factory=list)
    moves: list[MoveUpLine] = field(default_factory=list)
    entered_by: list[str] = field(default_factory=list)
    #: Every entry of a paper round's tally, corrections included, in order.
    paper_entries: list[PaperEntryLine] = field(default_factory=list)
    paper_columns: list[Candidacy] = field(default_factory=list)

    @property
    def valid_votes(self) -> int:
        return sum(row.votes for row in self.rows)

    @property
    def ballots_counted(self) -> int:
        return self.valid_votes + self.abstentions + self.invalid


def _paper_minutes(minutes: RoundMinutes, rnd: Round, by_id: dict[str, Candidacy]) -> None:
    entries = sorted(rnd.paper_entries.all(), key=lambda e: e.pk)
    latest = latest_entries(entries)
    accepted = next((e for e in entries if e.accepted), None)
    confirmed = None
    if accepted is not None:
        confirmed = next((e for e in entries if e.pk == accepted.confirms_id), None) or next(
            # Accepted before the matched entry was stored with it.
            (
                e
                for who, e in latest.items()
                if who != accepted.entered_by and same_figures(e, accepted)
            ),
            None,
        )
        minutes.entered_by = sorted(
            {accepted.entered_by} | ({confirmed.entered_by} if confirmed else set())
        )
    counting_pks = {e.pk for e in latest.values()}
    # The candidates in ballot order, as the committee entered them.
    standing = set(entries[0].votes) if entries else set()
    minutes.paper_columns = [c for c in by_id.values() if c.public_id in standing]
    minutes.paper_entries = [
        PaperEntryLine(
            entry=e,
            superseded=e.pk not in counting_pks,
            accepted=e.accepted,
            matched_with=confirmed if e is accepted else accepted if e is confirmed else None,
            figures=[
                *(e.votes.get(c.public_id, 0) for c in minutes.paper_columns),
                e.abstentions,
                e.invalid,
            ],
        )
        for e in entries
    ]


def _round_minutes(
    state: ElectionState,
    rnd: Round,
    figures: counting.RoundInput | None,
    by_id: dict[str, Candidacy],
    present: list[CheckIn],
    announced: tuple[counting.RoundResult, ...],
    moves: tuple[counting.MoveUp, ...],
) -> RoundMinutes:
    minutes = RoundMinutes(rnd=rnd, deciding=rnd.number == state.rounds_needed)
    minutes.cards_issued = rnd.ballots_handed_out
    # Cards issued while the round was open were valid in it (docs/election.md).
    minutes.issued_while_open = [
        c
        for c in present
        if c.checked_in_at > rnd.opened_at
        and (rnd.closed_at is None or c.checked_in_at <= rnd.closed_at)
    ]
    if rnd.mode == Round.Mode.ELECTRONIC:
        # Count organisations, not cards: a replacement card carries the old card's uses.
        minutes.cards_used = rnd.code_uses.values("card__organisation_id").distinct().count()
    else:
        _paper_minutes(minutes, rnd, by_id)
        if figures is not None:
            minutes.cards_used = sum(figures.votes.values()) + figures.abstentions + figures.invalid
    result = state.result
    if figures is None or result is None or len(result.rounds) < rnd.number:
        return minutes
    # The round as the meeting saw it; a withdrawal after it is a move-up, told apart.
    shown = announced[rnd.number - 1]
    places = {pid: position for position, pid in enumerate(shown.placed, 1)}
    minutes.shown = True
    minutes.moves = [
        MoveUpLine(
            withdrawn=by_id[move.withdrawn],
            moved_up=by_id[move.moved_up] if move.moved_up else None,
            votes=shown.tally.get(move.moved_up, 0) if move.moved_up else 0,
            before_round=rnd.number + 1,
            lot=_lot_keys(state, move.lot, rnd.number, by_id) if move.lot else [],
        )
        for move in moves
    ]
    moved_up = {m.moved_up.public_id: m.withdrawn for m in minutes.moves if m.moved_up}
    minutes.rows = sorted(
        (
            TallyRow(
                by_id[pid],
                votes,
                places.get(pid),
                pid in shown.chosen,
                in_place_of=moved_up.get(pid),
            )
            for pid, votes in shown.tally.items()
        ),
        key=lambda row: (row.place is None, row.place or 0, row.candidacy.pk),
    )
    minutes.abstentions = shown.abstentions
    minutes.invalid = shown.invalid
    minutes.lots = [_lot_keys(state, lot, rnd.number, by_id) for lot in shown.lots]
    return minutes


def _lot_keys(
    state: ElectionState, lot: counting.Lot, number: int, by_id: dict[str, Candidacy]
) -> list[LotKey]:
    seed = state.election.lot_seed
    return [
        LotKey(by_id[pid], counting.lot_key(seed, number, pid), pid in lot.drawn)
        for pid in lot.among
    ]


def minutes_context(election: Election, base_url: str = "") -> dict[str, Any]:
    """Everything the minutes show, read in a fixed number of queries. `base_url` is
    the site's address, for the link to the public result page."""
    state = election_state(election)
    election = state.election
    by_id = {c.public_id: c for c in state.candidates}
    closed = dict((rnd.pk, figures) for rnd, figures in _closed_rounds(state))
    present = list(
        CheckIn.objects.filter(election=election)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    announced = state.announced()
    moves = state.moves_up()
    rounds = [
        _round_minutes(
            state, rnd, closed.get(rnd.pk), by_id, present, announced, moves.get(rnd.number, ())
        )
        for rnd in state.rounds
    ]
    result = state.result
    elected = [by_id[pid] for pid in result.elected] if result else []
    complete = bool(result and result.complete)
    head = AuditHead.objects.filter(pk=AuditHead.SINGLETON_ID).first()
    return {
        "election": election,
        "process": election.process,
        "coordinating_unit": election.process.coordinating_unit,
        "candidates": state.candidates,
        "withdrawn": [c for c in state.candidates if c.withdrawn_before_round is not None],
        "present": present,
        "rounds": rounds,
        "rounds_needed": state.rounds_needed,
        "seed_needed": state.seed_needed,
        "error": state.error,
        "complete": complete,
        "elected": elected,
        "open_seats": max(election.seats - len(elected), 0) if complete else 0,
        "audit_head": head,
        "generated_at": timezone.now(),
        "record": published_record(election, state),
        "result_url": urljoin(
            base_url or default_base_url(), reverse("elections:result", args=[election.pk])
        ),
    }


def render_pdf(html: str) -> bytes:
    """A PDF of an HTML document whose styles are inline (weasyprint)."""
    from weasyprint import HTML  # slow to import: only when a PDF is made

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def minutes_html(election: Election, *, for_pdf: bool = False, base_url: str = "") -> str:
    context = minutes_context(election, base_url)
    context["for_pdf"] = for_pdf
    return render_to_string("elections/documents/minutes.html", context)


def minutes_pdf(election: Election, base_url: str = "") -> bytes:
    return render_pdf(minutes_html(election, for_pdf=True, base_url=base_url))


def minutes_filename(election: Election) -> str:
    date: dt.date = timezone.localtime(election.meeting_at).date()
    return f"wahlniederschrift-{election.pk}-{date.isoformat()}.pdf"
