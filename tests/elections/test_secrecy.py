"""The secret ballot, checked on what is stored: nothing links an organisation or a
code to a choice (Drucksache 2472/2019, 2.1, read with process.md: "no stored record
links an organisation to its ballot")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models
from tests.elections.factories import Meeting, meeting, vote

from planwerk.audit.models import AuditEntry
from planwerk.elections import exports, services
from planwerk.elections.models import BallotCount, CodeUse, Round, VotingCard

pytestmark = pytest.mark.django_db

CHOICES = ["c1", "c2", "c1", "c3", None, "c2", "c1", "c4", "c1", None]
# Keys under which a payload would carry what a ballot said.
CHOICE_KEYS = {"vote", "votes", "choice", "choices", "ballot", "ballots"}


def voted(process: Any, user: Any, *, close: bool = True) -> Meeting:
    m = meeting(process, user, organisations=len(CHOICES) + 2, candidates=5)
    services.open_round(user, m.election, Round.Mode.ELECTRONIC)
    vote(m, CHOICES)
    if close:
        services.close_round(user, m.election.rounds.get(number=1))
    return m


def columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return [column[0] for column in cursor.description]


def all_rows() -> Iterator[tuple[str, list[Any]]]:
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                yield table, list(row)


def as_text(value: Any) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("latin-1")
    return str(value)


def walk(value: Any) -> Iterator[tuple[str | None, Any]]:
    """Every (key, value) of a JSON value, nested ones included; list items have no key."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield None, item
            yield from walk(item)


def test_a_code_use_holds_only_the_card_and_the_round(hannover, coordinator):
    voted(hannover, coordinator)
    assert [f.column for f in CodeUse._meta.concrete_fields] == ["id", "card_id", "round_id"]
    assert sorted(columns(CodeUse._meta.db_table)) == ["card_id", "id", "round_id"]
    assert CodeUse.objects.count() == len(CHOICES)


def test_a_ballot_counter_holds_only_the_round_the_choice_and_the_count(hannover, coordinator):
    m = voted(hannover, coordinator)
    assert [f.column for f in BallotCount._meta.concrete_fields] == [
        "id",
        "round_id",
        "choice",
        "count",
    ]
    assert sorted(columns(BallotCount._meta.db_table)) == ["choice", "count", "id", "round_id"]
    # One counter per choice of the round, not one row per ballot.
    rnd = m.election.rounds.get()
    counters = {c.choice: c.count for c in BallotCount.objects.filter(round=rnd)}
    assert set(counters) == {"c1", "c2", "c3", "c4", "c5", "abstention", "invalid"}
    assert counters == {"c1": 4, "c2": 2, "c3": 1, "c4": 1, "c5": 0, "abstention": 2, "invalid": 0}


def test_neither_code_uses_nor_counters_carry_a_time():
    for model in (CodeUse, BallotCount):
        for f in model._meta.concrete_fields:
            assert not isinstance(f, models.DateField | models.TimeField), (model, f.name)
    # Nor an order of their own beyond the id, and no link between the two.
    assert not any(f.related_model is CodeUse for f in BallotCount._meta.concrete_fields)
    assert not any(f.related_model is BallotCount for f in CodeUse._meta.concrete_fields)


def test_no_table_of_the_elections_app_has_a_voter_beside_a_choice(hannover, coordinator):
    voted(hannover, coordinator)
    voter_columns = {"card_id", "organisation_id", "code_digest", "code"}
    choice_columns = {"choice", "vote", "votes", "ballot", "ballots"}
    checked = 0
    for model in apps.get_app_config("elections").get_models(include_auto_created=True):
        names = set(columns(model._meta.db_table))
        assert not (names & voter_columns and names & choice_columns), model._meta.db_table
        checked += 1
    assert checked >= 9


