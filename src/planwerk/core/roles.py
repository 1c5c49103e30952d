"""Who may do what. Every view and API endpoint asks these functions.

Roles (process.md, section 1):
- coordinator: staff of the city's integration unit (OE 50.6), runs the process;
- dezernat: staff of a Dezernat, decides the membership of the expert groups it leads;
- member: a person with a current membership in a body;
- public: everybody else, including anonymous visitors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser


COORDINATOR = "coordinator"
DEZERNAT = "dezernat"


def is_coordinator(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return _roles(user).get(COORDINATOR) is not None


def dezernat_unit_ids(user: Any) -> set[int]:
    """The Dezernate a user acts for (empty for everybody else)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(_roles(user).get(DEZERNAT) or set())


def _roles(user: Any) -> dict[str, set[int]]:
    cached = getattr(user, "_planwerk_roles", None)
    if cached is None:
        from planwerk.core.models import RoleAssignment

        cached = {}
        for role, unit_id in RoleAssignment.objects.filter(user=user).values_list(
            "role", "unit_id"
        ):
            cached.setdefault(role, set())
            if unit_id is not None:
                cached[role].add(unit_id)
        user._planwerk_roles = cached
    return cached
