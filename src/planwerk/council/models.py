"""Council papers (Drucksachen): the stage's accepted paper as it goes to the council,
and its passage through the lead committee and the council."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwerk.bodies.models import Body
from planwerk.core.records import Record
from planwerk.meetings.models import Meeting
from planwerk.papers.models import Version
from planwerk.processes.models import Process, Stage


class CouncilPaper(Record):
    """A Drucksache: a number, a title and the accepted versions it holds, frozen when
    it is created."""

    process = models.ForeignKey(
        Process,
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        related_name="council_papers",
    )
    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="council_papers"
    )
    number = models.CharField(_("number"), max_length=50)
    title = models.CharField(_("title"), max_length=300)
    created_by = models.CharField(_("created by"), max_length=150, blank=True)
    versions: models.ManyToManyField[Version, CouncilPaperVersion] = models.ManyToManyField(
        Version,
        verbose_name=_("versions"),
        through="CouncilPaperVersion",
        related_name="council_papers",
    )

    class Meta:
        verbose_name = _("council paper")
        verbose_name_plural = _("council papers")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "number"], name="unique_council_paper_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Frozen once created: what went to the council must not change afterwards.
        if self.pk is not None:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or set(update_fields) - {"modified"}:
                raise ValidationError(_("A council paper cannot be changed once it is created."))
        super().save(*args, **kwargs)


class CouncilPaperVersion(models.Model):
    """One accepted version in a council paper, at its place in body order."""

    paper = models.ForeignKey(
        CouncilPaper,
        verbose_name=_("council paper"),
        on_delete=models.CASCADE,
        related_name="contents",
    )
    version = models.ForeignKey(
        Version, verbose_name=_("version"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        verbose_name = _("version in a council paper")
        verbose_name_plural = _("versions in a council paper")
        ordering = ["paper", "position"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "version"], name="unique_paper_version"),
            models.UniqueConstraint(fields=["paper", "position"], name="unique_paper_position"),
        ]

    def __str__(self) -> str:
        return f"{self.paper.number}: {self.version.draft.body}"


class Passage(Record):
    """The lead committee or the council dealt with the paper: when, where, with what
    outcome (Drucksache 2472/2019, section 1: both decide)."""

    class Outcome(models.TextChoices):
        RECOMMENDED = "recommended", _("recommended")
        DECIDED = "decided", _("decided")
        POSTPONED = "postponed", _("postponed")
        REJECTED = "rejected", _("rejected")
        NOTED = "noted", _("taken note of")

    paper = models.ForeignKey(
        CouncilPaper,
        verbose_name=_("council paper"),
        on_delete=models.PROTECT,
        related_name="passages",
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("dealt with on"))
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    recorded_by = models.CharField(_("recorded by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("passage")
        verbose_name_plural = _("passages")
        ordering = ["date", "created"]

    def __str__(self) -> str:
        return f"{self.paper.number}: {self.body} {self.date}"
