"""Benchmark: reading the whole OParl endpoint of a large process.

Builds, in a SQLite database of its own (a temporary folder), the Hannover process
and, written in bulk as the services would leave them, more than 50,000 OParl objects:
people (three of four agreed to publication) and their memberships, meetings with
agenda items (and so locations), submitted versions with consultations and statement
attachments (papers and files), and council papers with their passages. Then, as an
anonymous client through Django's test client, it pages through every list of the
Body at the largest page size and reports

- `oparl_objects`: how many objects the lists held,
- `oparl_objects_per_second`: objects read per second (goal: 5,000 or more), by the
  clock; `oparl_objects_per_cpu_second` the same by the processor time the reading
  took (client and server are one process here),
- `oparl_list_page_queries_growth`: for the list whose first page grows most, the
  queries of the page at the largest page size minus those at the smallest (goal: 0),
- `oparl_list_page_queries`: the most queries any list page needs.

    python bench/bench_oparl.py            # full size
    python bench/bench_oparl.py --scale 0.1  # a tenth, to try it out
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
HANNOVER = REPO / "src" / "planwerk" / "processes" / "definitions" / "hannover-lip-2019.yaml"
FULL = {
    "people": 8_000,
    "memberships": 10_000,
    "meetings": 3_200,
    "agenda": 4,  # items per meeting
    "versions": 2_400,
    "consultations": 5,  # per version
    "attachments": 2_000,
    "council_papers": 20,
}
BATCH = 1_000


def log(message: str) -> None:
    print(f"bench_oparl: {message}", file=sys.stderr, flush=True)


def build(scale: float) -> str:
    """The data; returns the address of the process's Body."""
    from django.core.management import call_command
    from django.utils import timezone

    from planwerk.bodies.models import Body, Membership, Person, SeatCategory
    from planwerk.consultations.models import Consultation, Statement, StatementAttachment
    from planwerk.council.models import CouncilPaper, CouncilPaperVersion, Passage
    from planwerk.meetings.models import AgendaItem, Meeting
    from planwerk.papers.models import Draft, Version
    from planwerk.processes.models import Process

    size = {key: max(1, int(value * scale)) for key, value in FULL.items()}
    size["agenda"], size["consultations"] = FULL["agenda"], FULL["consultations"]
    call_command("migrate", verbosity=0)
    call_command("load_process", str(HANNOVER), verbosity=0)
    process = Process.objects.get()
    bodies = list(Body.objects.filter(process=process).order_by("order"))
    seats = {}
    for body in bodies:
        seat = SeatCategory.objects.filter(body=body).order_by("order").first()
        if seat is None:
            seat = SeatCategory.objects.create(
                body=body, slug="mitglieder", name="Mitglieder", min_seats=0, max_seats=99
            )
        seats[body.pk] = seat
    people = Person.objects.bulk_create(
        (
            Person(
                given_name=f"Vorname{n}",
                family_name=f"Nachname{n}",
                kind="external",
                publication_consent=n % 4 != 0,
            )
            for n in range(size["people"])
        ),
        batch_size=BATCH,
    )
    start = dt.date(2020, 1, 1)
    Membership.objects.bulk_create(
        (
            Membership(
                person=people[n % len(people)],
                body=bodies[n % len(bodies)],
                seat=seats[bodies[n % len(bodies)].pk],
                start=start,
            )
            for n in range(size["memberships"])
        ),
        batch_size=BATCH,
    )
    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        (
            Meeting(
                body=bodies[n % len(bodies)],
                title=f"Sitzung {n}",
                starts_at=now + dt.timedelta(hours=n),
                place=f"Neues Rathaus, Raum {n % 40}",
            )
            for n in range(size["meetings"])
        ),
        batch_size=BATCH,
    )
    AgendaItem.objects.bulk_create(
        (
            AgendaItem(meeting=meeting, position=p, title=f"Tagesordnungspunkt {p}")
            for meeting in meetings
            for p in range(1, size["agenda"] + 1)
        ),
        batch_size=BATCH,
    )
    stages = list(process.stages.order_by("order"))
    drafts = [Draft.objects.create(body=body, stage=stage) for stage in stages for body in bodies]
    numbers: dict[int, int] = {}
    rows = []
    for n in range(size["versions"]):
        draft = drafts[n % len(drafts)]
        numbers[draft.pk] = numbers.get(draft.pk, 0) + 1
        rows.append(
            Version(
                draft=draft,
                number=numbers[draft.pk],
                sections=[{"id": "a", "title": "Ziele", "text": "Teilhabe"}],
                submitted_at=now,
                status=Version.Status.ACCEPTED,
            )
        )
    versions = Version.objects.bulk_create(rows, batch_size=BATCH)
    consultations = Consultation.objects.bulk_create(
        (
            Consultation(version=version, body=bodies[(i + k) % len(bodies)], kind="statement")
            for i, version in enumerate(versions)
            for k in range(size["consultations"])
        ),
        batch_size=BATCH,
    )
    statements = Statement.objects.bulk_create(
        (
            Statement(consultation=c, text="Wir stimmen zu.")
            for c in consultations[: size["attachments"]]
        ),
        batch_size=BATCH,
    )
    StatementAttachment.objects.bulk_create(
        (
            StatementAttachment(
                statement=s, file=f"stellungnahmen/{n}.pdf", name=f"Anlage {n}.pdf", size=1234
            )
            for n, s in enumerate(statements)
        ),
        batch_size=BATCH,
    )
    papers = CouncilPaper.objects.bulk_create(
        CouncilPaper(process=process, stage=stages[0], number=f"{n}/2020", title=f"LIP {n}")
        for n in range(size["council_papers"])
    )
    CouncilPaperVersion.objects.bulk_create(
        CouncilPaperVersion(paper=paper, version=versions[n], position=1)
        for n, paper in enumerate(papers)
    )
    Passage.objects.bulk_create(
        Passage(paper=paper, body=bodies[0], date=start, outcome="recommended") for paper in papers
    )
    return f"/oparl/v1/body/{process.uuid}/"


