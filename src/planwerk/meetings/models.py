"""Meetings (Sitzungen) of a body: date, place, agenda, invitations, attendance, minutes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from planwerk.bodies.models import Body, Membership
from planwerk.core.languages import language_choices
from planwerk.core.records import Record


class Meeting(Record):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        INVITED = "invited", _("invited")
        HELD = "held", _("held")
        MINUTES_APPROVED = "minutes_approved", _("minutes approved")
        CANCELLED = "cancelled", _("cancelled")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular meeting")
        # Drucksache 2472/2019, section 1: the lead committee's retreats with the groups.
        RETREAT = "retreat", _("retreat (Klausurtagung)")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    minutes = models.TextField(_("minutes"), blank=True, max_length=100_000)
    minutes_approved_at = models.DateTimeField(_("minutes approved on"), null=True, blank=True)
    minutes_approved_by = models.CharField(_("minutes approved by"), max_length=150, blank=True)
    invitations_sent_at = models.DateTimeField(_("invitations sent on"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    created_by = models.CharField(_("planned by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body}: {self.title}"

    @property
    def minutes_frozen(self) -> bool:
        return self.status in (self.Status.MINUTES_APPROVED, self.Status.CANCELLED)


class AgendaItem(Record):
    """An item of the agenda (Tagesordnungspunkt)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda"
    )
    position = models.PositiveIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="unique_agenda_position"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Invitation(Record):
    """The invitation of one member, sent by email through the task worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("being sent")
        SENT = "sent", _("sent out")
        FAILED = "failed", _("could not be sent")
        NO_ADDRESS = "no_address", _("no email address")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="invitations"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(
        _("language of messages"), max_length=10, choices=language_choices, default="de"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["membership__person__family_name", "membership__person__given_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="unique_invitation_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.membership.person}"


class Attendance(Record):
    """Whether a member was present, absent or represented by her or his deputy."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        REPRESENTED = "represented", _("represented by the deputy")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("attendance"), max_length=20, choices=Status.choices)
    deputy = models.ForeignKey(
        Membership,
        verbose_name=_("represented by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="unique_attendance_per_member"
            ),
            models.CheckConstraint(
                condition=models.Q(status="represented", deputy__isnull=False)
                | (~models.Q(status="represented") & models.Q(deputy__isnull=True)),
                name="attendance_deputy_only_when_represented",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.membership.person}"
