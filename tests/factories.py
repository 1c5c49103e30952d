"""factory_boy factories for the rows tests make by hand: accounts with their roles,
people and memberships.

Everything a test does not care about is filled in; name what matters:

    MembershipFactory(seat=extern, start=dt.date(2020, 1, 1))
    UserFactory(username="dez3", role="dezernat", unit="dez-iii")

Migrant organisations and elections are made through their services
(tests/elections/factories.py), so that they are audited as in production.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.contrib.auth import get_user_model

from planwerk.bodies.models import Membership, Person
from planwerk.core.models import RoleAssignment
from planwerk.processes.models import Unit

PASSWORD = "pw"


def find_unit(slug: str | None) -> Unit | None:
    return Unit.objects.get(slug=slug) if slug else None


class UserFactory(factory.django.DjangoModelFactory):
    """An account with the password "pw"; `role` (and `unit`, a slug) give it a role."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nutzer{n + 1}")
    password = factory.django.Password(PASSWORD)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        role = kwargs.pop("role", None)
        unit_slug = kwargs.pop("unit", None)
        user = super()._create(model_class, *args, **kwargs)
        if role:
            RoleAssignment.objects.create(user=user, role=role, unit=find_unit(unit_slug))
        return user


class PersonFactory(factory.django.DjangoModelFactory):
    """A person with an invented name, from outside the administration by default."""

    class Meta:
        model = Person

    given_name = factory.Sequence(lambda n: f"Vorname{n + 1}")
    family_name = factory.Sequence(lambda n: f"Nachname{n + 1}")
    kind = "external"


class MembershipFactory(factory.django.DjangoModelFactory):
    """A member of the seat's body since 1 January 2020, in the given `seat`."""

    class Meta:
        model = Membership

    person = factory.SubFactory(
        PersonFactory, kind=factory.LazyAttribute(lambda p: p.factory_parent.seat.kinds[0])
    )
    seat = None  # required: the SeatCategory
    body = factory.LazyAttribute(lambda m: m.seat.body)
    start = dt.date(2020, 1, 1)
