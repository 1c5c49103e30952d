"""Recording and verifying the audit log in the database, and `planwerk audit`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.backends.utils import CursorWrapper

from planwerk.audit import services
from planwerk.audit.chain import GENESIS_HASH, PayloadError, compute_hash
from planwerk.audit.models import AppendOnlyError, AuditEntry, AuditHead

pytestmark = pytest.mark.django_db

TABLE = AuditEntry._meta.db_table


def record_some(count: int) -> list[AuditEntry]:
    return [
        services.record("test.step.done", actor="koordination", payload={"step": number})
        for number in range(1, count + 1)
    ]


@contextmanager
def append_only_guard_lifted() -> Iterator[CursorWrapper]:
    """Tamper as an intruder with database access would: past the triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER audit_auditentry_append_only")
            try:
                yield cursor
            finally:
                cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER audit_auditentry_append_only")
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
            triggers = cursor.fetchall()
            assert triggers, "the append-only triggers are missing"
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            try:
                yield cursor
            finally:
                for _name, sql in triggers:
                    cursor.execute(sql)


def test_recorded_entries_are_numbered_one_two_three_and_chained() -> None:
    first, second, third = record_some(3)

    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.entry_hash
    assert third.previous_hash == second.entry_hash
    head = AuditHead.objects.get()
    assert (head.last_sequence, head.last_hash) == (3, third.entry_hash)


def test_the_actor_is_kept_as_a_name_so_the_log_outlives_the_account() -> None:
    user = User.objects.create_user("koordination")

    by_user = services.record("test.user.acted", actor=user)
    by_visitor = services.record("test.visitor.acted", actor=AnonymousUser())
    by_system = services.record("test.system.acted", actor=None)
    user.delete()

    by_user.refresh_from_db()
    assert (by_user.actor, by_visitor.actor, by_system.actor) == (
        "koordination",
        "anonymous",
        "system",
    )


def test_the_recorded_object_is_named_by_its_model_and_primary_key() -> None:
    user = User.objects.create_user("koordination")

    entry = services.record("test.user.created", actor=None, obj=user)

    assert (entry.object_type, entry.object_id) == ("auth.user", str(user.pk))


def test_the_payload_reads_back_as_hashed_so_the_log_verifies() -> None:
    services.record(
        "test.vote.weighed",
        actor="koordination",
        payload={
            "weight": Decimal("1.5"),
            "on": date(2025, 3, 1),
            "names": ["Ärztin", "Zoë"],
            "nested": {"b": None, "a": True},
        },
    )

    entry = AuditEntry.objects.get()
    assert entry.payload == {
        "weight": "1.5",
        "on": "2025-03-01",
        "names": ["Ärztin", "Zoë"],
        "nested": {"b": None, "a": True},
    }
    assert services.verify().ok


def test_a_float_in_the_payload_is_refused_with_its_place_named() -> None:
    with pytest.raises(PayloadError, match=r"payload\.share"):
        services.record("test.vote.weighed", actor=None, payload={"share": 0.5})

    assert not AuditEntry.objects.exists()


def test_an_action_must_be_a_dotted_name() -> None:
    with pytest.raises(ValueError, match="dotted name"):
        services.record("Round opened", actor=None)


def test_an_entry_is_kept_only_if_the_callers_transaction_commits() -> None:
    record_some(1)

    with pytest.raises(RuntimeError), transaction.atomic():
        services.record("test.step.done", actor=None)
        raise RuntimeError("the service failed after recording")
    later = services.record("test.step.done", actor=None)

    assert later.sequence == 2
    assert services.verify().ok


def test_changing_an_entry_through_the_orm_is_refused() -> None:
    (entry,) = record_some(1)
    entry.actor = "someone else"

    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(actor="someone else")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_update([entry], ["actor"])

    assert AuditEntry.objects.get().actor == "koordination"


def test_deleting_an_entry_through_the_orm_is_refused() -> None:
    (entry,) = record_some(1)

    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()

    assert AuditEntry.objects.count() == 1


def test_entries_cannot_be_added_in_bulk_past_the_chain() -> None:
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_create([])


@pytest.mark.parametrize(
    "statement",
    [f"UPDATE {TABLE} SET actor = 'someone else'", f"DELETE FROM {TABLE}"],
    ids=["update", "delete"],
)
def test_the_database_itself_refuses_to_change_or_delete_an_entry(statement: str) -> None:
    record_some(2)

    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)

    assert AuditEntry.objects.filter(actor="koordination").count() == 2


def test_an_untouched_log_verifies_with_every_entry_checked() -> None:
    entries = record_some(4)

    result = services.verify()

    assert result.ok
    assert result.checked == 4
    assert result.last_hash == entries[-1].entry_hash


def test_an_empty_log_verifies() -> None:
    assert services.verify().ok


def test_changing_an_old_entry_is_reported_at_that_entry() -> None:
    record_some(5)

    with append_only_guard_lifted() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET actor = 'intruder' WHERE sequence = 3")
    result = services.verify()

    assert not result.ok
    assert result.first_broken == 3
    assert result.checked == 2
    assert "does not match its hash" in result.reason


