"""What users do in an election. Each function is one transaction that checks
permission and invariants, changes the data and writes the audit entry.

Bad input raises ValidationError with a message for the user; nothing changes then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwerk.audit.services import actor_name_of, record
from planwerk.bodies import services as body_services
from planwerk.bodies.models import Person
from planwerk.core import workflow
from planwerk.core.permissions import require
from planwerk.elections.domain import counting
from planwerk.elections.domain import seed as seed_rules
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
from planwerk.elections.workflows import ELECTION, ROUND

# Codes are read from a card and typed on a phone: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def _locked(election: Election) -> Election:
    return Election.objects.select_for_update().get(pk=election.pk)


def when(value: dt.datetime) -> str:
    """A moment as people read it in the current language (30.11.2026 18:00)."""
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _not_cancelled(election: Election) -> None:
    if election.phase == Election.Phase.CANCELLED:
        raise ValidationError(_("The election has been cancelled; nothing can change any more."))


# -- the register -----------------------------------------------------------------
@transaction.atomic
def register_organisation(user: Any, organisation: MigrantOrganisation) -> MigrantOrganisation:
    require(user, "elections.manage")
    organisation.full_clean()
    organisation.save()
    record(
        "elections.register.added",
        actor=user,
        obj=organisation,
        payload={"name": organisation.name},
    )
    return organisation


@transaction.atomic
def update_organisation(user: Any, organisation: MigrantOrganisation) -> MigrantOrganisation:
    require(user, "elections.manage")
    organisation.full_clean()
    organisation.save()
    record(
        "elections.register.changed",
        actor=user,
        obj=organisation,
        payload={"name": organisation.name, "active": organisation.active},
    )
    return organisation


@transaction.atomic
def confirm_eligibility(user: Any, organisation: MigrantOrganisation) -> MigrantOrganisation:
    require(user, "elections.manage")
    organisation = MigrantOrganisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.eligibility_confirmed_by = actor_name_of(user)
    organisation.eligibility_confirmed_at = timezone.now()
    organisation.save(update_fields=["eligibility_confirmed_by", "eligibility_confirmed_at"])
    record(
        "elections.register.eligibility_confirmed",
        actor=user,
        obj=organisation,
        payload={"name": organisation.name},
    )
    return organisation


def eligible_organisations(election: Election) -> Any:
    return MigrantOrganisation.objects.filter(
        process=election.process, active=True, eligibility_confirmed_at__isnull=False
    )


# -- the election and its nominations ----------------------------------------------
@transaction.atomic
def create_election(user: Any, election: Election) -> Election:
    """A new election for a seat category that the process definition marks as
    filled by election (`elected: true`), in any body of the process."""
    require(user, "elections.manage")
    seat = election.seat
    if not seat.elected or seat.retired or seat.body.process_id != election.process_id:
        raise ValidationError({"seat": [_("Choose seats that the process fills by election.")]})
    election.body = seat.body
    election.full_clean()
    election.save()
    record(
        "elections.election.created",
        actor=user,
        obj=election,
        payload={
            "title": election.title,
            "body": seat.body.slug,
            "seat": seat.slug,
            "seats": election.seats,
            "runoff_size": election.runoff_size,
            "tie_rule": election.tie_rule,
            "practice": election.practice,
        },
    )
    return election


@transaction.atomic
def cancel_election(user: Any, election: Election) -> Election:
    """Call an election off. Possible until its first round opens: after that, votes
    exist and the election ends with its result (docs/election.md)."""
    require(user, "elections.manage")
    election = _locked(election)
    if election.phase == Election.Phase.CANCELLED:
        raise ValidationError(_("The election has already been cancelled."))
    if election.phase == Election.Phase.FINISHED or election.rounds.exists():
        raise ValidationError(
            _("Round 1 has been opened: the election can no longer be cancelled.")
        )
    before = election.phase
    workflow.advance(election, ELECTION, Election.Phase.CANCELLED, actor=user, attribute="phase")
    election.save(update_fields=["phase"])
    record(
        "elections.election.cancelled",
        actor=user,
        obj=election,
        payload={"title": election.title, "phase_before": before, "practice": election.practice},
    )
    return election


@transaction.atomic
def delete_practice_election(user: Any, election: Election) -> str:
    """Delete a practice election with everything in it. The audit log keeps its
    entries (it is append-only) and gains one that says what was deleted."""
    require(user, "elections.manage")
    election = _locked(election)
    if not election.practice:
        raise ValidationError(_("Only a practice election can be deleted."))
    rounds = Round.objects.filter(election=election)
    counts = {
        "candidacies": election.candidacies.count(),
        "check_ins": election.check_ins.count(),
        "cards": election.cards.count(),
        "rounds": rounds.count(),
    }
    CodeUse.objects.filter(round__election=election).delete()
    BallotCount.objects.filter(round__election=election).delete()
    PaperTallyEntry.objects.filter(round__election=election).delete()
    rounds.delete()
    VotingCard.objects.filter(election=election).delete()
    CheckIn.objects.filter(election=election).delete()
    Candidacy.objects.filter(election=election).delete()
    title, pk = election.title, election.pk
    record(
        "elections.practice.deleted",
        actor=user,
        object_type="elections.election",
        object_id=str(pk),
        payload={"title": title, **counts},
    )
    election.delete()
    return title


@transaction.atomic
def open_nominations(user: Any, election: Election) -> Election:
    require(user, "elections.manage")
    election = _locked(election)
    workflow.advance(election, ELECTION, Election.Phase.NOMINATION, actor=user, attribute="phase")
    election.save(update_fields=["phase"])
    record(
        "elections.nominations.opened",
        actor=user,
        obj=election,
        payload={"deadline": election.nomination_deadline.isoformat()},
    )
    return election


def nominations_are_open(election: Election, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return election.phase == Election.Phase.NOMINATION and now <= election.nomination_deadline


@transaction.atomic
def nominate(
    user: Any,
    election: Election,
    organisation: MigrantOrganisation,
    *,
    given_name: str,
    family_name: str,
    self_description: str,
    consent_to_publication: bool,
) -> Candidacy:
    """Record an organisation's candidate. Each organisation nominates at most one
    person (Drucksache 2472/2019, 2.1)."""
    require(user, "elections.manage")
    election = _locked(election)
    _not_cancelled(election)
    if not nominations_are_open(election):
        raise ValidationError(
            _("Nominations are not open (the deadline was %(deadline)s).")
            % {"deadline": when(election.nomination_deadline)}
        )
    if organisation.process_id != election.process_id or not organisation.eligible:
        raise ValidationError(
            {
                "organisation": [
                    _("%(org)s is not a confirmed organisation of the register.")
                    % {"org": organisation}
                ]
            }
        )
    if standing_candidacies(election).filter(organisation=organisation).exists():
        raise ValidationError(
            {
                "organisation": [
                    _(
                        "%(org)s has already nominated a candidate; "
                        "each organisation nominates one person."
                    )
                    % {"org": organisation}
                ]
            }
        )
    if not consent_to_publication:
        raise ValidationError(
            {
                "consent_to_publication": [
                    _("The candidate must agree to the publication of name and description.")
                ]
            }
        )
    number = Candidacy.objects.filter(election=election).count() + 1
    candidacy = Candidacy(
        election=election,
        organisation=organisation,
        public_id=f"c{number}",
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        self_description=self_description.strip(),
        consent_to_publication=True,
        submitted_by=actor_name_of(user),
    )
    candidacy.full_clean()
    try:
        with transaction.atomic():
            candidacy.save()
    except IntegrityError as exc:
        raise ValidationError(
            {
                "organisation": [
                    _(
                        "%(org)s has already nominated a candidate; "
                        "each organisation nominates one person."
                    )
                    % {"org": organisation}
                ]
            }
        ) from exc
    record(
        "elections.candidacy.nominated",
        actor=user,
        obj=candidacy,
        payload={
            "candidate": candidacy.public_id,
            "name": candidacy.name,
            "organisation": organisation.name,
        },
    )
    return candidacy


def standing_candidacies(election: Election) -> Any:
    """Candidacies that count for "one candidate per organisation": all but those
    withdrawn before round 1, whose organisation may nominate again."""
    return Candidacy.objects.filter(election=election).exclude(withdrawn_before_round=1)


@transaction.atomic
def correct_candidacy(
    user: Any,
    candidacy: Candidacy,
    *,
    given_name: str,
    family_name: str,
    self_description: str,
) -> Candidacy:
    """Correct a candidate's name or self-description (a typo must not stay in the
    minutes). Possible until the meeting starts; the audit entry keeps the old text."""
    require(user, "elections.manage")
    election = _locked(candidacy.election)
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if election.phase not in (Election.Phase.PREPARATION, Election.Phase.NOMINATION):
        raise ValidationError(_("Candidacies can be corrected until the election meeting starts."))
    if candidacy.withdrawn_before_round is not None:
        raise ValidationError(
            _("%(name)s has withdrawn; the candidacy is no longer changed.")
            % {"name": candidacy.name}
        )
    new = {
        "given_name": given_name.strip(),
        "family_name": family_name.strip(),
        "self_description": self_description.strip(),
    }
    before = {name: getattr(candidacy, name) for name in new}
    changed = [name for name in new if new[name] != before[name]]
    if not changed:
        raise ValidationError(_("Nothing has changed."))
    for name in changed:
        setattr(candidacy, name, new[name])
    candidacy.full_clean()
    candidacy.save(update_fields=changed)
    record(
        "elections.candidacy.corrected",
        actor=user,
        obj=candidacy,
        payload={
            "candidate": candidacy.public_id,
            "before": {name: before[name] for name in changed},
            "after": {name: new[name] for name in changed},
        },
    )
    return candidacy


@transaction.atomic
def withdraw(user: Any, candidacy: Candidacy) -> Candidacy:
    """A candidate withdraws before the next round opens; in the runoff the next
    placed candidate of round 1 takes the place."""
    require(user, "elections.manage")
    election = _locked(candidacy.election)
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    _not_cancelled(election)
    if election.phase == Election.Phase.FINISHED:
        raise ValidationError(_("The election is finished."))
    if candidacy.withdrawn_before_round is not None:
        raise ValidationError(_("%(name)s has already withdrawn.") % {"name": candidacy.name})
    rounds = list(election.rounds.all())
    if any(r.status == Round.Status.OPEN for r in rounds):
        raise ValidationError(_("Nobody can withdraw while a round is open."))
    before = len(rounds) + 1
    if before > 1:
        state = election_state(election)
        if state.next_round is None:
            raise ValidationError(_("The election has no further round."))
        if candidacy.public_id not in state.next_field:
            raise ValidationError(
                _("%(name)s is not in the next round.") % {"name": candidacy.name}
            )
    candidacy.withdrawn_before_round = before
    candidacy.save(update_fields=["withdrawn_before_round"])
    record(
        "elections.candidacy.withdrawn",
        actor=user,
        obj=candidacy,
        payload={"candidate": candidacy.public_id, "before_round": before},
    )
    return candidacy


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


# -- the meeting: check-in and voting cards ----------------------------------------
def _digest(code: str) -> str:
    normalised = "".join(code.split()).upper().replace("-", "")
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def card_digest(code: str) -> str:
    """What the database keeps of a card's code (its HMAC under the server's secret)."""
    return _digest(code)


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


# Where new cards' codes come from: a function of the organisation's id. By default
# each code is drawn at random and exists only until the sheet is shown.
CodeSource = Callable[[int], str]


def codes_from_key(key: bytes, election_id: int) -> CodeSource:
    """Codes derived from a one-time random key with HMAC-SHA256. The card sheet is
    shown after a redirect: the coordinator's browser holds the key for that one
    request and the sheet computes the codes again, so the server never stores a
    code, not even for a moment (docs/secrecy.md)."""
    if len(key) < 32:
        raise ValueError("the key needs 256 bits")
    # 248 = 8 * 31: bytes from 248 up are skipped, so that every letter is as likely.
    limit = len(CODE_ALPHABET) * (256 // len(CODE_ALPHABET))

    def code(organisation_id: int) -> str:
        letters: list[str] = []
        counter = 0
        while len(letters) < CODE_LENGTH:
            message = f"{election_id}:{organisation_id}:{counter}".encode()
            for byte in hmac.new(key, message, hashlib.sha256).digest():
                if byte < limit and len(letters) < CODE_LENGTH:
                    letters.append(CODE_ALPHABET[byte % len(CODE_ALPHABET)])
            counter += 1
        return "".join(letters)

    return code


def _code(codes: CodeSource | None, organisation_id: int) -> str:
    return codes(organisation_id) if codes is not None else _new_code()


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


@transaction.atomic
def start_meeting(user: Any, election: Election) -> Election:
    require(user, "elections.manage")
    election = _locked(election)
    _not_cancelled(election)
    workflow.check(ELECTION, election.phase, Election.Phase.MEETING)
    if not standing_candidacies(election).exists():
        raise ValidationError(_("There is no candidate yet."))
    workflow.advance(election, ELECTION, Election.Phase.MEETING, actor=user, attribute="phase")
    election.save(update_fields=["phase"])
    record(
        "elections.meeting.started",
        actor=user,
        obj=election,
        payload={"candidates": [c.public_id for c in election.candidacies.all()]},
    )
    return election


@dataclass(frozen=True)
class IssuedCard:
    organisation: MigrantOrganisation
    code: str


@transaction.atomic
def check_in(
    user: Any,
    election: Election,
    organisation: MigrantOrganisation,
    delegate_name: str = "",
    *,
    codes: CodeSource | None = None,
) -> IssuedCard:
    """Check an organisation in and hand it its one voting card. The code is shown
    once, here; only its HMAC is stored."""
    require(user, "elections.manage")
    election = _locked(election)
    if election.phase != Election.Phase.MEETING:
        raise ValidationError(_("Check-in is possible during the election meeting only."))
    if organisation.process_id != election.process_id or not organisation.eligible:
        raise ValidationError(
            _("%(org)s is not a confirmed organisation of the register.") % {"org": organisation}
        )
    if CheckIn.objects.filter(election=election, organisation=organisation).exists():
        raise ValidationError(_("%(org)s is already checked in.") % {"org": organisation})
    open_round_number = _issue_in_open_round(election, organisation)
    CheckIn.objects.create(
        election=election,
        organisation=organisation,
        delegate_name=delegate_name.strip()[:200],
        checked_in_by=actor_name_of(user),
    )
    code = _code(codes, organisation.pk)
    VotingCard.objects.create(
        election=election, organisation=organisation, code_digest=_digest(code)
    )
    record(
        "elections.meeting.checked_in",
        actor=user,
        obj=organisation,
        payload={
            "organisation": organisation.name,
            "card_issued": True,
            "valid_in_open_round": open_round_number,
        },
    )
    return IssuedCard(organisation, code)


def _issue_in_open_round(election: Election, organisation: MigrantOrganisation) -> int | None:
    """A card issued while a round is open may vote in it: the round has one more
    card (electronic) or ballot paper (paper) valid in it. Locked, so that the figure
    agrees with the check-ins however many coordinators check in at once."""
    rnd = (
        Round.objects.select_for_update()
        .filter(election=election, status=Round.Status.OPEN)
        .first()
    )
    if rnd is None:
        return None
    if rnd.mode == Round.Mode.PAPER and rnd.paper_entries.filter(accepted=True).exists():
        # The ballot papers are counted: one more could no longer be.
        raise ValidationError(
            _(
                "The count of round %(n)d has been accepted: check %(org)s in after "
                "closing the round."
            )
            % {"n": rnd.number, "org": organisation}
        )
    Round.objects.filter(pk=rnd.pk).update(ballots_handed_out=F("ballots_handed_out") + 1)
    return rnd.number


@transaction.atomic
def check_in_many(
    user: Any,
    election: Election,
    entries: list[tuple[MigrantOrganisation, str]],
    *,
    codes: CodeSource | None = None,
) -> list[IssuedCard]:
    """Check several organisations in at once, all or none: their codes are shown
    once, together, so a failure must not leave some checked in with lost codes."""
    if not entries:
        raise ValidationError(_("Choose at least one organisation to check in."))
    return [check_in(user, election, org, delegate, codes=codes) for org, delegate in entries]


def _replace(
    election: Election, organisations: list[MigrantOrganisation], codes: CodeSource | None
) -> list[IssuedCard]:
    """Revoke the valid cards of these organisations and issue new ones, in one go.
    Votes already cast stay counted, and a new card carries over the rounds its old
    card voted in, so it cannot vote there again."""
    wanted = {o.pk: o for o in organisations}
    # Locked, so that a ballot with an old card either is counted before the
    # replacement (and its use carried over) or finds the card revoked.
    old_cards = list(
        VotingCard.objects.select_for_update().filter(
            election=election, organisation_id__in=wanted, revoked_at__isnull=True
        )
    )
    missing = set(wanted) - {c.organisation_id for c in old_cards}
    if missing:
        names = sorted(wanted[pk].name for pk in missing)
        raise ValidationError(
            ngettext(
                "%(orgs)s has no voting card to replace.",
                "These organisations have no voting card to replace: %(orgs)s",
                len(names),
            )
            % {"orgs": ", ".join(names)}
        )
    now = timezone.now()
    VotingCard.objects.filter(pk__in=[c.pk for c in old_cards]).update(revoked_at=now)
    issued = {pk: _code(codes, pk) for pk in wanted}
    new_cards = VotingCard.objects.bulk_create(
        [
            VotingCard(election=election, organisation_id=pk, code_digest=_digest(code))
            for pk, code in issued.items()
        ]
    )
    new_by_org = {c.organisation_id: c for c in new_cards}
    if any(c.pk is None for c in new_cards):  # a backend that returns no ids
        new_by_org = {
            c.organisation_id: c
            for c in VotingCard.objects.filter(
                election=election, organisation_id__in=wanted, revoked_at__isnull=True
            )
        }
    old_by_pk = {c.pk: c.organisation_id for c in old_cards}
    CodeUse.objects.bulk_create(
        [
            CodeUse(card=new_by_org[old_by_pk[card_id]], round_id=round_id)
            for card_id, round_id in CodeUse.objects.filter(card_id__in=old_by_pk).values_list(
                "card_id", "round_id"
            )
        ]
    )
    return [
        IssuedCard(wanted[pk], code)
        for pk, code in sorted(issued.items(), key=lambda item: wanted[item[0]].name)
    ]


@transaction.atomic
def replace_card(
    user: Any,
    election: Election,
    organisation: MigrantOrganisation,
    *,
    codes: CodeSource | None = None,
) -> IssuedCard:
    """A lost card is revoked and a new one issued; votes already cast stay counted,
    and the new card cannot vote again in a round the old one voted in."""
    return replace_cards(user, election, [organisation], codes=codes)[0]


@transaction.atomic
def replace_cards(
    user: Any,
    election: Election,
    organisations: list[MigrantOrganisation],
    *,
    codes: CodeSource | None = None,
) -> list[IssuedCard]:
    """Lost cards of several organisations, replaced in one go (all or none)."""
    require(user, "elections.manage")
    election = _locked(election)
    if election.phase != Election.Phase.MEETING:
        raise ValidationError(_("Cards are replaced during the election meeting only."))
    if not organisations:
        raise ValidationError(_("Choose at least one organisation whose card is lost."))
    issued = _replace(election, organisations, codes)
    for card in issued:
        record(
            "elections.meeting.card_replaced",
            actor=user,
            obj=card.organisation,
            payload={"organisation": card.organisation.name},
        )
    return issued


@transaction.atomic
def reprint_cards(
    user: Any, election: Election, *, codes: CodeSource | None = None
) -> list[IssuedCard]:
    """A new card for every organisation present: the whole sheet printed again with
    new codes, every card handed out so far void."""
    require(user, "elections.manage")
    election = _locked(election)
    if election.phase != Election.Phase.MEETING:
        raise ValidationError(_("Cards are printed during the election meeting only."))
    organisations = list(
        MigrantOrganisation.objects.filter(
            pk__in=VotingCard.objects.filter(election=election, revoked_at__isnull=True).values(
                "organisation_id"
            )
        )
    )
    if not organisations:
        raise ValidationError(_("Nobody is checked in yet."))
    issued = _replace(election, organisations, codes)
    record(
        "elections.meeting.cards_reprinted",
        actor=user,
        obj=election,
        payload={"cards": len(issued)},
    )
    return issued


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


@transaction.atomic
def open_round(user: Any, election: Election, mode: str) -> Round:
    require(user, "elections.manage")
    election = _locked(election)
    if election.phase != Election.Phase.MEETING:
        raise ValidationError(_("Rounds are held during the election meeting only."))
    if mode not in Round.Mode.values:
        raise ValidationError({"mode": [_("Choose electronic or paper voting.")]})
    state = election_state(election)
    if state.open_round is not None:
        raise ValidationError(_("Round %(n)d is still open.") % {"n": state.open_round.number})
    if state.next_round is None:
        raise ValidationError(_("The election has no further round."))
    if state.rounds and state.result is None:
        raise ValidationError(_("The result of the previous round must be shown first."))
    field = state.next_field
    if not field:
        raise ValidationError(_("Nobody stands in this round."))
    number = state.next_round
    handed_out = CheckIn.objects.filter(election=election).count()
    rnd = Round.objects.create(
        election=election, number=number, mode=mode, ballots_handed_out=handed_out
    )
    if mode == Round.Mode.ELECTRONIC:
        BallotCount.objects.bulk_create(
            [BallotCount(round=rnd, choice=c) for c in field]
            + [
                BallotCount(round=rnd, choice=BallotCount.ABSTENTION),
                BallotCount(round=rnd, choice=BallotCount.INVALID),
            ]
        )
    record(
        "elections.round.opened",
        actor=user,
        obj=rnd,
        payload={
            "round": number,
            "mode": mode,
            "field": list(field),
            "organisations_present": handed_out,
        },
    )
    return rnd


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


@transaction.atomic
def close_round(user: Any, rnd: Round) -> Round:
    require(user, "elections.manage")
    rnd = Round.objects.select_for_update().select_related("election").get(pk=rnd.pk)
    workflow.check(ROUND, rnd.status, Round.Status.CLOSED)
    if rnd.mode == Round.Mode.PAPER and not rnd.paper_entries.filter(accepted=True).exists():
        raise ValidationError(_("Enter the paper tally twice, by two people, before closing."))
    workflow.advance(rnd, ROUND, Round.Status.CLOSED, actor=user)
    rnd.closed_at = timezone.now()
    rnd.save(update_fields=["status", "closed_at"])
    if rnd.mode == Round.Mode.ELECTRONIC:
        # PostgreSQL stamps a row with the transaction that last wrote it (xmin), and a
        # ballot writes its code use and its counter in one transaction: each counter
        # would keep naming its last voter. Rewrite all counters of the round here, so
        # that they carry the closing transaction instead (docs/secrecy.md).
        BallotCount.objects.filter(round=rnd).update(count=F("count"))
    figures = round_input(rnd)
    record(
        "elections.round.closed",
        actor=user,
        obj=rnd,
        payload={
            "round": rnd.number,
            "mode": rnd.mode,
            "votes": dict(figures.votes) if figures else {},
            "abstentions": figures.abstentions if figures else 0,
            "invalid": figures.invalid if figures else 0,
            # Organisations, not cards: a replacement card carries over the old one's uses.
            "cards_used": rnd.code_uses.values("card__organisation_id").distinct().count(),
            "cards_issued": rnd.ballots_handed_out,
        },
    )
    _publish_if_final(user, rnd.election)
    return rnd


def _publish_if_final(user: Any, election: Election, state: ElectionState | None = None) -> None:
    """Once the result is final, the public record is written once and fixed."""
    from planwerk.elections import exports  # exports reads the state through this module

    exports.published_record(election, state, actor=user)


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


@transaction.atomic
def enter_seed(user: Any, election: Election, seed: str) -> Election:
    """The lot seed, thrown in public after round 1 closes and before any result is
    shown (election-record.md, "The lot"). It can be entered once, after the
    coordinator has seen it on the confirmation page, and never changes."""
    require(user, "elections.manage")
    election = _locked(election)
    seed = check_seed(election, seed)
    election.lot_seed = seed
    election.lot_seed_entered_at = timezone.now()
    election.save(update_fields=["lot_seed", "lot_seed_entered_at"])
    record("elections.lot.seed_entered", actor=user, obj=election, payload={"seed": seed})
    state = election_state(election)
    if state.result:
        for rr in state.result.rounds:
            for lot in rr.lots:
                record(
                    "elections.lot.drawn",
                    actor=user,
                    obj=election,
                    payload={
                        "round": rr.number,
                        "among": list(lot.among),
                        "drawn": list(lot.drawn),
                        "keys": {c: counting.lot_key(seed, rr.number, c) for c in lot.among},
                    },
                )
    _publish_if_final(user, election, state)
    return election


# -- casting a ballot ---------------------------------------------------------------
class BallotRefused(ValidationError):
    """A ballot that was not counted. `code` says why: "unknown_code", "revoked_code",
    "used_code", "no_open_round", "paper_round", "other_round" or "not_in_round"."""


def cast_ballot(
    election: Election, code: str, choice: str | None, *, round_number: int | None = None
) -> None:
    """One electronic ballot: a candidate's public id, or None to abstain.

    Marks the card as used in the open round and increments one counter, in one
    transaction; a second try with the same code in the same round is refused and
    changes nothing. Nothing joins the two writes. With `round_number` (the round
    the voter saw), a ballot arriving after that round closed and another opened is
    refused instead of counted in the wrong round.
    """
    digest = _digest(code)
    with transaction.atomic():
        # Locked, so that a replacement of this card (which locks it too) either sees
        # this ballot's use of it, or this ballot sees the card revoked.
        card = (
            VotingCard.objects.select_for_update()
            .filter(election=election, code_digest=digest)
            .first()
        )
        if card is None:
            raise BallotRefused(
                _("This code is not known. Please check it and try again."), code="unknown_code"
            )
        if card.revoked_at is not None:
            raise BallotRefused(
                _("This code is no longer valid: a replacement card was issued."),
                code="revoked_code",
            )
        rnd = Round.objects.filter(election=election, status=Round.Status.OPEN).first()
        if rnd is None or not _still_open(rnd):
            raise BallotRefused(
                _("No round is open for voting at the moment."), code="no_open_round"
            )
        if rnd.mode != Round.Mode.ELECTRONIC:
            raise BallotRefused(_("This round is held on paper."), code="paper_round")
        if round_number is not None and round_number != rnd.number:
            raise BallotRefused(
                _("Round %(old)d has closed and round %(new)d is open now. Please choose again.")
                % {"old": round_number, "new": rnd.number},
                code="other_round",
            )
        key = choice if choice is not None else BallotCount.ABSTENTION
        if key == BallotCount.INVALID:
            raise BallotRefused(
                _("This candidate does not stand in this round."), code="not_in_round"
            )
        try:
            with transaction.atomic():
                CodeUse.objects.create(card=card, round=rnd)
        except IntegrityError as exc:
            raise BallotRefused(
                _("This code has already voted in this round."), code="used_code"
            ) from exc
        updated = BallotCount.objects.filter(round=rnd, choice=key).update(count=F("count") + 1)
        if updated != 1:
            # Rolls back the code use too: the code can still vote correctly.
            raise BallotRefused(
                _("This candidate does not stand in this round."), code="not_in_round"
            )
        if connection.vendor != "postgresql" and not _still_open(rnd):
            # SQLite: we hold the write lock now, so this answer is final.
            raise BallotRefused(
                _("No round is open for voting at the moment."), code="no_open_round"
            )


def _still_open(rnd: Round) -> bool:
    """Whether the round is open, holding a shared lock on it until the ballot commits.

    close_round takes an exclusive lock on the same row, so a ballot is either counted
    before the round closes or refused; ballots do not wait for each other here.
    On SQLite, writers are serialised by the database itself.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT status FROM elections_round WHERE id = %s FOR SHARE", [rnd.pk])
            row = cursor.fetchone()
        return row is not None and row[0] == Round.Status.OPEN
    return Round.objects.filter(pk=rnd.pk, status=Round.Status.OPEN).exists()


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


