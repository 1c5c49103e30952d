"""Messages in English, and people made up for a test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from tests.conftest import english_client

from planwerk.processes.models import Process


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Messages are checked in English, whatever catalogues the apps bring."""
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    """A browser that asks for English pages."""
    return english_client()


@pytest.fixture
def process(hannover: Process) -> Process:
    """The Hannover process (the same as `hannover`)."""
    return hannover


@pytest.fixture
def make_person(db: Any) -> Any:
    """make_person(kind, unit_slug, **fields): a person, with an invented name by default."""
    from planwerk.bodies.models import Person
    from planwerk.processes.models import Unit

    counter = iter(range(1, 10_000))

    def make(kind: str = "external", unit: str | None = None, **fields: Any) -> Person:
        number = next(counter)
        fields.setdefault("given_name", f"Vorname{number}")
        fields.setdefault("family_name", f"Nachname{number}")
        return Person.objects.create(
            kind=kind, unit=Unit.objects.get(slug=unit) if unit else None, **fields
        )

    return make
