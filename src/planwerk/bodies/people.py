"""What the coordination records about people and accounts: a person's self-declared
gender and migration background, and who acts in which role.

Both are planwerk pages, not the Django admin: the admin is the operator's (the
superuser's), while the coordinator (OE 50.6) keeps these records herself, with
the audit log noting every change.

Self-declared data is optional and sensitive (it may reveal ethnic origin). It is
shown only in totals for groups of five or more (`bodies.domain.composition`).
The audit log, which keeps every entry for good, notes that it changed and by
whom, never the values: a person who withdraws a declaration leaves no trace of
it behind.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planwerk.audit.services import record
from planwerk.bodies.models import Person
from planwerk.core.models import RoleAssignment
from planwerk.core.permissions import require
from planwerk.processes.models import Unit


@transaction.atomic
def record_self_declaration(
    user: Any, person: Person, *, gender: str, migration_background: bool | None
) -> list[str]:
    """Record what a person declared about themselves; "" and None mean no answer.

    Returns the names of the fields that changed (and only those go into the log)."""
    require(user, "people.record_selfdeclared")
    if gender not in {"", *Person.Gender.values}:
        raise ValidationError({"gender": [_("Choose one of the answers offered.")]})
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed = []
    if person.gender != gender:
        person.gender = gender
        changed.append("gender")
    if person.migration_background != migration_background:
        person.migration_background = migration_background
        changed.append("migration_background")
    if changed:
        person.save(update_fields=changed)
        record(
            "bodies.person.self_declaration_recorded",
            actor=user,
            obj=person,
            payload={"fields": changed},
        )
    return changed


@transaction.atomic
def assign_role(user: Any, *, account: Any, role: str, unit: Unit | None) -> RoleAssignment:
    """Make an account a coordinator, or let it act for a Dezernat."""
    require(user, "people.manage_roles")
    if role not in RoleAssignment.Role.values:
        raise ValidationError({"role": [_("Choose one of the roles offered.")]})
    if role == RoleAssignment.Role.DEZERNAT:
        if unit is None:
            raise ValidationError({"unit": [_("Choose the Dezernat this account acts for.")]})
        if unit.kind != Unit.Kind.DEZERNAT:
            raise ValidationError({"unit": [_("%(unit)s is not a Dezernat.") % {"unit": unit}]})
    elif unit is not None:
        raise ValidationError(
            {
                "unit": [
                    _(
                        "A coordinator acts for the whole process: leave the Dezernat empty, "
                        "or choose the Dezernat role."
                    )
                ]
            }
        )
    account = get_user_model().objects.select_for_update().get(pk=account.pk)
    if not account.is_active:
        raise ValidationError(
            {"account": [_("The account %(name)s is locked.") % {"name": account}]}
        )
    if RoleAssignment.objects.filter(user=account, role=role, unit=unit).exists():
        raise ValidationError(
            {"account": [_("%(name)s already has this role.") % {"name": account}]}
        )
    assignment = RoleAssignment.objects.create(user=account, role=role, unit=unit)
    record(
        "core.role.assigned",
        actor=user,
        obj=assignment,
        payload={
            "account": account.get_username(),
            "role": role,
            "unit": unit.slug if unit else None,
        },
    )
    return assignment


@transaction.atomic
def remove_role(user: Any, assignment: RoleAssignment) -> None:
    """Take a role away. Nobody removes their own coordinator role: another
    coordinator does, so that the process never loses its last one by mistake."""
    require(user, "people.manage_roles")
    assignment = (
        RoleAssignment.objects.select_for_update(of=("self",))
        .select_related("user", "unit")
        .get(pk=assignment.pk)
    )
    if assignment.role == RoleAssignment.Role.COORDINATOR:
        if assignment.user_id == user.pk:
            raise ValidationError(
                _("You cannot remove your own coordinator role: another coordinator can.")
            )
        # Two coordinators removing each other at the same moment would leave none:
        # the second waits here and finds that she no longer is one.
        holders = RoleAssignment.objects.select_for_update().filter(
            role=RoleAssignment.Role.COORDINATOR
        )
        if not user.is_superuser and user.pk not in {a.user_id for a in holders}:
            raise PermissionDenied(_("Only the coordination may do this."))
    payload = {
        "account": assignment.user.get_username(),
        "role": assignment.role,
        "unit": assignment.unit.slug if assignment.unit else None,
    }
    record("core.role.removed", actor=user, obj=assignment, payload=payload)
    assignment.delete()
