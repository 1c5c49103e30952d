"""Residents of the city who write publicly: an account without a role, signed in by
a one-time link sent to their email address, with the name they write under."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwerk.core.languages import language_choices
from planwerk.core.records import Record


class Resident(Record):
    """The public profile of an account: the display name (may be a pseudonym) and the
    language its emails are written in. The email address lives on the account and is
    never shown."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="resident",
    )
    display_name = models.CharField(_("display name"), max_length=80)
    language = models.CharField(_("language"), max_length=10, choices=language_choices)
    verified = models.DateTimeField(_("email address confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")

    def __str__(self) -> str:
        return self.display_name
