"""Benchmark: the timeline page (Infographic 2) of a busy process, and a tenth of it.

Builds, in a SQLite database of its own (a temporary folder), the Hannover process
and what a busy year of it leaves: 120 submitted versions of the six expert groups
(spread over the last 300 days), a decision on each but the last of every group, a
consultation of each integration council on every version (its deadline four weeks
after the submission) with 1,000 statements given, 20 published events, 10 retreats
of the lead committee and 10 passages of council papers. Then it renders

- the timeline as the coordination sees it (every source),
- the timeline as a visitor sees it,
- the confirmation page of moving the first stage's end (the dependency plan),

and reports each render time (median of several, ms), the SQL queries, how the
queries grow from a tenth of the data to all of it (`..._queries_growth`, 0 is the
goal), and the size of the drawing (kB of SVG).

    python bench/bench_timeline.py
"""

from __future__ import annotations

import datetime as dt
import json
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
    "full": {"versions": 120, "statements": 1_000, "events": 20, "retreats": 10, "passages": 10},
    "tenth": {"versions": 12, "statements": 100, "events": 2, "retreats": 1, "passages": 1},
}
RUNS = 5
SEED = 2472


def log(message: str) -> None:
    print(f"bench_timeline: {message}", file=sys.stderr, flush=True)