def test_the_code_itself_is_stored_nowhere(hannover, coordinator):
    m = voted(hannover, coordinator)
    codes = set(m.codes.values())
    assert len(codes) == len(m.organisations)
    forms = codes | {services.format_code(c) for c in codes} | {c.lower() for c in codes}
    tables = set()
    for table, row in all_rows():
        tables.add(table)
        for value in row:
            text = as_text(value)
            assert not any(form in text for form in forms), f"a code is stored in {table}"
    assert {"elections_votingcard", "audit_auditentry"} <= tables
    # What is stored is the HMAC digest, and it does not reveal the code.
    for code in codes:
        assert VotingCard.objects.filter(code_digest=services._digest(code)).exists()


def test_casting_ballots_writes_no_audit_entry(hannover, coordinator):
    m = voted(hannover, coordinator, close=False)
    before = AuditEntry.objects.count()
    rest = m.organisations[len(CHOICES) :]
    for org in rest:
        services.cast_ballot(m.election, m.codes[org.pk], "c5")
    assert AuditEntry.objects.count() == before


def test_no_audit_entry_names_a_choice_together_with_a_voter(hannover, coordinator):
    m = voted(hannover, coordinator)
    codes = set(m.codes.values())
    digests = {services._digest(c) for c in codes}
    voters = {org.name for org in m.organisations}
    voter_types = {"elections.votingcard", "elections.migrantorganisation", "elections.checkin"}
    entries = list(AuditEntry.objects.order_by("sequence"))
    assert entries
    with_choices = 0
    for entry in entries:
        pairs = list(walk(entry.payload))
        keys = {key for key, _ in pairs if key}
        texts = {as_text(v) for _, v in pairs if not isinstance(v, dict | list)}
        names_choice = bool(keys & CHOICE_KEYS)
        names_voter = (
            entry.object_type in voter_types
            or bool(texts & (codes | digests))
            or bool(keys & {"card", "cards", "code", "codes"})
        )
        assert not (texts & (codes | digests)), entry.action
        if names_choice:
            with_choices += 1
            assert not names_voter, entry.action
            assert not (texts & voters), entry.action
            assert entry.object_type not in voter_types, entry.action
    # The closed round publishes its counts, without anybody's name.
    assert with_choices >= 1


def test_the_exported_record_has_no_code_and_no_voter(hannover, coordinator):
    m = voted(hannover, coordinator)
    services.enter_seed(coordinator, m.election, "1-2-3-4-5-6")
    document = exports.public_record(m.election)
    text = json.dumps(document, ensure_ascii=False)
    for code in m.codes.values():
        assert code not in text and services.format_code(code) not in text
        assert services._digest(code) not in text
    (rnd,) = document["rounds"]
    assert all(set(ballot) <= {"vote", "invalid"} for ballot in rnd["ballots"])
    # Organisations appear as the candidates' organisations and nowhere else.
    candidate_orgs = {c.organisation.name for c in m.candidates}
    assert {c["organisation"] for c in document["candidates"]} == candidate_orgs
    for org in m.organisations:
        if org.name not in candidate_orgs:
            assert org.name not in text
    assert {"format", "election", "candidates", "withdrawals", "rounds"} == set(document)


@pytest.mark.postgres
def test_postgresql_row_versions_do_not_join_code_uses_to_counters(
    transactional_db, hannover, coordinator
):
    """On PostgreSQL every row remembers the transaction that wrote it (xmin). A ballot
    writes its code use and its counter in one transaction, so after the round each
    counter would still name its last voter's transaction. Closing the round rewrites
    every counter of the round, so afterwards they all name the closing transaction."""
    if connection.vendor != "postgresql":
        pytest.skip("xmin exists on PostgreSQL only")
    m = voted(hannover, coordinator)
    rnd = m.election.rounds.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM elections_ballotcount WHERE round_id = %s", [rnd.pk])
        counter_xids = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT xmin::text FROM elections_codeuse WHERE round_id = %s", [rnd.pk])
        use_xids = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT xmin::text FROM elections_round WHERE id = %s", [rnd.pk])
        (close_xid,) = cursor.fetchone()
    assert len(use_xids) == len(CHOICES)
    assert counter_xids == {close_xid}
    assert not counter_xids & use_xids
