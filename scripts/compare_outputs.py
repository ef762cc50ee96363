"""Compare two runs' outputs of a period, to show that a change of code changed no output.

    .venv/bin/python scripts/compare_outputs.py BEFORE/outputs/2026-11 AFTER/outputs/2026-11

Compares what users get: `summary.json` as data, every parquet table frame by frame, the
cells, comments and fills of the reconciliation and feedback workbooks, and the text of every
Word report (paragraph by paragraph, tables included); not the record of the outputs'
inputs (`.inputs.json`: `oneplan.report.reuse`). Run times are the only thing a second
run may change, and none of these holds one. Prints each difference and exits 1 if there is
any, 0 when the outputs are the same.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
from defusedxml import ElementTree

WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def compare(before: Path, after: Path) -> list[str]:
    """Every difference between the outputs in `before` and `after`, described in a line."""
    differences = _same_files(before, after)
    for name in sorted(_files(before) & _files(after)):
        a, b = before / name, after / name
        if name.endswith(".json"):
            same = json.loads(a.read_text()) == json.loads(b.read_text())
        elif name.endswith(".parquet"):
            same = _frames_equal(pd.read_parquet(a), pd.read_parquet(b))
        elif name.endswith(".xlsx"):
            same = _workbook(a) == _workbook(b)
        elif name.endswith(".docx"):
            same = _report_text(a) == _report_text(b)
        else:
            same = a.read_bytes() == b.read_bytes()
        if not same:
            differences.append(f"{name}: differs")
    return differences


def _files(folder: Path) -> set[str]:
    """The period's outputs: every file but the record of their inputs (`.inputs.json`,
    which holds when each was written)."""
    return {
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and p.name != ".inputs.json"
    }


def _same_files(before: Path, after: Path) -> list[str]:
    only_before = sorted(_files(before) - _files(after))
    only_after = sorted(_files(after) - _files(before))
    return [f"{name}: only before" for name in only_before] + [
        f"{name}: only after" for name in only_after
    ]


def _frames_equal(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    try:
        pd.testing.assert_frame_equal(a, b)
    except AssertionError:
        return False
    return True


def _workbook(path: Path) -> list:
    """Every sheet's cells: value, comment and fill colour."""
    book = openpyxl.load_workbook(path)
    return [
        (
            sheet.title,
            [
                (
                    cell.coordinate,
                    cell.value,
                    cell.comment and cell.comment.text,
                    cell.fill.fgColor.rgb,
                )
                for row in sheet.iter_rows()
                for cell in row
                if cell.value is not None or cell.comment is not None
            ],
        )
        for sheet in book.worksheets
    ]


def _report_text(path: Path) -> list[str]:
    """The report's text, a paragraph a line, in document order."""
    with zipfile.ZipFile(path) as package:
        body = ElementTree.fromstring(package.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{WORD}t")) for p in body.iter(f"{WORD}p")]


def main() -> int:
    before, after = (Path(a) for a in sys.argv[1:3])
    differences = compare(before, after)
    for line in differences:
        print(line)
    print(f"{len(_files(before))} files compared: {len(differences)} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