def test_changing_the_payload_of_an_entry_is_reported_at_that_entry() -> None:
    record_some(5)
    forged = json.dumps({"step": 99})

    with append_only_guard_lifted() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET payload = %s WHERE sequence = 2", [forged])
    result = services.verify()

    assert result.first_broken == 2


def test_deleting_an_entry_is_reported_at_its_sequence_number() -> None:
    record_some(5)

    with append_only_guard_lifted() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE sequence = 2")
    result = services.verify()

    assert not result.ok
    assert result.first_broken == 2
    assert "entry 2 is missing" in result.reason


def test_deleting_the_newest_entry_is_reported_through_the_head() -> None:
    record_some(5)

    with append_only_guard_lifted() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE sequence = 5")
    result = services.verify()

    assert not result.ok
    assert result.first_broken == 5


def test_an_entry_added_past_record_is_reported() -> None:
    entries = record_some(2)
    stray = AuditEntry(
        sequence=3,
        created_at=entries[-1].created_at,
        actor="intruder",
        action="test.step.done",
        payload={},
        previous_hash=entries[-1].entry_hash,
    )
    stray.entry_hash = compute_hash(
        sequence=3,
        created_at=stray.created_at,
        actor=stray.actor,
        action=stray.action,
        object_type="",
        object_id="",
        payload={},
        previous_hash=stray.previous_hash,
    )
    stray.save()

    result = services.verify()

    assert not result.ok
    assert result.first_broken == 3


def test_a_lost_head_is_reported_at_the_first_entry_it_no_longer_covers() -> None:
    record_some(2)
    AuditHead.objects.all().delete()

    result = services.verify()

    assert not result.ok
    assert result.first_broken == 1


def run_audit(*args: str) -> tuple[int, str, str]:
    stdout, stderr = StringIO(), StringIO()
    try:
        call_command("audit", *args, stdout=stdout, stderr=stderr)
    except SystemExit as exit_:
        status = exit_.code
    else:
        status = 0
    assert isinstance(status, int)
    return status, stdout.getvalue(), stderr.getvalue()


def test_audit_verify_prints_the_number_of_intact_entries_and_exits_zero() -> None:
    entries = record_some(3)

    status, out, _err = run_audit("verify")

    assert status == 0
    assert out.splitlines() == [
        "audit log intact: 3 entries",
        f"last entry hash: {entries[-1].entry_hash}",
    ]


def test_audit_verify_names_the_broken_entry_and_exits_one() -> None:
    record_some(3)
    with append_only_guard_lifted() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET action = 'test.step.undone' WHERE sequence = 2")

    status, out, err = run_audit("verify")

    assert status == 1
    assert out == ""
    assert err.startswith("audit log broken at entry 2: ")


def test_audit_show_prints_one_line_per_entry_oldest_first() -> None:
    user = User.objects.create_user("koordination")
    services.record("election.round.opened", actor=user, obj=user, payload={"round": 1})
    services.record("election.round.closed", actor=None)

    status, out, _err = run_audit("show")

    lines = out.splitlines()
    assert status == 0
    assert len(lines) == 2
    assert lines[0].split("  ")[0] == "1"
    assert lines[0].split("  ")[2:] == [
        "koordination",
        "election.round.opened",
        f"auth.user:{user.pk}",
        '{"round":1}',
    ]
    assert lines[1].split("  ")[2:] == ["system", "election.round.closed", "-"]


def test_audit_show_last_and_action_narrow_the_entries() -> None:
    services.record("election.round.opened", actor=None)
    services.record("election.roundup.done", actor=None)
    services.record("paper.version.submitted", actor=None)
    services.record("election.round.closed", actor=None)

    _status, last_two, _err = run_audit("show", "--last", "2")
    _status, rounds, _err = run_audit("show", "--action", "election.round")
    _status, last_round, _err = run_audit("show", "--action", "election.round", "--last", "1")

    assert [line.split("  ")[0] for line in last_two.splitlines()] == ["3", "4"]
    assert [line.split("  ")[0] for line in rounds.splitlines()] == ["1", "4"]
    assert [line.split("  ")[0] for line in last_round.splitlines()] == ["4"]


def test_audit_show_json_gives_what_an_auditor_needs_to_recompute_each_hash() -> None:
    record_some(2)

    _status, out, _err = run_audit("show", "--json")

    for line in out.splitlines():
        stored = json.loads(line)
        entry_hash = stored.pop("entry_hash")
        stored["created_at"] = datetime.fromisoformat(stored["created_at"])
        assert compute_hash(**stored) == entry_hash


def test_the_admin_shows_entries_but_offers_no_way_to_add_change_or_delete(admin_client) -> None:
    (entry,) = record_some(1)
    base = "/admin/audit/auditentry/"

    assert admin_client.get(base).status_code == 200
    detail = admin_client.get(f"{base}{entry.pk}/change/")
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content
    assert admin_client.get(f"{base}add/").status_code == 403
    assert admin_client.get(f"{base}{entry.pk}/delete/").status_code == 403
    assert admin_client.post(f"{base}{entry.pk}/change/", {"actor": "x"}).status_code == 403
