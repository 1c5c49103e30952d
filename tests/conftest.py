"""Shared fixtures: the Hannover process (loaded once per test process), users in each role."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from tests import database
from tests.database import HANNOVER, REPO

os.environ.setdefault("PLANWERK_TESTING", "1")

# No deadlines (a loaded CI machine is slow, not wrong); fewer examples by default,
# more with PLANWERK_HYPOTHESIS_EXAMPLES=500 for a thorough run.
hypothesis_settings.register_profile(
    "planwerk",
    deadline=None,
    max_examples=int(os.environ.get("PLANWERK_HYPOTHESIS_EXAMPLES", "30")),
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.load_profile("planwerk")

__all__ = ["HANNOVER", "REPO", "english_client", "shared_dir"]


def shared_dir() -> Path:
    """The project's shared folder (specs, examples), beside the repository."""
    return Path(os.environ.get("PLANWERK_SHARED_DIR", REPO.parent / "shared"))


# -- the test database: Hannover and the demo loaded once (see tests/database.py) ----
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def _uses_database(item: Any) -> bool:
    return bool(item.get_closest_marker("django_db")) or not DATABASE_FIXTURES.isdisjoint(
        item.fixturenames
    )


def _is_transactional(item: Any) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return not {"transactional_db", "live_server"}.isdisjoint(item.fixturenames)


def _level(item: Any) -> int:
    """How many layers of test data a test asks for, through the fixtures it uses."""
    if "demo" in item.fixturenames:
        return database.DEMO_LEVEL
    if "hannover" in item.fixturenames:
        return database.HANNOVER_LEVEL
    return 0


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The test database, migrated, with the Hannover process and the demo committed."""
    database.STATE.blocker = django_db_blocker
    with django_db_blocker.unblock():
        database.preload()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # Before the test's transaction begins: a transactional test before this one may
    # have emptied the database.
    if _level(item) and _uses_database(item) and not _is_transactional(item):
        database.restore_if_flushed()


@pytest.fixture(autouse=True)
def _test_data(request: Any) -> Any:
    """Every test sees the layers of test data it asks for, and no others."""
    if _uses_database(request.node):
        request.getfixturevalue("db")  # the test's transaction (unless transactional)
        database.ensure(_level(request.node))
    yield
    database.end_of_test()


@pytest.fixture
def hannover(db: Any) -> Any:
    """The Hannover process (loaded once per test process; see tests/database.py)."""
    from planwerk.processes.models import Process

    database.at_least(database.HANNOVER_LEVEL)
    return Process.objects.get(pk=database.hannover_pk())


@pytest.fixture
def make_user(db: Any) -> Any:
    """make_user(username, role=None, unit=None, **fields): an account, password "pw"."""
    from tests.factories import UserFactory

    def make(username: str, role: str | None = None, unit: str | None = None, **extra: Any) -> Any:
        return UserFactory(username=username, role=role, unit=unit, **extra)

    return make


@pytest.fixture
def coordinator(hannover: Any, make_user: Any) -> Any:
    return make_user("koordination", "coordinator")


@pytest.fixture
def dezernat3(hannover: Any, make_user: Any) -> Any:
    return make_user("dez3", "dezernat", "dez-iii")


@pytest.fixture
def dezernat5(hannover: Any, make_user: Any) -> Any:
    return make_user("dez5", "dezernat", "dez-v")


@pytest.fixture
def demo(hannover: Any) -> Any:
    """The Hannover process with the fictional people and accounts of `load-demo`."""
    database.at_least(database.DEMO_LEVEL)
    return hannover


@pytest.fixture(autouse=True)
def _empty_audit_log_after_transactional_tests(request: Any) -> Any:
    """SQLite empties tables with DELETE after a transactional test, which the audit
    log's append-only triggers refuse; lift them for that clean-up only."""
    yield
    if not _is_transactional(request.node):
        return
    from django.db import connection

    if connection.vendor != "sqlite":
        return  # PostgreSQL empties tables with TRUNCATE, which the triggers allow.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            ["audit_auditentry"],
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        cursor.execute("DELETE FROM audit_auditentry")
        for _name, sql in triggers:
            cursor.execute(sql)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Throttling counts live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _german_to_begin_with() -> Any:
    """Every test starts in the site's language, whatever an earlier one activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def english_client(**defaults: Any) -> Any:
    """A test client whose visitor pressed the "English" button."""
    from django.conf import settings
    from django.test import Client

    client = Client(**defaults)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
