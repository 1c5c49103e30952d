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
