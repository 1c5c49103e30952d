"""`planwerk election export | minutes | status | recount` on the console."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from tests.conftest import shared_dir
from tests.elections.factories import meeting, vote
from tests.elections.test_exports import SEED, finished_election

from planwerk import cli
from planwerk.elections import services
from planwerk.elections.domain.record import recount, result_document
from planwerk.elections.models import Round

pytestmark = pytest.mark.django_db

EXAMPLES = shared_dir() / "spec" / "election-examples"
needs_examples = pytest.mark.skipif(
    not EXAMPLES.is_dir(),
    reason=f"the spec's election examples are not at {EXAMPLES} (set PLANWERK_SHARED_DIR)",
)


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("election", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_prints_the_public_record(hannover, coordinator):
    m = finished_election(hannover, coordinator)
    out, _err = run("export", str(m.election.pk))
    document = json.loads(out)
    assert document["format"] == "planwerk-election-record/1"
    assert recount(document) == result_document(services.election_state(m.election).result)


def test_export_writes_a_file_that_recount_reads(hannover, coordinator, tmp_path):
    m = finished_election(hannover, coordinator)
    path = tmp_path / "wahlergebnis.json"
    _out, err = run("export", str(m.election.pk), "--output", str(path))
    assert str(path) in err
    out, _err = run("recount", str(path))
    assert json.loads(out) == {
        **result_document(services.election_state(m.election).result),
        "record_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }


def test_export_is_refused_before_the_seed(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=4, candidates=2)
    with pytest.raises(CommandError, match="lot seed"):
        run("export", str(m.election.pk))


def test_an_unknown_election_is_named(hannover):
    with pytest.raises(CommandError, match="there is no election 999"):
        run("status", "999")


def test_minutes_are_written_as_pdf(hannover, coordinator, tmp_path):
    m = finished_election(hannover, coordinator)
    path = tmp_path / "niederschrift.pdf"
    run("minutes", str(m.election.pk), "--output", str(path))
    assert path.read_bytes().startswith(b"%PDF")


def test_minutes_need_an_output_file(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=4, candidates=2)
    with pytest.raises(CommandError, match="--output"):
        run("minutes", str(m.election.pk))


def test_status_shows_phase_rounds_and_result(hannover, coordinator):
    m = finished_election(hannover, coordinator)
    out, _err = run("status", str(m.election.pk))
    state = services.election_state(m.election)
    assert state.result is not None
    lines = out.splitlines()
    assert lines[0] == f"election {m.election.pk}: Wahl der MSO-Vertreter*innen"
    assert "phase: meeting" in lines
    assert f"lot seed: {SEED}" in lines
    assert "round 1: electronic, closed" in lines
    assert "round 2: paper, closed" in lines
    assert "  votes: c1 3, c2 2, c3 2, c4 1, c5 1, c6 1" in lines
    (lot,) = state.result.rounds[0].lots
    assert f"  lot among c4, c5, c6: drawn {lot.drawn[0]}" in lines
    assert f"record sha256: {m.election.published_record.sha256}" in lines
    first, second = state.result.elected
    assert lines[-1] == (
        f"result: elected {first} {state.candidate(first).name}; "
        f"{second} {state.candidate(second).name}"
    )


def test_status_of_a_running_election_hides_the_result_until_the_seed(hannover, coordinator):
    m = meeting(hannover, coordinator, organisations=12, candidates=6)
    services.open_round(coordinator, m.election, Round.Mode.ELECTRONIC)
    vote(m, ["c1", "c2"])
    out, _err = run("status", str(m.election.pk))
    assert "round 1: electronic, open" in out
    assert "votes:" not in out
    services.close_round(coordinator, m.election.rounds.get())
    out, _err = run("status", str(m.election.pk))
    assert "result shown once the lot seed is entered" in out
    assert "votes:" not in out


@needs_examples
def test_manage_py_election_recount_gives_the_examples_expected_output():
    example = EXAMPLES / "02-lot-at-the-cut-off.json"
    expected = json.loads((EXAMPLES / "02-lot-at-the-cut-off.expected.json").read_text("utf-8"))
    out, err = run("recount", str(example))
    assert json.loads(out) == expected
    assert err == ""


@needs_examples
def test_manage_py_election_recount_refuses_a_bad_record_with_status_2():
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "election", "recount", str(EXAMPLES / "bad-negative-tally.json"), stdout=out, stderr=err
        )
    assert exit_info.value.code == 2
    assert out.getvalue() == ""
    assert err.getvalue().startswith("error: ") and err.getvalue().count("\n") == 1


@needs_examples
def test_the_planwerk_console_still_recounts_without_django(capsys):
    example = EXAMPLES / "05-one-round-lot-for-the-second-seat.json"
    expected = json.loads(
        (EXAMPLES / "05-one-round-lot-for-the-second-seat.expected.json").read_text("utf-8")
    )
    assert cli.main(["election", "recount", str(Path(example))]) == 0
    assert json.loads(capsys.readouterr().out) == expected
