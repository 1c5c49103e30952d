"""`planwerk export FILE` and `planwerk import FILE` on the console."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from tests.archive.conftest import carried_rows


@pytest.fixture(autouse=True)
def in_english() -> Any:
    with translation.override("en"):
        yield


def test_export_says_what_it_wrote_and_that_the_archive_holds_personal_data(
    demo: Any, tmp_path: Path
) -> None:
    out = StringIO()
    call_command("export", str(tmp_path / "a.zip"), stdout=out)
    text = out.getvalue()
    assert f"Wrote {tmp_path / 'a.zip'} (" in text and "rows of" in text
    assert "personal data and password hashes" in text


def test_export_does_not_overwrite_a_file(demo: Any, tmp_path: Path) -> None:
    (tmp_path / "a.zip").write_text("kept")
    with pytest.raises(CommandError, match="exists already"):
        call_command("export", str(tmp_path / "a.zip"))
    assert (tmp_path / "a.zip").read_text() == "kept"


def test_import_reports_the_rows_and_the_audit_log(archive: Path) -> None:
    out = StringIO()
    call_command("import", "--check", str(archive), stdout=out)
    assert "The archive can be imported here:" in out.getvalue()
    assert carried_rows() == {}

    call_command("import", str(archive), stdout=out)
    assert "Imported " in out.getvalue()
    assert "Audit log intact: " in out.getvalue()


def test_the_planwerk_command_finds_export_and_import() -> None:
    """`planwerk export FILE` runs Django's management command of that name."""
    from django.core.management import get_commands

    assert get_commands()["export"] == get_commands()["import"] == "planwerk.archive"


def test_a_refusal_is_a_command_error_with_its_message(archive: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK nonsense")
    with pytest.raises(CommandError, match="is not a planwerk archive"):
        call_command("import", str(broken))
