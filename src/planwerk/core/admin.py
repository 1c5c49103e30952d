"""The administration is the superuser's ("admin.use" in core/permissions.py). What
has audited pages is read-only here: those pages (and their services) are the one
way to change it, so that every change is checked and written to the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from planwerk.core.models import RoleAssignment
from planwerk.core.permissions import may


def _may_use_admin(request: HttpRequest) -> bool:
    return bool(request.user.is_active and may(request.user, "admin.use"))


admin.site.has_permission = _may_use_admin  # type: ignore[method-assign]


class ReadOnlyAdmin(admin.ModelAdmin):
    """For reading only: the model changes through audited pages."""

    # In the table of who may do what: adding and deleting here is nobody's (the
    # change page shows the object, read-only).
    permission_actions = {"add": "admin.change_audited", "delete": "admin.change_audited"}

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    """Roles are given and taken on the roles page (audited)."""

    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
