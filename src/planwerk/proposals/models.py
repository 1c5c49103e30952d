"""Residents' proposals: a proposal with its theme field (an expert group), the
supports it received, and the group's answer (a status, a reason, the measure)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from planwerk.bodies.models import Body
from planwerk.core.records import Record
from planwerk.processes.models import Process, Stage


class Proposal(Record):
    """A resident's proposal to the expert group of its theme field. `html` is the
    text escaped with its line breaks, made once when it is written."""

    class Status(models.TextChoices):
        OPEN = "open", _("not answered yet")
        EXAMINING = "examining", _("being examined")
        TAKEN_UP = "taken_up", _("taken up")
        PARTLY = "partly", _("partly taken up")
        NOT_TAKEN_UP = "not_taken_up", _("not taken up")

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="proposals"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("theme field"), on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("proposal"))
    html = models.TextField(_("HTML"))
    district = models.CharField(_("city district"), max_length=100, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    author_name = models.CharField(_("author's name"), max_length=80, blank=True)
    anonymised = models.BooleanField(_("author's account deleted"), default=False)
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    # The measure that takes the proposal up: a section of the group's draft, by its
    # stable identifier, with its number and title as they were when answered.
    section_uuid = models.UUIDField(_("measure"), null=True, blank=True, db_index=True)
    section_label = models.CharField(_("measure (number and title)"), max_length=400, blank=True)
    section_stage = models.ForeignKey(
        Stage,
        verbose_name=_("stage of the measure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_by = models.CharField(_("answered by"), max_length=150, blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_by_name = models.CharField(_("hidden by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["process", "body", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["not_taken_up", "partly"]) | ~Q(answer=""),
                name="proposal_answer_has_a_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["taken_up", "partly"]) | Q(section_uuid__isnull=False),
                name="proposal_taken_up_names_a_measure",
            ),
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="hidden_proposal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def visible(self) -> bool:
        return self.hidden_at is None


class ProposalSupport(models.Model):
    """One person's support of a proposal: once per person and proposal."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="supports"
    )
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supported by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "supporter"], name="one_proposal_support_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}"
