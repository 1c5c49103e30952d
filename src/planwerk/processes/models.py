"""A loaded process definition: the process, its units and its stages."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from planwerk.core.records import Record
from planwerk.core.text import TranslatedText


class Process(Record):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = TranslatedText(_("name"), max_length=200)
    description = TranslatedText(_("description"), multiline=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    coordinating_unit = models.ForeignKey(
        "Unit",
        verbose_name=_("coordinating unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deputies_per_member = models.PositiveSmallIntegerField(
        _("deputies per member"),
        default=1,
        help_text=_("How many deputies may stand in for one member at the same time."),
    )
    definition_file = models.CharField(_("definition file"), max_length=500, blank=True)
    definition_sha256 = models.CharField(_("SHA-256 of the definition"), max_length=64, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")

    def __str__(self) -> str:
        return str(self.name)


class Unit(Record):
    """An organisational unit: Dezernat, department, office or outside organisation."""

    class Kind(models.TextChoices):
        DEZERNAT = "dezernat", _("Dezernat")
        DEPARTMENT = "department", _("Department")
        OFFICE = "office", _("Office")
        ORGANISATION = "organisation", _("Organisation")
        OTHER = "other", _("Other")

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="units"
    )
    slug = models.SlugField(_("slug"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = TranslatedText(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["kind", "name__de"]
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="unique_unit_slug"),
        ]

    def __str__(self) -> str:
        return str(self.name)


class Stage(Record):
    """A stage (Etappe) of the process."""

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="stages"
    )
    slug = models.SlugField(_("slug"), max_length=80)
    order = models.PositiveIntegerField(_("order"), default=0)
    name = TranslatedText(_("name"), max_length=200)
    product = TranslatedText(_("product"), multiline=True, blank=True)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    # The parts of the stage's paper as the definition gives them (see
    # docs/process-definition.md, "The structure of a stage's paper"); empty: free sections.
    structure = models.JSONField(_("structure of the paper"), default=list, blank=True)
    # Set when the coordination moved its dates (docs/timeline.md): a reload of the
    # definition then keeps them instead of the file's.
    moved_at = models.DateTimeField(_("dates moved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="unique_stage_slug"),
            models.CheckConstraint(
                condition=models.Q(ends__gte=models.F("starts")), name="stage_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)


class Milestone(Record):
    class Kind(models.TextChoices):
        EVENT = "event", _("Event")
        DECISION = "decision", _("Decision")
        DEADLINE = "deadline", _("Deadline")
        MILESTONE = "milestone", _("Milestone")

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="milestones"
    )
    stage = models.ForeignKey(
        Stage,
        verbose_name=_("stage"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    slug = models.SlugField(_("slug"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MILESTONE)
    name = TranslatedText(_("name"), max_length=200)
    date = models.DateField(_("date"))
    end = models.DateField(_("until"), null=True, blank=True)
    approximate = models.BooleanField(_("approximate date"), default=False)
    # The stage (its end) or milestone (its last day) this one follows, `after_days`
    # later, as the definition says (`after:`); empty: its stage's start, or nothing.
    after = models.SlugField(_("follows"), max_length=80, blank=True)
    after_days = models.PositiveIntegerField(_("days after"), default=0)
    reached_on = models.DateField(_("reached on"), null=True, blank=True)
    moved_at = models.DateTimeField(_("date moved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["process", "slug"], name="unique_milestone_slug"),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("date")),
                name="milestone_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)
