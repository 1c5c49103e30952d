"""`planwerk import FILE`: an archive into a new, empty installation (docs/archive.md).

Everything is checked before anything is written: the format and its version, the
schema (the same migrations applied on both sides), that this installation is
empty, every member's SHA-256, every row, every reference and every file. The
first problem refuses the archive with a message that names it. Then the rows go
in, with their keys, in one transaction; the files are written to the storage in
it too, and removed again if the transaction fails.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import FileField
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planwerk.archive import manifest as m
from planwerk.archive.domain import values
from planwerk.archive.domain.members import first_member_problem
from planwerk.archive.errors import ArchiveError
from planwerk.archive.exporting import CHUNK, row_text
from planwerk.archive.tables import Column, Table, natural_keys, tables
from planwerk.audit import services as audit
from planwerk.audit.chain import VerifyResult
from planwerk.audit.models import AuditHead

#: Columns whose values JSON already holds as the database takes them.
AS_THEY_ARE = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "BooleanField",
    "CharField",
    "TextField",
    "SlugField",
    "FileField",
}
MAX_ROWS_PER_INSERT = 500


@dataclass
class ImportReport:
    created: str = ""  # when the archive was written
    planwerk_version: str = ""  # by which planwerk
    tables: int = 0
    rows: int = 0
    files: int = 0
    written: bool = False
    audit: VerifyResult | None = None  # the audit log's check after the import


@dataclass
class Loaded:
    """One table's rows as read from the archive: values in the order of its columns."""

    table: Table
    rows: list[list[Any]] = field(default_factory=list)


def import_archive(path: str | Path, *, check_only: bool = False) -> ImportReport:
    """Check the archive at `path` and, unless `check_only`, import it. Raises
    ArchiveError, having written nothing, at the first problem."""
    path = Path(path)
    with _opened(path) as archive:
        document = _manifest(archive, path)
        _check_format(document)
        _check_schema(document)
        listing = _check_tables(document)
        _check_empty()
        _check_members(archive, document)
        loaded = [_read(archive, table, listing[table.label]) for table in tables()]
        _check_references(loaded)
        files = _plan_files(loaded, document["members"])
        report = ImportReport(
            created=str(document.get("created", "")),
            planwerk_version=str(document.get("planwerk_version", "")),
            tables=len(loaded),
            rows=sum(len(part.rows) for part in loaded),
            files=len(files),
        )
        if not check_only:
            _write(archive, loaded, files, report)
    return report


