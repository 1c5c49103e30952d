"""Consultations on a submitted version, the statements given, and the mark that a
version is relevant to gender equality."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planwerk.bodies.models import Body
from planwerk.consultations.domain import plan
from planwerk.core.records import Record
from planwerk.papers.models import Version


class Consultation(Record):
    """A body asked about a version: how (its kind), by when, and to whom it answers."""

    class Kind(models.TextChoices):
        REVIEW = plan.REVIEW, _("review")
        ASSESSMENT = plan.ASSESSMENT, _("assessment")
        BUNDLE = plan.BUNDLE, _("bundled assessments")
        STATEMENT = plan.STATEMENT, _("statement")
        CONSULTATION = plan.CONSULTATION, _("consultation")

    version = models.ForeignKey(
        Version,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="consultations"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    addressed_to = models.ForeignKey(
        Body,
        verbose_name=_("addressed to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    bundle = models.ForeignKey(
        "self",
        verbose_name=_("bundled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bundled",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    condition = models.SlugField(_("condition"), max_length=40, blank=True)
    extended_reason = models.TextField(_("reason for the extension"), blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["version", "body__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "body"], name="one_consultation_per_body_and_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} – {self.version}"

    @property
    def is_open(self) -> bool:
        """Whether a statement can still be given: the version has not been decided."""
        return self.version.status == Version.Status.SUBMITTED

    def statement(self) -> Statement | None:
        """The statement itself (number 0), or None while the body has not answered."""
        return min(self.statements.all(), key=lambda s: s.number, default=None)

    def supplements(self) -> list[Statement]:
        """What the body added to its statement, in order (Ergänzung 1, 2, ...)."""
        return sorted((s for s in self.statements.all() if s.number), key=lambda s: s.number)

    def state(self, today: object = None) -> str:
        """answered, late, extended, open, or closed (decided without a statement);
        for a review: the version's status."""
        if self.kind == self.Kind.REVIEW:
            return str(self.version.status)
        if self.statement() is not None:
            return "answered"
        if not self.is_open:
            return "closed"
        today = today or timezone.localdate()
        if self.deadline is not None and self.deadline < today:  # type: ignore[operator]
            return "late"
        if self.extended_reason:
            return "extended"
        return "open"


class Statement(Record):
    """What a consulted body answered: number 0 is the statement, 1, 2, ... the
    supplements (Ergänzungen) the body added until the consultation closed."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.PROTECT,
        related_name="statements",
    )
    number = models.PositiveIntegerField(
        _("number"), default=0, help_text=_("0 for the statement, 1, 2, ... for supplements")
    )
    text = models.TextField(_("text (Markdown)"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    given_by_name = models.CharField(_("given by (name)"), max_length=150, blank=True)
    on_behalf = models.BooleanField(
        _("entered by the coordination on the body's behalf"), default=False
    )
    cites = models.ManyToManyField(
        "self",
        verbose_name=_("cites"),
        symmetrical=False,
        blank=True,
        related_name="cited_by",
    )

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["created", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="unique_statement_number"
            ),
        ]

    def __str__(self) -> str:
        if self.number:
            return _("%(consultation)s, supplement %(number)s") % {
                "consultation": self.consultation,
                "number": self.number,
            }
        return str(self.consultation)

    @property
    def is_supplement(self) -> bool:
        return self.number > 0

    @property
    def label(self) -> str:
        """“Statement”, or “Supplement 1”, “Supplement 2”, ..."""
        if self.number:
            return _("Supplement %(number)s") % {"number": self.number}
        return str(_("Statement"))


class StatementAttachment(Record):
    """A PDF that belongs to a statement, kept in Django's storage."""

    statement = models.ForeignKey(
        Statement,
        verbose_name=_("statement"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to="stellungnahmen/%Y/")
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created"]

    def __str__(self) -> str:
        return self.name


class GenderRelevance(Record):
    """A version marked relevant to gender equality (by a member), and confirmed by
    the coordination: the conditional consultations start at the confirmation."""

    version = models.OneToOneField(
        Version,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="gender_relevance",
    )
    marked_by_name = models.CharField(_("marked by"), max_length=150)
    marked_at = models.DateTimeField(_("marked at"))
    confirmed_by_name = models.CharField(_("confirmed by"), max_length=150, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("relevance to gender equality")
        verbose_name_plural = _("relevance to gender equality")

    def __str__(self) -> str:
        return str(self.version)

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None
