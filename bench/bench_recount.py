"""Benchmark: `planwerk election recount` on a record of one million ballots.

Standalone (no Django): builds a deterministic record of seven candidates and
two rounds with 1,000,000 ballots in all, writes it to a temporary file, and
times the console command on it and the recount of the record in memory.

    python bench/bench_recount.py

prints lines `name: value unit`; `run()` returns {name: {"value", "unit"}} for a
bench runner to merge into bench-results.json.
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:
    import planwerk
except ImportError:  # run from a checkout without installing it
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import planwerk

from planwerk.elections.domain.counting import (
    INVALID_BALLOT,
    ElectionSettings,
    RoundInput,
    count_election,
)
from planwerk.elections.domain.record import build_record, recount
from planwerk.elections.domain.recount_cli import main

BALLOTS = 1_000_000
ROUND_1 = 600_000  # round 2 gets the rest
SEED = 20191114
REPEAT = 3
CANDIDATES = [(f"c{i}", f"Person {i}", f"Verein {i}") for i in range(1, 8)]
SETTINGS = ElectionSettings(seats=2, runoff_size=4, tie_rule="lot", lot_seed="4-1-6-2-5-3")


def _choices(rng: random.Random, ids: list[str], count: int) -> list[str | None]:
    options: list[str | None] = [*ids, None, INVALID_BALLOT]
    weights = [len(ids) - i + 3 for i in range(len(ids))] + [1, 1]
    return rng.choices(options, weights=weights, k=count)


def build() -> dict[str, Any]:
    rng = random.Random(SEED)
    ids = [c[0] for c in CANDIDATES]
    first = _choices(rng, ids, ROUND_1)
    advanced = count_election(SETTINGS, ids, {}, [RoundInput.from_choices(1, first)]).rounds[0]
    second = _choices(rng, list(advanced.advanced), BALLOTS - ROUND_1)
    return build_record(SETTINGS, "Benchmark", CANDIDATES, {}, [first, second], check=False)


def _best(action: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def _peak_kib() -> int:
    """Peak resident memory of this process in KiB.

    VmHWM belongs to this process alone; ru_maxrss may carry over the parent's
    peak across fork and exec.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _peak_memory_mb(path: str) -> float:
    """Peak resident memory of the command, run in a process of its own."""
    source = str(Path(planwerk.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": source + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(  # noqa: S603 - this very script, with the record it wrote
        [sys.executable, __file__, "--peak-memory-of", path],
        capture_output=True,
        env=env,
        check=True,
        text=True,
    )
    return int(done.stdout.split()[-1]) / 1024


def _measure_peak(path: str) -> int:
    status = main([path], stdout=io.StringIO(), stderr=sys.stderr)
    print(_peak_kib())
    return status


def run() -> dict[str, dict[str, Any]]:
    document = build()
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "record.json")
        with open(path, "w", encoding="utf-8") as file:
            json.dump(document, file, indent=1, ensure_ascii=False)
        size_mb = os.path.getsize(path) / 1_000_000

        def command() -> None:
            out, err = io.StringIO(), io.StringIO()
            if main([path], stdout=out, stderr=err) != 0:
                raise RuntimeError(err.getvalue())

        results["election_recount_1m_ballots"] = {"value": _best(command), "unit": "s"}
        results["election_recount_in_memory_1m_ballots"] = {
            "value": _best(lambda: recount(document)),
            "unit": "s",
        }
        results["election_recount_1m_ballots_peak_memory"] = {
            "value": _peak_memory_mb(path),
            "unit": "MB",
        }
        results["election_record_1m_ballots_size"] = {"value": size_mb, "unit": "MB"}
    for name, result in results.items():
        print(f"{name}: {result['value']:.2f} {result['unit']}")
    return results


if __name__ == "__main__":
    if sys.argv[1:2] == ["--peak-memory-of"]:
        sys.exit(_measure_peak(sys.argv[2]))
    run()
