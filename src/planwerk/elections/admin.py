"""Admin for the election. The register is kept here too, through the same services
as the register page (so every change is audited); elections and candidacies change
only through the election pages, and ballots and code uses are not shown at all."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from planwerk.core.admin import AuditedAdmin, AuditedTabularInline, ReadOnlyAdmin
from planwerk.elections import services
from planwerk.elections.models import Candidacy, Election, MigrantOrganisation


@admin.register(MigrantOrganisation)
class MigrantOrganisationAdmin(AuditedAdmin):
    list_display = [
        "name",
        "contact_name",
        "contact_email",
        "active",
        "eligibility_confirmed_by",
        "eligibility_confirmed_at",
    ]
    list_filter = ["process", "active"]
    search_fields = ["name", "contact_name", "contact_email"]
    fields = [
        "process",
        "name",
        "contact_name",
        "contact_email",
        "language",
        "postal_address",
        "active",
        "eligibility_confirmed_by",
        "eligibility_confirmed_at",
    ]
    readonly_fields = ["eligibility_confirmed_by", "eligibility_confirmed_at"]
    actions = ["confirm_eligibility"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            services.update_organisation(request.user, obj)
        else:
            services.register_organisation(request.user, obj)

    # Taken out of the register with "active", so that past elections keep their records.
    permission_actions = {"delete": "admin.change_audited"}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Confirm the eligibility of the selected organisations"))
    def confirm_eligibility(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for organisation in queryset:
            services.confirm_eligibility(request.user, organisation)
        self.message_user(
            request,
            ngettext(
                "%(n)d organisation confirmed.",
                "%(n)d organisations confirmed.",
                queryset.count(),
            )
            % {"n": queryset.count()},
            messages.SUCCESS,
        )


class CandidacyInline(AuditedTabularInline):
    model = Candidacy
    fields = ["public_id", "given_name", "family_name", "organisation", "withdrawn_before_round"]
    readonly_fields = [
        "public_id",
        "given_name",
        "family_name",
        "organisation",
        "withdrawn_before_round",
    ]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Election)
class ElectionAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "meeting_at",
        "place",
        "phase",
        "practice",
        "seat",
        "seats",
        "runoff_size",
        "tie_rule",
    ]
    list_filter = ["phase", "practice", "process"]
    list_select_related = ["seat"]
    inlines = [CandidacyInline]


@admin.register(Candidacy)
class CandidacyAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "__str__", "organisation", "election", "withdrawn_before_round"]
    list_filter = ["election"]
    list_select_related = ["organisation", "election"]
    search_fields = ["given_name", "family_name", "organisation__name"]
