from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from planwerk.core import roles


class RoleAssignment(models.Model):
    """A user's role in the process; a Dezernat role names its Dezernat."""

    class Role(models.TextChoices):
        COORDINATOR = roles.COORDINATOR, _("Coordinator (OE 50.6)")
        DEZERNAT = roles.DEZERNAT, _("Dezernat")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "processes.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("For a Dezernat role: the Dezernat the user acts for."),
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_assignment"),
            models.CheckConstraint(
                condition=~models.Q(role=roles.DEZERNAT) | models.Q(unit__isnull=False),
                name="dezernat_role_names_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class StatusChange(models.Model):
    """One step of a status workflow: what changed from which state to which, who
    decided it, when and why (see planwerk.core.workflow)."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("object type")
    )
    object_id = models.CharField(_("object ID"), max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    workflow = models.CharField(_("workflow"), max_length=60)
    source = models.CharField(_("from"), max_length=30, blank=True)
    target = models.CharField(_("to"), max_length=30)
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)
    decided_at = models.DateTimeField(_("decided at"), db_default=Now())
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["decided_at", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="status_change_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.workflow} {self.object_id}: {self.source or '–'} → {self.target}"
