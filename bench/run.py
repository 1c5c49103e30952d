"""Runs every benchmark and collects the figures: `make bench`.

Each module in MODULES has `run() -> {name: {"value": number, "unit": text}}`.
Their figures are printed one a line as `name: value unit` and written, all
together, to bench-results.json in the repository root. Whatever else a
benchmark prints (progress, a reason to skip) goes to stderr. A benchmark that
fails is reported and the others still run; the exit status is then 1.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RESULTS = REPO / "bench-results.json"
MODULES = [
    "bench_recount",
    "bench_voting",
    "bench_drafts",
    "bench_public",
    "bench_archive",
    "bench_exports",
    "bench_timeline",
    "bench_oparl",
]


def show(value: Any) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def run_module(name: str) -> dict[str, dict[str, Any]]:
    module = importlib.import_module(name)
    output = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(output):
        figures = module.run()
    # The module's own `name: value unit` lines are printed below, the same way for all.
    for line in output.getvalue().splitlines():
        if line.split(":", 1)[0] not in figures:
            print(line, file=sys.stderr)
    print(f"# {name}: {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return figures


def main() -> int:
    sys.path.insert(0, str(BENCH))
    results: dict[str, dict[str, Any]] = {}
    failed = []
    for name in MODULES:
        try:
            figures = run_module(name)
        except Exception:
            traceback.print_exc()
            print(f"# {name} failed", file=sys.stderr)
            failed.append(name)
            continue
        for figure, result in figures.items():
            print(f"{figure}: {show(result['value'])} {result['unit']}", flush=True)
        results.update(figures)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"# {len(results)} figures written to {RESULTS.name}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
