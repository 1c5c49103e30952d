"""`planwerk export FILE`: the whole process in one zip file (docs/archive.md).

The rows are read in one transaction (on PostgreSQL a read-only snapshot), so the
archive shows one moment of the installation even while it is in use. The file is
written beside its final name and renamed when complete: a failed export leaves no
half archive.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from django.core.files.storage import Storage
from django.db import connection, transaction
from django.db.models import FileField
from django.utils.translation import gettext as _

from planwerk.archive import manifest as m
from planwerk.archive.domain import values
from planwerk.archive.errors import ArchiveError
from planwerk.archive.tables import LEFT_OUT, Column, Table, natural_keys, tables

CHUNK = 1 << 20


@dataclass
class ExportReport:
    path: Path
    tables: int = 0
    rows: int = 0
    files: int = 0
    size: int = 0  # bytes of the archive
    definitions: list[str] = field(default_factory=list)  # processes whose source came along
    notes: list[str] = field(default_factory=list)


def row_text(table: Table, row: dict[str, Any]) -> str:
    """A row as a message names it: its public identifier where it has one."""
    pk = row.get(table.pk)
    if table.has_uuid and row.get("uuid"):
        return f"{table.label} {row['uuid']} (pk {pk})"
    return f"{table.label} pk {pk}"


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


class Writer:
    """Writes members into the zip file and remembers each one's SHA-256."""

    def __init__(self, archive: zipfile.ZipFile, moment: datetime) -> None:
        self.archive = archive
        self.date_time = moment.timetuple()[:6]
        self.digests: dict[str, str] = {}

    def info(self, name: str, compress: bool) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        return info

    def write(self, name: str, chunks: Iterable[bytes], compress: bool = True) -> None:
        digest = hashlib.sha256()
        with self.archive.open(self.info(name, compress), "w") as out:
            for chunk in chunks:
                digest.update(chunk)
                out.write(chunk)
        self.digests[name] = digest.hexdigest()


def export_archive(path: str | Path) -> ExportReport:
    """Write the archive to `path` (which must not exist yet)."""
    path = Path(path)
    if path.exists():
        raise ArchiveError(_("%(file)s exists already; choose a new file name.") % {"file": path})
    partial = path.with_name(f".{path.name}.partial")
    report = ExportReport(path)
    try:
        with zipfile.ZipFile(partial, "w", allowZip64=True) as archive, _snapshot():
            _write(archive, report)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    report.size = path.stat().st_size
    return report


@contextmanager
def _snapshot() -> Iterator[None]:
    """One transaction for every read; on PostgreSQL a repeatable-read snapshot."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _write(archive: zipfile.ZipFile, report: ExportReport) -> None:
    moment = datetime.now(UTC)
    writer = Writer(archive, moment)
    keys = natural_keys()
    files: dict[str, tuple[Storage, str]] = {}  # name -> its storage, the first row naming it
    listing = []
    for table in tables():
        count = 0

        def lines(table: Table = table) -> Iterator[bytes]:
            nonlocal count
            for row in _rows(table, keys, files):
                count += 1
                yield (dumps(row) + "\n").encode()

        writer.write(table.member, _buffered(lines()))
        listing.append(
            {
                "model": table.label,
                "file": table.member,
                "rows": count,
                "fields": [column.name for column in table.columns],
            }
        )
        report.tables += 1
        report.rows += count
    for name, (storage, row) in files.items():
        writer.write(m.file_member(name), _file_chunks(storage, name, row), compress=False)
        report.files += 1
    definitions = _definitions(writer, report)
    document = {
        "format": m.FORMAT,
        "format_version": m.FORMAT_VERSION,
        "planwerk_version": m.planwerk_version(),
        "created": values.encode("datetime", moment),
        "database": connection.vendor,
        "schema": m.schema_state(),
        "counts": {"tables": report.tables, "rows": report.rows, "files": report.files},
        "tables": listing,
        "definitions": definitions,
        "left_out": LEFT_OUT,
        "members": dict(sorted(writer.digests.items())),
    }
    info = writer.info(m.MANIFEST, compress=True)
    archive.writestr(info, json.dumps(document, ensure_ascii=False, indent=1) + "\n")


def _rows(
    table: Table,
    keys: dict[str, dict[Any, tuple[str, ...]]],
    files: dict[str, tuple[Storage, str]],
) -> Iterator[dict[str, Any]]:
    columns = table.columns
    encoders = [_encoder(column, keys) for column in columns]
    file_columns = [(i, column) for i, column in enumerate(columns) if column.is_file]
    rows = (
        table.model._base_manager.order_by(table.pk)
        .values_list(*(column.attname for column in columns))
        .iterator(chunk_size=2000)
    )
    for stored in rows:
        row = {
            column.name: encode(value)
            for column, encode, value in zip(columns, encoders, stored, strict=True)
        }
        for index, column in file_columns:
            name = stored[index]
            if name:
                assert isinstance(column.field, FileField)
                files.setdefault(name, (column.field.storage, row_text(table, row)))
        yield row


def _encoder(column: Column, keys: dict[str, dict[Any, tuple[str, ...]]]) -> Any:
    if column.mapped:
        natural = keys[column.target]
        return lambda value: None if value is None else list(natural[value])
    kind = column.kind
    if kind == "plain" or kind == "json":
        return lambda value: value
    return lambda value: values.encode(kind, value)


def _buffered(lines: Iterator[bytes]) -> Iterator[bytes]:
    """Lines joined into chunks of about a megabyte, for fewer writes."""
    chunk: list[bytes] = []
    size = 0
    for line in lines:
        chunk.append(line)
        size += len(line)
        if size >= CHUNK:
            yield b"".join(chunk)
            chunk, size = [], 0
    if chunk:
        yield b"".join(chunk)


def _file_chunks(storage: Storage, name: str, row: str) -> Iterator[bytes]:
    try:
        handle: IO[bytes] = storage.open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise ArchiveError(
            _("%(row)s names the file %(name)s, which is not in the storage; nothing was written.")
            % {"row": row, "name": name}
        ) from exc
    with handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def _definitions(writer: Writer, report: ExportReport) -> list[dict[str, Any]]:
    """The definition file each process was loaded from, where it is still there and
    unchanged (its SHA-256 is the one recorded at loading)."""
    from planwerk.processes.models import Process

    found = []
    for process in Process.objects.order_by("pk"):
        entry: dict[str, Any] = {
            "process": str(process.uuid),
            "slug": process.slug,
            "loaded_from": process.definition_file,
            "sha256": process.definition_sha256,
            "file": None,
        }
        source = _definition_source(process.definition_file, process.definition_sha256)
        if source is None:
            if process.definition_file:
                report.notes.append(
                    _(
                        "The definition of %(process)s was loaded from %(file)s, which is "
                        "no longer there as it was loaded; the archive holds the process "
                        "without that file."
                    )
                    % {"process": process.slug, "file": process.definition_file}
                )
        else:
            member = f"{m.DEFINITIONS}{process.slug}{Path(process.definition_file).suffix}"
            writer.write(member, [source])
            entry["file"] = member
            report.definitions.append(process.slug)
        found.append(entry)
    return found


def _definition_source(recorded: str, sha256: str) -> bytes | None:
    if not recorded or not sha256:
        return None
    from planwerk import processes

    bundled = Path(processes.__file__).parent / "definitions" / Path(recorded).name
    for candidate in (Path(recorded), bundled):
        try:
            content = candidate.read_bytes()
        except OSError:
            continue
        if hashlib.sha256(content).hexdigest() == sha256:
            return content
    return None
