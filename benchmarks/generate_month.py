"""Generate a synthetic month in the spec's format, at any size.

N areas with 20 plan items each (one plan workbook), 2N agencies each reporting in 5 areas
(the registry lists them), and one submission workbook of L lines for each agency and area:
5 × 2N = 10N submissions. Thai text, amounts as numbers and a few as text, dates, a title
row; every file valid, so that figures can be compared across implementations.

    .venv/bin/python benchmarks/generate_month.py DIR [--areas 100] [--lines 50]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

import xlsxwriter

from oneplan.schemas import SUBMISSION_LINES, header_names

CATEGORIES = ["เกษตร", "สวัสดิการ", "ที่ดินทำกิน", "หนี้สิน", "สิ่งแวดล้อม", "สุขภาพ", "องค์กรชุมชน"]
TITLES = [
    "ธนาคารเมล็ดพันธุ์ชุมชน",
    "กองทุนสวัสดิการชุมชน",
    "ศูนย์ประสานงานองค์กรชุมชน",
    "แก้ไขปัญหาหนี้สินครัวเรือน",
    "ปลูกป่าชุมชนและฟื้นฟูลุ่มน้ำ",
    "ดูแลผู้สูงอายุติดบ้านติดเตียง",
    "ตลาดเขียวชุมชน",
]
PERIOD = "2026-11"
LINE_COLUMNS = [
    "line_no",
    "plan_item_id",
    "activity",
    "category",
    "village",
    "budget",
    "disbursed",
    "support_type",
]


def line_headers(columns: list[str]) -> list[str]:
    """The lines sheet's Thai headers as the spec names them (from the schema), the budget
    with its unit as printed forms write it."""
    return [
        header_names(SUBMISSION_LINES.columns[c])[0] + (" (บาท)" if c == "budget" else "")
        for c in columns
    ]


RECEIVED = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC).timestamp()


def _sheet(book, name, rows):
    sheet = book.add_worksheet(name)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write_number(r, c, value)
    return sheet


def write_plan(inputs: Path, areas: int) -> None:
    (inputs / "plan").mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(inputs / "plan" / "plan.xlsx"), {"constant_memory": True})
    rows = [
        ["แผนชุมชน ปีงบประมาณ 2570"],
        [
            "รหัสพื้นที่",
            "ชื่อพื้นที่",
            "ปีงบประมาณ",
            "รหัสโครงการ",
            "หมวด",
            "ชื่อโครงการ",
            "ลำดับความสำคัญ",
            "งบประมาณที่ต้องการ",
        ],
    ]
    rows += [
        [
            f"A{a:05d}",
            f"ตำบลที่ {a}",
            2570,
            f"KS-{i:02d}",
            CATEGORIES[i % 7],
            TITLES[i % 7],
            i,
            100_000 + i * 5_000,
        ]
        for a in range(areas)
        for i in range(1, 21)
    ]
    _sheet(book, "แผนชุมชน", rows)
    book.close()


def agency_areas(agency: int, areas: int) -> list[int]:
    return sorted(
        {(agency * 5 + k) // 10 % areas for k in range(5)}
        | {(agency + k * 7) % areas for k in range(5)}
    )[:5]


def write_registry(inputs: Path, areas: int) -> None:
    book = xlsxwriter.Workbook(str(inputs / "agencies.xlsx"), {"constant_memory": True})
    rows = [["รหัสหน่วยงาน", "ชื่อหน่วยงาน", "อีเมล", "หมวดที่เกี่ยวข้อง", "พื้นที่"]]
    rows += [
        [
            f"AG-{g:05d}",
            f"หน่วยงานที่ {g}",
            f"ag{g}@example.org",
            CATEGORIES[g % 7],
            ", ".join(f"A{a:05d}" for a in agency_areas(g, areas)),
        ]
        for g in range(2 * areas)
    ]
    _sheet(book, "ภาคี", rows)
    book.close()


def write_submission(path: Path, agency: int, area: int, lines: int) -> None:
    book = xlsxwriter.Workbook(str(path))
    _sheet(
        book,
        "ข้อมูลหน่วยงาน",
        [
            ["รหัสหน่วยงาน", f"AG-{agency:05d}"],
            ["รหัสพื้นที่", f"A{area:05d}"],
            ["งวดรายงาน", "พฤศจิกายน 2569"],
            ["ผู้รายงาน", "นางสาวสมศรี ใจดี"],
        ],
    )
    rows = [
        ["แบบรายงานงบประมาณ"],
        line_headers(LINE_COLUMNS),
    ]
    for n in range(1, lines + 1):
        budget = 10_000 + (agency * 7 + n * 13) % 90_000 + 0.5 * (n % 2)
        item = (agency + n) % 20 + 1
        rows.append(
            [
                n,
                f"KS-{item:02d}" if n % 6 else None,
                TITLES[n % 7],
                CATEGORIES[item % 7],
                f"หมู่ {n % 9 + 1}",
                f"{budget:,.2f} บาท" if n % 10 == 0 else budget,
                round(budget / 4, 2),
                "เงิน",
            ]
        )
    _sheet(book, "รายการงบประมาณ", rows)
    book.close()
    os.utime(path, (RECEIVED, RECEIVED))


def generate(folder: Path, areas: int, lines: int) -> Path:
    inputs = folder / "inputs"
    write_plan(inputs, areas)
    write_registry(inputs, areas)
    drop = inputs / "submissions"
    for agency in range(2 * areas):
        target = drop / f"g{agency // 100:03d}"
        target.mkdir(parents=True, exist_ok=True)
        for area in agency_areas(agency, areas):
            write_submission(target / f"AG-{agency:05d}_A{area:05d}.xlsx", agency, area, lines)
    return inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--areas", type=int, default=100)
    parser.add_argument("--lines", type=int, default=50)
    args = parser.parse_args()
    inputs = generate(args.folder, args.areas, args.lines)
    count = sum(1 for _ in (inputs / "submissions").rglob("*.xlsx"))
    print(
        f"{inputs}: {args.areas} areas, {2 * args.areas} agencies, {count} submissions of {args.lines} lines"
    )


if __name__ == "__main__":
    main()
