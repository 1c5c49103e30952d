"""The steering group's decisions on versions of drafts: the vote by seat, the
requirements (Vorgaben) of a return, and the expert group's answers to them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from planwerk.bodies.models import Body
from planwerk.core.records import Record
from planwerk.meetings.models import Meeting
from planwerk.papers.models import Draft, Recommendation, Version


class Decision(Record):
    """A body's decision, at a meeting, on a version under review. A version is
    decided once; the decision cannot be changed afterwards."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned with requirements")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="decisions"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="decisions"
    )
    version = models.OneToOneField(
        Version, verbose_name=_("version"), on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    # The counted result as the pure core gave it: votes total, present, yes, no,
    # abstain, quorum and majority rule, whether it was quorate and carried.
    result = models.JSONField(_("counted result"), default=dict, editable=False)
    recorded_by_name = models.CharField(_("recorded by"), max_length=150, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["created"]

    def __str__(self) -> str:
        return f"{self.version.draft}: {self.version} – {self.get_outcome_display()}"


class SeatVote(models.Model):
    """How one seat voted. The database keeps one vote per seat and decision."""

    class Choice(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        ABSTAIN = "abstain", _("abstention")

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="votes"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    seat_key = models.CharField(_("seat"), max_length=200)
    seat_label = models.CharField(_("seat (name)"), max_length=400)
    person_name = models.CharField(_("voted by"), max_length=300, blank=True)
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)

    class Meta:
        verbose_name = _("vote of a seat")
        verbose_name_plural = _("votes of the seats")
        ordering = ["decision", "order"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "seat_key"], name="one_vote_per_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.seat_label}: {self.get_choice_display()}"


class Requirement(Record):
    """A requirement (Vorgabe) of a return: it points at sections of the version and
    may propose new wording for one of them (a change recommendation)."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="requirements"
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("requirement"), max_length=5000)
    section_ids = models.JSONField(_("sections"), default=list)
    recommendation = models.OneToOneField(
        Recommendation,
        verbose_name=_("change recommendation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requirement",
    )

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["decision", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "number"], name="unique_requirement_number"
            ),
        ]

    def __str__(self) -> str:
        return _("Requirement %(number)s") % {"number": self.number}


class RequirementAnswer(Record):
    """The expert group's answer to a requirement. Open (no version) until the next
    version is submitted, which binds it; then it cannot change."""

    class Answer(models.TextChoices):
        FOLLOWED = "followed", _("followed")
        NOT_FOLLOWED = "not_followed", _("not followed")

    requirement = models.ForeignKey(
        Requirement, verbose_name=_("requirement"), on_delete=models.PROTECT, related_name="answers"
    )
    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices)
    reason = models.TextField(_("reason"), blank=True, max_length=5000)
    answered_by_name = models.CharField(_("answered by"), max_length=150, blank=True)
    version = models.ForeignKey(
        Version,
        verbose_name=_("answered in version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requirement_answers",
    )

    class Meta:
        verbose_name = _("answer to a requirement")
        verbose_name_plural = _("answers to requirements")
        ordering = ["requirement", "created"]
        constraints = [
            models.UniqueConstraint(
                fields=["requirement"],
                condition=models.Q(version__isnull=True),
                name="one_open_answer_per_requirement",
            ),
            models.CheckConstraint(
                condition=~models.Q(answer="not_followed") | ~models.Q(reason=""),
                name="not_followed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement}: {self.get_answer_display()}"
