"""The public record and the minutes of an election, as files and as pages."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from tests.elections.factories import Meeting, meeting, vote

from planwerk.elections import exports, services
from planwerk.elections.domain import counting
from planwerk.elections.domain.record import recount, result_document
from planwerk.elections.domain.recount_cli import main as recount_main
from planwerk.elections.models import Round

pytestmark = pytest.mark.django_db

SEED = "4-1-6-2-5-3"
# Round 1: c4, c5 and c6 tie for the fourth place; the lot decides who advances.
ROUND_ONE = ["c1", "c1", "c1", "c2", "c2", "c3", "c3", "c4", "c5", "c6", None, None]


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Messages are matched in English; pages follow the request's language."""
    with translation.override("en"):
        yield


def finished_election(process: Any, user: Any) -> Meeting:
    """Twelve organisations, six candidates; round 1 electronic with a lot at the
    cut-off, round 2 on paper; the seats are decided."""
    m = meeting(process, user, organisations=12, candidates=6)
    services.open_round(user, m.election, Round.Mode.ELECTRONIC)
    vote(m, ROUND_ONE)
    services.close_round(user, m.election.rounds.get(number=1))
    services.enter_seed(user, m.election, SEED)
    finalists = services.election_state(m.election).next_field
    rnd = services.open_round(user, m.election, Round.Mode.PAPER)
    tally = {finalists[0]: 5, finalists[1]: 4, finalists[2]: 1, finalists[3]: 0}
    services.enter_paper_tally(user, rnd, tally, 1, 1)
    second = type(user).objects.create_user("zweite", password="pw", is_superuser=True)
    services.enter_paper_tally(second, rnd, tally, 1, 1)
    services.close_round(user, rnd)
    return m


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian's poppler-utils) is not installed; cannot read the PDF")
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return done.stdout


