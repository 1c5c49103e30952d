from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwerk.core import roles


class RoleAssignment(models.Model):
    """A user's role in the process; a Dezernat role names its Dezernat."""

    class Role(models.TextChoices):
        COORDINATOR = roles.COORDINATOR, _("Coordinator (OE 50.6)")
        DEZERNAT = roles.DEZERNAT, _("Dezernat")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
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
