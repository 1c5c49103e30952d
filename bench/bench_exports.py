"""Benchmark: a table as CSV and as Excel (core/tables.py), at 2,000 and 20,000 rows.

A coordinator downloads lists of a few hundred to a few thousand rows (registrations,
comments, the register); this measures what writing the file costs, without the
database (the queries do not grow with the rows, which the tests pin): 8 columns of
names, emails, texts with umlauts, a number, a moment and a date, some cells that
begin with "=". Reports the median time of several runs (ms) and the file's size
(KiB) per format and size, and the time per 1,000 rows at 20,000 rows.

    PLANWERK_TESTING=1 python bench/bench_exports.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SIZES = (2_000, 20_000)
RUNS = 3


def _setup() -> None:
    sys.path.insert(0, str(REPO / "src"))
    os.environ.setdefault("PLANWERK_TESTING", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwerk.settings")
    import django

    django.setup()


def _table(rows: int) -> Any:
    from planwerk.core.tables import Column, Table

    start = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
    return Table(
        title="Anmeldungen",
        filename="anmeldungen",
        columns=[
            Column("Status", 14),
            Column("Name", 28),
            Column("E-Mail", 32),
            Column("Sprachen", 24),
            Column("Barrierefreiheit", 40, wrap=True),
            Column("Nummer", 8),
            Column("Angemeldet am", 17),
            Column("Tag", 12),
        ],
        rows=[
            [
                "bestätigt",
                f"Jürgen Öztürk-Şahin {n}",
                f"person{n}@example.org",
                "Deutsch, Türkisch, Arabisch",
                "=HYPERLINK(1)" if n % 50 == 0 else "Rollstuhl; Gebärdensprache " * (n % 3),
                n,
                start + dt.timedelta(minutes=n),
                (start + dt.timedelta(days=n % 90)).date(),
            ]
            for n in range(rows)
        ],
    )


def run() -> dict[str, dict[str, Any]]:
    _setup()
    from django.utils import translation

    from planwerk.core.tables import to_csv, to_xlsx

    results: dict[str, dict[str, Any]] = {}
    with translation.override("de"):
        for rows in SIZES:
            table = _table(rows)
            for name, write in (("csv", to_csv), ("xlsx", to_xlsx)):
                times = []
                size = 0
                for _ in range(RUNS):
                    began = time.perf_counter()
                    size = len(write(table))
                    times.append((time.perf_counter() - began) * 1000)
                median = statistics.median(times)
                results[f"exports_{name}_{rows}_rows_ms"] = {
                    "value": round(median, 1),
                    "unit": "ms",
                }
                results[f"exports_{name}_{rows}_rows_size"] = {
                    "value": round(size / 1024, 1),
                    "unit": "KiB",
                }
                if rows == max(SIZES):
                    results[f"exports_{name}_ms_per_1000_rows"] = {
                        "value": round(median / (rows / 1000), 2),
                        "unit": "ms",
                    }
    return results


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
