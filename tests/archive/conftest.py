"""An installation with a bit of everything, its archive, and a way to empty the
database inside a test (the import needs an empty one; the test's rollback brings
everything back)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from tests import database

from planwerk.archive.exporting import export_archive
from planwerk.archive.tables import tables

PDF = b"%PDF-1.4\n% a statement's attachment\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
RECORD = bytes(range(256))  # a published election record: any bytes at all


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """Files are stored in a temporary folder of the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def empty_installation() -> None:
    """Remove every row the archive carries, as in a new, migrated installation
    (content types and permissions stay, as `migrate` writes them)."""
    quote = connection.ops.quote_name
    models = [table.model for table in tables()]
    with database._triggers_lifted(models), connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")


def carried_rows() -> dict[str, int]:
    return {
        t.label: t.model._base_manager.count() for t in tables() if t.model._base_manager.exists()
    }


def stored_files(root: Path) -> list[str]:
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def everything(demo: Any) -> Any:
    """The demo people, their drafts cycle (drafts, versions, a decision, consultations,
    statements, meetings, the audit log), and what the demo lacks: a statement's PDF,
    a published election record, a person marked deleted, groups and permissions."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.utils import timezone

    from planwerk.bodies.models import Person, SeatCategory
    from planwerk.consultations.models import Statement, StatementAttachment
    from planwerk.elections.models import Election, PublishedRecord

    call_command("load_demo", verbosity=0)
    statement = Statement.objects.order_by("pk").first()
    assert statement is not None
    StatementAttachment.objects.create(
        statement=statement,
        file=ContentFile(PDF, name="stellungnahme.pdf"),
        name="stellungnahme.pdf",
        size=len(PDF),
    )
    seat = SeatCategory.objects.filter(body__process=demo).order_by("pk").first()
    assert seat is not None
    election = Election.objects.create(
        process=demo,
        body=seat.body,
        seat=seat,
        title="Wahl",
        meeting_at=timezone.now(),
        place="Rathaus",
        nomination_deadline=timezone.now(),
    )
    PublishedRecord.objects.create(
        election=election, content=RECORD, sha256=hashlib.sha256(RECORD).hexdigest()
    )
    Person.objects.order_by("-pk").first().delete()  # marked, not removed
    group = Group.objects.create(name="Redaktion")
    group.permissions.add(Permission.objects.get(codename="view_body"))
    user = get_user_model().objects.get(username="koordination")
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="change_person"))
    return demo


_BUILT: dict[str, Path] = {}


@pytest.fixture
def archive(demo: Any, request: Any, tmp_path_factory: Any, tmp_path: Path, settings: Any) -> Path:
    """The archive of `everything`; the database is empty afterwards, and so is the
    storage (a new folder). Written once per test process, by the first test that
    asks for it: it depends on nothing a test changes."""
    path = _BUILT.get("archive")
    if path is None:
        request.getfixturevalue("everything")
        path = tmp_path_factory.mktemp("archive") / "planwerk.zip"
        export_archive(path)
        _BUILT["archive"] = path
    empty_installation()
    settings.MEDIA_ROOT = tmp_path / "new-media"
    return path


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewrite(
    path: Path,
    change: Callable[[dict[str, bytes]], None],
    *,
    keep_checksums: bool = False,
) -> Path:
    """A copy of the archive with its members changed; the manifest's checksums are
    brought in line with the change unless `keep_checksums`."""
    content = members(path)
    change(content)
    manifest = json.loads(content["manifest.json"])
    if not keep_checksums:
        manifest["members"] = {
            name: hashlib.sha256(data).hexdigest()
            for name, data in sorted(content.items())
            if name != "manifest.json"
        }
    content["manifest.json"] = json.dumps(manifest).encode()
    changed = path.with_name(f"changed-{path.name}")
    with zipfile.ZipFile(changed, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in content.items():
            out.writestr(name, data)
    return changed


def rows_of(content: dict[str, bytes], label: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in content[f"data/{label}.jsonl"].decode().splitlines()]


def put_rows(content: dict[str, bytes], label: str, rows: list[dict[str, Any]]) -> None:
    member = f"data/{label}.jsonl"
    content[member] = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode()
    manifest = json.loads(content["manifest.json"])
    for entry in manifest["tables"]:
        if entry["model"] == label:
            entry["rows"] = len(rows)
    content["manifest.json"] = json.dumps(manifest).encode()
