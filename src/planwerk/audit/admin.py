from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from planwerk.audit.models import AuditEntry
from planwerk.core.admin import ReadOnlyAdmin

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
class AuditEntryAdmin(ReadOnlyAdmin):
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
