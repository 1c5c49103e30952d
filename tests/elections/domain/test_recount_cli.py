"""`planwerk election recount FILE`: exit status, standard output, standard error."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import planwerk
from planwerk.elections.domain.counting import ElectionSettings
from planwerk.elections.domain.record import Candidate, build_record, recount
from planwerk.elections.domain.recount_cli import main

PEOPLE = [Candidate(f"c{i}", f"Person {i}", "Verein") for i in range(1, 4)]
RULES = ElectionSettings(lot_seed="4-1-6-2-5-3")
DOCUMENT = build_record(RULES, "Wahl", PEOPLE, {}, [["c1", "c2", "c1", None, "c3", "c3"]])


def expected(document: object, data: bytes) -> dict[str, object]:
    """What the command prints for a file of these bytes holding this record."""
    return {**recount(document), "record_sha256": hashlib.sha256(data).hexdigest()}


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO(stdin))
    return status, out.getvalue(), err.getvalue()


def write(tmp_path: Path, content: str | bytes, name: str = "record.json") -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    return str(path)


def assert_refused(result: tuple[int, str, str], message: str) -> None:
    status, out, err = result
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.endswith("\n")
    assert err.startswith(f"error: {message}"), err


def test_a_consistent_record_prints_the_result_as_json_and_exits_0(tmp_path: Path) -> None:
    status, out, err = run(write(tmp_path, json.dumps(DOCUMENT)))
    assert status == 0
    assert err == ""
    assert json.loads(out) == expected(DOCUMENT, json.dumps(DOCUMENT).encode())
    assert json.loads(out)["elected"] == ["c1", "c3"]


def test_the_output_ends_with_the_digest_of_the_file_as_read(tmp_path: Path) -> None:
    data = json.dumps(DOCUMENT, indent=1).encode() + b"\n"
    status, out, _ = run(write(tmp_path, data))
    assert status == 0
    output = json.loads(out)
    assert list(output) == ["rounds", "elected", "record_sha256"]
    assert output["record_sha256"] == hashlib.sha256(data).hexdigest()


def test_a_record_with_one_ballot_added_shows_another_digest(tmp_path: Path) -> None:
    published = json.dumps(DOCUMENT).encode()
    changed = json.loads(published)
    changed["rounds"][0]["ballots"].append({"vote": "c3"})
    _, before, _ = run(write(tmp_path, published, "published.json"))
    _, after, _ = run(write(tmp_path, json.dumps(changed), "changed.json"))
    assert json.loads(before)["record_sha256"] == hashlib.sha256(published).hexdigest()
    assert json.loads(after)["record_sha256"] != json.loads(before)["record_sha256"]
    assert json.loads(after)["elected"] == ["c3", "c1"]


def test_a_record_with_more_ballots_than_cards_issued_is_refused(tmp_path: Path) -> None:
    document = json.loads(json.dumps(DOCUMENT))
    document["rounds"][0]["cards_issued"] = 5
    assert_refused(
        run(write(tmp_path, json.dumps(document))),
        "round 1: 6 ballots, more than the 5 cards_issued",
    )
    document["rounds"][0]["cards_issued"] = 6
    assert run(write(tmp_path, json.dumps(document)))[0] == 0


def test_the_output_is_indented_by_two_and_keeps_non_ascii_text(tmp_path: Path) -> None:
    people = [Candidate("Zoë", "Zoë", "Verein"), Candidate("Ümit", "Ümit", "Verein")]
    document = build_record(RULES, "Wahl", people, {}, [["Zoë", "Zoë", "Ümit"]])
    status, out, _ = run(write(tmp_path, json.dumps(document)))
    assert status == 0
    data = json.dumps(document).encode()
    assert out == json.dumps(expected(document, data), indent=2, ensure_ascii=False) + "\n"
    assert '  "elected": [\n    "Zoë",\n    "Ümit"\n  ]' in out


def test_a_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + json.dumps(DOCUMENT).encode()
    status, out, _ = run(write(tmp_path, data))
    assert status == 0
    # The digest is of the bytes as read, the mark included, as sha256sum prints it.
    assert json.loads(out) == expected(DOCUMENT, data)


def test_a_dash_reads_the_record_from_standard_input() -> None:
    status, out, _ = run("-", stdin=json.dumps(DOCUMENT))
    assert status == 0
    assert json.loads(out) == expected(DOCUMENT, json.dumps(DOCUMENT).encode())


def test_help_prints_the_usage_and_exits_0() -> None:
    status, out, err = run("--help")
    assert status == 0
    assert out.startswith("usage: planwerk election recount FILE")
    assert err == ""


def test_a_file_named_like_help_can_follow_a_double_dash() -> None:
    assert_refused(run("--", "-h"), "cannot read -h: No such file or directory")


def test_without_a_file_the_usage_error_is_one_line() -> None:
    assert_refused(run(), "expected one FILE; usage: planwerk election recount FILE")


def test_two_files_are_refused() -> None:
    assert_refused(run("a.json", "b.json"), "expected one FILE")


def test_an_unknown_option_is_refused() -> None:
    assert_refused(run("--fast", "a.json"), "unknown option --fast")


def test_a_file_named_like_an_option_can_follow_a_double_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, json.dumps(DOCUMENT), name="-record.json")
    monkeypatch.chdir(tmp_path)
    status, out, _ = run("--", "-record.json")
    assert status == 0
    assert json.loads(out) == expected(DOCUMENT, json.dumps(DOCUMENT).encode())


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    assert_refused(run(str(missing)), f"cannot read {missing}: No such file or directory")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    assert_refused(run(str(tmp_path)), f"cannot read {tmp_path}")


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, b'{"format": "\xff"}')
    assert_refused(run(path), f"{path} is not UTF-8 text (byte 13 is not UTF-8)")


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    assert_refused(run(write(tmp_path, "format: planwerk")), "not JSON: Expecting value")


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    assert_refused(run(write(tmp_path, "")), "not JSON: Expecting value at line 1, column 1")


def test_a_record_of_another_format_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, json.dumps({**DOCUMENT, "format": "planwerk-election-record/2"}))
    assert_refused(run(path), 'not a planwerk-election-record/1 record: it has format the text "')


def test_an_inconsistent_record_is_refused_naming_the_ballot(tmp_path: Path) -> None:
    document = json.loads(json.dumps(DOCUMENT))
    document["rounds"][0]["ballots"][4] = {"vote": "c9"}
    assert_refused(
        run(write(tmp_path, json.dumps(document))),
        'round 1: ballot 5: vote for "c9", who is not a candidate',
    )


def test_a_message_never_spans_two_lines(tmp_path: Path) -> None:
    document = json.loads(json.dumps(DOCUMENT))
    document["election"]["tie_rule"] = "coin\u2028toss\nnow"
    status, out, err = run(write(tmp_path, json.dumps(document)))
    assert (status, out) == (2, "")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    "name", ["02-lot-at-the-cut-off", "bad-vote-for-eliminated"], ids=lambda n: n
)
def test_the_command_runs_as_its_own_process(name: str) -> None:
    shared = os.environ.get("PLANWERK_SHARED_DIR")
    base = Path(shared) if shared else Path(__file__).resolve().parents[3].parent / "shared"
    examples = base / "spec" / "election-examples"
    if not examples.is_dir():
        pytest.skip(f"the spec's election examples are not at {examples}")
    source = str(Path(planwerk.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": source + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "planwerk.elections.domain.recount_cli",
            str(examples / f"{name}.json"),
        ],
        capture_output=True,
        env=env,
        check=False,
    )
    if name.startswith("bad-"):
        assert done.returncode == 2
        assert done.stdout == b""
        assert done.stderr.decode().count("\n") == 1
    else:
        assert done.returncode == 0, done.stderr
        expected = json.loads((examples / f"{name}.expected.json").read_text("utf-8"))
        assert json.loads(done.stdout) == expected
        assert done.stderr == b""
