"""Paper rounds are entered twice: only each person's latest entry counts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from tests.conftest import english_client
from tests.elections.factories import Meeting, meeting

from planwerk.elections import display, exports, services
from planwerk.elections.models import PaperTallyEntry, Round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def paper(hannover: Any, coordinator: Any) -> Meeting:
    """Five organisations present, three candidates: one round, held on paper."""
    m = meeting(hannover, coordinator, organisations=5, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.PAPER)
    return m


@pytest.fixture
def second(make_user: Any) -> Any:
    return make_user("koordination2", "coordinator")


def enter(user: Any, m: Meeting, c1: int, c2: int, c3: int) -> PaperTallyEntry:
    rnd = m.election.rounds.get(number=1)
    return services.enter_paper_tally(user, rnd, {"c1": c1, "c2": c2, "c3": c3}, 0, 0)


def test_a_match_with_a_superseded_entry_is_not_accepted(paper, coordinator, second):
    enter(coordinator, paper, 2, 2, 1)
    enter(coordinator, paper, 2, 1, 2)
    enter(coordinator, paper, 2, 2, 1)  # corrected back: this is what koordination counted
    entry = enter(second, paper, 2, 1, 2)
    assert not entry.accepted
    assert not PaperTallyEntry.objects.filter(accepted=True).exists()
    rnd = paper.election.rounds.get()
    status = display.paper_status(rnd, services.election_state(paper.election).candidates)
    assert not status.accepted
    assert status.differences == ["votes for Kandidatin2 Muster", "votes for Kandidatin3 Muster"]


def test_a_match_with_the_other_persons_latest_entry_is_accepted(paper, coordinator, second):
    enter(coordinator, paper, 2, 2, 1)
    enter(coordinator, paper, 2, 1, 2)
    enter(coordinator, paper, 2, 2, 1)
    enter(second, paper, 2, 1, 2)
    entry = enter(second, paper, 2, 2, 1)
    assert entry.accepted
    assert entry.confirms is not None and entry.confirms.entered_by == "koordination"
    assert entry.confirms == PaperTallyEntry.objects.filter(entered_by="koordination").last()


def test_one_person_entering_twice_is_never_accepted(paper, coordinator):
    enter(coordinator, paper, 2, 2, 1)
    assert not enter(coordinator, paper, 2, 2, 1).accepted


def test_a_correction_that_matches_the_other_persons_entry_is_accepted(paper, coordinator, second):
    enter(coordinator, paper, 3, 1, 1)
    enter(second, paper, 2, 2, 1)
    assert enter(coordinator, paper, 2, 2, 1).accepted


def test_the_dashboard_compares_the_latest_entries_and_marks_superseded_ones(
    paper, coordinator, second
):
    first = enter(coordinator, paper, 2, 2, 1)
    enter(coordinator, paper, 2, 1, 2)
    enter(second, paper, 2, 1, 2)
    assert PaperTallyEntry.objects.filter(accepted=True).exists()
    paper.election.refresh_from_db()
    rnd = paper.election.rounds.get()
    status = display.paper_status(rnd, services.election_state(paper.election).candidates)
    assert status.accepted
    assert status.superseded == {first.pk}


def test_the_dashboard_says_which_entry_was_superseded(paper, coordinator, second):
    enter(coordinator, paper, 2, 2, 1)
    enter(coordinator, paper, 2, 1, 2)
    client = english_client()
    client.force_login(coordinator)
    page = client.get(f"/wahl/{paper.election.pk}/").content.decode()
    assert "koordination" in page
    assert page.count("superseded") == 1


def test_the_minutes_list_every_entry_and_correction_with_who_and_when(paper, coordinator, second):
    enter(coordinator, paper, 2, 2, 1)
    enter(coordinator, paper, 2, 1, 2)
    enter(coordinator, paper, 2, 2, 1)
    enter(second, paper, 2, 1, 2)
    enter(second, paper, 2, 2, 1)
    rnd = paper.election.rounds.get()
    services.close_round(coordinator, rnd)
    services.enter_seed(coordinator, paper.election, "4-1-6-2-5-3")
    context = exports.minutes_context(paper.election)
    (minutes,) = context["rounds"]
    entries = minutes.paper_entries
    assert [(e.entry.entered_by, e.superseded, e.accepted) for e in entries] == [
        ("koordination", True, False),
        ("koordination", True, False),
        ("koordination", False, False),
        ("koordination2", True, False),
        ("koordination2", False, True),
    ]
    assert [e.figures for e in entries][:2] == [[2, 2, 1, 0, 0], [2, 1, 2, 0, 0]]
    assert minutes.entered_by == ["koordination", "koordination2"]
    html = exports.minutes_html(paper.election)
    assert html.count("superseded by a later entry of the same person") == 3
    assert "accepted: matches the entry of koordination" in html
