"""A database connection that the server ended is noticed before a request uses it:
with persistent connections (PLANWERK_DB_CONN_MAX_AGE), the requests after a restart
of PostgreSQL are answered, not failed.

The requests go through Django's WSGI handler itself (not the test client), which
checks the connections at the start and the end of every request, as in production.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import RequestFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (pg_terminate_backend)",
    ),
]


def get(path: str) -> int:
    """One request through the WSGI handler, as an app server sends it."""
    handler = WSGIHandler()
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    statuses: list[str] = []
    body = handler(environ, lambda status, headers, *args: statuses.append(status))
    b"".join(body)
    body.close()  # ends the request: Django closes what it must close
    return int(statuses[0].split()[0])


def terminate_the_server_side(pid: int) -> None:
    """What a restart or failover of PostgreSQL does to a kept connection."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


@pytest.fixture
def persistent_connections(monkeypatch: Any) -> None:
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    connection.close()  # the next connection is opened with the setting above


def test_after_the_database_ended_the_connection_the_next_requests_are_answered(
    hannover, persistent_connections
):
    assert get("/gremien/") == 200
    assert connection.connection is not None  # kept for the next request
    terminate_the_server_side(connection.connection.info.backend_pid)

    assert [get("/gremien/") for _ in range(3)] == [200, 200, 200]


def test_connections_are_checked_before_reuse():
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
