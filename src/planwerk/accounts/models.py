"""Invitations to set up an account: who was invited when, and whether the email went."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwerk.bodies.models import Person
from planwerk.core.records import Record


class AccountInvitation(Record):
    """One email with a link to set a password, sent to a person by the task worker.

    The link itself is not stored: the worker makes it when it sends the email, and
    it stops working once the password is set or PASSWORD_RESET_TIMEOUT has passed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("being sent")
        SENT = "sent", _("sent out")
        FAILED = "failed", _("could not be sent")

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="account_invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="account_invitations",
    )
    invited_by = models.CharField(_("invited by"), max_length=150)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("account invitation")
        verbose_name_plural = _("account invitations")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} ({self.created:%Y-%m-%d})"
