"""Two (here: eight) app servers recording at once must not fork the chain."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from planwerk.audit import services
from planwerk.audit.models import AuditEntry

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]

THREADS = 8
ENTRIES_PER_THREAD = 25


def test_servers_recording_at_the_same_time_leave_one_unbroken_chain() -> None:
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def server(number: int) -> None:
        try:
            start.wait()
            for step in range(ENTRIES_PER_THREAD):
                with transaction.atomic():
                    services.record(
                        "test.concurrency.recorded",
                        actor=f"server-{number}",
                        payload={"server": number, "step": step},
                    )
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=server, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    total = THREADS * ENTRIES_PER_THREAD
    assert list(AuditEntry.objects.values_list("sequence", flat=True)) == list(range(1, total + 1))
    result = services.verify()
    assert result.ok, result.reason
    assert result.checked == total
    for number in range(THREADS):
        steps = AuditEntry.objects.filter(actor=f"server-{number}").values_list(
            "payload__step", flat=True
        )
        assert list(steps) == list(range(ENTRIES_PER_THREAD))