def test_the_record_is_refused_before_the_seed_is_entered(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=6, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1", "c2", "c3", "c1", None])
    services.close_round(coordinator, m.election.rounds.get())
    with pytest.raises(exports.RecordNotAvailable, match="lot seed"):
        exports.public_record(m.election)


def test_the_exported_record_recounts_to_the_result_planwerk_shows(hannover, coordinator, tmp_path):
    m = finished_election(hannover, coordinator)
    state = services.election_state(m.election)
    assert state.result is not None and state.result.complete
    expected = result_document(state.result)
    assert expected["rounds"][0]["lots"], "the example should draw a lot at the cut-off"

    document = exports.public_record(m.election)
    assert document["format"] == "planwerk-election-record/1"
    assert document["election"]["lot_seed"] == SEED
    assert recount(document) == expected

    path = tmp_path / "wahlergebnis.json"
    path.write_text(json.dumps(document), "utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert recount_main([str(path)], stdout=out, stderr=err) == 0
    assert err.getvalue() == ""
    assert json.loads(out.getvalue()) == {
        **expected,
        "record_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }


def test_the_record_has_ballots_for_electronic_rounds_and_the_tally_for_paper_ones(
    hannover, coordinator
):
    m = finished_election(hannover, coordinator)
    document = exports.public_record(m.election)
    first, second = document["rounds"]
    assert len(first["ballots"]) == len(ROUND_ONE)
    assert Counter(b.get("vote", "invalid") for b in first["ballots"]) == Counter(ROUND_ONE)
    assert second["tally"]["abstentions"] == 1 and second["tally"]["invalid"] == 1
    assert sorted(second["tally"]["votes"].values()) == [0, 1, 4, 5]
    assert [c["id"] for c in document["candidates"]] == [f"c{i}" for i in range(1, 7)]
    assert document["candidates"][0] == {
        "id": "c1",
        "name": "Kandidatin1 Muster",
        "organisation": "Verein 01",
    }


def test_each_preview_of_the_record_shuffles_the_ballots_anew_with_equal_counts(
    hannover, coordinator
):
    m = meeting(hannover, coordinator, organisations=40, candidates=3)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1"] * 14 + ["c2"] * 12 + ["c3"] * 10 + [None] * 4)
    services.close_round(coordinator, m.election.rounds.get())
    services.enter_seed(coordinator, m.election, SEED)

    def ballots() -> list[Any]:
        return [b.get("vote") for b in exports.public_record(m.election)["rounds"][0]["ballots"]]

    first, second = ballots(), ballots()
    assert Counter(first) == Counter(second) == Counter({"c1": 14, "c2": 12, "c3": 10, None: 4})
    # 40!/(14! 12! 10! 4!) orders: two equal ones by chance are out of the question.
    assert first != second
    assert first != sorted(first, key=str)


def test_the_record_of_a_running_election_has_the_rounds_closed_so_far(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=12, candidates=6)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ROUND_ONE)
    services.close_round(coordinator, m.election.rounds.get(number=1))
    services.enter_seed(coordinator, m.election, SEED)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1"])
    document = exports.public_record(m.election)
    assert [r["number"] for r in document["rounds"]] == [1]
    assert recount(document)["elected"] == []


def test_anyone_can_download_the_record_as_a_json_file(client, hannover, coordinator):
    m = finished_election(hannover, coordinator)
    response = client.get(f"/wahl/dokumente/{m.election.pk}/wahlergebnis.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "wahlergebnis" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert recount(document) == result_document(services.election_state(m.election).result)


def test_the_record_download_says_why_before_the_seed(client, hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=4, candidates=2)
    response = client.get(f"/wahl/dokumente/{m.election.pk}/wahlergebnis.json")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/plain")
    assert response.content


def test_the_minutes_pdf_names_candidates_figures_seed_and_lot_keys(
    client, hannover, coordinator, tmp_path
):
    m = finished_election(hannover, coordinator)
    client.force_login(coordinator)
    response = client.get(f"/wahl/dokumente/{m.election.pk}/niederschrift.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")

    text = pdf_text(response.content, tmp_path)
    flat = " ".join(text.split())
    for candidacy in m.candidates:
        assert candidacy.name in flat
        assert candidacy.organisation.name in flat
    assert SEED in flat
    state = services.election_state(m.election)
    assert state.result is not None
    lot = state.result.rounds[0].lots[0]
    for pid in lot.among:
        assert counting.lot_key(SEED, 1, pid) in flat
    for pid in state.result.elected:
        assert state.candidate(pid).name in flat
    # Round 2 on paper: 5, 4, 1 and 0 votes, one abstention, one invalid, 12 counted.
    assert "Wahlniederschrift" in flat
    assert " 12 " in flat


def test_the_minutes_follow_the_page_language(client, hannover, coordinator):
    m = finished_election(hannover, coordinator)
    client.force_login(coordinator)
    german = client.get(f"/wahl/dokumente/{m.election.pk}/niederschrift/")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(f"/wahl/dokumente/{m.election.pk}/niederschrift/")
    assert german.status_code == english.status_code == 200
    assert "Wahlniederschrift" in german.content.decode()
    assert "Minutes of the election" in english.content.decode()


def test_the_minutes_preview_shows_the_same_figures(client, hannover, coordinator):
    m = finished_election(hannover, coordinator)
    client.force_login(coordinator)
    html = client.get(f"/wahl/dokumente/{m.election.pk}/niederschrift/").content.decode()
    assert SEED in html
    assert counting.lot_key(SEED, 1, "c4") in html
    assert "Kandidatin1 Muster" in html and "Verein 01" in html
    assert 'rel="stylesheet"' in html and "<style>" not in html


@pytest.mark.parametrize("path", ["niederschrift.pdf", "niederschrift/"])
def test_the_minutes_are_for_the_coordinator_only(client, hannover, coordinator, make_user, path):
    m = meeting(hannover, coordinator, organisations=4, candidates=2)
    url = f"/wahl/dokumente/{m.election.pk}/{path}"
    assert client.get(url)["Location"] == f"/anmelden/?next={url}"
    client.force_login(make_user("jemand"))
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


def test_minutes_of_a_running_election_are_marked_as_draft_and_hide_unseeded_figures(
    hannover, coordinator
):
    m = meeting(hannover, coordinator, organisations=12, candidates=6)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ROUND_ONE)
    services.close_round(coordinator, m.election.rounds.get(number=1))
    context = exports.minutes_context(m.election)
    assert not context["complete"] and context["seed_needed"]
    (first,) = context["rounds"]
    assert not first.shown and first.rows == []
    assert first.cards_used == 12
    html = exports.minutes_html(m.election)
    assert "Kandidatin1 Muster" in html
    assert counting.lot_key  # the keys need the seed: none is shown
    assert "doc-key" not in html


def test_the_minutes_are_read_in_a_fixed_number_of_queries(
    hannover, coordinator, django_assert_max_num_queries
):
    m = finished_election(hannover, coordinator)
    with django_assert_max_num_queries(20):
        exports.minutes_context(m.election)
