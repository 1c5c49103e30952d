"""Benchmark: the largest process of the benchmarks into one archive and back.

Builds, with the data builder of bench_drafts.py, the Hannover process with 6 expert
groups × 200 measures, 40 submitted versions and 5,000 statements, and gives 500 of
the statements a PDF attachment (20 kB each) in the storage. Then it

- exports it (`planwerk export`): `archive_export_s`, `archive_size_mb`;
- imports the archive into a new, migrated, empty database with an empty storage
  (`planwerk import`): `archive_import_s` (the checks and the writing, not the
  migrations before);
- exports the new installation again and counts the members that differ from the
  first archive (`archive_members_differing`, 0 is the goal: every data file and
  every file the same, byte for byte).

Each step runs in a subprocess with its own SQLite database in a temporary folder;
`--size tenth` (6 × 20 measures, 4 versions, 500 statements, 50 files) for a quick run.

    python bench/bench_archive.py [--size tenth]
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FILES = {"full": 500, "tenth": 50}
FILE_SIZE = 20_000


def log(message: str) -> None:
    print(f"bench_archive: {message}", file=sys.stderr, flush=True)


def _attachments(count: int) -> int:
    """PDF attachments on the first `count` statements, as the statement form stores them."""
    from django.core.files.base import ContentFile

    from planwerk.consultations.models import Statement, StatementAttachment

    made = 0
    for statement in Statement.objects.order_by("pk")[:count]:
        body = hashlib.sha256(str(statement.pk).encode()).digest() * (FILE_SIZE // 32)
        content = b"%PDF-1.4\n" + body + b"\n%%EOF\n"
        StatementAttachment.objects.create(
            statement=statement,
            file=ContentFile(content, name=f"stellungnahme-{statement.pk}.pdf"),
            name=f"stellungnahme-{statement.pk}.pdf",
            size=len(content),
        )
        made += 1
    return made


def export_step(size_name: str, archive: Path) -> dict[str, Any]:
    import bench_drafts

    from planwerk.archive.exporting import export_archive

    started = time.perf_counter()
    bench_drafts.build(bench_drafts.SIZES[size_name])
    files = _attachments(FILES[size_name])
    log(f"{size_name}: built in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    report = export_archive(archive)
    seconds = time.perf_counter() - started
    return {"export_s": seconds, "rows": report.rows, "files": files, "bytes": report.size}


def import_step(archive: Path, again: Path) -> dict[str, Any]:
    from django.core.management import call_command

    from planwerk.archive.exporting import export_archive
    from planwerk.archive.importing import import_archive

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    report = import_archive(archive)
    seconds = time.perf_counter() - started
    if report.audit is None or not report.audit.ok:
        log(f"the audit log does not verify after the import: {report.audit}")
    export_archive(again)
    return {"import_s": seconds, "differing": _differing(archive, again)}


def _differing(first: Path, second: Path) -> int:
    def digests(path: Path) -> dict[str, str]:
        with zipfile.ZipFile(path) as archive:
            return {
                name: hashlib.sha256(archive.read(name)).hexdigest()
                for name in archive.namelist()
                if name != "manifest.json"
            }

    one, two = digests(first), digests(second)
    return sum(1 for name in one.keys() | two.keys() if one.get(name) != two.get(name))


def inner(step: str, folder: str, size_name: str) -> None:
    import django

    sys.path.insert(0, str(REPO / "bench"))
    django.setup()
    # The test settings' task backend cannot defer the reminders: one warning per
    # consultation says so, which tells nothing here.
    logging.getLogger("planwerk.consultations.services").setLevel(logging.ERROR)
    logging.getLogger("django_tasks").setLevel(logging.WARNING)
    base = Path(folder)
    if step == "export":
        result = export_step(size_name, base / "planwerk.zip")
    else:
        result = import_step(base / "planwerk.zip", base / "again.zip")
    print(json.dumps(result))


def run_step(step: str, folder: str, size_name: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLANWERK_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="planwerk.settings",
        PLANWERK_TESTING="1",
        PLANWERK_SECRET_KEY=secrets.token_urlsafe(50),
        PLANWERK_VAR_DIR=folder,
        PLANWERK_MEDIA_ROOT=f"{folder}/media-{step}",
        DATABASE_URL=f"sqlite:///{folder}/{step}.sqlite3",
        PYTHONPATH=os.pathsep.join([str(REPO / "src"), str(REPO / "bench")]),
    )
    done = subprocess.run(  # noqa: S603 - this very script, in one of its roles
        [sys.executable, __file__, "--step", step, folder, size_name],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        raise RuntimeError(f"bench_archive --step {step} failed")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run(size_name: str = "full") -> dict[str, dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="planwerk-bench-archive-") as folder:
        exported = run_step("export", folder, size_name)
        imported = run_step("import", folder, size_name)
    figures: dict[str, dict[str, Any]] = {
        "archive_export_s": {"value": round(exported["export_s"], 2), "unit": "s"},
        "archive_import_s": {"value": round(imported["import_s"], 2), "unit": "s"},
        "archive_size_mb": {"value": round(exported["bytes"] / 1_000_000, 1), "unit": "MB"},
        "archive_rows": {"value": exported["rows"], "unit": "rows"},
        "archive_files": {"value": exported["files"], "unit": "files"},
        "archive_members_differing": {"value": imported["differing"], "unit": "members"},
    }
    for name, figure in figures.items():
        print(f"{name}: {figure['value']} {figure['unit']}")
    return figures


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--step":
        inner(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1:] == ["--size", "tenth"]:
        run("tenth")
    else:
        run()
