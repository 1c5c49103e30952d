"""An archive that does not fit is refused before anything is written, with a
message that names the first problem."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from tests.archive.conftest import (
    carried_rows,
    put_rows,
    rewrite,
    rows_of,
    stored_files,
)
from tests.database import HANNOVER

from planwerk.archive.errors import ArchiveError
from planwerk.archive.importing import import_archive


@pytest.fixture(autouse=True)
def in_english() -> Any:
    with translation.override("en"):
        yield


def refused(path: Path, settings: Any) -> str:
    """The refusal's message; and that nothing was written, rows or files."""
    with pytest.raises(ArchiveError) as refusal:
        import_archive(path)
    assert carried_rows() == {}
    assert stored_files(Path(settings.MEDIA_ROOT)) == []
    return str(refusal.value)


def manifest_of(content: dict[str, bytes]) -> dict[str, Any]:
    return json.loads(content["manifest.json"])


def set_manifest(content: dict[str, bytes], manifest: dict[str, Any]) -> None:
    content["manifest.json"] = json.dumps(manifest).encode()


def test_an_installation_with_data_is_not_imported_into(archive: Path, settings: Any) -> None:
    from planwerk.processes.loader import load_process_file

    load_process_file(HANNOVER)
    before = carried_rows()
    assert before["processes.process"] == 1

    not_empty = r"This installation is not empty: \S+ holds \d+ rows?\."
    with pytest.raises(ArchiveError, match=not_empty):
        import_archive(archive)

    assert carried_rows() == before


def test_an_archive_of_another_format_version_is_refused(archive: Path, settings: Any) -> None:
    def version_2(content: dict[str, bytes]) -> None:
        set_manifest(content, {**manifest_of(content), "format_version": 2})

    message = refused(rewrite(archive, version_2), settings)
    assert message == (
        "The archive has the format version 2; this planwerk reads version 1. "
        "Import it with a planwerk that reads its version."
    )


def test_an_archive_of_another_schema_state_is_refused_naming_the_migration(
    archive: Path, settings: Any
) -> None:
    def newer(content: dict[str, bytes]) -> None:
        manifest = manifest_of(content)
        manifest["schema"]["bodies"].append("0099_later")
        set_manifest(content, manifest)

    message = refused(rewrite(archive, newer), settings)
    assert "bodies.0099_later is applied in the archive's installation but not in this one" in (
        message
    )


def test_a_reference_to_a_row_missing_from_the_archive_is_refused_naming_it(
    archive: Path, settings: Any
) -> None:
    missing: dict[str, Any] = {}

    def without_a_person(content: dict[str, bytes]) -> None:
        memberships = rows_of(content, "bodies.membership")
        people = rows_of(content, "bodies.person")
        first = memberships[0]
        missing.update(membership=first, person=first["person"])
        put_rows(content, "bodies.person", [p for p in people if p["id"] != first["person"]])

    message = refused(rewrite(archive, without_a_person), settings)
    membership = missing["membership"]
    assert message == (
        f"Broken reference: bodies.membership {membership['uuid']} (pk {membership['id']}), "
        f"field person, refers to bodies.person pk {missing['person']}, which is not in "
        "the archive."
    )


def test_a_file_missing_from_the_archive_is_refused_naming_the_row(
    archive: Path, settings: Any
) -> None:
    def without_files(content: dict[str, bytes]) -> None:
        for name in [name for name in content if name.startswith("files/")]:
            del content[name]

    message = refused(rewrite(archive, without_files), settings)
    assert re.fullmatch(
        r"Missing file: consultations\.statementattachment [0-9a-f-]{36} \(pk \d+\), field "
        r"file, names the file stellungnahmen/\d{4}/stellungnahme\S*\.pdf, which is not in "
        r"the archive\.",
        message,
    ), message


