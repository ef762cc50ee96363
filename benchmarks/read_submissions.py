"""Benchmark: reading submissions with every rule vs a bare python-calamine read.

Writes N typical 200-line submission workbooks (Thai text, a title row, amounts as
numbers and as text, dates, a total row), then times

- bare: python-calamine opens each file and turns both sheets into Python rows;
- oneplan: the safety inspection, sheet and header finding, row classification, cell
  parsing, and the schema checks of the whole batch (`read_submissions`).

    .venv/bin/python benchmarks/read_submissions.py [--files 200] [--lines 200]

Prints the time per file of each and their ratio (issue #4 asks for at most 2×).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import python_calamine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate_month import line_headers  # noqa: E402
from oneplan.month.batches import read_submissions  # noqa: E402
from oneplan.receive.files import fingerprint, unrecorded  # noqa: E402
from oneplan.schemas import SUBMISSION_LINES  # noqa: E402
from tests.builders import agency, plan_item, write_plan, write_registry  # noqa: E402

ACTIVITIES = [
    "อบรมการทำบัญชีครัวเรือน",
    "สนับสนุนเมล็ดพันธุ์ผักพื้นบ้าน",
    "จัดเวทีประชาคมหมู่บ้าน",
    "ซ่อมแซมฝายชะลอน้ำ",
    "ตรวจสุขภาพผู้สูงอายุ",
]


def write_month(folder: Path, files: int, lines: int) -> tuple[Path, list[Path]]:
    import xlsxwriter

    inputs = folder / "inputs"
    write_plan(inputs, [plan_item(item=f"KS-{i:02d}", required=1_000_000) for i in range(1, 21)])
    write_registry(inputs, [agency(f"AG-{i:04d}", "AREA-1") for i in range(files)])
    paths = []
    for number in range(files):
        path = inputs / "submissions" / f"s{number:05d}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        book = xlsxwriter.Workbook(str(path))
        info = book.add_worksheet("ข้อมูลหน่วยงาน")
        for r, (label, value) in enumerate(
            [
                ("รหัสหน่วยงาน", f"AG-{number:04d}"),
                ("รหัสพื้นที่", "AREA-1"),
                ("งวดรายงาน", "พฤศจิกายน 2569"),
                ("ผู้รายงาน", "นางสาวสมศรี ใจดี"),
            ]
        ):
            info.write_string(r, 0, label)
            info.write_string(r, 1, value)
        sheet = book.add_worksheet("รายการงบประมาณ")
        sheet.write_string(0, 0, "แบบรายงานงบประมาณ ปีงบประมาณ 2570")
        sheet.write_row(1, 0, line_headers(list(SUBMISSION_LINES.columns)))
        date_format = book.add_format({"num_format": "d/m/yyyy"})
        for i in range(lines):
            r = i + 2
            sheet.write_number(r, 0, i + 1)
            sheet.write_string(r, 1, f"KS-{i % 20 + 1:02d}" if i % 7 else "")
            sheet.write_string(r, 2, ACTIVITIES[i % 5])
            sheet.write_string(r, 3, "เกษตร")
            sheet.write_string(r, 4, f"หมู่ {i % 9 + 1}")
            if i % 10 == 0:
                sheet.write_string(r, 5, f"{(i + 1) * 1000:,}.50 บาท")
            else:
                sheet.write_number(r, 5, (i + 1) * 1000.25)
            sheet.write_number(r, 6, (i + 1) * 100)
            sheet.write_string(r, 7, "เงิน")
            sheet.write_datetime(r, 8, dt.datetime(2026, 10, 1), date_format)
            sheet.write_string(r, 9, "30 ก.ย. 2570")
            sheet.write_string(r, 10, "")
        sheet.write_string(lines + 2, 2, "รวม")
        sheet.write_formula(lines + 2, 5, f"=SUM(F3:F{lines + 2})", None, 1.0)
        book.close()
        paths.append(path)
    return inputs, paths


def bare(paths: list[Path]) -> None:
    for path in paths:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()


def with_rules(paths: list[Path], inputs: Path) -> int:
    from oneplan.check.reference import read_plan, read_registry

    plan = read_plan(inputs / "plan", inputs)
    registry = read_registry(inputs / "agencies.xlsx", inputs, plan)
    now = dt.datetime.now(dt.UTC)
    start = time.perf_counter()
    submissions = read_submissions(
        [unrecorded(fingerprint(p, p.name), now) for p in paths], plan, registry
    )
    elapsed = time.perf_counter() - start
    problems = [i for s in submissions for i in s.issues if i.severity != "info"]
    assert not problems, problems[:3]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        inputs, paths = write_month(Path(folder), args.files, args.lines)
        bare_times, rule_times = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            bare(paths)
            bare_times.append(time.perf_counter() - start)
            rule_times.append(with_rules(paths, inputs))
    bare_ms = min(bare_times) / args.files * 1000
    rules_ms = min(rule_times) / args.files * 1000
    print(f"{args.files} files × {args.lines} lines, best of {args.repeat}")
    print(f"bare python-calamine read: {bare_ms:.2f} ms a file")
    print(f"oneplan read with every rule: {rules_ms:.2f} ms a file")
    print(f"ratio: {rules_ms / bare_ms:.2f}×")
    median = statistics.median(rule_times) / statistics.median(bare_times)
    print(f"ratio of the medians (the spread of this machine): {median:.2f}×")


if __name__ == "__main__":
    main()
