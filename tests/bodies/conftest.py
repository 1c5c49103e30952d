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


# The shared accounts (tests/conftest.py) under the names these modules use.
@pytest.fixture
def koordination(coordinator: Any) -> Any:
    return coordinator


@pytest.fixture
def dez3(dezernat3: Any) -> Any:
    return dezernat3


@pytest.fixture
def dez5(dezernat5: Any) -> Any:
    return dezernat5


@pytest.fixture
def dez6(hannover: Process, make_user: Any) -> Any:
    return make_user("dez6", "dezernat", "dez-vi")


@pytest.fixture
def make_person(db: Any) -> Any:
    """make_person(kind, unit_slug, **fields): a person, with an invented name by default."""
    from tests.factories import PersonFactory, find_unit

    def make(kind: str = "external", unit: str | None = None, **fields: Any) -> Any:
        return PersonFactory(kind=kind, unit=find_unit(unit), **fields)

    return make
