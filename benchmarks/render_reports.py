"""Benchmark: rendering every report of a large month.

Builds the results of a synthetic month (N areas × 20 plan items, 2N agencies each reporting
in 5 areas with L lines per submission) directly as frames, then renders every agency
report and network summary with the same function the monthly run uses.

    .venv/bin/python benchmarks/render_reports.py [--areas 1000] [--lines 50] [--workers 2]

Prints the time per report (agency and network reports together).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]

# The reports' modules load before the timing, as a run loads them before it renders (the
# month imports them on first use).
import oneplan.report.reports  # noqa: E402, F401
from oneplan.month.batches import render_reports  # noqa: E402
from oneplan.reconcile import reconcile  # noqa: E402
from oneplan.report.context import ReportData  # noqa: E402
from oneplan.runtime.processes import LocalProcesses  # noqa: E402
from oneplan.settings import PROJECT_ROOT  # noqa: E402

# The same Thai vocabulary as the generated months.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_month import CATEGORIES, TITLES  # noqa: E402


def synthetic_month(areas: int, lines_per_submission: int):
    period = "2026-11"
    plan = pd.DataFrame(
        [
            {
                "area_code": f"A{a:04d}",
                "area_name": f"ตำบลที่ {a}",
                "fiscal_year": 2570,
                "plan_item_id": f"KS-{i:02d}",
                "category": CATEGORIES[i % 7],
                "title": TITLES[i % 7],
                "priority": i,
                "required_budget": 10_000_000 + i * 100_000,
            }
            for a in range(areas)
            for i in range(1, 21)
        ]
    )
    agencies = 2 * areas
    registry = pd.DataFrame(
        [
            {
                "agency_code": f"AG-{g:05d}",
                "name_th": f"หน่วยงานที่ {g}",
                "name_en": None,
                "contact": "ผู้ประสานงาน",
                "categories": [CATEGORIES[g % 7]],
                "areas": [],
            }
            for g in range(agencies)
        ]
    )
    submissions, lines = [], []
    for g in range(agencies):
        for k in range(5):
            area = (g * 5 + k) // 10 % areas
            sid = f"s{g}-{k}"
            submissions.append(
                {
                    "submission_id": sid,
                    "source_file": f"{sid}.xlsx",
                    "sha256": sid,
                    "agency_code": f"AG-{g:05d}",
                    "area_code": f"A{area:04d}",
                    "period": period,
                    "received_at": dt.datetime(2026, 11, 5, tzinfo=dt.UTC),
                    "received_seq": len(submissions) + 1,
                    "rejected": False,
                    "identified": True,
                    "rejected_rows": 0,
                }
            )
            for n in range(1, lines_per_submission + 1):
                lines.append(
                    {
                        "submission_id": sid,
                        "line_no": n,
                        "plan_item_id": f"KS-{(g + n) % 20 + 1:02d}" if n % 6 else None,
                        "activity": TITLES[n % 7],
                        "category": CATEGORIES[n % 7],
                        "village": str(n % 9 + 1),
                        "budget": 1_000_000 + n * 1_000,
                        "disbursed": n * 500,
                        "support_type": "cash",
                        "sheet": "รายการงบประมาณ",
                        "row": n + 1,
                    }
                )
    expected = pd.DataFrame(columns=["agency_code", "area_code"])
    result = reconcile(period, plan, expected, pd.DataFrame(submissions), pd.DataFrame(lines))
    return result, plan, registry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    start = time.perf_counter()
    result, plan, registry = synthetic_month(args.areas, args.lines)
    built = time.perf_counter()
    data = ReportData(result, plan, registry, [], "th", dt.date(2026, 12, 1))
    with tempfile.TemporaryDirectory() as folder, LocalProcesses(args.workers) as workers:
        written = render_reports(data, PROJECT_ROOT / "templates", Path(folder), workers)
        rendered = time.perf_counter()
    count = len(written)
    print(
        f"{args.areas} areas, {2 * args.areas} agencies, {args.lines} lines a submission: {count} reports"
    )
    print(f"results built in {built - start:.1f} s (not part of rendering)")
    print(
        f"rendering with {args.workers} processes: {rendered - built:.1f} s, {1000 * (rendered - built) / count:.1f} ms a report"
    )


if __name__ == "__main__":
    sys.exit(main())
