"""Benchmark: the drafts of a stage at full size, and at a tenth of it.

Builds, in a SQLite database of its own (a temporary folder), the Hannover process
and a catalogue: 6 expert groups × 200 measures, 40 submitted versions in all
(each a full snapshot, with words changed from one version to the next) and 5,000
statements on them (when the consultations app is installed). Then, as the
coordination, it renders

- the board of the stage (`/etappen/<stage>/`),
- the page of a version with 200 measures (`.../fassung/<n>/`),
- the comparison of two such versions (`.../vergleich/?old=..&new=..`),

and reports for each the render time (median of several, ms), the SQL queries,
and how the queries grow from a tenth of the data (6 × 20 measures, 4 versions,
500 statements) to all of it: `..._queries_growth` = queries at full size minus
queries at a tenth (0 is the goal).

Each size is built and measured in a subprocess (`--size full|tenth`) that prints
its figures as JSON.

    python bench/bench_drafts.py
"""

from __future__ import annotations

import json
import logging
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
HANNOVER = REPO / "src" / "planwerk" / "processes" / "definitions" / "hannover-lip-2019.yaml"
SIZES = {
    "full": {"groups": 6, "measures": 200, "versions": 40, "statements": 5_000},
    "tenth": {"groups": 6, "measures": 20, "versions": 4, "statements": 500},
}
RUNS = 5
SEED = 2472
WORDS = [
    "Teilhabe",
    "Sprache",
    "Arbeit",
    "Bildung",
    "Stadtteil",
    "Beratung",
    "Zugang",
    "Vielfalt",
    "Beteiligung",
    "Wohnen",
    "Gesundheit",
    "Kultur",
    "Ausbildung",
    "Netzwerk",
    "Angebot",
    "Zielgruppe",
    "Familien",
    "Jugendliche",
]


