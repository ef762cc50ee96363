"""The reference: the month's job done the way a capable analyst would write it in pandas.

What oneplan is measured against (issue #8). It reads the same inputs (the format of
`benchmarks/generate_month.py`, which is the spec's), and does the same job plainly:

- `pandas.read_excel` for every submission file (both sheets), pandas' default engine
  (openpyxl) or `--engine calamine`;
- a pandera schema for every file's lines, failing rows dropped; a file without the sheet or
  a column it needs skipped, and so is an agency not in the registry; of an agency's files
  for an area, the last received (by modification time) counts, as oneplan's rule has it
  (the realistic month's resubmissions, rejected files and files of the previous period);
- group-bys for the figures: committed, coverage and status of each plan item, coverage
  by area and category, each agency's total and aligned share;
- `DataFrame.to_excel` for the reconciliation workbook (every line and the summaries);
- docxtpl for one Word report per agency and one per area.

It keeps money in float baht, as such scripts do: its figures agree with oneplan's to the
satang on this data, not in general.

    .venv/bin/python benchmarks/analyst_script.py INPUTS OUTPUTS [--engine openpyxl|calamine]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from docx import Document
from docxtpl import DocxTemplate

LINE_COLUMNS = {
    "ลำดับ": "line_no",
    "รหัสโครงการในแผน": "plan_item_id",
    "ชื่อกิจกรรม": "activity",
    "หมวด": "category",
    "หมู่ที่": "village",
    "งบประมาณ (บาท)": "budget",
    "เบิกจ่ายสะสม": "disbursed",
    "ประเภทการสนับสนุน": "support_type",
}
PLAN_COLUMNS = {
    "รหัสพื้นที่": "area_code",
    "ชื่อพื้นที่": "area_name",
    "ปีงบประมาณ": "fiscal_year",
    "รหัสโครงการ": "plan_item_id",
    "หมวด": "category",
    "ชื่อโครงการ": "title",
    "ลำดับความสำคัญ": "priority",
    "งบประมาณที่ต้องการ": "required",
}
REGISTRY_COLUMNS = {
    "รหัสหน่วยงาน": "agency_code",
    "ชื่อหน่วยงาน": "agency_name",
    "อีเมล": "email",
    "หมวดที่เกี่ยวข้อง": "categories",
    "พื้นที่": "areas",
}
LINES_SCHEMA = pa.DataFrameSchema(
    {
        "line_no": pa.Column(int, pa.Check.ge(1), unique=True),
        "plan_item_id": pa.Column(str, nullable=True),
        "activity": pa.Column(str),
        "category": pa.Column(str, nullable=True),
        "budget": pa.Column(float, pa.Check.ge(0)),
        "disbursed": pa.Column(float, pa.Check.ge(0), nullable=True),
    },
    coerce=True,
)
NOT_A_NUMBER = re.compile(r"[^0-9.\-]")


def read_submission(path: Path, engine: str) -> pd.DataFrame | None:
    """The file's lines that pass the schema; None if it lacks a sheet or a column."""
    try:
        return _read_submission(path, engine)
    except KeyError:
        return None


def _read_submission(path: Path, engine: str) -> pd.DataFrame:
    sheets = pd.read_excel(path, sheet_name=None, header=None, engine=engine)
    info = sheets["ข้อมูลหน่วยงาน"]
    fields = dict(zip(info[0], info[1], strict=False))
    lines = sheets["รายการงบประมาณ"]
    lines.columns = lines.iloc[1]
    lines = lines.iloc[2:].rename(columns=LINE_COLUMNS).reset_index(drop=True)
    text = lines["budget"].astype(str).str.replace(NOT_A_NUMBER, "", regex=True)
    lines["budget"] = pd.to_numeric(text, errors="coerce")
    lines["disbursed"] = pd.to_numeric(lines["disbursed"], errors="coerce")
    try:
        lines = LINES_SCHEMA.validate(lines, lazy=True)
    except pa.errors.SchemaErrors as errors:
        failing = errors.failure_cases["index"].dropna().unique()
        lines = LINES_SCHEMA.validate(lines.drop(index=failing))
    lines["agency_code"] = fields["รหัสหน่วยงาน"]
    lines["area_code"] = fields["รหัสพื้นที่"]
    lines["source_file"] = path.name
    lines.attrs["key"] = (fields["รหัสหน่วยงาน"], fields["รหัสพื้นที่"])
    return lines


def counted(files: list[Path], engine: str, agencies: set[str]) -> list[pd.DataFrame]:
    """The lines of each file that counts: readable, of a registered agency, and the last
    received of its agency's files for its area."""
    latest: dict[tuple, tuple[float, pd.DataFrame]] = {}
    for path in files:
        lines = read_submission(path, engine)
        if lines is None or lines.attrs["key"][0] not in agencies:
            continue
        received = path.stat().st_mtime
        if lines.attrs["key"] not in latest or latest[lines.attrs["key"]][0] < received:
            latest[lines.attrs["key"]] = (received, lines)
    return [lines for _, lines in latest.values()]


