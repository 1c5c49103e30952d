"""The manifest of an archive (`manifest.json`): what it is, where it comes from,
what it holds, and the SHA-256 of every other member."""

from __future__ import annotations

from collections import defaultdict
from importlib import metadata

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from planwerk.archive.tables import MAPPED, Table

FORMAT = "planwerk-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data/"
FILES = "files/"
DEFINITIONS = "definition/"


def planwerk_version() -> str:
    try:
        return metadata.version("planwerk")
    except metadata.PackageNotFoundError:
        return "unknown"


def schema_state() -> dict[str, list[str]]:
    """The applied migrations per app, as the database records them."""
    applied: dict[str, list[str]] = defaultdict(list)
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied[app].append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def schema_apps(tables: tuple[Table, ...]) -> list[str]:
    """The apps whose schema must be the same on both sides: those of the carried
    tables and of the mapped ones."""
    labels = {table.label.split(".")[0] for table in tables}
    labels |= {label.split(".")[0] for label in MAPPED}
    return sorted(labels)


def file_member(name: str) -> str:
    return f"{FILES}{name}"
