"""The Hannover process loaded once per test module, and messages in English.

Loading the definition takes a few hundred queries. A module's tests share one load
inside a transaction; each test runs in a savepoint of it, so what a test changes
is gone for the next, and everything is rolled back when the module is done.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation
from tests.conftest import english_client

from planwerk.processes.loader import load_process_file
from planwerk.processes.models import Process

HANNOVER = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "planwerk"
    / "processes"
    / "definitions"
    / "hannover-lip-2019.yaml"
)


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Messages are checked in English, whatever catalogues the apps bring."""
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    """A browser that asks for English pages."""
    return english_client()


@pytest.fixture(scope="module")
def hannover_once(django_db_setup: Any, django_db_blocker: Any) -> Iterator[int]:
    """The pk of the Hannover process, loaded for this module only."""
    with django_db_blocker.unblock(), transaction.atomic():
        report = load_process_file(HANNOVER)
        assert report.process is not None
        yield report.process.pk
        transaction.set_rollback(True)


@pytest.fixture
def process(hannover_once: int, db: Any) -> Process:
    """The Hannover process; use it instead of `hannover` where a module shares one load."""
    return Process.objects.get(pk=hannover_once)


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
