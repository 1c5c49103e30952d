"""Drafts: what an expert group writes for a stage, its sections and its versions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwerk.bodies.models import Body
from planwerk.core.records import Record
from planwerk.papers.domain.paper import Section as PaperSection
from planwerk.processes.models import Stage


class Draft(Record):
    """The part of a stage's paper one body writes (one per body and stage)."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="drafts"
    )
    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="drafts"
    )
    created_by = models.CharField(_("created by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ["stage__order", "body__order"]
        constraints = [
            models.UniqueConstraint(fields=["body", "stage"], name="unique_draft_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.body} – {self.stage}"

    def paper(self) -> list[PaperSection]:
        """The current text as the pure core sees it."""
        return [s.as_paper() for s in self.sections.all()]


class Section(Record):
    """A section of a draft. Its `uuid` is the stable identifier that versions,
    comments and requirements point at; `revision` counts the saves, so that a
    save based on an older text is refused instead of overwriting."""

    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text (Markdown)"), blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    modified_by = models.CharField(_("last changed by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def as_paper(self) -> PaperSection:
        return PaperSection(str(self.uuid), self.title, self.text)


class Version(Record):
    """A submitted, numbered and frozen state of a draft: `sections` holds the
    sections (id, title, text) as they were; it never changes afterwards."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned")

    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"))
    sections = models.JSONField(_("sections"), default=list, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_by_name = models.CharField(_("submitted by (name)"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["draft", "number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="unique_version_number"),
        ]

    def __str__(self) -> str:
        return _("Version %(number)s") % {"number": self.number}

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A frozen version: once saved, only its status (and `modified`) may change.
        if self.pk is not None:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or set(update_fields) - {"status", "modified"}:
                raise ValidationError(_("A submitted version cannot be changed."))
        super().save(*args, **kwargs)

    def paper(self) -> list[PaperSection]:
        return [PaperSection(s["id"], s["title"], s["text"]) for s in self.sections]


class Recommendation(Record):
    """A change recommendation: new wording proposed for a section of a version, by a
    statement or a requirement. The body that writes the draft takes it into its
    draft with one action, or answers why not."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        TAKEN = "taken", _("taken into the draft")
        DECLINED = "declined", _("not taken")

    version = models.ForeignKey(
        Version,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    section_id = models.CharField(_("section"), max_length=36)
    proposed_text = models.TextField(_("proposed wording (Markdown)"))
    source = models.CharField(_("proposed by"), max_length=300)
    source_url = models.CharField(_("address of the source"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by_name = models.CharField(_("answered by"), max_length=150, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("change recommendation")
        verbose_name_plural = _("change recommendations")
        ordering = ["version", "created"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(answer=""),
                name="declined_recommendation_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.section_id}"

    def section(self) -> PaperSection | None:
        """The section of the version the recommendation is about."""
        return next((s for s in self.version.paper() if s.id == self.section_id), None)
