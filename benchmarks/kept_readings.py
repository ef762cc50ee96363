"""Benchmark: a run that uses the readings the ledger keeps, against a full run, and what
keeping them costs in the ledger.

Runs a generated month (`generate_month.py DIR`) in a fresh state folder: a first run (every
file read, every reading kept), then in turns a run with nothing new (no file read) and a
full run (`full=True`: every file read again). Counts the files read by each (calls into
`oneplan.read.submission.read_submission`), and measures the kept readings in the ledger:
bytes per submission and per line, and the SQLite file's size.

    .venv/bin/python benchmarks/generate_month.py /tmp/month --areas 20 --lines 50
    .venv/bin/python benchmarks/kept_readings.py /tmp/month [--repeat 3]

Prints the median wall time of each kind of run. The whole run is timed (archive check,
reconcile, every output written): rewriting only what changed is measured elsewhere.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import time
from pathlib import Path

from oneplan.ledger import open_ledger
from oneplan.month.run import run_month
from oneplan.read import submission as reading
from oneplan.settings import Settings

PERIOD = "2026-11"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = args.folder
    for name in ("outputs", "state"):
        shutil.rmtree(root / name, ignore_errors=True)
    settings = Settings(inputs=root / "inputs", outputs=root / "outputs", state=root / "state")

    read: list[str] = []
    real = reading.read_submission

    def counting(file, *rest):
        read.append(file.rel_path)
        return real(file, *rest)

    reading.read_submission = counting
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)

    def timed(full: bool) -> tuple[float, int, int]:
        nonlocal now
        read.clear()
        now += dt.timedelta(hours=1)
        start = time.perf_counter()
        result = run_month(settings, PERIOD, now, full=full)
        return time.perf_counter() - start, len(read), len(result.intake.submissions)

    first, files, submissions = timed(False)
    print(f"first run: {first:.2f} s, {files} of {submissions} files read")
    times: dict[str, list[float]] = {"nothing new": [], "full": []}
    for _ in range(args.repeat):
        for label, full in (("nothing new", False), ("full", True)):
            seconds, files, _ = timed(full)
            times[label].append(seconds)
            print(f"  {label}: {seconds:.2f} s, {files} files read")
    for label, values in times.items():
        print(f"{label}: median {statistics.median(values):.2f} s of {len(values)}")

    ledger = open_ledger(settings)
    count, size = ledger.kept_readings_size()
    lines = sum(len(s.lines or []) for s in run_month(settings, PERIOD, now).intake.submissions)
    ledger.close()
    database = root / "state" / "ledger.sqlite"
    print(
        f"kept readings: {count}, {size:,} bytes: {size / count:,.0f} bytes per submission,"
        f" {size / lines:.1f} per line ({lines:,} lines)"
    )
    print(
        f"ledger.sqlite: {database.stat().st_size:,} bytes,"
        f" {database.stat().st_size / count:,.0f} per submission"
    )


if __name__ == "__main__":
    main()