def reconcile(plan: pd.DataFrame, lines: pd.DataFrame) -> dict[str, pd.DataFrame]:
    keys = ["area_code", "plan_item_id"]
    aligned = lines.merge(plan[keys], on=keys, how="inner")
    committed = aligned.groupby(keys).agg(
        committed=("budget", "sum"), agencies=("agency_code", "nunique")
    )
    items = plan.merge(committed.reset_index(), on=keys, how="left").fillna(
        {"committed": 0.0, "agencies": 0}
    )
    items["coverage"] = (items[["committed", "required"]].min(axis=1) / items["required"]).round(4)
    items["status"] = "unfunded"
    items.loc[items["committed"] > 0, "status"] = "partial"
    items.loc[items["committed"] >= items["required"], "status"] = "funded"
    items.loc[items["committed"] > items["required"], "status"] = "over"
    items["co_funded"] = items["agencies"] > 1
    items["funded_part"] = items[["committed", "required"]].min(axis=1)
    by_category = items.groupby(["area_code", "category"])[["required", "funded_part"]].sum()
    by_category["coverage"] = (by_category["funded_part"] / by_category["required"]).round(4)
    areas = items.groupby("area_code")[["required", "funded_part", "committed"]].sum()
    areas["coverage"] = (areas["funded_part"] / areas["required"]).round(4)
    areas["gap"] = areas["required"] - areas["funded_part"]
    lines = lines.merge(plan[keys].assign(in_plan=True), on=keys, how="left")
    lines["in_plan"] = lines["in_plan"].fillna(False).astype(bool)
    lines["aligned_budget"] = lines["budget"].where(lines["in_plan"], 0.0)
    agencies = lines.groupby(["agency_code", "area_code"])[["budget", "aligned_budget"]].sum()
    agencies["aligned_share"] = (agencies["aligned_budget"] / agencies["budget"]).round(4)
    return {
        "lines": lines,
        "plan_items": items,
        "categories": by_category.reset_index(),
        "areas": areas.reset_index(),
        "agencies": agencies.reset_index(),
    }


def write_template(path: Path) -> None:
    """The analyst's Word template: a heading, a paragraph and a table of rows."""
    document = Document()
    document.add_heading("{{ title }}", level=1)
    document.add_paragraph("{{ summary }}")
    table = document.add_table(rows=3, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["รหัส", "รายการ", "งบประมาณ", "สถานะ"], strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for row in rows %}"
    for cell, field in zip(table.rows[2].cells, ["code", "name", "amount", "status"], strict=True):
        cell.text = "{{ row." + field + " }}"
    row_end = table.add_row()
    row_end.cells[0].text = "{%tr endfor %}"
    document.save(str(path))


def write_reports(template: Path, folder: Path, tables: dict[str, pd.DataFrame], registry) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    names = registry.set_index("agency_code")["agency_name"].to_dict()
    count = 0
    for agency, lines in tables["lines"].groupby("agency_code"):
        by_item = lines.groupby(["area_code", "plan_item_id"], dropna=False)["budget"].sum()
        rows = [
            {"code": f"{area}/{item}", "name": "", "amount": f"{budget:,.2f}", "status": ""}
            for (area, item), budget in by_item.items()
        ]
        total = lines["budget"].sum()
        aligned = lines["aligned_budget"].sum()
        context = {
            "title": f"รายงานงบประมาณ {names.get(agency, agency)}",
            "summary": f"งบประมาณรวม {total:,.2f} บาท ตรงตามแผน {aligned / total:.1%}",
            "rows": rows,
        }
        _save_report(template, context, folder / f"{agency}.docx")
        count += 1
    for area, items in tables["plan_items"].groupby("area_code"):
        rows = [
            {
                "code": row.plan_item_id,
                "name": row.title,
                "amount": f"{row.committed:,.2f}",
                "status": row.status,
            }
            for row in items.itertuples()
        ]
        coverage = items["funded_part"].sum() / items["required"].sum()
        context = {
            "title": f"สรุปแผนชุมชน {area}",
            "summary": f"ความครอบคลุมของแผน {coverage:.1%}",
            "rows": rows,
        }
        _save_report(template, context, folder / f"network_{area}.docx")
        count += 1
    return count


def _save_report(template: Path, context: dict, target: Path) -> None:
    document = DocxTemplate(template)
    document.render(context)
    document.save(target)


def run(inputs: Path, outputs: Path, engine: str) -> dict:
    plan = pd.read_excel(inputs / "plan" / "plan.xlsx", header=1, engine=engine)
    plan = plan.rename(columns=PLAN_COLUMNS)
    registry = pd.read_excel(inputs / "agencies.xlsx", engine=engine).rename(
        columns=REGISTRY_COLUMNS
    )
    files = sorted((inputs / "submissions").rglob("*.xlsx"))
    agencies = set(registry["agency_code"])
    lines = pd.concat(counted(files, engine, agencies), ignore_index=True)
    tables = reconcile(plan, lines)
    outputs.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(outputs / "reconciliation.xlsx") as writer:
        for name, frame in tables.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    template = outputs / "template.docx"
    write_template(template)
    reports = write_reports(template, outputs / "reports", tables, registry)
    return {"files": len(files), "lines": len(lines), "reports": reports}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", type=Path)
    parser.add_argument("outputs", type=Path)
    parser.add_argument("--engine", choices=["openpyxl", "calamine"], default="openpyxl")
    args = parser.parse_args()
    done = run(args.inputs, args.outputs, args.engine)
    print(f"{done['files']} files, {done['lines']} lines, {done['reports']} reports")


if __name__ == "__main__":
    main()