@contextmanager
def _opened(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ArchiveError(
            _("%(file)s is not a planwerk archive (it is not a zip file).") % {"file": path}
        ) from exc
    except OSError as exc:
        raise ArchiveError(
            _("%(file)s cannot be read: %(error)s") % {"file": path, "error": exc.strerror}
        ) from exc
    with archive:
        yield archive


def _manifest(archive: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        document = json.loads(archive.read(m.MANIFEST))
    except KeyError as exc:
        raise ArchiveError(
            _("%(file)s is not a planwerk archive (it has no manifest.json).") % {"file": path}
        ) from exc
    except ValueError as exc:
        raise ArchiveError(
            _("%(file)s is not a planwerk archive (its manifest.json is not JSON).")
            % {"file": path}
        ) from exc
    shapes = {"schema": dict, "tables": list, "members": dict}
    if (
        not isinstance(document, dict)
        or document.get("format") != m.FORMAT
        or any(not isinstance(document.get(key), shape) for key, shape in shapes.items())
    ):
        raise ArchiveError(
            _("%(file)s is not a planwerk archive (its manifest.json is of another format).")
            % {"file": path}
        )
    return document


def _check_format(document: dict[str, Any]) -> None:
    version = document.get("format_version")
    if version != m.FORMAT_VERSION:
        raise ArchiveError(
            _(
                "The archive has the format version %(found)s; this planwerk reads version "
                "%(expected)s. Import it with a planwerk that reads its version."
            )
            % {"found": version, "expected": m.FORMAT_VERSION}
        )


def _check_schema(document: dict[str, Any]) -> None:
    there = document["schema"]
    here = m.schema_state()
    for app in m.schema_apps(tables()):
        theirs, ours = set(there.get(app) or []), set(here.get(app) or [])
        for name in sorted(theirs ^ ours):
            message = (
                _(
                    "The archive was written at another schema state: the migration "
                    "%(migration)s is applied in the archive's installation but not in "
                    "this one. Bring both to the same planwerk version first."
                )
                if name in theirs
                else _(
                    "The archive was written at another schema state: the migration "
                    "%(migration)s is applied in this installation but not in the "
                    "archive's. Bring both to the same planwerk version first."
                )
            )
            raise ArchiveError(message % {"migration": f"{app}.{name}"})


def _check_tables(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The archive's tables by label; they must be this installation's, column by column."""
    listing: dict[str, dict[str, Any]] = {}
    for entry in document["tables"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("model"), str):
            raise ArchiveError(_("The archive's manifest lists a table it does not name."))
        listing[entry["model"]] = entry
    ours = {table.label: table for table in tables()}
    for label, entry in listing.items():
        if label not in ours:
            raise ArchiveError(
                _("The archive holds the table %(table)s, which this installation does not have.")
                % {"table": label}
            )
        expected = [column.name for column in ours[label].columns]
        if entry.get("fields") != expected:
            raise ArchiveError(
                _(
                    "The archive's table %(table)s has the columns %(found)s; this "
                    "installation's has %(expected)s."
                )
                % {
                    "table": label,
                    "found": ", ".join(map(str, entry.get("fields") or [])),
                    "expected": ", ".join(expected),
                }
            )
    for label in ours:
        if label not in listing:
            raise ArchiveError(
                _("The archive lacks the table %(table)s, which this installation has.")
                % {"table": label}
            )
    return listing


def _check_empty() -> None:
    for table in tables():
        rows = table.model._base_manager.all()
        if table.model is AuditHead:  # the head of an empty log is as good as none
            rows = rows.exclude(last_sequence=0)
        count = rows.count()
        if count:
            raise ArchiveError(
                ngettext(
                    "This installation is not empty: %(table)s holds %(count)d row. An "
                    "archive is imported only into a new, migrated database.",
                    "This installation is not empty: %(table)s holds %(count)d rows. An "
                    "archive is imported only into a new, migrated database.",
                    count,
                )
                % {"table": table.label, "count": count}
            )


def _check_members(archive: zipfile.ZipFile, document: dict[str, Any]) -> None:
    names = [info.filename for info in archive.infolist() if not info.is_dir()]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ArchiveError(_("The archive holds %(member)s twice.") % {"member": name})
        seen.add(name)
    found = {name: _digest(archive, name) for name in names if name != m.MANIFEST}
    problem = first_member_problem(document["members"], found)
    if problem is None:
        return
    messages = {
        "missing": _("The archive lacks %(member)s, which its manifest lists."),
        "unlisted": _("The archive holds %(member)s, which its manifest does not list."),
        "changed": _(
            "%(member)s in the archive does not match its checksum in the manifest: the "
            "archive was changed or damaged after it was written."
        ),
    }
    raise ArchiveError(messages[problem.problem] % {"member": problem.member})


def _digest(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as member:
        while chunk := member.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _row_problem(member: str, line: int, problem: str) -> ArchiveError:
    return ArchiveError(
        _("%(member)s, line %(line)d: %(problem)s")
        % {"member": member, "line": line, "problem": problem}
    )


def _read(archive: zipfile.ZipFile, table: Table, entry: dict[str, Any]) -> Loaded:
    member = table.member
    if entry.get("file") != member:
        raise ArchiveError(
            _("The archive's manifest puts the table %(table)s elsewhere than %(member)s.")
            % {"table": table.label, "member": member}
        )
    loaded = Loaded(table)
    columns = table.columns
    names = [column.name for column in columns]
    expected = set(names)
    decoders = [_decoder(column) for column in columns]
    pk_index = names.index(table.pk)
    keys: set[Any] = set()
    with archive.open(member) as raw:
        for number, line in enumerate(io.TextIOWrapper(raw, encoding="utf-8"), start=1):
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise _row_problem(member, number, _("not a JSON object")) from exc
            if not isinstance(row, dict) or row.keys() != expected:
                raise _row_problem(
                    member,
                    number,
                    _("not a row with the columns %(columns)s") % {"columns": ", ".join(names)},
                )
            decoded = []
            for name, decode in zip(names, decoders, strict=True):
                try:
                    decoded.append(decode(row[name]))
                except values.ValueFormatError as exc:
                    raise _row_problem(
                        member,
                        number,
                        _("the column %(column)s: %(problem)s") % {"column": name, "problem": exc},
                    ) from exc
            key = decoded[pk_index]
            if key in keys:
                raise _row_problem(
                    member, number, _("the key %(key)s appears again.") % {"key": key}
                )
            keys.add(key)
            loaded.rows.append(decoded)
    if len(loaded.rows) != entry.get("rows"):
        raise ArchiveError(
            _(
                "%(member)s holds another number of rows (%(found)s) than the manifest "
                "says (%(expected)s)."
            )
            % {"member": member, "found": len(loaded.rows), "expected": entry.get("rows")}
        )
    return loaded


def _decoder(column: Column) -> Callable[[Any], Any]:
    if column.mapped:
        return lambda value: None if value is None else tuple(_natural_key(value))
    kind = column.kind
    if kind == "plain" or kind == "json":
        return lambda value: value
    return lambda value: values.decode(kind, value)


def _natural_key(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(part, str) for part in value):
        raise values.ValueFormatError(f"not a natural key (a list of texts): {value!r}")
    return value


def _check_references(loaded: list[Loaded]) -> None:
    """Every reference finds its row: in the archive, or (content types and
    permissions) in this installation by its natural key, which becomes its key here."""
    by_label = {part.table.label: part for part in loaded}
    present: dict[tuple[str, str], set[Any]] = {}
    mapped = {
        label: {key: pk for pk, key in keys.items()} for label, keys in natural_keys().items()
    }
    for part in loaded:
        table = part.table
        names = [column.name for column in table.columns]
        for index, column in enumerate(table.columns):
            if not column.target:
                continue
            if column.mapped:
                here = mapped[column.target]
                for row in part.rows:
                    key = row[index]
                    if key is not None:
                        if key not in here:
                            raise _broken(table, names, row, column, ".".join(key), here=True)
                        row[index] = here[key]
                continue
            target = (column.target, column.target_field)
            if target not in present:
                other = by_label[column.target]
                position = [c.name for c in other.table.columns].index(column.target_field)
                present[target] = {row[position] for row in other.rows}
            keys = present[target]
            for row in part.rows:
                if row[index] is not None and row[index] not in keys:
                    raise _broken(table, names, row, column, f"pk {row[index]}", here=False)


def _broken(
    table: Table, names: list[str], row: list[Any], column: Column, key: str, *, here: bool
) -> ArchiveError:
    message = (
        _(
            "Broken reference: %(row)s, field %(field)s, refers to %(target)s %(key)s, "
            "which this installation does not have."
        )
        if here
        else _(
            "Broken reference: %(row)s, field %(field)s, refers to %(target)s %(key)s, "
            "which is not in the archive."
        )
    )
    return ArchiveError(
        message
        % {
            "row": row_text(table, dict(zip(names, row, strict=True))),
            "field": column.name,
            "target": column.target,
            "key": key,
        }
    )


@dataclass(frozen=True)
class PlannedFile:
    member: str
    write: bool  # False: the storage holds this very file already


def _plan_files(
    loaded: list[Loaded], listed: dict[str, str]
) -> dict[tuple[Storage, str], PlannedFile]:
    """Each file a row names: in the archive, with a safe name, and not a different
    file of the same name in the storage already."""
    plan: dict[tuple[Storage, str], PlannedFile] = {}
    for part in loaded:
        table = part.table
        for index, column in enumerate(table.columns):
            if not column.is_file:
                continue
            assert isinstance(column.field, FileField)
            storage = column.field.storage
            for row in part.rows:
                name = row[index]
                if not name or (storage, name) in plan:
                    continue
                member = m.file_member(name)
                if not _safe(name):
                    raise _file_problem(
                        _("%(row)s, field %(field)s, names the file %(name)s: not a safe name."),
                        table,
                        row,
                        column,
                    )
                if member not in listed:
                    raise _file_problem(
                        _(
                            "Missing file: %(row)s, field %(field)s, names the file %(name)s, "
                            "which is not in the archive."
                        ),
                        table,
                        row,
                        column,
                    )
                write = True
                if storage.exists(name):
                    if _stored_digest(storage, name) != listed[member]:
                        raise _file_problem(
                            _(
                                "The storage holds a different file %(name)s already (named "
                                "by %(row)s, field %(field)s): an archive is imported only "
                                "into a new installation."
                            ),
                            table,
                            row,
                            column,
                        )
                    write = False
                plan[(storage, name)] = PlannedFile(member, write)
    return plan


def _file_problem(message: str, table: Table, row: list[Any], column: Column) -> ArchiveError:
    names = [c.name for c in table.columns]
    values_by_name = dict(zip(names, row, strict=True))
    return ArchiveError(
        message
        % {
            "row": row_text(table, values_by_name),
            "field": column.name,
            "name": values_by_name[column.name],
        }
    )


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and "\\" not in name
        and all(part not in ("", ".", "..") for part in name.split("/"))
    )


def _stored_digest(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _write(
    archive: zipfile.ZipFile,
    loaded: list[Loaded],
    files: dict[tuple[Storage, str], PlannedFile],
    report: ImportReport,
) -> None:
    written: list[tuple[Storage, str]] = []
    try:
        with transaction.atomic():
            AuditHead.objects.filter(last_sequence=0).delete()
            for part in loaded:
                _insert(part)
            models = [part.table.model for part in loaded]
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
            connection.check_constraints(table_names=[model._meta.db_table for model in models])
            for (storage, name), planned in files.items():
                if not planned.write:
                    continue
                with archive.open(planned.member) as content:
                    saved = storage.save(name, File(content, name))
                written.append((storage, saved))
                if saved != name:
                    raise ArchiveError(
                        _("The storage kept %(name)s under another name, %(saved)s.")
                        % {"name": name, "saved": saved}
                    )
            report.audit = audit.verify()
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    report.written = True


def _insert(part: Loaded) -> None:
    if not part.rows:
        return
    table = part.table
    fields = [column.field for column in table.columns]
    prepare = [_preparer(column) for column in table.columns]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, min(MAX_ROWS_PER_INSERT, connection.ops.bulk_batch_size(fields, part.rows)))
    # Names from the models, quoted; every value is a parameter.
    into = f"INSERT INTO {quote(table.model._meta.db_table)} ({columns}) VALUES "  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(part.rows), size):
            batch = part.rows[start : start + size]
            params = [
                value if ready is None else ready(value)
                for row in batch
                for ready, value in zip(prepare, row, strict=True)
            ]
            cursor.execute(into + ", ".join([placeholders] * len(batch)), params)


def _preparer(column: Column) -> Callable[[Any], Any] | None:
    """How a value becomes a query parameter; None: as it is."""
    field = column.field
    concrete = field.target_field if column.target else field  # type: ignore[attr-defined]
    if concrete.get_internal_type() in AS_THEY_ARE:
        return None
    return lambda value: field.get_db_prep_save(value, connection)
