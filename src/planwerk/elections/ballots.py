"""Casting a ballot with a voting code, and entering a paper round's tally twice.
Each function is one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwerk.audit.services import actor_name_of, record
from planwerk.core.permissions import require
from planwerk.elections.codes import _digest
from planwerk.elections.models import (
    BallotCount,
    CodeUse,
    Election,
    PaperTallyEntry,
    Round,
    VotingCard,
)
from planwerk.elections.state import latest_entries, round_field, same_figures


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
