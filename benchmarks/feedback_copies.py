"""Benchmark: a feedback copy written by editing the package's XML vs openpyxl's round trip.

Writes N submission workbooks of L lines as `generate_month` writes them (Thai text, a
title row, amounts as numbers and every tenth as text), each with a few problems of the
kinds the checks find there (an amount written as text: an error on its cell; a category
differing from the plan item's: a warning; a total row skipped: only recorded), then
writes each file's feedback copy with both writers in turns, and, for scale, reads it as
the month's first step does (the guard's inspection and python-calamine's parse).

    .venv/bin/python benchmarks/feedback_copies.py [--files 200] [--lines 50]

Prints the median time per copy of each writer, their ratio, and the read's median.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import python_calamine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate_month import write_submission  # noqa: E402
from benchmarks.month_problems import FileSpec  # noqa: E402
from oneplan.issues import Issue  # noqa: E402
from oneplan.read.guard import inspect_workbook  # noqa: E402
from oneplan.report.feedback import write_feedback_openpyxl  # noqa: E402
from oneplan.report.feedback_xml import write_feedback_xml  # noqa: E402

LINES_SHEET = "รายการงบประมาณ"


def problems(name: str, lines: int) -> list[Issue]:
    """The problems of a generated workbook: its lines start on row 3 (a title, a header)."""
    found = []
    for n in range(1, lines + 1):
        row = n + 2
        if n % 10 == 0:
            found.append(_issue(name, "error", "amount_invalid", f"F{row}", row))
        if n % 17 == 0:
            found.append(_issue(name, "warning", "category_mismatch", f"D{row}", row))
    found.append(_issue(name, "info", "total_row_skipped", f"C{lines + 3}", lines + 3))
    return found


def _issue(name: str, severity: str, code: str, cell: str, row: int) -> Issue:
    return Issue(
        source_file=name,
        severity=severity,
        code=code,
        message_th=f"ช่อง {cell}: ค่าในช่องนี้ไม่ถูกต้องตามแบบรายงาน แถวนี้จึงยังไม่นับ กรุณาแก้ไขแล้วส่งใหม่",
        message_en=f"Cell {cell}: the value does not follow the form, so this row is not counted "
        "yet; correct it and send the file again",
        sheet=LINES_SHEET,
        cell=cell,
        row=row,
        column=cell[0],
    )


def read(path: Path) -> None:
    """The month's first step on a file: the guard's inspection, then the parse."""
    facts = inspect_workbook(path)
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(facts.content))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--lines", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="oneplan-feedback-") as folder:
        root = Path(folder)
        files = []
        for number in range(args.files):
            path = root / f"s{number:05d}.xlsx"
            spec = FileSpec(path.name, number + 1, number % 7 + 1, 0.0, "current", clean=True)
            write_submission(path, spec, args.lines)
            files.append((path, problems(path.name, args.lines)))
        writers = {
            "openpyxl": write_feedback_openpyxl,
            "xml": write_feedback_xml,
            "read": lambda source, _issues, _target: read(source),
        }
        times: dict[str, list[float]] = {name: [] for name in writers}
        for number, (path, issues) in enumerate(files):
            order = list(writers) if number % 2 else list(reversed(writers))  # in turns
            for name in order:
                target = root / f"{name}-{path.name}"
                start = time.perf_counter()
                writers[name](path, issues, target)
                times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(spent) * 1000 for name, spent in times.items()}
    shown = sum(1 for issue in files[0][1] if issue.severity != "info")
    print(f"{args.files} workbooks of {args.lines} lines, {shown} problems each")
    for name, label in (("openpyxl", "openpyxl round trip"), ("xml", "XML edit"), ("read", "read")):
        print(f"  {label:20} median {medians[name]:6.2f} ms a copy")
    print(f"  openpyxl / XML {medians['openpyxl'] / medians['xml']:.1f}×, XML / read "
          f"{medians['xml'] / medians['read']:.1f}×")  # fmt: skip


if __name__ == "__main__":
    main()
