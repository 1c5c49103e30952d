"""Drafts: what an expert group writes for a stage, its sections and its versions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwerk.bodies.models import Body
from planwerk.core.records import Record
from planwerk.papers import snapshot as snapshots
from planwerk.papers.domain.paper import Field as PaperField
from planwerk.papers.domain.paper import Section as PaperSection
from planwerk.papers.domain.structure import Structure
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

    def structure(self) -> Structure:
        """The parts the stage's paper is made of (empty: free sections)."""
        return Structure.of(self.stage.structure)

    def snapshot(self) -> list[dict[str, Any]]:
        """The sections as a version would freeze them now (in the tree, numbered)."""
        return snapshots.snapshot(self.sections.all(), self.structure())

    def paper(self) -> list[PaperSection]:
        """The current text as the pure core sees it, in the tree, numbered."""
        return snapshots.paper(self.snapshot())


class Section(Record):
    """A section of a draft. Its `uuid` is the stable identifier that versions,
    comments and requirements point at; `revision` counts the saves, so that a
    save based on an older text is refused instead of overwriting. In a paper with
    a structure, `part` names the part of the definition the section is (a goal, a
    measure), `parent` the section it stands below, `fields` the part's fields."""

    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text (Markdown)"), blank=True)
    part = models.SlugField(_("part"), max_length=80, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("below section"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    # field slug → Markdown text
    fields = models.JSONField(_("fields"), default=dict, blank=True)
    # One stable identifier per paragraph of `text` (see papers.domain.paragraphs).
    paragraph_ids = models.JSONField(_("paragraph identifiers"), default=list, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    modified_by = models.CharField(_("last changed by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def as_paper(self) -> PaperSection:
        """This section alone (without its place in the tree or the names of its
        fields; `Draft.paper()` gives those)."""
        return PaperSection(
            str(self.uuid),
            self.title,
            self.text,
            part=self.part,
            fields=tuple(
                PaperField(slug, slug, str(text))
                for slug, text in (self.fields or {}).items()
                if str(text or "").strip()
            ),
            paragraph_ids=tuple(self.paragraph_ids or ()),
        )


class Version(Record):
    """A submitted, numbered and frozen state of a draft: `sections` holds the
    sections as they were (see `papers.snapshot`); it never changes afterwards."""

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
        return snapshots.paper(self.sections)


class Recommendation(Record):
    """A change recommendation: new wording proposed for a section of a version (or
    one paragraph of it), by a statement or a requirement. The body that writes the
    draft takes it into its draft with one action, or answers why not."""

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
    # Blank: the wording is for the whole section; else for this paragraph of it.
    paragraph_id = models.CharField(_("paragraph"), max_length=36, blank=True)
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