def test_a_member_changed_after_export_fails_its_checksum(archive: Path, settings: Any) -> None:
    def tampered(content: dict[str, bytes]) -> None:
        content["data/bodies.body.jsonl"] = content["data/bodies.body.jsonl"].replace(
            b'"order":', b'"order": ', 1
        )

    message = refused(rewrite(archive, tampered, keep_checksums=True), settings)
    assert message == (
        "data/bodies.body.jsonl in the archive does not match its checksum in the manifest: "
        "the archive was changed or damaged after it was written."
    )


def test_a_changed_file_fails_its_checksum_too(archive: Path, settings: Any) -> None:
    def tampered(content: dict[str, bytes]) -> None:
        [name] = [name for name in content if name.startswith("files/")]
        content[name] += b"%% appended"

    message = refused(rewrite(archive, tampered, keep_checksums=True), settings)
    assert "does not match its checksum in the manifest" in message


def test_a_member_the_manifest_does_not_list_is_refused(archive: Path, settings: Any) -> None:
    def extra(content: dict[str, bytes]) -> None:
        content["data/extra.jsonl"] = b"{}\n"

    message = refused(rewrite(archive, extra, keep_checksums=True), settings)
    assert message == "The archive holds data/extra.jsonl, which its manifest does not list."


def test_a_row_that_does_not_fit_its_table_is_refused_naming_its_line(
    archive: Path, settings: Any
) -> None:
    def bad_time(content: dict[str, bytes]) -> None:
        people = rows_of(content, "bodies.person")
        people[1]["created"] = "yesterday"
        put_rows(content, "bodies.person", people)

    message = refused(rewrite(archive, bad_time), settings)
    assert message.startswith("data/bodies.person.jsonl, line 2: the column created: not a time")


def test_a_file_that_is_no_archive_is_refused(tmp_path: Path, db: Any, settings: Any) -> None:
    path = tmp_path / "notes.zip"
    path.write_text("not a zip")
    assert refused(path, settings) == f"{path} is not a planwerk archive (it is not a zip file)."


def test_a_different_file_of_the_same_name_in_the_storage_is_not_overwritten(
    archive: Path, settings: Any
) -> None:
    from tests.archive.conftest import members

    [name] = [n for n in members(archive) if n.startswith("files/")]
    there = Path(settings.MEDIA_ROOT) / name.removeprefix("files/")
    there.parent.mkdir(parents=True)
    there.write_bytes(b"another file")

    with pytest.raises(ArchiveError, match="The storage holds a different file"):
        import_archive(archive)

    assert carried_rows() == {}
    assert there.read_bytes() == b"another file"


def test_checking_an_archive_writes_nothing(archive: Path, settings: Any) -> None:
    report = import_archive(archive, check_only=True)

    assert not report.written and report.rows > 500 and report.files == 1
    assert carried_rows() == {}
    assert stored_files(Path(settings.MEDIA_ROOT)) == []


def test_a_failure_while_writing_leaves_neither_rows_nor_files(
    archive: Path, settings: Any, monkeypatch: Any
) -> None:
    from planwerk.audit import services as audit

    def failing() -> Any:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(audit, "verify", failing)
    with pytest.raises(RuntimeError):
        import_archive(archive)

    assert carried_rows() == {}
    assert stored_files(Path(settings.MEDIA_ROOT)) == []


def test_a_content_type_this_installation_lacks_is_a_broken_reference(
    archive: Path, settings: Any
) -> None:
    first: dict[str, Any] = {}

    def unknown_model(content: dict[str, bytes]) -> None:
        changes = rows_of(content, "core.statuschange")
        changes[0]["content_type"] = ["gone", "thing"]
        first.update(changes[0])
        put_rows(content, "core.statuschange", changes)

    message = refused(rewrite(archive, unknown_model), settings)
    assert message == (
        f"Broken reference: core.statuschange pk {first['id']}, field content_type, refers to "
        "contenttypes.contenttype gone.thing, which this installation does not have."
    )
