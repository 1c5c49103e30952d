from django.contrib import admin

from planwerk.bodies import models
from planwerk.core.admin import AuditedAdmin, AuditedTabularInline, ReadOnlyAdmin


class SeatCategoryInline(AuditedTabularInline):
    model = models.SeatCategory
    fk_name = "body"
    fields = ["slug", "name", "min_seats", "max_seats", "votes", "retired"]
    extra = 0
    show_change_link = True


@admin.register(models.Body)
class BodyAdmin(AuditedAdmin):
    list_display = ["__str__", "kind", "process"]
    list_filter = ["kind", "process"]
    search_fields = ["name__de", "name__en", "slug"]
    inlines = [SeatCategoryInline]


@admin.register(models.Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["family_name", "given_name", "kind", "unit"]
    list_filter = ["kind"]
    search_fields = ["family_name", "given_name", "email"]


@admin.register(models.Membership)
class MembershipAdmin(ReadOnlyAdmin):
    """Read-only: memberships change through the body pages, which check the seat
    rules and write the audit log."""

    list_display = ["person", "body", "seat", "role", "start", "end"]
    list_filter = ["body", "role"]
    search_fields = ["person__family_name"]


@admin.register(models.Nomination)
class NominationAdmin(ReadOnlyAdmin):
    """Read-only: nominations are forwarded and decided on their page (audited)."""

    list_display = ["nominee_family_name", "organisation", "body", "status", "submitted_at"]
    list_filter = ["status", "body"]


@admin.register(models.TopicChangeRequest)
class TopicChangeRequestAdmin(ReadOnlyAdmin):
    """Read-only: the steering group's decision is recorded on the body's page (audited)."""

    list_display = ["body", "status", "requested_at"]
    list_filter = ["status"]
