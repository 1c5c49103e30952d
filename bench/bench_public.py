"""Benchmark: the public page of a version with 300 paragraphs and 20,000 comments,
read by 50 residents at once, against gunicorn on PostgreSQL in production settings.

Drops and recreates its database (`planwerk_bench_public`, or
PLANWERK_BENCH_PUBLIC_DATABASE) on the local PostgreSQL server, migrates it, loads
the Hannover process and, in a subprocess, publishes a version of 300 paragraphs for
comment with 20,000 comments on it (written in bulk, with the counts the services
keep) and 200 signed-in residents. The shared cache is Redis when it answers on
127.0.0.1:6379 (a prefix of its own), the database table otherwise.

Then, on one gunicorn:

1. 50 readers load the minimal view (`/lebt/`, text without database) for
   READ_SECONDS: `minimal_view_rps`;
2. 50 readers load the public version page for READ_SECONDS, while 200 residents
   each post one comment on it: `public_version_page_rps`,
   `public_version_page_p99_ms`, `public_comment_post_p99_ms`;
3. `public_version_page_ratio_to_minimal_view` = (2) / (1).

Every comment posted must be on the page afterwards (`public_comments_lost`, 0).
Readers keep their connection open between requests, as a browser does. Without
PostgreSQL it prints a line saying so and reports nothing.

    python bench/bench_public.py
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_voting as server

HOST = server.HOST
DATABASE = os.environ.get("PLANWERK_BENCH_PUBLIC_DATABASE", "planwerk_bench_public")
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", DATABASE):
    raise SystemExit(f"PLANWERK_BENCH_PUBLIC_DATABASE: not a plain database name: {DATABASE!r}")
PARAGRAPHS = 300
COMMENTS = 20_000
POSTERS = 200
READERS = 50
READ_SECONDS = 20
SEED = 2472
# What every browser sends; the same for both views.
ACCEPT_ENCODING = "gzip, deflate, br"
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def log(message: str) -> None:
    print(f"bench_public: {message}", file=sys.stderr, flush=True)


def redis_url() -> str:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as probe:
            probe.sendall(b"PING\r\n")
            if probe.recv(16).startswith(b"+PONG"):
                return "redis://127.0.0.1:6379/0"
    except OSError:
        pass
    return ""


# -- the data, in a subprocess with the bench environment ----------------------------
def setup(out: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwerk.settings")
    import django

    django.setup()
    import datetime as dt
    import random

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from planwerk.bodies.models import Body
    from planwerk.core.models import RoleAssignment
    from planwerk.papers.models import Draft, Version
    from planwerk.participation import services as participation
    from planwerk.participation.models import Comment, Paragraph
    from planwerk.processes.models import Process
    from planwerk.residents.models import Resident

    rng = random.Random(SEED)
    words = [
        "Teilhabe", "Sprache", "Arbeit", "Bildung", "Stadtteil", "Beratung", "Zugang",
        "Vielfalt", "Wohnen", "Gesundheit", "Kultur", "Ausbildung", "Netzwerk", "Angebot",
        "Familien", "Jugendliche", "Nachbarschaft",
    ]  # fmt: skip

    def text(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    users = get_user_model()
    coordinator = users.objects.create_user("bench-koordination")
    RoleAssignment.objects.create(user=coordinator, role=RoleAssignment.Role.COORDINATOR)
    process = Process.objects.get()
    group = Body.objects.filter(process=process, kind=Body.Kind.EXPERT_GROUP).order_by("order")[0]
    draft = Draft.objects.create(body=group, stage=process.stages.order_by("order")[0])
    sections = []
    for s in range(PARAGRAPHS // 10):
        ids = [f"p{s:03d}{p:02d}" for p in range(10)]
        sections.append(
            {
                "id": f"00000000-0000-4000-8000-{s:012d}",
                "title": f"Abschnitt {s + 1}: {text(3)}",
                "text": "\n\n".join(text(45) for _ in ids),
                "paragraph_ids": ids,
            }
        )
    version = Version.objects.create(
        draft=draft,
        number=1,
        sections=sections,
        submitted_by_name="bench",
        submitted_at=timezone.now(),
    )
    now = timezone.now()
    publication = participation.publish(
        coordinator, version, now - dt.timedelta(days=1), now + dt.timedelta(days=30)
    )
    posters = []
    for i in range(POSTERS):
        user = users.objects.create_user(f"einwohner-bench-{i:03d}", email=f"r{i}@example.org")
        Resident.objects.create(
            user=user, display_name=f"Anwohner*in {i + 1}", language="de", verified=now
        )
        posters.append(user)
    paragraphs = list(Paragraph.objects.filter(publication=publication).order_by("position"))
    Comment.objects.bulk_create(
        (
            Comment(
                publication=publication,
                paragraph=(p := rng.choice(paragraphs)),
                paragraph_key=p.paragraph_id,
                author=(a := rng.choice(posters)),
                author_name=f"Anwohner*in {a.pk}",
                text=(t := text(30)),
                html=f"<p>{t}</p>",
            )
            for _ in range(COMMENTS)
        ),
        batch_size=1000,
    )
    participation.recount(publication)
    sessions = []
    for user in posters:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    Path(out).write_text(
        json.dumps(
            {
                "page": f"/mitreden/{publication.uuid}/",
                "paragraphs": [p.paragraph_id for p in paragraphs],
                "sessions": sessions,
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "csrf_cookie": settings.CSRF_COOKIE_NAME,
            }
        ),
        encoding="utf-8",
    )


# -- load ----------------------------------------------------------------------------
def readers(port: int, path: str, seconds: float) -> tuple[int, list[float], int]:
    """READERS threads, each on its own kept-alive connection, for `seconds`."""
    stop = time.monotonic() + seconds
    times: list[float] = []
    errors = 0
    lock = threading.Lock()

    def read() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        mine: list[float] = []
        failed = 0
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                connection.request(
                    "GET",
                    path,
                    headers={"Accept-Language": "de", "Accept-Encoding": ACCEPT_ENCODING},
                )
                answer = connection.getresponse()
                answer.read()
                if answer.status != 200:
                    failed += 1
                else:
                    mine.append(time.perf_counter() - start)
                if answer.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = http.client.HTTPConnection(HOST, port, timeout=30)
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
        connection.close()
        with lock:
            times.extend(mine)
            errors += failed

    threads = [threading.Thread(target=read) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(times), times, errors


WRK_LATENCY = re.compile(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", re.M)
WRK_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
WRK_ERRORS = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")


def wrk_readers(port: int, path: str, seconds: float) -> tuple[float, float, int] | None:
    """READERS connections through wrk (a load generator written in C, so that the
    readers take less of the machine than the server): requests/s, p99 in seconds,
    errors. None when wrk is not installed."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    done = subprocess.run(  # noqa: S603 - a fixed load generator
        [
            wrk,
            "-t2",
            f"-c{READERS}",
            f"-d{int(seconds)}s",
            "--latency",
            "-H",
            "Accept-Language: de",
            "-H",
            f"Accept-Encoding: {ACCEPT_ENCODING}",
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    rate, latency = WRK_RATE.search(done.stdout), WRK_LATENCY.search(done.stdout)
    if done.returncode != 0 or rate is None or latency is None:
        raise RuntimeError(f"wrk failed:\n{done.stdout}{done.stderr}")
    scale = {"us": 1e-6, "ms": 1e-3, "s": 1.0}[latency.group(2)]
    errors = WRK_ERRORS.search(done.stdout)
    return (
        float(rate.group(1)),
        float(latency.group(1)) * scale,
        int(errors.group(1)) if errors else 0,
    )


def load(port: int, path: str, seconds: float) -> tuple[float, float, int]:
    """Requests/s, p99 in seconds and errors of READERS readers on `path`."""
    measured = wrk_readers(port, path, seconds)
    if measured is not None:
        return measured
    count, times, errors = readers(port, path, seconds)
    return count / seconds, percentile(times, 0.99), errors


def post_comment(
    port: int, data: dict[str, Any], session: str, paragraph: str, address: str, text: str
) -> tuple[float, int]:
    """One resident: opens the paragraph's form, posts a comment. The time is the post's."""
    path = f"{data['page']}absatz/{paragraph}/"
    cookie = f"{data['session_cookie']}={session}"
    forwarded = {"X-Forwarded-For": address}
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, **forwarded})
        answer = connection.getresponse()
        body = answer.read()
        token = CSRF_FIELD.search(body)
        set_cookies = [c.split(";", 1)[0] for c in answer.headers.get_all("Set-Cookie") or []]
        csrf = next((c for c in set_cookies if c.startswith(data["csrf_cookie"] + "=")), "")
        if token is None or not csrf:
            return 0.0, answer.status
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1).decode(), "text": text}
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{cookie}; {csrf}",
            **forwarded,
        }
        start = time.perf_counter()
        connection.request("POST", f"{path}kommentieren/", body=form, headers=headers)
        answer = connection.getresponse()
        answer.read()
        return time.perf_counter() - start, answer.status
    finally:
        connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def measure(port: int, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    minimal_rps, _p99, errors = load(port, "/lebt/", READ_SECONDS)
    log(f"minimal view: {minimal_rps:.0f} requests/s, {errors} errors")
    load(port, data["page"], 3)  # warm the page's cache
    posted: list[tuple[float, int]] = []
    marks = [f"bench-kommentar-{i:03d}" for i in range(len(data["sessions"]))]

    def posters() -> None:
        time.sleep(2)
        pause = (READ_SECONDS - 6) / max(1, len(data["sessions"]))
        for i, session in enumerate(data["sessions"]):
            paragraph = data["paragraphs"][(i * 7) % len(data["paragraphs"])]
            address = f"10.{i // 250}.{i % 250}.1"
            posted.append(post_comment(port, data, session, paragraph, address, marks[i]))
            time.sleep(pause)

    writer = threading.Thread(target=posters)
    writer.start()
    page_rps, page_p99, errors = load(port, data["page"], READ_SECONDS)
    writer.join()
    log(f"public page: {page_rps:.0f} requests/s, {errors} errors; {len(posted)} comments posted")
    statuses = [status for _seconds, status in posted]
    accepted = sum(1 for s in statuses if s in (200, 302, 303))
    # Every accepted comment is on the public comment list afterwards.
    found = 0
    for start in range(0, 20_000 + len(marks), 200):
        status, _h, body = server._request(
            port, "GET", f"{data['page']}kommentare/?seite={start // 200 + 1}"
        )
        if status != 200:
            break
        found += sum(1 for m in marks if m.encode() in body)
    figures = {
        "minimal_view_rps": {"value": round(minimal_rps, 1), "unit": "requests/s"},
        "public_version_page_rps": {"value": round(page_rps, 1), "unit": "requests/s"},
        "public_version_page_p99_ms": {
            "value": round(page_p99 * 1000, 1),
            "unit": "ms",
        },
        "public_version_page_ratio_to_minimal_view": {
            "value": round(page_rps / minimal_rps, 3) if minimal_rps else 0,
            "unit": "ratio",
        },
        "public_comment_post_p99_ms": {
            "value": round(percentile([s for s, _ in posted], 0.99) * 1000, 1),
            "unit": "ms",
        },
        "public_comments_accepted": {"value": accepted, "unit": "comments"},
        "public_comments_lost": {"value": accepted - min(found, accepted), "unit": "comments"},
        "public_version_page_errors": {"value": errors, "unit": "requests"},
    }
    if accepted < len(posted):
        log(f"answers to the comment posts: {sorted(set(statuses))}")
    return figures


def run() -> dict[str, dict[str, Any]]:
    try:
        import psycopg  # noqa: F401

        server._admin_connection().close()
    except Exception as error:
        log(f"no PostgreSQL at {server.SERVER_URL} ({type(error).__name__}): no figures")
        return {}
    server.DATABASE = DATABASE
    server.recreate_database()
    try:
        with tempfile.TemporaryDirectory(prefix="planwerk-bench-public-") as name:
            folder = Path(name)
            env = server.app_environment(folder)
            env["DATABASE_URL"] = f"{server.SERVER_URL}/{DATABASE}"
            env["PLANWERK_TRUSTED_PROXY_HEADER"] = "X-Forwarded-For"
            cache = redis_url()
            if cache:
                env["PLANWERK_CACHE_URL"] = cache
                env["PLANWERK_CACHE_PREFIX"] = f"bench-public-{os.getpid()}"
            server.planwerk(env, "migrate", "--noinput")
            server.planwerk(env, "createcachetable")
            server.planwerk(env, "load-process", str(server.HANNOVER))
            server.planwerk(env, "collectstatic", "--noinput")
            out = folder / "setup.json"
            done = subprocess.run(  # noqa: S603 - this very script, in its setup role
                [sys.executable, __file__, "--setup", str(out)],
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            if done.returncode != 0:
                raise RuntimeError(f"setting up failed:\n{done.stdout}{done.stderr}")
            data = json.loads(out.read_text(encoding="utf-8"))
            with server.app_server(env, folder, "/lebt/") as port:
                figures = measure(port, data)
    finally:
        server.drop_database()
    for name, figure in figures.items():
        print(f"{name}: {figure['value']} {figure['unit']}")
    return figures


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--setup":
        setup(sys.argv[2])
    else:
        run()
