"""Public comments on drafts: a version published for comment, its paragraphs as
rendered once at publication, the comments on them and their supports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from planwerk.core.records import Record
from planwerk.core.text import TranslatedText
from planwerk.papers.models import Version


class Publication(Record):
    """A version open to the public's comments from `opens` until `closes`."""

    version = models.OneToOneField(
        Version, verbose_name=_("version"), on_delete=models.PROTECT, related_name="publication"
    )
    opens = models.DateTimeField(_("comments from"))
    closes = models.DateTimeField(_("comments until"))
    summary = TranslatedText(_("summary"), blank=True)
    easy_summary = TranslatedText(_("summary in easy language"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_by_name = models.CharField(_("published by (name)"), max_length=150, blank=True)
    #: Raised by every write that changes the public page: the page's cache key.
    generation = models.PositiveIntegerField(_("generation"), default=0)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="publication_closes_after_opens"
            )
        ]

    def __str__(self) -> str:
        return str(self.version)


class Paragraph(models.Model):
    """A paragraph of a published version, its HTML rendered once, and how many
    visible comments it has (its own and those carried over from earlier versions)."""

    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.CASCADE,
        related_name="paragraphs",
    )
    position = models.PositiveIntegerField(_("position"))
    section_id = models.CharField(_("section"), max_length=64)
    paragraph_id = models.CharField(_("paragraph"), max_length=100)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"))
    comment_count = models.PositiveIntegerField(_("comments"), default=0)

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["publication", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "paragraph_id"], name="unique_paragraph_per_publication"
            )
        ]

    def __str__(self) -> str:
        return self.paragraph_id


class Comment(Record):
    """A comment on a paragraph, or a reply to one (one level). `html` is the text
    escaped with its line breaks, made once when it is written."""

    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    paragraph = models.ForeignKey(
        Paragraph, verbose_name=_("paragraph"), on_delete=models.CASCADE, related_name="comments"
    )
    paragraph_key = models.CharField(_("paragraph identifier"), max_length=100, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="public_comments",
    )
    author_name = models.CharField(_("author's name"), max_length=80, blank=True)
    anonymised = models.BooleanField(_("author's account deleted"), default=False)
    removed = models.BooleanField(_("removed by its author"), default=False)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"))
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_by_name = models.CharField(_("hidden by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="hidden_comment_has_reason",
            )
        ]

    def __str__(self) -> str:
        return self.text[:50]

    @property
    def visible(self) -> bool:
        return self.hidden_at is None and not self.removed


class Support(models.Model):
    """One person's support of a comment: once per person and comment."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="supports"
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
            models.UniqueConstraint(fields=["comment", "supporter"], name="one_support_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.comment_id}"