def log(message: str) -> None:
    print(f"bench_drafts: {message}", file=sys.stderr, flush=True)


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def build(size: dict[str, int]) -> dict[str, Any]:
    """The data, written in bulk as the services would leave it."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from planwerk.bodies.models import Body
    from planwerk.core.models import RoleAssignment
    from planwerk.papers.models import Draft, Section, Version
    from planwerk.processes.models import Process

    call_command("migrate", verbosity=0)
    call_command("load_process", str(HANNOVER), verbosity=0)
    process = Process.objects.get()
    stage = process.stages.order_by("order").last()
    coordinator = get_user_model().objects.create_user("bench-koordination")
    RoleAssignment.objects.create(user=coordinator, role=RoleAssignment.Role.COORDINATOR)
    rng = random.Random(SEED)
    groups = list(
        Body.objects.filter(process=process, kind=Body.Kind.EXPERT_GROUP).order_by("order")
    )[: size["groups"]]
    # Versions come in pairs, group after group, so that a comparison exists.
    per_group = [0] * len(groups)
    for pair in range(size["versions"] // 2):
        per_group[pair % len(groups)] += 2
    now = timezone.now()
    versions: list[Version] = []
    for group, count in zip(groups, per_group, strict=True):
        draft = Draft.objects.create(body=group, stage=stage, created_by="bench")
        sections = Section.objects.bulk_create(
            Section(
                draft=draft,
                order=n,
                title=f"Maßnahme {n + 1}: {_text(rng, 4)}",
                text="\n\n".join(_text(rng, 40) for _ in range(3)),
            )
            for n in range(size["measures"])
        )
        snapshot = [{"id": str(s.uuid), "title": s.title, "text": s.text} for s in sections]
        for number in range(1, count + 1):
            versions.append(
                Version(
                    draft=draft,
                    number=number,
                    sections=[dict(s) for s in snapshot],
                    submitted_by_name="bench",
                    submitted_at=now,
                    status=(
                        Version.Status.SUBMITTED if number == count else Version.Status.RETURNED
                    ),
                )
            )
            # The next version changes a word in every tenth measure.
            for s in snapshot[::10]:
                words = s["text"].split(" ")
                words[rng.randrange(len(words))] = rng.choice(WORDS)
                s["text"] = " ".join(words)
    Version.objects.bulk_create(versions)
    statements = _statements(size["statements"], rng)
    busiest = max(groups, key=lambda g: per_group[groups.index(g)])
    latest = Version.objects.filter(draft__body=busiest, draft__stage=stage).order_by("-number")
    new, old = latest[0], latest[1]
    return {
        "coordinator": coordinator.pk,
        "board": f"/etappen/{stage.slug}/",
        "version": f"/entwuerfe/{busiest.slug}/{stage.slug}/fassung/{new.number}/",
        "diff": (
            f"/entwuerfe/{busiest.slug}/{stage.slug}/vergleich/?old={old.number}&new={new.number}"
        ),
        "statements": statements,
    }


def _statements(count: int, rng: random.Random) -> int:
    """Consultations started on every version as submitting starts them, and the
    statements spread over them (the first of a consultation its statement, the
    others supplements)."""
    from django.apps import apps

    if not apps.is_installed("planwerk.consultations"):
        log("the consultations app is not installed: no statements")
        return 0
    from planwerk.consultations import services as consulting
    from planwerk.consultations.models import Consultation, Statement
    from planwerk.papers.models import Version

    for version in Version.objects.order_by("pk"):
        consulting.start_consultations(version)
    answerable = list(Consultation.objects.exclude(kind=Consultation.Kind.REVIEW).order_by("pk"))
    given: dict[int, int] = {}
    rows = []
    for n in range(count):
        consultation = answerable[n % len(answerable)]
        given[consultation.pk] = given.get(consultation.pk, 0) + 1
        rows.append(
            Statement(
                consultation=consultation,
                number=given[consultation.pk] - 1,
                text=_text(rng, 60),
                given_by_name="bench",
            )
        )
    Statement.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def measure(paths: dict[str, Any]) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(pk=paths["coordinator"]))
    figures: dict[str, Any] = {}
    for name in ("board", "version", "diff"):
        url = paths[name]
        client.get(url)  # warm up caches and templates
        times = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: {response.status_code}")
        figures[name] = {"ms": statistics.median(times), "queries": len(queries)}
    return figures


def inner(size_name: str) -> None:
    import django

    sys.path.insert(0, str(REPO / "bench"))
    django.setup()
    # The test settings' task backend runs tasks at once and cannot defer the
    # reminders: one warning per consultation says so, which tells nothing here.
    logging.getLogger("planwerk.consultations.services").setLevel(logging.ERROR)
    started = time.perf_counter()
    paths = build(SIZES[size_name])
    log(f"{size_name}: built in {time.perf_counter() - started:.0f} s")
    result = measure(paths)
    result["statements"] = paths["statements"]
    print(json.dumps(result))


def run_size(size_name: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="planwerk-bench-drafts-") as folder:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PLANWERK_", "DJANGO_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="planwerk.settings",
            # Not DEBUG: templates cached as in production; static files unhashed.
            PLANWERK_TESTING="1",
            PLANWERK_SECRET_KEY=secrets.token_urlsafe(50),
            PLANWERK_ALLOWED_HOSTS="testserver",
            PLANWERK_VAR_DIR=folder,
            DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3",
            PYTHONPATH=os.pathsep.join([str(REPO / "src"), str(REPO / "bench")]),
        )
        done = subprocess.run(  # noqa: S603 - this very script, in its measuring role
            [sys.executable, __file__, "--size", size_name],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        sys.stderr.write(done.stderr)
        if done.returncode != 0:
            raise RuntimeError(f"bench_drafts --size {size_name} failed")
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run() -> dict[str, dict[str, Any]]:
    full = run_size("full")
    tenth = run_size("tenth")
    figures: dict[str, dict[str, Any]] = {}
    for page, prefix in (
        ("board", "drafts_board"),
        ("version", "drafts_version_page"),
        ("diff", "drafts_diff"),
    ):
        figures[f"{prefix}_ms"] = {"value": round(full[page]["ms"], 1), "unit": "ms"}
        figures[f"{prefix}_queries"] = {"value": full[page]["queries"], "unit": "queries"}
        figures[f"{prefix}_queries_growth"] = {
            "value": full[page]["queries"] - tenth[page]["queries"],
            "unit": "queries",
        }
    figures["drafts_statements"] = {"value": full["statements"], "unit": "statements"}
    for name, figure in figures.items():
        print(f"{name}: {figure['value']} {figure['unit']}")
    return figures


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--size":
        inner(sys.argv[2])
    else:
        run()
