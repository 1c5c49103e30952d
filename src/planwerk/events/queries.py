"""Reads of the event pages, each with the rows it needs in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from planwerk.events.models import Concern, Event, Registration
from planwerk.processes.models import Process


def published(process: Process | None) -> QuerySet[Event]:
    if process is None:
        return Event.objects.none()
    return Event.objects.filter(process=process, published=True).order_by("starts_at")


def upcoming(process: Process | None) -> QuerySet[Event]:
    return published(process).filter(ends_at__gte=timezone.now())


def registrations(event: Event) -> QuerySet[Registration]:
    return event.registrations.select_related("workshop").order_by("created", "pk")


def inbox(body: Any) -> QuerySet[Concern]:
    return Concern.objects.filter(body=body).select_related("event").order_by("status", "created")
