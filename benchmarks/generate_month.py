"""Generate a synthetic month in the spec's format, at any size: clean, or as real
workbooks come.

N areas with 20 plan items each (one plan workbook; the odd-numbered items with an
indicator and a target), 2N agencies each reporting in 5 areas (the registry lists them),
and a submission workbook of L lines for each agency and area: 5 × 2N = 10N pairs. Thai
text, amounts as numbers and a few as text, a title row, each line's results (progress,
its own part in Thai digits on a line in five, households, a result in words).

By default the month is realistic: the problems real workbooks carry, drawn at rates given
as options (their defaults, and why, in `benchmarks/month_problems.py`): warnings in most
files, row errors in some, rejected files, resubmissions superseding earlier files, a rare
zero-line resubmission, late files, and pairs with only a file of the previous period
(carried forward: the month then also has some files of October). `--clean` (or every rate
0) writes the clean month: every file valid, one per pair, so that figures can be compared
across implementations. Either way the files are the same for the same arguments and
`--seed`, byte for byte; each file's modification time is its received time, as the demo's
are (`oneplan.demo.inputs`).

It also writes DIR/manifest.json: the rates, each file's role and the issue codes a run
should report for it, their totals, and `corrected`: a corrected version of one counted
file (its row errors fixed; in the clean month, its amounts changed), received after every
other file, written to DIR/later/ (not into the drop zone), to copy into the drop zone
keeping its modification time (`shutil.copy2`) for a re-run after one corrected file.

    .venv/bin/python benchmarks/generate_month.py DIR [--areas 100] [--lines 50]
        [--clean] [--seed 0] [--warnings 0.9] [--row-errors 0.15] [--rejected 0.02]
        [--resubmitted 0.05] [--zero-line 0.002] [--late 0.03] [--carried-forward 0.03]
        [--other-formats 0.0]

`--other-formats SHARE` saves that share of the submissions as Excel 97-2003 `.xls` (three
in four) or OpenDocument `.ods`, the same values (`tests/other_formats.py`): the month of a
network whose offices still use the older or the open format.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from dataclasses import asdict, fields
from pathlib import Path

import geothai
import xlsxwriter

if __package__ in (None, ""):  # run as a script: `benchmarks` is a folder of the repository
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.month_problems import (  # noqa: E402
    CLEAN,
    RECEIVED,
    FileSpec,
    Rates,
    corrected,
    plan_pair,
)
from oneplan.schemas import SUBMISSION_LINES, header_names  # noqa: E402

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
PERIOD_TEXT = {"2026-11": "พฤศจิกายน 2569", "2026-10": "ตุลาคม 2569"}
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
DATE_COLUMNS = ["start_date", "end_date"]
# The results every workbook reports (#29), on the lines of items with an indicator (the
# odd-numbered ones): the status as offices write it, the line's own part in Thai digits
# on a line in five, the households reached and, on a line in four, the result in words.
RESULT_COLUMNS = ["progress", "quantity", "unit", "households", "result"]
PROGRESS_WRITTEN = ["กำลังดำเนินการ", "อยู่ระหว่างดำเนินการ", "เสร็จแล้ว", "ยังไม่เริ่ม"]
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
# Every workbook's creation time (docProps): without it, xlsxwriter writes the clock's.
CREATED = dt.datetime(2026, 11, 1, 9, 0)


def line_headers(columns: list[str]) -> list[str]:
    """The lines sheet's Thai headers as the spec names them (from the schema), the budget
    with its unit as printed forms write it."""
    return [
        header_names(SUBMISSION_LINES.columns[c])[0] + (" (บาท)" if c == "budget" else "")
        for c in columns
    ]


def _book(path: Path, **options) -> xlsxwriter.Workbook:
    book = xlsxwriter.Workbook(str(path), options)
    book.set_properties({"created": CREATED})
    return book


def _sheet(book, name, rows):
    sheet = book.add_worksheet(name)
    dates = None
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif isinstance(value, dt.date):
                dates = dates or book.add_format({"num_format": "d/m/yyyy"})
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), dates)
            else:
                sheet.write_number(r, c, value)
    return sheet


AREAS_PER_DISTRICT = 10
DISTRICTS_PER_PROVINCE = 10


def area_places(areas: int) -> list[tuple[str, str, str | None]]:
    """Each area's district, province and geocode: real ones (geothai), 10 areas to a
    district and 10 districts to a province (1,000 areas: 100 districts in 10 provinces);
    an area beyond its district's sub-districts gives names only, as plans without codes do."""
    provinces = [
        p for p in geothai.provinces() if len(geothai.districts(p.code)) >= DISTRICTS_PER_PROVINCE
    ]
    places = []
    for a in range(areas):
        district_index = a // AREAS_PER_DISTRICT
        province = provinces[(district_index // DISTRICTS_PER_PROVINCE) % len(provinces)]
        district = geothai.districts(province.code)[district_index % DISTRICTS_PER_PROVINCE]
        subdistricts = geothai.subdistricts(district.code)
        n = a % AREAS_PER_DISTRICT
        code = subdistricts[n].code if n < len(subdistricts) else None
        places.append((district.name_th, province.name_th, code))
    return places


def write_plan(inputs: Path, areas: int) -> None:
    (inputs / "plan").mkdir(parents=True, exist_ok=True)
    book = _book(inputs / "plan" / "plan.xlsx", constant_memory=True)
    places = area_places(areas)
    rows = [
        ["แผนชุมชน ปีงบประมาณ 2570"],
        [
            "รหัสพื้นที่",
            "ชื่อพื้นที่",
            "อำเภอ",
            "จังหวัด",
            "รหัสภูมิศาสตร์",
            "ปีงบประมาณ",
            "รหัสโครงการ",
            "หมวด",
            "ชื่อโครงการ",
            "ลำดับความสำคัญ",
            "งบประมาณที่ต้องการ",
            "ตัวชี้วัด",
            "หน่วยนับ",
            "ค่าฐาน",
            "ค่าเป้าหมาย",
        ],
    ]
    rows += [
        [
            f"A{a:05d}",
            f"ตำบลที่ {a}",
            *places[a],
            2570,
            f"KS-{i:02d}",
            CATEGORIES[i % 7],
            TITLES[i % 7],
            i,
            100_000 + i * 5_000,
            *_measure(i),
        ]
        for a in range(areas)
        for i in range(1, 21)
    ]
    _sheet(book, "แผนชุมชน", rows)
    book.close()


def _measure(item: int) -> list:
    """Indicator, unit, baseline and target of plan item `item`: the odd ones have one."""
    if item % 2 == 0:
        return [None, None, None, None]
    return ["ครัวเรือนที่ได้รับประโยชน์", "ครัวเรือน", item * 3, 200_000 + item * 1_000]


def agency_areas(agency: int, areas: int) -> list[int]:
    return sorted(
        {(agency * 5 + k) // 10 % areas for k in range(5)}
        | {(agency + k * 7) % areas for k in range(5)}
    )[:5]


def write_registry(inputs: Path, areas: int) -> None:
    book = _book(inputs / "agencies.xlsx", constant_memory=True)
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


def clean_line(agency: int, n: int, variant: int = 0) -> dict:
    """Line `n` of an agency's workbook as the clean month has it (`variant`: another
    version of the file, its amounts a little different)."""
    budget = 10_000 + (agency * 7 + n * 13 + variant * 500) % 90_000 + 0.5 * (n % 2)
    item = (agency + n) % 20 + 1
    return {
        "line_no": n,
        "plan_item_id": f"KS-{item:02d}" if n % 6 else None,
        "activity": TITLES[n % 7],
        "category": CATEGORIES[item % 7],
        "village": f"หมู่ {n % 9 + 1}",
        "budget": f"{budget:,.2f} บาท" if n % 10 == 0 else budget,
        "disbursed": round(budget / 4, 2),
        "support_type": "เงิน",
        **_results(agency, n, item if n % 6 else None),
    }


def _results(agency: int, n: int, item: int | None) -> dict:
    """A line's results: for a line of an item with an indicator, its own part (distinct
    across agencies, so that no two co-funders report the same quantity)."""
    if item is None or item % 2 == 0:
        return {"progress": PROGRESS_WRITTEN[n % 2]}
    quantity = str(agency * 1_000 + n)
    return {
        "progress": PROGRESS_WRITTEN[n % 3],
        "quantity": quantity.translate(THAI_DIGITS) if n % 5 == 0 else int(quantity),
        "households": n % 40 + 1,
        "result": f"ดำเนินการแล้ว {n % 40 + 1} ครัวเรือน" if n % 4 == 0 else None,
    }


def with_problems(line: dict, n: int, spec: FileSpec) -> dict:
    """The line as `spec` has it: its warning or row error put in, disbursed close to the
    budget on a line in ten, and its dates when the file's form has them."""
    budget = line["budget"]
    if n % 10 == 7 and not isinstance(budget, str):
        line["disbursed"] = budget if n % 20 == 7 else round(budget * 0.98, 2)
    if "end_before_start" in spec.errors.values():
        line["start_date"] = dt.date(2026, 10, 1 + n % 28)
        line["end_date"] = dt.date(2027, 3, 1 + n % 28)
    match spec.warnings.get(n) or spec.errors.get(n):
        case "plan_item_unknown":  # a code of the previous year's plan
            line["plan_item_id"] = f"KS-{20 + n % 9 + 1:02d}"
        case "category_mismatch":
            item = int(line["plan_item_id"][3:])
            line["category"] = CATEGORIES[(item + 1 + n % 6) % 7]
        case "amount_negative":
            line["budget"] = -budget
        case "amount_invalid":
            line["budget"] = "รอยืนยัน"
        case "disbursed_over_budget":
            line["disbursed"] = round(budget * 1.25, 2)
        case "end_before_start":
            line["start_date"], line["end_date"] = dt.date(2026, 11, 20), dt.date(2026, 11, 5)
        case "value_missing":
            line["activity"] = None
    return line


def submission_rows(spec: FileSpec, lines: int) -> tuple[list[list], list[list]]:
    """The info sheet's rows and the lines sheet's rows of `spec`'s workbook."""
    agency = spec.agency
    info = [
        [
            "รหัสหน่วยงาน",
            f"AGX-{agency:05d}" if spec.rejected == "agency_unknown" else f"AG-{agency:05d}",
        ],
        ["รหัสพื้นที่", f"A{spec.area:05d}"],
        ["งวดรายงาน", PERIOD_TEXT[spec.period]],
        ["ผู้รายงาน", "นางสาวสมศรี ใจดี"],
    ]
    columns = list(LINE_COLUMNS)
    if "end_before_start" in spec.errors.values():
        columns += DATE_COLUMNS
    columns += RESULT_COLUMNS
    if spec.rejected == "column_missing":
        columns.remove("budget")
    count = lines if spec.lines is None else spec.lines
    records = [clean_line(agency, n, spec.variant) for n in range(1, count + 1)]
    if not spec.clean:
        records = [with_problems(r, n, spec) for n, r in enumerate(records, 1)]
    rows = [["แบบรายงานงบประมาณ"], line_headers(columns)]
    rows += [[record.get(c) for c in columns] for record in records]
    return info, rows


def write_submission(path: Path, spec: FileSpec, lines: int) -> None:
    info, rows = submission_rows(spec, lines)
    book = _book(path)
    _sheet(book, "ข้อมูลหน่วยงาน", info)
    _sheet(book, "Sheet1" if spec.rejected == "sheet_missing" else "รายการงบประมาณ", rows)
    book.close()
    os.utime(path, (spec.received, spec.received))


def plan_month(areas: int, lines: int, rates: Rates, seed: int, now: float) -> list[FileSpec]:
    """Every file of the month, pair after pair (agency, then its areas)."""
    rng = random.Random(seed)
    specs = []
    for agency in range(2 * areas):
        for area in agency_areas(agency, areas):
            if rates.clean:
                specs.append(
                    FileSpec(
                        f"AG-{agency:05d}_A{area:05d}.xlsx",
                        agency,
                        area,
                        RECEIVED,
                        "current",
                        clean=True,
                    )
                )
            else:
                specs += plan_pair(rng, rates, agency, area, lines, now)
    return specs


def folder_of(spec: FileSpec) -> str:
    return f"g{spec.agency // 100:03d}"


def older_formats(specs: list[FileSpec], share: float, seed: int) -> None:
    """Name a `share` of the files .xls (three in four) or .ods (the rest), as offices
    still save them; drawn apart from everything else, so that the rest of the month is
    the same whatever the share."""
    draw = random.Random(seed + 30)
    for spec in specs:
        chance = draw.random()
        if chance < share:
            suffix = ".xls" if chance < share * 0.75 else ".ods"
            spec.name = str(Path(spec.name).with_suffix(suffix))


def write_in_its_format(path: Path, spec: FileSpec, lines: int) -> None:
    """The submission as .xlsx, then saved again as .xls or .ods when it is named so
    (`tests.other_formats.saved_as`: the same values in the other format)."""
    if path.suffix == ".xlsx":
        write_submission(path, spec, lines)
        return
    from tests.other_formats import saved_as

    write_submission(path.with_suffix(".xlsx"), spec, lines)
    saved_as(path.with_suffix(".xlsx"), path.suffix)


def generate(
    folder: Path,
    areas: int,
    lines: int,
    rates: Rates = CLEAN,
    seed: int = 0,
    other_formats: float = 0.0,
) -> Path:
    """The month in `folder/inputs`, its manifest in `folder/manifest.json` and the
    corrected file in `folder/later`; the inputs folder. `other_formats` is the share of
    submissions saved as .xls or .ods."""
    inputs = folder / "inputs"
    write_plan(inputs, areas)
    write_registry(inputs, areas)
    drop = inputs / "submissions"
    now = time.time()
    specs = plan_month(areas, lines, rates, seed, now)
    older_formats(specs, other_formats, seed)
    for spec in specs:
        target = drop / folder_of(spec)
        target.mkdir(parents=True, exist_ok=True)
        write_in_its_format(target / spec.name, spec, lines)
    later = corrected(specs, now)
    if later is not None:
        later.clean = rates.clean  # in the clean month, a new version of a clean file
        (folder / "later").mkdir(parents=True, exist_ok=True)
        write_in_its_format(folder / "later" / later.name, later, lines)
    write_manifest(folder, areas, lines, rates, seed, specs, later)
    return inputs


def write_manifest(
    folder: Path,
    areas: int,
    lines: int,
    rates: Rates,
    seed: int,
    specs: list[FileSpec],
    later: FileSpec | None,
) -> None:
    """DIR/manifest.json: what was generated, file by file, and the issues to expect."""
    roles: dict[str, int] = {}
    expected: dict[str, int] = {}
    for spec in specs:
        roles[spec.role] = roles.get(spec.role, 0) + 1
        for code, count in spec.expected.items():
            expected[code] = expected.get(code, 0) + count

    def entry(spec: FileSpec, where: str) -> dict:
        return {
            "path": f"{where}/{folder_of(spec)}/{spec.name}" if where else spec.name,
            "agency": f"AG-{spec.agency:05d}",
            "area": f"A{spec.area:05d}",
            "period": spec.period,
            "role": spec.role,
            "late": spec.late,
            "received": dt.datetime.fromtimestamp(spec.received, dt.UTC).isoformat(),
            "issues": spec.expected,
        }

    manifest = {
        "areas": areas,
        "lines": lines,
        "seed": seed,
        "rates": asdict(rates),
        "clean": rates.clean,
        "period": PERIOD,
        "pairs": sum(len(agency_areas(g, areas)) for g in range(2 * areas)),
        "files": len(specs),
        "roles": dict(sorted(roles.items())),
        "late": sum(spec.late for spec in specs),
        "warned_files": sum(bool(spec.warnings) for spec in specs),
        "files_with_row_errors": sum(
            bool(spec.errors) for spec in specs if spec.role != "superseded"
        ),
        "expected_issues": dict(sorted(expected.items())),
        "submissions": [entry(spec, "inputs/submissions") for spec in specs],
        "corrected": None,
    }
    if later is not None:
        manifest["corrected"] = {
            **entry(later, ""),
            "path": f"later/{later.name}",
            "drop_as": f"inputs/submissions/{folder_of(later)}/{later.name}",
            "corrects": next(
                f"inputs/submissions/{folder_of(s)}/{s.name}"
                for s in reversed(specs)
                if (s.agency, s.area) == (later.agency, later.area)
            ),
        }
    (folder / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--areas", type=int, default=100)
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--clean", action="store_true", help="every file valid, one per pair")
    parser.add_argument(
        "--other-formats",
        type=float,
        default=0.0,
        help="share of submissions saved as .xls (3 in 4) or .ods (default 0)",
    )
    defaults = Rates()
    for rate in fields(Rates):
        parser.add_argument(
            f"--{rate.name.replace('_', '-')}",
            type=float,
            default=getattr(defaults, rate.name),
            help=f"fraction (default {getattr(defaults, rate.name)})",
        )
    args = parser.parse_args()
    rates = CLEAN if args.clean else Rates(**{r.name: getattr(args, r.name) for r in fields(Rates)})
    inputs = generate(args.folder, args.areas, args.lines, rates, args.seed, args.other_formats)
    manifest = json.loads((args.folder / "manifest.json").read_text(encoding="utf-8"))
    print(
        f"{inputs}: {args.areas} areas, {2 * args.areas} agencies, {manifest['files']} "
        f"submissions of {args.lines} lines ({'clean' if rates.clean else 'realistic'}: "
        f"{manifest['roles']}, {manifest['late']} late; issues to expect "
        f"{manifest['expected_issues']})"
    )


if __name__ == "__main__":
    main()