def _ballots(n: int) -> str:
    return ngettext("%(n)d ballot", "%(n)d ballots", n) % {"n": n}


@transaction.atomic
def enter_paper_tally(
    user: Any, rnd: Round, votes: dict[str, int], abstentions: int, invalid: int
) -> PaperTallyEntry:
    """One member of the counting committee enters the tally, or corrects her own
    entry by entering it again. Only each person's latest entry counts: when it
    matches the latest entry of another person, the tally is accepted; until then
    the round has no result."""
    require(user, "elections.manage")
    rnd = Round.objects.select_for_update().get(pk=rnd.pk)
    if rnd.mode != Round.Mode.PAPER:
        raise ValidationError(_("This round is not held on paper."))
    if rnd.status != Round.Status.OPEN:
        raise ValidationError(_("This round is closed."))
    if rnd.paper_entries.filter(accepted=True).exists():
        raise ValidationError(_("A matching tally has already been accepted."))
    field = round_field(rnd)
    errors: dict[str, list[str]] = {}
    for candidate, count in votes.items():
        if candidate not in field:
            errors.setdefault("__all__", []).append(
                _("%(c)s does not stand in this round.") % {"c": candidate}
            )
        if count < 0:
            errors.setdefault(f"votes_{candidate}", []).append(_("Enter 0 or more."))
    if abstentions < 0:
        errors.setdefault("abstentions", []).append(_("Enter 0 or more."))
    if invalid < 0:
        errors.setdefault("invalid", []).append(_("Enter 0 or more."))
    total = sum(votes.values()) + abstentions + invalid
    handed = rnd.ballots_handed_out
    if not errors and handed is not None and total != handed:
        errors.setdefault("__all__", []).append(
            ngettext(
                "The figures add up to %(total)s, but %(handed)d was handed out.",
                "The figures add up to %(total)s, but %(handed)d were handed out.",
                handed,
            )
            % {"total": _ballots(total), "handed": handed}
        )
    if errors:
        raise ValidationError(errors)
    full_votes = {c: int(votes.get(c, 0)) for c in field}
    entry = PaperTallyEntry.objects.create(
        round=rnd,
        entered_by=actor_name_of(user),
        votes=full_votes,
        abstentions=abstentions,
        invalid=invalid,
    )
    # Only the latest entry of each other person can confirm this one: an entry its
    # author has since corrected counts no more.
    others = [
        e
        for who, e in latest_entries(list(rnd.paper_entries.all())).items()
        if who != entry.entered_by
    ]
    matched = max((e for e in others if same_figures(e, entry)), key=lambda e: e.pk, default=None)
    if matched is not None:
        entry.accepted = True
        entry.confirms = matched
        entry.save(update_fields=["accepted", "confirms"])
    record(
        "elections.paper.entered",
        actor=user,
        obj=rnd,
        payload={
            "round": rnd.number,
            "votes": full_votes,
            "abstentions": abstentions,
            "invalid": invalid,
            "accepted": entry.accepted,
            "confirms": matched.entered_by if matched is not None else None,
        },
    )
    return entry


