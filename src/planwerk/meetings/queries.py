"""Reading meetings: the members of a body on a day and their deputies."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from planwerk.bodies.models import Body, Membership


def current_q(on: dt.date) -> Q:
    return Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on))


def day_of(meeting_start: dt.datetime) -> dt.date:
    return timezone.localtime(meeting_start).date()


def members(body: Body, on: dt.date) -> QuerySet[Membership]:
    """The body's members (not their deputies) on the day."""
    return (
        Membership.objects.filter(current_q(on), body=body, role=Membership.Role.MEMBER)
        .select_related("person", "seat", "position__unit")
        .order_by("seat__order", "position__order", "person__family_name")
    )


def deputies(body: Body, on: dt.date) -> QuerySet[Membership]:
    """The body's deputies on the day, each naming the member she or he deputises for."""
    return Membership.objects.filter(
        current_q(on), body=body, role=Membership.Role.DEPUTY
    ).select_related("person", "deputy_of")
