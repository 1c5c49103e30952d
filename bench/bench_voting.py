"""Benchmark: 2,000 organisations casting their ballots at once, over HTTP, on PostgreSQL.

Drops and recreates its database (`planwerk_bench`, or PLANWERK_BENCH_DATABASE) on
the local PostgreSQL server, migrates it, loads the Hannover process and prepares,
in a subprocess, an election with 2,000 checked-in organisations, seven candidates
and an open electronic round (see `setup_election`). Then it starts gunicorn on
127.0.0.1 and

1. posts 2,000 wrong codes, as somebody guessing codes would, from the same address
   as all voters (127.0.0.1): they must all be refused, most of them with 429 once
   the address is over the voting page's limit;
2. casts the 2,000 ballots at once: each voter, like a phone, fetches the voting
   page (for the CSRF token) and posts code and choice; 100 voters at a time. The
   address is over the limit by now, and every valid code must still be counted;
3. lets every code try again, twice at the same moment (4,000 more posts), all of
   which must be refused and change no counter.

The counters are read from the database afterwards and checked against what the
voters were told. The database is dropped at the end. Without PostgreSQL it prints
a line saying so and reports nothing.

    python bench/bench_voting.py

prints lines `name: value unit`; `run()` returns {name: {"value", "unit"}} for
bench/run.py to merge into bench-results.json.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
HANNOVER = REPO / "src" / "planwerk" / "processes" / "definitions" / "hannover-lip-2019.yaml"

SERVER_URL = os.environ.get("PLANWERK_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# A name of its own (PLANWERK_BENCH_DATABASE) lets two people bench on one server.
DATABASE = os.environ.get("PLANWERK_BENCH_DATABASE", "planwerk_bench")
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", DATABASE):
    raise SystemExit(f"PLANWERK_BENCH_DATABASE: not a plain database name: {DATABASE!r}")
HOST = "127.0.0.1"

VOTERS = 2_000
WRONG_CODES = 2_000  # guesses before the vote
CANDIDATES = 7
BATCH = 100  # organisations a transaction while setting up
CLIENTS = 100  # voters at the same time
SEED = 20191114
# The app server as docs/operations.md runs it, with threads and persistent
# database connections (PLANWERK_DB_CONN_MAX_AGE).
GUNICORN = ["--workers", "4", "--threads", "4", "--timeout", "60", "--no-control-socket"]
CONN_MAX_AGE = "60"

# Every phase stops by itself: what has not started by then is left out, and the
# figures say how many (`..._not_started`), apart from what failed.
SETUP_SECONDS = 180
PHASE_SECONDS = 180
REQUEST_SECONDS = 30

# What the pages say, whatever their language: the voting page's answers.
COUNTED_MARK = b"kern-alert--success"  # elections/voted.html
REFUSED_MARK = b"kern-alert--danger"  # elections/vote.html with an error
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
ROUND_FIELD = re.compile(rb'name="round" value="(\d+)"')


def log(message: str) -> None:
    print(f"bench_voting: {message}", file=sys.stderr, flush=True)


# -- the database and the app -------------------------------------------------------
def _admin_connection() -> Any:
    import psycopg

    return psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True, connect_timeout=5)


def recreate_database() -> None:
    with _admin_connection() as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")


def drop_database() -> None:
    try:
        with _admin_connection() as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    except Exception as error:  # the figures are worth more than the clean-up
        log(f"could not drop the database {DATABASE}: {type(error).__name__}: {error}")


def app_environment(folder: Path) -> dict[str, str]:
    """A production-like environment: no debug or test settings, a key of its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLANWERK_", "DJANGO_"))}
    env.update(
        DATABASE_URL=f"{SERVER_URL}/{DATABASE}",
        PLANWERK_SECRET_KEY=secrets.token_urlsafe(50),  # setup and server share it
        PLANWERK_ALLOWED_HOSTS=HOST,
        PLANWERK_DB_CONN_MAX_AGE=CONN_MAX_AGE,
        PLANWERK_VAR_DIR=str(folder),
        PLANWERK_STATIC_ROOT=str(folder / "static"),
        PLANWERK_MEDIA_ROOT=str(folder / "media"),
        PLANWERK_LOG_LEVEL="ERROR",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")])),
    )
    return env


