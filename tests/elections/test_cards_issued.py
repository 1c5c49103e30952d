"""A card issued while a round is open may vote in it: every figure agrees."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from tests.elections.factories import Meeting, meeting_of, register

from planwerk.elections import display, exports, services
from planwerk.elections.domain.recount_cli import main as recount_main
from planwerk.elections.models import CheckIn, Round

pytestmark = pytest.mark.django_db

SEED = "4-1-6-2-5-3"


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def late(hannover: Any, coordinator: Any) -> tuple[Meeting, Any]:
    """Nine organisations in the register, eight checked in; three candidates."""
    orgs = register(hannover, coordinator, 9)
    return meeting_of(hannover, coordinator, orgs[:8], 3), orgs[8]


def flat(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_card_issued_while_the_round_is_open_votes_and_every_figure_agrees(
    late, coordinator, tmp_path: Path
):
    m, latecomer = late
    rnd = services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    assert rnd.ballots_handed_out == 8
    code = services.check_in(coordinator, m.election, latecomer).code
    rnd.refresh_from_db()
    assert rnd.ballots_handed_out == 9
    choices = ["c1", "c1", "c2", "c2", "c3", "c1", None, "c2"]
    for org, choice in zip(m.organisations, choices, strict=True):
        services.cast_ballot(m.election, m.codes[org.pk], choice)
    services.cast_ballot(m.election, code, "c1")
    services.close_round(coordinator, rnd)
    services.enter_seed(coordinator, m.election, SEED)

    (minutes,) = exports.minutes_context(m.election)["rounds"]
    assert (minutes.cards_issued, minutes.cards_used, minutes.ballots_counted) == (9, 9, 9)
    assert [c.organisation for c in minutes.issued_while_open] == [latecomer]
    text = flat(exports.minutes_html(m.election))
    assert "Voting cards issued 9 Voting cards used 9" in text
    assert "Checked in while the round was open 1 organisation" in text

    (view,) = display.round_views(services.election_state(m.election))
    assert (view.present, view.used, view.ballots_cast, view.turnout) == (9, 9, 9, 100.0)

    document = exports.public_record(m.election)
    assert document["rounds"][0]["cards_issued"] == 9
    path = tmp_path / "wahlergebnis.json"
    path.write_bytes(exports.record_bytes(m.election).content)
    out, err = io.StringIO(), io.StringIO()
    assert recount_main([str(path)], stdout=out, stderr=err) == 0, err.getvalue()
    assert json.loads(out.getvalue())["rounds"][0]["tally"] == {"c1": 4, "c2": 3, "c3": 1}


def test_the_projector_counts_the_late_card_as_present(client, late, coordinator):
    m, latecomer = late
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    services.check_in(coordinator, m.election, latecomer)
    services.cast_ballot(m.election, m.codes[m.organisations[0].pk], "c1")
    view = display.projector(m.election)
    assert (view.voted, view.present) == (1, 9)


def test_a_check_in_during_a_paper_round_hands_out_one_more_ballot_paper(late, coordinator):
    m, latecomer = late
    rnd = services.open_round(coordinator, m.election, Round.Mode.PAPER)
    services.check_in(coordinator, m.election, latecomer)
    with pytest.raises(ValidationError, match="add up to 8 ballots, but 9 were handed out"):
        services.enter_paper_tally(coordinator, rnd, {"c1": 4, "c2": 3, "c3": 1}, 0, 0)
    entry = services.enter_paper_tally(coordinator, rnd, {"c1": 4, "c2": 4, "c3": 1}, 0, 0)
    assert entry.pk


def test_no_check_in_once_the_paper_count_is_accepted_until_the_round_closes(
    late, coordinator, make_user
):
    m, latecomer = late
    rnd = services.open_round(coordinator, m.election, Round.Mode.PAPER)
    tally = {"c1": 4, "c2": 3, "c3": 1}
    services.enter_paper_tally(coordinator, rnd, tally, 0, 0)
    services.enter_paper_tally(make_user("koordination2", "coordinator"), rnd, tally, 0, 0)
    with pytest.raises(ValidationError, match="count of round 1 has been accepted"):
        services.check_in(coordinator, m.election, latecomer)
    assert not CheckIn.objects.filter(organisation=latecomer).exists()
    rnd.refresh_from_db()
    assert rnd.ballots_handed_out == 8
    services.close_round(coordinator, rnd)
    services.check_in(coordinator, m.election, latecomer)
    rnd.refresh_from_db()
    assert rnd.ballots_handed_out == 8


def test_a_failed_group_check_in_hands_out_no_card_in_the_open_round(late, coordinator):
    m, latecomer = late
    rnd = services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    with pytest.raises(ValidationError, match="already checked in"):
        services.check_in_many(coordinator, m.election, [(latecomer, ""), (m.organisations[0], "")])
    rnd.refresh_from_db()
    assert rnd.ballots_handed_out == 8


def test_cards_issued_after_a_round_closed_do_not_count_in_it(late, coordinator):
    m, latecomer = late
    rnd = services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    services.cast_ballot(m.election, m.codes[m.organisations[0].pk], "c1")
    services.close_round(coordinator, rnd)
    services.check_in(coordinator, m.election, latecomer)
    services.enter_seed(coordinator, m.election, SEED)
    (minutes,) = exports.minutes_context(m.election)["rounds"]
    assert (minutes.cards_issued, minutes.cards_used) == (8, 1)
    assert minutes.issued_while_open == []
    assert exports.public_record(m.election)["rounds"][0]["cards_issued"] == 8


def test_the_record_digest_of_the_recount_is_the_published_one(late, coordinator, tmp_path):
    m, _latecomer = late
    rnd = services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    services.cast_ballot(m.election, m.codes[m.organisations[0].pk], "c1")
    services.close_round(coordinator, rnd)
    services.enter_seed(coordinator, m.election, SEED)
    published = exports.record_bytes(m.election)
    path = tmp_path / "wahlergebnis.json"
    path.write_bytes(published.content)
    out = io.StringIO()
    assert recount_main([str(path)], stdout=out, stderr=io.StringIO()) == 0
    assert json.loads(out.getvalue())["record_sha256"] == published.sha256
    assert published.sha256 == hashlib.sha256(published.content).hexdigest()