def measure(body: str) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from planwerk.oparl.domain.paging import MAX_LIMIT
    from planwerk.oparl.lists import BODY_LISTS

    client = Client()
    client.get(body)  # warm up
    objects = 0
    pages = 0
    started = time.perf_counter()
    cpu = time.process_time()
    for name in BODY_LISTS:
        url: str = f"{body}{name}/?limit={MAX_LIMIT}"
        while url:
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: {response.status_code}")
            page = json.loads(response.content)
            objects += len(page["data"])
            pages += 1
            url = page["links"].get("next", "")
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu
    queries = {}
    for name in BODY_LISTS:
        for limit in (1, MAX_LIMIT):
            with CaptureQueriesContext(connection) as captured:
                client.get(f"{body}{name}/?limit={limit}")
            queries[(name, limit)] = len(captured)
    growth = max(queries[(n, MAX_LIMIT)] - queries[(n, 1)] for n in BODY_LISTS)
    return {
        "objects": objects,
        "pages": pages,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "growth": growth,
        "most_queries": max(queries.values()),
    }


def inner(scale: float) -> None:
    import django

    django.setup()
    started = time.perf_counter()
    body = build(scale)
    log(f"built in {time.perf_counter() - started:.0f} s")
    print(json.dumps(measure(body)))


def run(scale: float = 1.0) -> dict[str, dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="planwerk-bench-oparl-") as folder:
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
            [sys.executable, __file__, "--inner", str(scale)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        sys.stderr.write(done.stderr)
        if done.returncode != 0:
            raise RuntimeError("bench_oparl failed")
        result = json.loads(done.stdout.strip().splitlines()[-1])
    figures = {
        "oparl_objects": {"value": result["objects"], "unit": "objects"},
        "oparl_objects_per_second": {
            "value": round(result["objects"] / result["seconds"]),
            "unit": "objects/s",
        },
        # The same on the processor time this process got: on a machine shared with
        # other work, the clock also counts the time others had the processor.
        "oparl_objects_per_cpu_second": {
            "value": round(result["objects"] / result["cpu_seconds"]),
            "unit": "objects/s",
        },
        "oparl_list_page_queries_growth": {"value": result["growth"], "unit": "queries"},
        "oparl_list_page_queries": {"value": result["most_queries"], "unit": "queries"},
    }
    for name, figure in figures.items():
        print(f"{name}: {figure['value']} {figure['unit']}")
    return figures


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--inner":
        inner(float(sys.argv[2]))
    elif len(sys.argv) == 3 and sys.argv[1] == "--scale":
        run(float(sys.argv[2]))
    else:
        run()