def planwerk(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(  # noqa: S603 - the project's own command
        [sys.executable, "-m", "planwerk.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=SETUP_SECONDS,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"planwerk {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


@dataclass
class Setup:
    election: int
    codes: list[str]
    candidates: list[str]


def prepare(env: dict[str, str], folder: Path) -> Setup:
    out = folder / "setup.json"
    done = subprocess.run(  # noqa: S603 - this very script, in its setup role
        [sys.executable, __file__, "--setup", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=SETUP_SECONDS,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"setting up the election failed:\n{done.stdout}{done.stderr}")
    data = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()  # the codes are secrets, even here
    return Setup(data["election"], data["codes"], data["candidates"])


def setup_election(out: str) -> None:
    """In a subprocess with the bench environment: the election, as the services write it.

    The register is filled in bulk, with the rows and the audit entries that
    register_organisation and confirm_eligibility would write; everything else, the
    2,000 check-ins with their codes included, goes through the services. Loops run
    in transactions of BATCH organisations: fewer commits than one a call, and not
    thousands of versions of the audit head's row in one transaction, which would
    make each append slower than the last.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwerk.settings")
    import django

    django.setup()
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from planwerk.audit.services import record, verify
    from planwerk.bodies.models import Body, SeatCategory
    from planwerk.core.models import RoleAssignment
    from planwerk.elections import services
    from planwerk.elections.models import Election, MigrantOrganisation, Round
    from planwerk.processes.models import Process

    def batches(items: list[Any]) -> Iterator[list[Any]]:
        for start in range(0, len(items), BATCH):
            with transaction.atomic():
                yield items[start : start + BATCH]

    user = get_user_model().objects.create_user("bench-koordination")
    RoleAssignment.objects.create(user=user, role=RoleAssignment.Role.COORDINATOR)
    process = Process.objects.get()
    orgs = MigrantOrganisation.objects.bulk_create(
        MigrantOrganisation(
            process=process,
            name=f"Verein {i + 1:04d}",
            eligibility_confirmed_by=user.get_username(),
            eligibility_confirmed_at=timezone.now(),
        )
        for i in range(VOTERS)
    )
    for batch in batches(orgs):
        for org in batch:
            payload = {"name": org.name}
            record("elections.register.added", actor=user, obj=org, payload=payload)
            record("elections.register.eligibility_confirmed", actor=user, obj=org, payload=payload)
    body = Body.objects.get(process=process, slug="lenkungsgruppe")
    election = services.create_election(
        user,
        Election(
            process=process,
            body=body,
            seat=SeatCategory.objects.get(body=body, slug="mso"),
            title="Wahl der MSO-Vertreter*innen (Benchmark)",
            meeting_at=timezone.now() + dt.timedelta(days=14),
            place="Neues Rathaus, Hodlersaal",
            nomination_deadline=timezone.now() + dt.timedelta(days=7),
        ),
    )
    services.open_nominations(user, election)
    candidates = [
        services.nominate(
            user,
            election,
            org,
            given_name=f"Kandidatin {i + 1}",
            family_name="Muster",
            self_description="Engagiert in der Integrationsarbeit.",
            consent_to_publication=True,
        ).public_id
        for i, org in enumerate(orgs[:CANDIDATES])
    ]
    services.start_meeting(user, election)
    codes = []
    for batch in batches(orgs):
        codes += [services.check_in(user, election, org).code for org in batch]
    services.open_round(user, election, Round.Mode.ELECTRONIC)
    checked = verify()
    if not checked.ok:
        raise RuntimeError(f"the audit log is broken after the setup: {checked.reason}")
    Path(out).write_text(
        json.dumps({"election": election.pk, "codes": codes, "candidates": candidates}),
        encoding="utf-8",
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextmanager
def app_server(env: dict[str, str], folder: Path, ready_path: str) -> Iterator[int]:
    """gunicorn on 127.0.0.1, stopped on the way out whatever happens."""
    port = free_port()
    log_file = (folder / "gunicorn.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - the project's app server
        [
            sys.executable,
            "-m",
            "gunicorn",
            "planwerk.wsgi",
            "--bind",
            f"{HOST}:{port}",
            *GUNICORN,
        ],
        env=env,
        cwd=folder,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                raise RuntimeError("gunicorn stopped while starting")
            try:
                if _get_status(port, ready_path) == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 30 s")
            time.sleep(0.2)
        yield port
    except BaseException:
        log_file.flush()
        tail = (folder / "gunicorn.log").read_text(errors="replace")[-3000:]
        log(f"gunicorn's log ends with:\n{tail}")
        raise
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)
        log_file.close()


def _get_status(port: int, path: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


# -- voters -------------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    """What a phone keeps of the voting page: enough to post a ballot."""

    cookie: str
    token: str
    round: str


@dataclass
class Attempt:
    started: bool = True  # False: the phase's time was up before it began
    counted: bool = False
    refused: bool = False
    throttled: bool = False
    seconds: float = 0.0  # the post, from connecting to the whole answer read
    error: str = ""  # started, but neither counted nor refused: the outcome is unknown
    page: Page | None = None


def _request(
    port: int,
    method: str,
    path: str,
    body: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    # One connection a request: a phone's second request comes when the voter has
    # typed the code, long after the server closed the first connection.
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_SECONDS)
    try:
        connection.request(
            method, path, body=body, headers={"Accept-Language": "en", **(headers or {})}
        )
        answer = connection.getresponse()
        return answer.status, answer.headers, answer.read()
    finally:
        connection.close()


def open_page(port: int, path: str) -> Page | None:
    status, headers, body = _request(port, "GET", path)
    token, number = CSRF_FIELD.search(body), ROUND_FIELD.search(body)
    cookies = [c.split(";", 1)[0] for c in headers.get_all("Set-Cookie") or []]
    cookie = next((c for c in cookies if c.startswith("csrftoken=")), None)
    if status != 200 or token is None or number is None or cookie is None:
        return None
    return Page(cookie, token.group(1).decode(), number.group(1).decode())


def post_ballot(port: int, path: str, page: Page, code: str, choice: str) -> Attempt:
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": page.token, "code": code, "choice": choice, "round": page.round}
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": page.cookie}
    start = time.perf_counter()
    status, _headers, body = _request(port, "POST", path, form, headers)
    seconds = time.perf_counter() - start
    if status == 200 and COUNTED_MARK in body:
        return Attempt(counted=True, seconds=seconds, page=page)
    if status == 429:
        return Attempt(refused=True, throttled=True, seconds=seconds, page=page)
    if status == 200 and REFUSED_MARK in body:
        return Attempt(refused=True, seconds=seconds, page=page)
    return Attempt(error=f"ballot: HTTP {status}", seconds=seconds, page=page)


def voter(port: int, path: str, code: str, choice: str) -> Attempt:
    """One voter on one phone: opens the voting page, then posts the ballot."""
    try:
        page = open_page(port, path)
        if page is None:
            return Attempt(error="the voting page has no ballot form")
        return post_ballot(port, path, page, code, choice)
    except (OSError, http.client.HTTPException) as error:
        return Attempt(error=f"{type(error).__name__}: {error}")


def voter_again(
    port: int, path: str, page: Page, code: str, choice: str, hold: threading.Barrier
) -> Attempt:
    """The same voter posting once more, from the page the phone still shows."""
    try:
        hold.wait(timeout=REQUEST_SECONDS)  # both tries of one code post together
        return post_ballot(port, path, page, code, choice)
    except (OSError, http.client.HTTPException, threading.BrokenBarrierError) as error:
        return Attempt(error=f"{type(error).__name__}: {error}")


def guess(port: int, path: str, page: Page, code: str) -> Attempt:
    """Somebody trying a code that is not on any card, from a page already loaded."""
    try:
        return post_ballot(port, path, page, code, "abstain")
    except (OSError, http.client.HTTPException) as error:
        return Attempt(error=f"{type(error).__name__}: {error}")


def wrong_codes(count: int, valid: set[str]) -> list[str]:
    rng = random.Random(SEED + 1)
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # elections.services.CODE_ALPHABET
    codes: list[str] = []
    while len(codes) < count:
        code = "".join(rng.choice(alphabet) for _ in range(10))
        if code not in valid:
            codes.append(f"{code[:5]}-{code[5:]}")
    return codes


def all_at_once(actions: list[Callable[[], Attempt]]) -> tuple[list[Attempt], float]:
    """Run the actions on CLIENTS threads; what has not started after PHASE_SECONDS
    is left out and marked as not started (it did not fail: it was never tried)."""
    deadline = time.monotonic() + PHASE_SECONDS

    def bounded(action: Callable[[], Attempt]) -> Attempt:
        if time.monotonic() > deadline:
            return Attempt(started=False)
        return action()

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        attempts = list(pool.map(bounded, actions))
    return attempts, time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(len(ordered) * share)) - 1]


def counters(election: int) -> tuple[dict[str, int], int]:
    """The round's counters and cards used, read from the database."""
    import psycopg

    with psycopg.connect(f"{SERVER_URL}/{DATABASE}", connect_timeout=5) as connection:
        rows = connection.execute(
            "SELECT bc.choice, bc.count FROM elections_ballotcount bc "
            "JOIN elections_round r ON r.id = bc.round_id WHERE r.election_id = %s",
            [election],
        ).fetchall()
        used = connection.execute(
            "SELECT count(*) FROM elections_codeuse cu "
            "JOIN elections_round r ON r.id = cu.round_id WHERE r.election_id = %s",
            [election],
        ).fetchone()
    return {choice: count for choice, count in rows}, int(used[0]) if used else 0


# -- the benchmark ------------------------------------------------------------------
def check_counters(
    votes: list[Attempt], choices: list[str], counts: dict[str, int], used: int
) -> list[str]:
    """What the database holds against what the voters were told.

    A ballot answered "counted" must be in its counter; one that was never started,
    or was refused, must not; one whose answer was lost (an error) may be either.
    So each counter lies between the ballots confirmed for it and those plus the
    uncertain ones, and the code uses equal the ballots counted.
    """
    key = {c: "abstention" if c == "abstain" else c for c in choices}
    confirmed = Counter(key[c] for a, c in zip(votes, choices, strict=True) if a.counted)
    uncertain = Counter(key[c] for a, c in zip(votes, choices, strict=True) if a.error)
    problems = [
        f"{choice}: counter {counts.get(choice, 0)}, expected {confirmed[choice]}"
        + (f" to {confirmed[choice] + uncertain[choice]}" if uncertain[choice] else "")
        for choice in sorted(set(confirmed) | set(uncertain) | {k for k, v in counts.items() if v})
        if not confirmed[choice] <= counts.get(choice, 0) <= confirmed[choice] + uncertain[choice]
    ]
    if sum(counts.values()) != used:
        problems.append(f"{sum(counts.values())} ballots in the counters, {used} cards used")
    return problems


def run() -> dict[str, dict[str, Any]]:
    try:
        recreate_database()
    except Exception as error:
        print(
            f"bench_voting: skipped, no usable PostgreSQL at {SERVER_URL} "
            f"({type(error).__name__}: {' '.join(str(error).split())})"
        )
        return {}
    try:
        return measure()
    finally:
        drop_database()


def measure() -> dict[str, dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="planwerk-bench-") as name:
        folder = Path(name)
        env = app_environment(folder)
        started = time.perf_counter()
        planwerk(env, "migrate", "--noinput")
        planwerk(env, "createcachetable")  # for a database cache, if one is configured
        planwerk(env, "load-process", str(HANNOVER))
        with ThreadPoolExecutor(max_workers=1) as background:
            static = background.submit(planwerk, env, "collectstatic", "--noinput")
            setup = prepare(env, folder)
            static.result()
        setup_seconds = time.perf_counter() - started
        log(f"{VOTERS} organisations checked in, round open ({setup_seconds:.0f} s)")

        rng = random.Random(SEED)
        options = [*setup.candidates, "abstain"]
        weights = [len(options) - i for i in range(len(options))]
        choices = rng.choices(options, weights=weights, k=len(setup.codes))
        path = f"/wahl/{setup.election}/abstimmen/"

        with app_server(env, folder, path) as port:
            # 1. Guessing, from the address every voter shares here.
            pages = [open_page(port, path) for _ in range(CLIENTS // 10)]
            guesser = [pg for pg in pages if pg is not None]
            if not guesser:
                raise RuntimeError("the voting page has no ballot form")
            guesses, guess_seconds = all_at_once(
                [
                    lambda code=code, i=i: guess(port, path, guesser[i % len(guesser)], code)
                    for i, code in enumerate(wrong_codes(WRONG_CODES, set(setup.codes)))
                ]
            )
            log(f"{len(guesses)} wrong codes in {guess_seconds:.1f} s")

            # 2. The vote: every valid code counts, however many wrong ones came first.
            votes, seconds = all_at_once(
                [
                    lambda code=code, choice=choice: voter(port, path, code, choice)
                    for code, choice in zip(setup.codes, choices, strict=True)
                ]
            )
            counts, used = counters(setup.election)
            log(f"{sum(a.started for a in votes)} ballots in {seconds:.1f} s, {used} cards used")

            # 3. Every code twice more, the two tries of one code posting at the same moment.
            retries: list[Callable[[], Attempt]] = []
            for code, first in zip(setup.codes, votes, strict=True):
                if first.page is None:
                    continue
                hold = threading.Barrier(2)
                retries += [
                    lambda code=code, page=first.page, hold=hold: voter_again(
                        port, path, page, code, setup.candidates[0], hold
                    )
                ] * 2
            again, again_seconds = all_at_once(retries)
            counts_after, used_after = counters(setup.election)
            log(f"{sum(a.started for a in again)} second tries in {again_seconds:.1f} s")

    counted = [a for a in votes if a.counted]
    latencies = [a.seconds * 1000 for a in counted] or [0.0]
    not_started = [a for a in votes if not a.started]
    errors = [a.error for a in votes if a.error]
    refused = [a for a in votes if a.refused]
    if not_started:
        log(f"{len(not_started)} voters not started within {PHASE_SECONDS} s: not counted")
    if errors:
        log(f"{len(errors)} ballots without an answer, e.g. {Counter(errors).most_common(3)}")
    if refused:
        log(f"{len(refused)} valid ballots refused ({sum(a.throttled for a in refused)} by 429)")
    problems = check_counters(votes, choices, counts, used)
    for problem in problems:
        log(f"counters: {problem}")
    if counts_after != counts or used_after != used:
        log(f"second tries changed the counters: {counts} -> {counts_after}")
    retry_errors = Counter(a.error for a in again if a.error)
    if retry_errors:
        log(f"second tries without an answer: {retry_errors}")
    guessed = [a for a in guesses if a.counted]
    if guessed:
        log(f"{len(guessed)} wrong codes were counted as ballots")

    def figure(value: float, unit: str) -> dict[str, Any]:
        return {"value": value, "unit": unit}

    results = {
        "election_ballots_per_second": figure(round(len(counted) / seconds, 1), "ballots/s"),
        "election_ballot_latency_p50": figure(round(percentile(latencies, 0.50), 1), "ms"),
        "election_ballot_latency_p99": figure(round(percentile(latencies, 0.99), 1), "ms"),
        "election_ballots_counted": figure(sum(counts.values()), "ballots"),
        "election_ballots_not_started": figure(len(not_started), "voters"),
        "election_ballot_errors": figure(len(errors), "requests"),
        "election_ballots_refused": figure(len(refused), "requests"),
        "election_counter_mismatches": figure(len(problems), "counters"),
        "election_wrong_codes_per_second": figure(
            round(sum(a.started for a in guesses) / guess_seconds, 1), "requests/s"
        ),
        "election_wrong_codes_refused": figure(sum(a.refused for a in guesses), "requests"),
        "election_wrong_codes_refused_by_throttle": figure(
            sum(a.throttled for a in guesses), "requests"
        ),
        "election_double_votes_refused": figure(sum(a.refused for a in again), "requests"),
        "election_double_votes_refused_by_throttle": figure(
            sum(a.throttled for a in again), "requests"
        ),
        "election_double_votes_not_started": figure(sum(not a.started for a in again), "requests"),
        "election_ballots_counted_after_retry": figure(sum(counts_after.values()), "ballots"),
    }
    for name, result in results.items():
        print(f"{name}: {result['value']} {result['unit']}")
    return results


if __name__ == "__main__":
    if sys.argv[1:2] == ["--setup"]:
        setup_election(sys.argv[2])
    else:
        run()
