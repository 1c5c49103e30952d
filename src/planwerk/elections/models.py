"""The election of the two migrant-organisation representatives (Drucksache 2472/2019, 2.1).

Secrecy by construction: a voting card (and so an organisation) is linked only to
the fact that it voted in a round (`CodeUse`). The choice itself only ever
increments a counter (`BallotCount`) that has no key, order or timestamp shared
with `CodeUse`. Nothing stored can join the two.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from planwerk.bodies.models import Body, Membership, SeatCategory
from planwerk.core.languages import language_choices
from planwerk.core.records import Record, SoftDeletable
from planwerk.elections.domain import seed as seed_rules
from planwerk.processes.models import Process


class MigrantOrganisation(Record, SoftDeletable):
    """An entry of the register of migrant organisations (MSO) entitled to take part."""

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(_("name"), max_length=200)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    postal_address = models.TextField(_("postal address"), max_length=500, blank=True)
    language = models.CharField(
        _("language of messages"),
        max_length=10,
        choices=language_choices,
        default="de",
        help_text=_("The invitation letter and email are written in this language."),
    )
    eligibility_confirmed_by = models.CharField(
        _("eligibility confirmed by"), max_length=150, blank=True
    )
    eligibility_confirmed_at = models.DateTimeField(
        _("eligibility confirmed at"), null=True, blank=True
    )
    active = models.BooleanField(_("in the register"), default=True)

    class Meta:
        verbose_name = _("migrant organisation")
        verbose_name_plural = _("migrant organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "name"], name="unique_organisation_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def eligible(self) -> bool:
        return self.active and self.eligibility_confirmed_at is not None


class Election(Record):
    class TieRule(models.TextChoices):
        LOT = "lot", _("by lot")
        ALL_ADVANCE = "all_advance", _("all tied advance")

    class Phase(models.TextChoices):
        PREPARATION = "preparation", _("preparation")
        NOMINATION = "nomination", _("nominations open")
        MEETING = "meeting", _("election meeting")
        FINISHED = "finished", _("finished")
        # Called off before any round was opened (docs/election.md).
        CANCELLED = "cancelled", _("cancelled")

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="elections"
    )
    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.PROTECT)
    seat = models.ForeignKey(
        SeatCategory, verbose_name=_("seats to fill"), on_delete=models.PROTECT
    )
    title = models.CharField(_("title"), max_length=200)
    meeting_at = models.DateTimeField(_("date and time of the meeting"))
    place = models.CharField(_("place"), max_length=300)
    nomination_deadline = models.DateTimeField(_("nomination deadline"))
    seats = models.PositiveSmallIntegerField(_("seats"), default=2)
    runoff_size = models.PositiveSmallIntegerField(_("candidates in the runoff"), default=4)
    tie_rule = models.CharField(
        _("tie at the cut-off"), max_length=20, choices=TieRule.choices, default=TieRule.LOT
    )
    lot_seed = models.CharField(_("lot seed"), max_length=100, blank=True)
    lot_seed_entered_at = models.DateTimeField(_("lot seed entered at"), null=True, blank=True)
    # The seed's format: how many times a die with how many faces is thrown.
    seed_throws = models.PositiveSmallIntegerField(
        _("throws of the die for the lot seed"),
        default=seed_rules.DEFAULT_THROWS,
        validators=[MinValueValidator(1), MaxValueValidator(seed_rules.MAX_THROWS)],
    )
    seed_faces = models.PositiveSmallIntegerField(
        _("faces of the die"),
        default=seed_rules.DEFAULT_FACES,
        validators=[
            MinValueValidator(seed_rules.MIN_FACES),
            MaxValueValidator(seed_rules.MAX_FACES),
        ],
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.PREPARATION
    )
    reply_to = models.EmailField(
        _("reply address"),
        blank=True,
        help_text=_(
            "Where organisations send their nominations and questions, e.g. the mailbox of "
            "the coordinating unit. The letters and emails name it; replies to the emails go "
            "there."
        ),
    )
    practice = models.BooleanField(
        _("practice election"),
        default=False,
        help_text=_(
            "A rehearsal with the same pages: marked as practice everywhere, never public, "
            "fills no seats, and can be deleted afterwards."
        ),
    )
    invitations_sent_at = models.DateTimeField(_("invitations sent at"), null=True, blank=True)
    seats_filled_at = models.DateTimeField(_("seats filled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-meeting_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1) & Q(runoff_size__gte=models.F("seats")),
                name="runoff_at_least_seats",
            ),
            models.CheckConstraint(
                condition=Q(seed_throws__gte=1)
                & Q(seed_throws__lte=seed_rules.MAX_THROWS)
                & Q(seed_faces__gte=seed_rules.MIN_FACES)
                & Q(seed_faces__lte=seed_rules.MAX_FACES),
                name="seed_format_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        """Whether visitors may see its candidate list, result and record: a practice
        election is seen by the coordination only."""
        return not self.practice

    @property
    def seed_format(self) -> seed_rules.SeedFormat:
        return seed_rules.SeedFormat(self.seed_throws, self.seed_faces)


class Candidacy(Record):
    """An organisation's one candidate (Drucksache 2472/2019, 2.1)."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="candidacies"
    )
    organisation = models.ForeignKey(
        MigrantOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="candidacies",
    )
    public_id = models.CharField(_("ID"), max_length=10)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    self_description = models.TextField(_("short self-description"), max_length=1500)
    consent_to_publication = models.BooleanField(_("consent to publication"))
    withdrawn_before_round = models.PositiveSmallIntegerField(
        _("withdrawn before round"), null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    submitted_by = models.CharField(_("submitted by"), max_length=150)
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        ordering = ["pk"]
        constraints = [
            # One candidate per organisation. A candidate who withdrew before round 1 no
            # longer stands, and the organisation may nominate again before the deadline.
            models.UniqueConstraint(
                fields=["election", "organisation"],
                condition=Q(withdrawn_before_round__isnull=True) | Q(withdrawn_before_round__gt=1),
                name="one_candidate_per_organisation",
            ),
            models.UniqueConstraint(fields=["election", "public_id"], name="unique_public_id"),
            models.CheckConstraint(
                condition=Q(consent_to_publication=True), name="candidacy_needs_consent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def name(self) -> str:
        return str(self)


class InvitationDelivery(models.Model):
    """Whether an organisation's invitation email went out: written when the
    coordination asks for the emails, updated by the background task that sends them."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="deliveries"
    )
    organisation = models.ForeignKey(
        MigrantOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    email = models.EmailField(_("email address"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_at = models.DateTimeField(_("requested at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation email")
        verbose_name_plural = _("invitation emails")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "organisation"], name="one_delivery_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.status}"


class CheckIn(models.Model):
    """An organisation present at the election meeting."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="check_ins"
    )
    organisation = models.ForeignKey(
        MigrantOrganisation, verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    delegate_name = models.CharField(_("delegate"), max_length=200, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), auto_now_add=True)
    checked_in_by = models.CharField(_("checked in by"), max_length=150)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "organisation"], name="one_check_in_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class VotingCard(models.Model):
    """An organisation's voting card. The code itself is never stored, only its HMAC."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="cards"
    )
    organisation = models.ForeignKey(
        MigrantOrganisation, verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    code_digest = models.CharField(_("digest of the code"), max_length=64, unique=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("voting card")
        verbose_name_plural = _("voting cards")
        constraints = [
            # One valid card per organisation: a lost card is revoked before a new one.
            models.UniqueConstraint(
                fields=["election", "organisation"],
                condition=Q(revoked_at__isnull=True),
                name="one_valid_card_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}"


class Round(Record):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    class Mode(models.TextChoices):
        ELECTRONIC = "electronic", _("electronic, with voting cards")
        PAPER = "paper", _("paper ballots, counted by the committee")

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    mode = models.CharField(_("voting"), max_length=20, choices=Mode.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    ballots_handed_out = models.PositiveIntegerField(_("ballots handed out"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="unique_round_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="round_number_positive"),
            # The database keeps one open round per election, whatever races the
            # services lose.
            models.UniqueConstraint(
                fields=["election"],
                condition=Q(status="open"),
                name="one_open_round_per_election",
                violation_error_message=_("A round of this election is already open."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.election}: {self.number}"


class CodeUse(models.Model):
    """That a card has voted in a round, and nothing about how.

    No timestamp: it would order the uses against the counters' changes.
    """

    card = models.ForeignKey(
        VotingCard, verbose_name=_("voting card"), on_delete=models.PROTECT, related_name="uses"
    )
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="code_uses"
    )

    class Meta:
        verbose_name = _("use of a voting card")
        verbose_name_plural = _("uses of voting cards")
        constraints = [
            # A code votes once per round.
            models.UniqueConstraint(fields=["card", "round"], name="one_vote_per_card_and_round"),
        ]

    def __str__(self) -> str:
        return f"{self.round}"


class BallotCount(models.Model):
    """How many electronic ballots of a round chose this: a candidate, abstention or invalid.

    One row per round and choice, created when the round opens, only ever
    incremented. It holds no reference to a card, organisation or time.
    """

    ABSTENTION = "abstention"
    INVALID = "invalid"

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="ballot_counts"
    )
    choice = models.CharField(_("choice"), max_length=20)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("ballot counter")
        verbose_name_plural = _("ballot counters")
        constraints = [
            models.UniqueConstraint(fields=["round", "choice"], name="one_counter_per_choice"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.choice}"


class PaperTallyEntry(models.Model):
    """One person's entry of a paper round's tally. A later entry by the same person
    corrects (supersedes) the earlier ones; when the latest entries of two people
    match, the later of them is accepted as the round's result."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="paper_entries"
    )
    entered_by = models.CharField(_("entered by"), max_length=150)
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    votes = models.JSONField(_("votes"))
    abstentions = models.PositiveIntegerField(_("abstentions"))
    invalid = models.PositiveIntegerField(_("invalid ballots"))
    accepted = models.BooleanField(_("accepted"), default=False)
    # The other person's latest entry that this one matched, when it was accepted.
    confirms = models.ForeignKey(
        "self",
        verbose_name=_("confirms"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("paper count entry")
        verbose_name_plural = _("paper count entries")
        ordering = ["entered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round"], condition=Q(accepted=True), name="one_accepted_tally_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.entered_by}"


class PublishedRecord(models.Model):
    """The election's public record, fixed when its result became final.

    These exact bytes are served from then on; their SHA-256 is printed on the
    minutes and the public result page, so anyone can tell the published record
    from a changed one. The ballots in it were shuffled once, with the operating
    system's randomness, when it was written (docs/secrecy.md).
    """

    election = models.OneToOneField(
        Election,
        verbose_name=_("election"),
        on_delete=models.CASCADE,
        related_name="published_record",
    )
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256 digest"), max_length=64)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("published record")
        verbose_name_plural = _("published records")

    def __str__(self) -> str:
        return f"{self.election}: {self.sha256}"