# -- filling the seats ----------------------------------------------------------------
@transaction.atomic
def fill_seats(user: Any, election: Election, start: dt.date) -> list[Candidacy]:
    """The elected take the election's seats in its body, from `start`."""
    require(user, "elections.manage")
    election = _locked(election)
    if election.practice:
        raise ValidationError(_("A practice election fills no seats."))
    if election.seats_filled_at is not None:
        raise ValidationError(_("The seats have already been filled from this election."))
    state = election_state(election)
    if state.result is None or not state.result.complete:
        raise ValidationError(_("The election has no final result yet."))
    elected = [state.candidate(pid) for pid in state.result.elected]
    for candidacy in elected:
        person = Person(
            given_name=candidacy.given_name,
            family_name=candidacy.family_name,
            kind=Person.Kind.EXTERNAL,
            organisation=candidacy.organisation.name,
        )
        membership = body_services.appoint(
            user,
            body=election.body,
            person=person,
            seat=election.seat,
            start=start,
            note=_("Elected on %(date)s")
            % {
                "date": formats.date_format(
                    timezone.localtime(election.meeting_at), "SHORT_DATE_FORMAT"
                )
            },
        )
        candidacy.membership = membership
        candidacy.save(update_fields=["membership"])
    election.seats_filled_at = timezone.now()
    workflow.advance(election, ELECTION, Election.Phase.FINISHED, actor=user, attribute="phase")
    election.save(update_fields=["seats_filled_at", "phase"])
    record(
        "elections.seats.filled",
        actor=user,
        obj=election,
        payload={"elected": [c.public_id for c in elected], "start": start.isoformat()},
    )
    return elected
