from django.contrib import admin

from planwerk.core.admin import AuditedAdmin
from planwerk.processes import models


@admin.register(models.Process)
class ProcessAdmin(AuditedAdmin):
    list_display = ["__str__", "slug", "loaded_at"]
    readonly_fields = ["definition_file", "definition_sha256", "loaded_at"]


@admin.register(models.Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["__str__", "kind", "parent"]
    list_filter = ["kind", "process"]
    search_fields = ["name__de", "name__en", "slug"]


admin.site.register(models.Stage, AuditedAdmin)
admin.site.register(models.Milestone, AuditedAdmin)
