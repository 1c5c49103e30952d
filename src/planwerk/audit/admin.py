from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from planwerk.audit.models import AuditEntry

ENTRY_FIELDS = (
    "sequence",
    "created_at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "payload",
    "previous_hash",
    "entry_hash",
)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The log for reading: nobody may add, change or delete an entry here."""

    list_display = [
        "sequence",
        "created_at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "short_hash",
    ]
    list_filter = ["action"]
    search_fields = ["object_id", "action"]
    ordering = ["-sequence"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = ENTRY_FIELDS
    readonly_fields = ENTRY_FIELDS

    @admin.display(description=_("hash"))
    def short_hash(self, entry: AuditEntry) -> str:
        return f"{entry.entry_hash[:12]}…"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
