"""Shared fixtures: the Hannover process loaded, and users in each role."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

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

REPO = Path(__file__).resolve().parents[1]
HANNOVER = REPO / "src" / "planwerk" / "processes" / "definitions" / "hannover-lip-2019.yaml"


def shared_dir() -> Path:
    """The project's shared folder (specs, examples), beside the repository."""
    return Path(os.environ.get("PLANWERK_SHARED_DIR", REPO.parent / "shared"))


@pytest.fixture
def hannover(db: Any) -> Any:
    from planwerk.processes.loader import load_process_file

    report = load_process_file(HANNOVER)
    return report.process


@pytest.fixture
def make_user(db: Any) -> Any:
    from django.contrib.auth import get_user_model

    from planwerk.core.models import RoleAssignment
    from planwerk.processes.models import Unit

    def make(username: str, role: str | None = None, unit: str | None = None, **extra: Any) -> Any:
        user = get_user_model().objects.create_user(username=username, password="pw", **extra)
        if role:
            unit_obj = Unit.objects.get(slug=unit) if unit else None
            RoleAssignment.objects.create(user=user, role=role, unit=unit_obj)
        return user

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
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    return hannover


@pytest.fixture(autouse=True)
def _empty_audit_log_after_transactional_tests(request: Any) -> Any:
    """SQLite empties tables with DELETE after a transactional test, which the audit
    log's append-only triggers refuse; lift them for that clean-up only."""
    yield
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
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


def english_client(**defaults: Any) -> Any:
    """A test client whose visitor pressed the "English" button."""
    from django.conf import settings
    from django.test import Client

    client = Client(**defaults)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
