"""The administration is the superuser's ("admin.use" in core/permissions.py).

Every ModelAdmin of planwerk derives from `AuditedAdmin`: it asks the permission
table before it shows or changes anything, and every add, change and delete it makes
(on the change page, in an inline, or with the bulk delete action) is written to the
audit log with the names of the fields that changed, never their values (a person's
self-declared data among them leaves no trace in the log). What has audited pages of
its own is read-only here (`ReadOnlyAdmin`): those pages and their services are the
one way to change it, so that every change is checked by the same rules."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, router, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from planwerk.audit.services import record
from planwerk.core.models import RoleAssignment
from planwerk.core.permissions import may


def _may_use_admin(request: HttpRequest) -> bool:
    return bool(request.user.is_active and may(request.user, "admin.use"))


admin.site.has_permission = _may_use_admin  # type: ignore[method-assign]


def admin_action(model: type[models.Model] | models.Model, verb: str) -> str:
    """The audit action of an admin edit: "admin.<app>.<model>.<verb>"."""
    return f"admin.{model._meta.app_label}.{model._meta.model_name}.{verb}"


def record_admin_edit(
    request: HttpRequest,
    obj: models.Model,
    verb: str,
    fields: list[str] | None = None,
    *,
    object_id: str = "",
) -> None:
    """Write one admin edit to the audit log: which object, by whom, and for an add
    or a change the names of the fields that changed (no values). A deleted object
    has no primary key any more: its former one is given as `object_id`."""
    payload = {} if fields is None else {"fields": sorted(fields)}
    if object_id:
        record(
            admin_action(obj, verb),
            actor=request.user,
            object_type=obj._meta.label_lower,
            object_id=object_id,
            payload=payload,
        )
    else:
        record(admin_action(obj, verb), actor=request.user, obj=obj, payload=payload)


class AuditedAdmin(admin.ModelAdmin):
    """The base of every planwerk ModelAdmin: asks the permission table ("admin.use")
    and writes every edit to the audit log."""

    admin_action = "admin.use"

    def _may(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and may(request.user, self.admin_action))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may(request) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request) and super().has_delete_permission(request, obj)

    # The admin's views run these inside their transaction: the entry is written if
    # and only if the change is.
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record_admin_edit(request, obj, "changed" if change else "added", list(form.changed_data))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        object_id = str(obj.pk)
        super().delete_model(request, obj)
        record_admin_edit(request, obj, "deleted", object_id=object_id)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        """The bulk delete action: one entry for each object deleted."""
        with transaction.atomic(using=router.db_for_write(self.model)):
            deleted = [(obj, str(obj.pk)) for obj in queryset]
            super().delete_queryset(request, queryset)
            for obj, object_id in deleted:
                record_admin_edit(request, obj, "deleted", object_id=object_id)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Inlines: each object added, changed or deleted gets its own entry."""
        deleting = [
            (f.instance, str(f.instance.pk))
            for f in getattr(formset, "deleted_forms", [])
            if f.instance.pk is not None
        ]
        super().save_formset(request, form, formset, change)
        for obj in getattr(formset, "new_objects", []):
            added = next((f for f in formset.forms if f.instance is obj), None)
            record_admin_edit(request, obj, "added", list(added.changed_data) if added else [])
        for obj, fields in getattr(formset, "changed_objects", []):
            record_admin_edit(request, obj, "changed", list(fields))
        for obj, object_id in deleting:
            record_admin_edit(request, obj, "deleted", object_id=object_id)


class AuditedTabularInline(admin.TabularInline):
    """An inline of an `AuditedAdmin`: asks the permission table as its admin does
    (the admin's `save_formset` writes its edits to the audit log)."""

    admin_action = "admin.use"

    def _may(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and may(request.user, self.admin_action))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request) and super().has_delete_permission(request, obj)


class ReadOnlyAdmin(AuditedAdmin):
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
