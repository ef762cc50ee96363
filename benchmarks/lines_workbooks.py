"""Benchmark: reconciliation.xlsx with the month's lines in it, or moved to one book per area.

Builds the output tables of a synthetic month (N areas × 20 plan items, 2N agencies whose
submissions of L lines count, 2 × N × L lines, as `render_reports.py` builds them) and writes reconciliation.xlsx
with the same function the run uses, both ways in turns: the `lines` sheet kept in the book,
and moved to `lines/<area_code>.xlsx` (`oneplan.report.workbook.LINES_IN_ONE_BOOK`).

    .venv/bin/python benchmarks/lines_workbooks.py [--areas 100] [--lines 250] [--repeat 3] [--open]

Prints the median wall and CPU time of each way, and the size of what it wrote. With
`--open`, also how long LibreOffice Calc (headless) takes to open the book with the lines
sheet, and one area's book, converting each to CSV: how long a coordinator waits.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_reports import synthetic_month  # noqa: E402

from oneplan.report.tables import output_tables  # noqa: E402
from oneplan.report.workbook import LINES_FOLDER, write_reconciliation_workbook  # noqa: E402


def write(tables: dict, folder: Path, moved: bool) -> tuple[float, float, int]:
    """Wall and CPU seconds of writing the book (and the lines' books), and their bytes."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    limit = 0 if moved else len(tables["lines"])
    wall, cpu = time.perf_counter(), time.process_time()
    write_reconciliation_workbook(tables, folder / "reconciliation.xlsx", lines_in_one_book=limit)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, sum(p.stat().st_size for p in folder.rglob("*.xlsx"))


def open_in_calc(book: Path, profile: Path) -> float:
    """Seconds LibreOffice Calc takes to load `book` and write it as CSV."""
    start = time.perf_counter()
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(book.parent / "csv"),
            str(book),
        ],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - start
    if not (book.parent / "csv" / f"{book.stem}.csv").is_file():  # Calc says so on stderr only
        sys.exit(f"LibreOffice Calc could not open {book} (is libreoffice-calc-nogui installed?)")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=100)
    parser.add_argument("--lines", type=int, default=250)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--open", action="store_true", help="time LibreOffice Calc opening them")
    args = parser.parse_args()
    result, _, _ = synthetic_month(args.areas, args.lines)
    tables = output_tables(result, [])
    count = len(tables["lines"])
    print(f"{args.areas} areas, {count:,} lines")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        runs = {False: [], True: []}
        for _ in range(args.repeat):
            for moved in (False, True):
                runs[moved].append(write(tables, scratch / str(moved), moved))
        for moved, label in ((False, "lines sheet in the book"), (True, "lines moved, per area")):
            wall = statistics.median(r[0] for r in runs[moved])
            cpu = statistics.median(r[1] for r in runs[moved])
            size = runs[moved][-1][2]
            print(
                f"{label}: {wall:.2f} s wall, {cpu:.2f} s CPU (median of {args.repeat}), "
                f"{size / 1e6:.1f} MB in all; {1e4 * wall / count:.3f} s per 10,000 lines"
            )
        if args.open:
            profile = scratch / "profile"
            open_in_calc(scratch / "True" / "reconciliation.xlsx", profile)  # its first start
            whole = open_in_calc(scratch / "False" / "reconciliation.xlsx", profile)
            area = sorted((scratch / "True" / LINES_FOLDER).iterdir())[0]
            one = open_in_calc(area, profile)
            rest = open_in_calc(scratch / "True" / "reconciliation.xlsx", profile)
            print(
                f"LibreOffice Calc opens the book with its lines sheet in {whole:.1f} s; "
                f"one area's lines ({area.name}) in {one:.1f} s; the book without them in {rest:.1f} s"
            )


if __name__ == "__main__":
    sys.exit(main())
