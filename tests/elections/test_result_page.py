"""The public result page, the fixed record and its digest on the minutes."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from tests.conftest import english_client
from tests.elections.factories import meeting, vote
from tests.elections.test_exports import ROUND_ONE, SEED, finished_election, pdf_text

from planwerk.audit.models import AuditEntry
from planwerk.elections import display, exports, services
from planwerk.elections.domain import counting
from planwerk.elections.domain.recount_cli import main as recount_main
from planwerk.elections.models import Candidacy, PublishedRecord, Round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return english_client()


def flat(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def recount_output(data: bytes, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "wahlergebnis.json"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    assert recount_main([str(path)], stdout=out, stderr=err) == 0, err.getvalue()
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def test_the_record_is_fixed_when_the_result_becomes_final(hannover, coordinator):
    m = finished_election(hannover, coordinator)
    stored = PublishedRecord.objects.get(election=m.election)
    assert stored.sha256 == hashlib.sha256(bytes(stored.content)).hexdigest()
    entry = AuditEntry.objects.filter(action="elections.record.published").get()
    assert entry.payload["sha256"] == stored.sha256


def test_every_download_of_a_final_record_is_the_same_file(client, hannover, coordinator):
    m = finished_election(hannover, coordinator)
    url = f"/wahl/dokumente/{m.election.pk}/wahlergebnis.json"
    first, second = client.get(url), client.get(url)
    assert first.content == second.content
    digest = hashlib.sha256(first.content).hexdigest()
    assert digest == PublishedRecord.objects.get(election=m.election).sha256
    assert first["ETag"] == f'"{digest}"'
    assert 'filename="wahlergebnis-' in first["Content-Disposition"]


def test_while_the_election_runs_the_record_is_a_preview_shuffled_anew(
    client, hannover, coordinator
):
    m = meeting(hannover, coordinator, organisations=40, candidates=6)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1"] * 10 + ["c2"] * 9 + ["c3"] * 8 + ["c4"] * 7 + ["c5"] * 3 + [None] * 3)
    services.close_round(coordinator, m.election.rounds.get())
    services.enter_seed(coordinator, m.election, SEED)
    assert not PublishedRecord.objects.exists()
    url = f"/wahl/dokumente/{m.election.pk}/wahlergebnis.json"
    first, second = client.get(url), client.get(url)
    assert first.content != second.content
    assert "vorschau" in first["Content-Disposition"]
    assert first["Cache-Control"] == "no-store"
    page = flat(client.get(f"/wahl/{m.election.pk}/ergebnis/").content.decode())
    assert "not finished yet" in page
    assert "SHA-256 of the record" not in page
    assert "Download a preview of the record so far" in page


def test_the_result_page_shows_the_elected_figures_lots_and_digest(
    client, hannover, coordinator, tmp_path
):
    m = finished_election(hannover, coordinator)
    response = client.get(f"/wahl/{m.election.pk}/ergebnis/")
    assert response.status_code == 200
    html = response.content.decode()
    page = flat(html)
    state = services.election_state(m.election)
    assert state.result is not None
    for pid in state.result.elected:
        assert state.candidate(pid).name in page
    assert SEED in page
    (lot,) = state.result.rounds[0].lots
    for pid in lot.among:
        assert counting.lot_key(SEED, 1, pid) in page
    # Round 1: 12 cards issued, 12 used; 10 votes, 2 abstentions.
    assert "Abstentions 2 Invalid ballots 0 Ballots cast 12" in page
    assert "Voting cards issued 12 Voting cards used 12 Turnout 100.0 %" in page
    # Round 2 on paper: 12 ballot papers, one abstention and one invalid.
    assert "Abstentions 1 Invalid ballots 1 Ballots cast 12 Ballot papers handed out 12" in page

    download = client.get(f"/wahl/dokumente/{m.election.pk}/wahlergebnis.json")
    digest = hashlib.sha256(download.content).hexdigest()
    assert f'<code class="pw-digest" id="record-sha256">{digest}</code>' in html
    assert f'href="/wahl/dokumente/{m.election.pk}/wahlergebnis.json"' in html
    assert f"sha256sum wahlergebnis-{m.election.pk}.json" in page
    assert f"planwerk election recount wahlergebnis-{m.election.pk}.json" in page
    assert recount_output(download.content, tmp_path)["record_sha256"] == digest


def test_a_record_with_one_ballot_added_shows_another_digest(
    client, hannover, coordinator, tmp_path
):
    m = finished_election(hannover, coordinator)
    published = client.get(f"/wahl/dokumente/{m.election.pk}/wahlergebnis.json").content
    changed = json.loads(published)
    changed["rounds"][0]["ballots"].append({"vote": "c6"})
    changed["rounds"][0]["cards_issued"] += 1
    forged = exports.encode_record(changed)
    output = recount_output(forged, tmp_path)
    assert output["record_sha256"] != hashlib.sha256(published).hexdigest()
    assert output["record_sha256"] != PublishedRecord.objects.get(election=m.election).sha256
    page = client.get(f"/wahl/{m.election.pk}/ergebnis/").content.decode()
    assert output["record_sha256"] not in page
    assert hashlib.sha256(published).hexdigest() in page


def test_the_minutes_print_the_same_digest_and_link_the_result_page(
    client, hannover, coordinator, tmp_path
):
    m = finished_election(hannover, coordinator)
    digest = PublishedRecord.objects.get(election=m.election).sha256
    client.force_login(coordinator)
    html = client.get(f"/wahl/dokumente/{m.election.pk}/niederschrift/").content.decode()
    assert digest in html
    assert f"http://testserver/wahl/{m.election.pk}/ergebnis/" in html
    assert f'href="/wahl/{m.election.pk}/ergebnis/"' in html
    pdf = client.get(f"/wahl/dokumente/{m.election.pk}/niederschrift.pdf").content
    assert digest in "".join(pdf_text(pdf, tmp_path).split())


def test_the_minutes_of_a_running_election_print_no_digest(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=12, candidates=6)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ROUND_ONE)
    services.close_round(coordinator, m.election.rounds.get())
    services.enter_seed(coordinator, m.election, SEED)
    context = exports.minutes_context(m.election)
    assert context["record"] is None
    assert "The record is fixed once the result is final" in exports.minutes_html(m.election)


def test_the_dashboard_links_the_public_result_page(client, hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=4, candidates=2)
    client.force_login(coordinator)
    page = client.get(f"/wahl/{m.election.pk}/").content.decode()
    assert f'href="/wahl/{m.election.pk}/ergebnis/"' in page


def test_the_result_page_is_public_before_any_round(client, hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=4, candidates=2)
    response = client.get(f"/wahl/{m.election.pk}/ergebnis/")
    assert response.status_code == 200
    assert "not finished yet" in response.content.decode()


def test_an_unknown_election_has_no_result_page(client, hannover):
    assert client.get("/wahl/999/ergebnis/").status_code == 404


def test_the_result_page_needs_few_queries(
    client, hannover, coordinator, django_assert_max_num_queries
):
    m = finished_election(hannover, coordinator)
    with django_assert_max_num_queries(16):
        assert client.get(f"/wahl/{m.election.pk}/ergebnis/").status_code == 200


def test_an_election_final_before_records_were_stored_gets_its_record_on_first_request(
    client, hannover, coordinator
):
    m = finished_election(hannover, coordinator)
    PublishedRecord.objects.all().delete()
    page = client.get(f"/wahl/{m.election.pk}/ergebnis/").content.decode()
    stored = PublishedRecord.objects.get(election=m.election)
    assert stored.sha256 in page
    download = client.get(f"/wahl/dokumente/{m.election.pk}/wahlergebnis.json").content
    assert hashlib.sha256(download).hexdigest() == stored.sha256


# -- a withdrawal after round 1 ------------------------------------------------------------
def test_after_a_withdrawal_the_minutes_show_the_lot_the_meeting_saw_and_who_moved_up(
    client, hannover, coordinator
):
    m = meeting(hannover, coordinator, organisations=12, candidates=6)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ROUND_ONE)  # c1 3, c2 2, c3 2, c4 1, c5 1, c6 1: one of c4, c5, c6 is drawn
    services.close_round(coordinator, m.election.rounds.get())
    services.enter_seed(coordinator, m.election, SEED)
    seen = services.election_state(m.election).result.rounds[0].lots[0]
    (drawn,) = seen.drawn
    c2 = Candidacy.objects.get(election=m.election, public_id="c2")
    services.withdraw(coordinator, c2)

    state = services.election_state(m.election)
    keys = sorted(seen.among, key=lambda pid: counting.lot_key(SEED, 1, pid))
    assert keys[0] == drawn
    successor = keys[1]  # the next smaller key among those with one vote
    assert set(state.next_field) == {"c1", "c3", drawn, successor}

    (minutes, *_rest) = exports.minutes_context(m.election)["rounds"]
    (lot,) = minutes.lots
    assert [k.candidacy.public_id for k in lot if k.drawn] == [drawn]
    assert {k.candidacy.public_id for k in lot} == set(seen.among)
    (move,) = minutes.moves
    assert move.withdrawn.public_id == "c2"
    assert move.moved_up is not None and move.moved_up.public_id == successor
    assert move.votes == 1 and move.lot
    html = flat(exports.minutes_html(m.election))
    name = state.candidate(successor).name
    assert (
        "Kandidatin2 Muster advanced as announced above and withdrew before round 2. "
        f"In that place {name} moves up into round 2, as the next placed of round 1, "
        "with 1 vote."
    ) in html
    assert "moves up to the runoff in place of Kandidatin2 Muster" in html

    (view,) = display.round_views(state)
    assert [c.public_id for c in view.lots[0].drawn] == [drawn]
    assert view.moves[0].moved_up.public_id == successor
    projector = flat(client.get(f"/wahl/{m.election.pk}/projektor/").content.decode())
    assert (
        f"Kandidatin2 Muster withdrew before round 2: {name}, the next placed with 1 vote, "
        "moves up into round 2 in that place."
    ) in projector
