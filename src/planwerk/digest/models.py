"""A subscription to the digest of the process's steps: by email, daily or weekly,
and as an Atom feed behind a private address."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwerk.core.records import Record


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Subscription(Record):
    class Frequency(models.TextChoices):
        DAILY = "daily", _("daily")
        WEEKLY = "weekly", _("weekly")
        NONE = "none", _("no email, the feed only")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="digest_subscription",
    )
    frequency = models.CharField(
        _("email"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    feed_token = models.CharField(
        _("key of the feed address"), max_length=64, unique=True, default=new_token
    )
    last_sent_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"
