"""The throttles' counts are shared by every worker and app server of an installation:
the default cache is a table in the database, or Redis where PLANWERK_CACHE_URL is set.
(The tests themselves count in memory; here the shared backends are tried.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, models
from django.test import RequestFactory, override_settings
from django.utils import timezone

from planwerk.core.cache import DatabaseCache
from planwerk.core.throttle import client_key, throttled

DATABASE_CACHE = {
    "BACKEND": "planwerk.core.cache.DatabaseCache",
    "LOCATION": settings.CACHE_TABLE,
}
REDIS_URL = os.environ.get("PLANWERK_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def settings_outside_tests(**environment: str) -> dict[str, Any]:
    """The CACHES setting as a deployment (not the test run) reads it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANWERK_")}
    env.update(PLANWERK_SECRET_KEY="x" * 50, **environment)
    script = "import json, planwerk.settings as s; print(json.dumps(s.CACHES))"
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_a_deployment_counts_in_the_database_by_default():
    assert settings_outside_tests()["default"]["BACKEND"] == "planwerk.core.cache.DatabaseCache"


def test_a_deployment_with_a_cache_url_counts_in_redis():
    caches_setting = settings_outside_tests(PLANWERK_CACHE_URL="redis://cache:6379/1")

    assert caches_setting["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert caches_setting["default"]["LOCATION"] == "redis://cache:6379/1"


def separate_database_caches() -> tuple[DatabaseCache, DatabaseCache]:
    """Two cache objects as two worker processes hold them: nothing shared but the table."""
    return (
        DatabaseCache(settings.CACHE_TABLE, {}),
        DatabaseCache(settings.CACHE_TABLE, {}),
    )


@pytest.mark.django_db
def test_migrate_created_the_cache_table():
    one, _ = separate_database_caches()
    one.set("probe", 1)

    assert one.get("probe") == 1


@pytest.mark.django_db
def test_two_workers_see_one_count():
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1")
    with override_settings(CACHES={"default": DATABASE_CACHE}):
        results = [throttled(request, "shared", limit=2, window=60) for _ in range(3)]
    other_worker = DatabaseCache(settings.CACHE_TABLE, {})

    assert results == [False, False, True]
    assert other_worker.get(f"throttle:shared:{client_key(request)}") == 3


@pytest.mark.django_db
def test_a_throttle_counted_by_two_workers_holds_its_limit():
    one, two = separate_database_caches()
    one.add("throttle:t", 0, timeout=60)
    counts = [worker.incr("throttle:t") for worker in (one, two, one, two)]

    assert counts == [1, 2, 3, 4]
    assert two.get("throttle:t") == 4


def expiry_of(cache: DatabaseCache, key: str) -> datetime:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT expires FROM {settings.CACHE_TABLE} WHERE cache_key = %s",
            [cache.make_key(key)],
        )
        (expires,) = cursor.fetchone()
    expression = models.Expression(output_field=models.DateTimeField())
    for converter in connection.ops.get_db_converters(expression):
        expires = converter(expires, expression, connection)
    return expires


@pytest.mark.django_db
def test_counting_keeps_the_window_instead_of_the_default_timeout():
    one, _ = separate_database_caches()
    one.add("window", 0, timeout=3600)
    before = expiry_of(one, "window")

    one.incr("window")

    assert expiry_of(one, "window") == before
    assert before > timezone.now() + timedelta(minutes=59)


@pytest.mark.django_db
def test_counting_a_key_that_expired_starts_again():
    one, _ = separate_database_caches()
    one.add("old", 5, timeout=1)
    time.sleep(1.1)

    with pytest.raises(ValueError):
        one.incr("old")


@pytest.fixture
def redis_caches() -> Any:
    pytest.importorskip("redis")
    prefix = f"planwerk-test-{uuid.uuid4().hex}"
    config = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
    }
    with override_settings(CACHES={"default": config, "other": config}):
        try:
            caches["default"].get("probe")
        except Exception as exc:  # no Redis on this machine
            pytest.skip(f"Redis is not reachable at {REDIS_URL}: {exc}")
        yield caches["default"], caches["other"]
        # Only this test's keys: clear() would empty the whole Redis database.
        client = caches["default"]._cache.get_client(write=True)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


def test_two_workers_see_one_count_in_redis(redis_caches):
    default, other = redis_caches
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1")

    results = [throttled(request, "shared", limit=2, window=60) for _ in range(3)]

    assert results == [False, False, True]
    assert other is not default
    assert other.get(f"throttle:shared:{client_key(request)}") == 3