def build(size: dict[str, int]) -> dict[str, Any]:
    """The data, written as the services would leave it."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from planwerk.bodies.models import Body
    from planwerk.consultations.models import Consultation, Statement
    from planwerk.core.models import RoleAssignment
    from planwerk.council.models import CouncilPaper, Passage
    from planwerk.decisions.models import Decision
    from planwerk.events.models import Event
    from planwerk.meetings.models import Meeting
    from planwerk.papers.models import Draft, Version
    from planwerk.processes.models import Process

    call_command("migrate", verbosity=0)
    call_command("load_process", str(HANNOVER), verbosity=0)
    process = Process.objects.get()
    stages = list(process.stages.order_by("order"))
    coordinator = get_user_model().objects.create_user("bench-koordination")
    RoleAssignment.objects.create(user=coordinator, role=RoleAssignment.Role.COORDINATOR)
    rng = random.Random(SEED)
    now = timezone.now()

    def ago(days: float) -> dt.datetime:
        return now - dt.timedelta(days=days)

    groups = list(Body.objects.filter(process=process, kind=Body.Kind.EXPERT_GROUP))
    steering = Body.objects.get(process=process, kind=Body.Kind.STEERING_GROUP)
    lead = Body.objects.get(process=process, lead_committee=True)
    council = Body.objects.get(process=process, kind=Body.Kind.COUNCIL)
    consulted = list(Body.objects.filter(process=process, kind=Body.Kind.INTEGRATION_COUNCIL))
    per_group = size["versions"] // len(groups)
    for index, group in enumerate(groups):
        draft = Draft.objects.create(body=group, stage=stages[index % 2], created_by="bench")
        for number in range(1, per_group + 1):
            submitted = ago(300 - number * 300 / (per_group + 1) - index)
            version = Version.objects.create(
                draft=draft,
                number=number,
                sections=[],
                submitted_by_name="bench",
                submitted_at=submitted,
                status=Version.Status.SUBMITTED if number == per_group else "returned",
            )
            # The statements asked for on a submitted version, as submitting starts them
            # (without the reminder tasks): each integration council's, in four weeks.
            Consultation.objects.bulk_create(
                Consultation(
                    version=version,
                    body=body,
                    kind=Consultation.Kind.STATEMENT,
                    deadline=(submitted + dt.timedelta(days=28)).date(),
                )
                for body in consulted
            )
            if number < per_group:
                meeting = Meeting.objects.create(
                    body=steering,
                    title="Sitzung",
                    starts_at=submitted + dt.timedelta(days=20),
                    place="Rathaus",
                    status=Meeting.Status.HELD,
                )
                Decision.objects.create(
                    body=steering,
                    meeting=meeting,
                    version=version,
                    outcome=Decision.Outcome.RETURNED,
                )
    answerable = list(Consultation.objects.exclude(kind=Consultation.Kind.REVIEW).order_by("pk"))
    Statement.objects.bulk_create(
        Statement(consultation=c, text="Stellungnahme", given_by_name="bench")
        for c in rng.sample(answerable, min(size["statements"], len(answerable)))
    )
    for n in range(size["events"]):
        start = ago(200 - n * 20)
        Event.objects.create(
            process=process,
            title={"de": f"Veranstaltung {n + 1}"},
            starts_at=start,
            ends_at=start + dt.timedelta(hours=3),
            place="Rathaus",
            published=True,
        )
    for n in range(size["retreats"]):
        Meeting.objects.create(
            body=lead,
            title="Klausurtagung",
            kind=Meeting.Kind.RETREAT,
            starts_at=ago(250 - n * 40),
            place="Tagungshaus",
        )
    for n in range(size["passages"]):
        paper = CouncilPaper.objects.create(
            process=process, stage=stages[n % 2], number=f"{1000 + n}/2020", title="LIP"
        )
        Passage.objects.create(
            paper=paper, body=council, date=ago(100 - n).date(), outcome=Passage.Outcome.DECIDED
        )
    return {
        "coordinator": coordinator.pk,
        "consultations": len(answerable),
        "move": f"/zeitplan/etappe/{stages[0].slug}/verschieben/",
        "move_data": {
            "starts": stages[0].starts.isoformat(),
            "ends": (stages[0].ends + dt.timedelta(days=30)).isoformat(),
        },
    }


def _timed(request: Any) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request()  # warm up caches and templates
    times = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = request()
            times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{response.status_code}")
    return {"ms": statistics.median(times), "queries": len(queries), "response": response}


def measure(paths: dict[str, Any]) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    coordination = Client()
    coordination.force_login(get_user_model().objects.get(pk=paths["coordinator"]))
    figures: dict[str, Any] = {}
    page = _timed(lambda: coordination.get("/zeitplan/"))
    text = page.pop("response").content.decode()
    start = text.rindex("<svg", 0, text.index('class="tl-chart"'))
    figures["svg_kb"] = (text.index("</svg>", start) - start) / 1024
    figures["coordination"] = page
    visitor = _timed(lambda: Client().get("/zeitplan/"))
    visitor.pop("response")
    figures["visitor"] = visitor
    plan = _timed(lambda: coordination.post(paths["move"], paths["move_data"]))
    if "fingerprint" not in plan.pop("response").content.decode():
        raise RuntimeError("the move's confirmation page did not come")
    figures["move_plan"] = plan
    return figures


def inner(size_name: str) -> None:
    import django

    sys.path.insert(0, str(REPO / "bench"))
    django.setup()
    started = time.perf_counter()
    paths = build(SIZES[size_name])
    log(f"{size_name}: built in {time.perf_counter() - started:.0f} s")
    result = measure(paths)
    result["consultations"] = paths["consultations"]
    print(json.dumps(result))


def run_size(size_name: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="planwerk-bench-timeline-") as folder:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PLANWERK_", "DJANGO_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="planwerk.settings",
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
            raise RuntimeError(f"bench_timeline --size {size_name} failed")
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run() -> dict[str, dict[str, Any]]:
    full = run_size("full")
    tenth = run_size("tenth")
    figures: dict[str, dict[str, Any]] = {}
    for page, prefix in (
        ("coordination", "timeline_page"),
        ("visitor", "timeline_page_visitor"),
        ("move_plan", "timeline_move_plan"),
    ):
        figures[f"{prefix}_ms"] = {"value": round(full[page]["ms"], 1), "unit": "ms"}
        figures[f"{prefix}_queries"] = {"value": full[page]["queries"], "unit": "queries"}
        figures[f"{prefix}_queries_growth"] = {
            "value": full[page]["queries"] - tenth[page]["queries"],
            "unit": "queries",
        }
    figures["timeline_svg_kb"] = {"value": round(full["svg_kb"], 1), "unit": "kB"}
    figures["timeline_consultations"] = {"value": full["consultations"], "unit": "consultations"}
    for name, figure in figures.items():
        print(f"{name}: {figure['value']} {figure['unit']}")
    return figures


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--size":
        inner(sys.argv[2])
    else:
        run()
