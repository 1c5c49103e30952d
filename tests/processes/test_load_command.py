"""`planwerk load-process FILE`: what an operator sees."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from tests.conftest import HANNOVER

from planwerk.bodies.models import Membership, Person, SeatCategory
from planwerk.cli import main
from planwerk.processes.models import Process

pytestmark = pytest.mark.django_db


def run(path: Path | str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_process", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def broken_copy(tmp_path: Path) -> Path:
    text = HANNOVER.read_text(encoding="utf-8")
    bad = tmp_path / "kaputt.yaml"
    bad.write_text(
        text.replace("units: [dez-iii]", "units: [dez-ix]").replace(
            "    ends: 2020-12-31", "    ends: 2020-01-31"
        ),
        encoding="utf-8",
    )
    return bad


def test_loading_says_what_was_created() -> None:
    out, err = run(HANNOVER)

    assert out.startswith("Loaded lip-hannover-2019: ")
    assert "created" in out and "0 removed" in out
    assert err == ""
    assert Process.objects.filter(slug="lip-hannover-2019").exists()


def test_loading_again_says_nothing_changed() -> None:
    run(HANNOVER)

    out, _err = run(HANNOVER)

    assert out.strip() == "lip-hannover-2019 is up to date: nothing changed."


def test_a_bad_file_stops_with_every_problem_and_loads_nothing(tmp_path: Path) -> None:
    bad = broken_copy(tmp_path)
    err = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("load_process", str(bad), stdout=StringIO(), stderr=err)

    assert str(caught.value) == "2 problems in the definition; nothing was loaded."
    lines = err.getvalue().splitlines()
    assert len(lines) == 2
    assert any(
        line.startswith(f"{bad}:") and "bodies[3].seats[0].units: unknown unit 'dez-ix'" in line
        for line in lines
    )
    assert any("stages[1].ends: ends before it starts" in line for line in lines)
    assert not Process.objects.exists()


def test_what_no_longer_fits_is_printed_as_a_warning(tmp_path: Path) -> None:
    run(HANNOVER)
    mso = SeatCategory.objects.get(body__slug="lenkungsgruppe", slug="mso")
    for name in ("Aylin", "Kwame"):
        Membership.objects.create(
            person=Person.objects.create(given_name=name, family_name="Test", kind="external"),
            body=mso.body,
            seat=mso,
            start=dt.date(2020, 1, 1),
        )
    smaller = tmp_path / "kleiner.yaml"
    smaller.write_text(
        HANNOVER.read_text(encoding="utf-8").replace(
            "        min: 2\n        max: 2\n", "        min: 1\n        max: 1\n", 1
        ),
        encoding="utf-8",
    )

    out, _err = run(smaller)

    assert "Does not fit: " in out
    assert "2 people hold it, but it now has at most 1 seat." in out


def test_the_planwerk_console_command_loads_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load-process", str(HANNOVER)]) == 0

    assert "Loaded lip-hannover-2019" in capsys.readouterr().out


def test_the_planwerk_console_command_exits_with_an_error_on_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = broken_copy(tmp_path)

    with pytest.raises(SystemExit) as caught:
        main(["load-process", str(bad)])

    assert caught.value.code == 1
    err = capsys.readouterr().err
    assert "unknown unit 'dez-ix'" in err
    assert "nothing was loaded" in err
