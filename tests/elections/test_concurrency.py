"""Requests racing each other on PostgreSQL: every ballot counted once and none after
the close, a replaced card voting once, one accepted paper tally, one candidacy.

Each thread stands for one request on one app server, with its own database
connection (closed when the thread ends). On SQLite the database serialises all
writers itself, so these tests run on PostgreSQL only.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone, translation
from tests.elections.factories import Meeting, meeting, meeting_of, new_election, register

from planwerk.audit.models import AuditEntry
from planwerk.core.permissions import roles_of
from planwerk.elections import commands, services
from planwerk.elections.models import (
    BallotCount,
    Candidacy,
    CodeUse,
    MigrantOrganisation,
    PaperTallyEntry,
    Round,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency tests need PostgreSQL (SQLite serialises all writers itself)",
    ),
]

# Well below PostgreSQL's default of 100 connections, even with two test workers.
MAX_THREADS = 32
ALREADY_VOTED = "already voted"
NOT_OPEN = "No round is open"


@dataclass
class Outcome:
    value: Any = None
    error: Exception | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def concurrently(
    actions: list[Callable[[], Any]], *, threads: int = MAX_THREADS, timeout: float = 30
) -> list[Outcome]:
    """Run the actions on `threads` threads released at the same moment.

    Returns one outcome per action, in order. Messages are in English, whatever
    catalogue is installed.
    """
    outcomes = [Outcome() for _ in actions]
    pending = iter(list(enumerate(actions)))
    take = threading.Lock()
    threads = min(threads, len(actions))
    start = threading.Barrier(threads)
    crashed: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait(timeout=10)
            with translation.override("en"):
                while True:
                    with take:
                        item = next(pending, None)
                    if item is None:
                        return
                    index, action = item
                    try:
                        outcomes[index].value = action()
                    except Exception as error:
                        outcomes[index].error = error
        except BaseException as error:
            crashed.append(error)
        finally:
            connections.close_all()

    running = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in running:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in running:
        thread.join(max(0.0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in running), "threads did not finish in time"
    assert crashed == []
    return outcomes


def refused_because(outcome: Outcome, text: str) -> bool:
    return isinstance(outcome.error, services.BallotRefused) and text in str(outcome.error)


def counters(rnd: Round) -> dict[str, int]:
    return dict(BallotCount.objects.filter(round=rnd).values_list("choice", "count"))


def crowded_meeting(process: Any, user: Any, *, organisations: int, candidates: int) -> Meeting:
    """Like factories.meeting, faster: the register is filled in bulk, and the rest
    goes through the services in one transaction."""
    with transaction.atomic():
        orgs = MigrantOrganisation.objects.bulk_create(
            MigrantOrganisation(
                process=process,
                name=f"Verein {i + 1:03d}",
                eligibility_confirmed_by=user.get_username(),
                eligibility_confirmed_at=timezone.now(),
            )
            for i in range(organisations)
        )
        return meeting_of(process, user, orgs, candidates)


@pytest.fixture
def coordinator_ready(coordinator: Any) -> Any:
    # Resolve the roles once, before threads share the user object.
    assert "coordinator" in roles_of(coordinator)
    return coordinator


def test_two_hundred_cards_voting_at_once_are_each_counted_once(hannover, coordinator_ready):
    m = crowded_meeting(hannover, coordinator_ready, organisations=200, candidates=7)
    rnd = services.open_round(coordinator_ready, m.election, Round.Mode.ELECTRONIC)
    options: list[str | None] = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", None]
    chosen = [options[i % len(options)] for i in range(200)]
    codes = [m.codes[org.pk] for org in m.organisations]

    outcomes = concurrently(
        [
            lambda code=code, choice=choice: services.cast_ballot(m.election, code, choice)
            for code, choice in zip(codes, chosen, strict=True)
        ]
    )

    assert [o.error for o in outcomes if not o.ok] == []
    counts = counters(rnd)
    assert sum(counts.values()) == 200
    expected = Counter(c if c is not None else BallotCount.ABSTENTION for c in chosen)
    assert counts == {**expected, BallotCount.INVALID: 0}
    assert CodeUse.objects.filter(round=rnd).count() == 200


def test_one_code_tried_from_twenty_places_at_once_counts_once(hannover, coordinator_ready):
    m = meeting(hannover, coordinator_ready, organisations=5, candidates=3)
    rnd = services.open_round(coordinator_ready, m.election, Round.Mode.ELECTRONIC)
    code = m.codes[m.organisations[0].pk]

    outcomes = concurrently(
        [lambda: services.cast_ballot(m.election, code, "c2") for _ in range(20)], threads=20
    )

    assert sum(o.ok for o in outcomes) == 1
    refused = [o for o in outcomes if refused_because(o, ALREADY_VOTED)]
    assert len(refused) == 19
    assert counters(rnd)["c2"] == 1
    assert sum(counters(rnd).values()) == 1
    assert CodeUse.objects.filter(round=rnd).count() == 1


def test_a_ballot_racing_the_close_is_counted_before_it_or_refused(hannover, coordinator_ready):
    m = crowded_meeting(hannover, coordinator_ready, organisations=200, candidates=7)
    rnd = services.open_round(coordinator_ready, m.election, Round.Mode.ELECTRONIC)
    codes = [m.codes[org.pk] for org in m.organisations]
    counted = threading.Semaphore(0)
    closed = threading.Event()

    def ballot(code: str, choice: str, *, late: bool) -> None:
        if late:  # a voter who comes after the close
            assert closed.wait(timeout=20)
        services.cast_ballot(m.election, code, choice)
        counted.release()

    def close() -> Round:
        # Close while ballots are coming in: once the first 20 are counted.
        for _ in range(20):
            assert counted.acquire(timeout=10)
        try:
            return services.close_round(coordinator_ready, rnd)
        finally:
            closed.set()

    actions: list[Callable[[], Any]] = [close]
    actions += [
        lambda code=code, i=i: ballot(code, f"c{i % 7 + 1}", late=i >= 150)
        for i, code in enumerate(codes)
    ]
    outcomes = concurrently(actions, threads=21)

    assert outcomes[0].ok, outcomes[0].error
    ballots = outcomes[1:]
    cast = sum(o.ok for o in ballots)
    refused = sum(refused_because(o, NOT_OPEN) for o in ballots)
    assert cast + refused == 200, [o.error for o in ballots if o.error][:3]
    assert cast >= 20
    assert all(refused_because(o, NOT_OPEN) for o in ballots[150:])
    rnd.refresh_from_db()
    assert rnd.status == Round.Status.CLOSED
    assert sum(counters(rnd).values()) == cast
    assert CodeUse.objects.filter(round=rnd).count() == cast
    # What the close recorded is what is counted now: nothing came in after it.
    record = AuditEntry.objects.get(action="elections.round.closed")
    assert record.payload["cards_used"] == cast
    assert record.payload["votes"] == {c: n for c, n in counters(rnd).items() if c.startswith("c")}


def test_a_ballot_racing_a_card_replacement_cannot_vote_twice(hannover, coordinator_ready):
    m = meeting(hannover, coordinator_ready, organisations=3, candidates=2)
    rnd = services.open_round(coordinator_ready, m.election, Round.Mode.ELECTRONIC)
    org = m.organisations[0]
    old_code = m.codes[org.pk]
    replacing = threading.Event()
    record = services.record

    def slow_record(action: str, **kwargs: Any) -> Any:
        # The replacement holds its locks a moment longer, while the old card votes.
        if action == "elections.meeting.card_replaced":
            replacing.set()
            time.sleep(0.5)
        return record(action, **kwargs)

    def replace() -> services.IssuedCard:
        return services.replace_card(coordinator_ready, m.election, org)

    def vote_with_old_card() -> None:
        assert replacing.wait(timeout=10)
        services.cast_ballot(m.election, old_code, "c1")

    with mock.patch.object(commands, "record", slow_record):
        replaced, old_vote = concurrently([replace, vote_with_old_card], threads=2)

    assert replaced.ok, replaced.error
    new_code = replaced.value.code
    with translation.override("en"):
        try:
            services.cast_ballot(m.election, new_code, "c2")
            new_vote_ok = True
        except services.BallotRefused as error:
            assert ALREADY_VOTED in str(error)
            new_vote_ok = False
    # The organisation votes once: with the old card before it was replaced, or the new one.
    assert old_vote.ok != new_vote_ok
    assert sum(counters(rnd).values()) == 1


def test_two_coordinators_entering_matching_paper_tallies_at_once_accept_it_once(
    hannover, coordinator_ready, make_user
):
    second = make_user("zweite", "coordinator")
    assert "coordinator" in roles_of(second)
    m = meeting(hannover, coordinator_ready, organisations=10, candidates=3)
    rnd = services.open_round(coordinator_ready, m.election, Round.Mode.PAPER)
    tally = {"c1": 5, "c2": 3, "c3": 1}

    outcomes = concurrently(
        [
            lambda user=user: services.enter_paper_tally(user, rnd, tally, 1, 0)
            for user in (coordinator_ready, second)
        ],
        threads=2,
    )

    assert [o.error for o in outcomes] == [None, None]
    entries = PaperTallyEntry.objects.filter(round=rnd)
    assert entries.count() == 2
    assert entries.filter(accepted=True).count() == 1
    services.close_round(coordinator_ready, rnd)
    result = services.round_input(rnd)
    assert result is not None and dict(result.votes) == tally


def test_one_organisation_nominating_from_several_places_at_once_gets_one_candidacy(
    hannover, coordinator_ready
):
    org = register(hannover, coordinator_ready, 1)[0]
    election = new_election(hannover, coordinator_ready)
    services.open_nominations(coordinator_ready, election)

    def nominate(i: int) -> Candidacy:
        return services.nominate(
            coordinator_ready,
            election,
            org,
            given_name=f"Person{i}",
            family_name="Muster",
            self_description="Engagiert.",
            consent_to_publication=True,
        )

    outcomes = concurrently([lambda i=i: nominate(i) for i in range(10)], threads=10)

    assert sum(o.ok for o in outcomes) == 1
    refused = [o.error for o in outcomes if not o.ok]
    assert all(isinstance(e, ValidationError) for e in refused)
    assert all("already nominated" in str(e) for e in refused)
    assert Candidacy.objects.filter(election=election).count() == 1


def test_organisations_nominating_at_once_get_distinct_public_ids(hannover, coordinator_ready):
    orgs = register(hannover, coordinator_ready, 10)
    election = new_election(hannover, coordinator_ready)
    services.open_nominations(coordinator_ready, election)

    outcomes = concurrently(
        [
            lambda org=org: services.nominate(
                coordinator_ready,
                election,
                org,
                given_name=org.name,
                family_name="Muster",
                self_description="Engagiert.",
                consent_to_publication=True,
            )
            for org in orgs
        ],
        threads=10,
    )

    assert [o.error for o in outcomes] == [None] * 10
    ids = sorted(Candidacy.objects.filter(election=election).values_list("public_id", flat=True))
    assert ids == sorted(f"c{i}" for i in range(1, 11))
