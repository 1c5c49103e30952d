"""The database itself keeps one open round per election."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from tests.elections.factories import new_election

from planwerk.elections.models import Round


def test_the_database_refuses_a_second_open_round_of_one_election(
    hannover: Any, coordinator: Any
) -> None:
    election = new_election(hannover, coordinator)
    Round.objects.create(election=election, number=1, mode=Round.Mode.PAPER)

    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.create(election=election, number=2, mode=Round.Mode.PAPER)

    assert list(election.rounds.values_list("number", "status")) == [(1, "open")]


def test_a_new_round_may_open_once_the_last_has_closed(hannover: Any, coordinator: Any) -> None:
    election = new_election(hannover, coordinator)
    Round.objects.create(
        election=election, number=1, mode=Round.Mode.PAPER, status=Round.Status.CLOSED
    )
    other = new_election(hannover, coordinator, title="Zweite Wahl")
    Round.objects.create(election=other, number=1, mode=Round.Mode.PAPER)

    Round.objects.create(election=election, number=2, mode=Round.Mode.PAPER)

    assert Round.objects.filter(status=Round.Status.OPEN).count() == 2
