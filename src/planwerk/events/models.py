"""Public events of a process (Drucksache 2472/2019, section 6: the kickoff, the podium
discussions), the residents' registrations with a waiting list, and the concerns
raised at an event, each passed to the expert group it belongs to."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planwerk.bodies.models import Body
from planwerk.core.languages import language_choices
from planwerk.core.records import Record
from planwerk.core.text import TranslatedText
from planwerk.processes.models import Milestone, Process


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Event(Record):
    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="events"
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    title = TranslatedText(_("title"), max_length=200)
    description = TranslatedText(_("description"), multiline=True, blank=True, max_length=10_000)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300)
    accessibility = TranslatedText(_("accessibility"), multiline=True, blank=True, max_length=2000)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    summary = TranslatedText(_("summary"), multiline=True, blank=True, max_length=5000)
    easy_summary = TranslatedText(
        _("summary in easy language"), multiline=True, blank=True, max_length=5000
    )
    created_by = models.CharField(_("created by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def ends_the_same_day(self) -> bool:
        """Whether it ends on the day it starts, in local time (then only the end's
        time is shown)."""
        return timezone.localtime(self.starts_at).date() == timezone.localtime(self.ends_at).date()


class Workshop(Record):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="workshops"
    )
    title = TranslatedText(_("title"), max_length=200)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.title)


class Registration(Record):
    """A resident's registration. The token is the key of the private link in the
    confirmation email, by which she or he cancels."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    language = models.CharField(
        _("language of messages"), max_length=10, choices=language_choices, default="de"
    )
    languages_spoken = models.JSONField(_("languages spoken"), default=list, blank=True)
    other_languages = models.CharField(_("other languages"), max_length=200, blank=True)
    access_needs = models.TextField(_("access needs"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED
    )
    token = models.CharField(
        _("key of the private link"), max_length=64, default=new_token, unique=True
    )
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    moved_up_at = models.DateTimeField(_("moved up on"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="one_registration_per_address_and_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.name}"


class Concern(Record):
    """A concern a resident raised at an event, entered by staff and passed to the
    expert group whose theme it belongs to; the group records what it did with it.
    Drucksache 2472/2019, section 6: the concerns are passed on to the expert groups."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        TAKEN_UP = "taken_up", _("taken up")
        PARTLY = "partly", _("partly taken up")
        NOT_TAKEN_UP = "not_taken_up", _("not taken up")
        EXAMINING = "examining", _("being examined")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="concerns"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("expert group"), on_delete=models.PROTECT, related_name="concerns"
    )
    text = models.TextField(_("concern"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("what the group did"), max_length=5000, blank=True)
    # The measure that takes the concern up, as for proposals: a section of the
    # group's draft by its stable identifier, with its number and title when answered.
    section_uuid = models.UUIDField(_("measure"), null=True, blank=True, db_index=True)
    section_label = models.CharField(_("measure (number and title)"), max_length=400, blank=True)
    section_stage = models.ForeignKey(
        "processes.Stage",
        verbose_name=_("stage of the measure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_by = models.CharField(_("entered by"), max_length=150, blank=True)
    answered_by = models.CharField(_("answered by"), max_length=150, blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="not_taken_up") | ~Q(answer=""),
                name="concern_not_taken_up_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]
