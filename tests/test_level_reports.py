"""The roll-up reports: a Word report per province the plan names (per district too when
the settings ask), none for areas without a place; an arrival makes again only the reports
of the levels above its area, and the outputs equal a `--full` run's."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from docx import Document

from oneplan.month.run import run_month
from oneplan.settings import Settings
from tests.builders import agency, line, plan_item, write_plan, write_registry, write_submission
from tests.conftest import PERIOD
from tests.test_incremental_outputs import (  # noqa: F401 (a fixture)
    LATER,
    NOW,
    _run_and_compare_with_full,
    inodes,
    made_anew,
    rendered,  # noqa: F811
)


def placed(area: str, item: str, required: int, district: str | None, province: str | None):
    return {**plan_item(area, item, required), "district": district, "province": province}


def two_provinces(tmp_path: Path, district_reports: bool = False) -> Settings:
    """พัทลุง: AREA-1 (ควนขนุน), AREA-2 (ศรีนครินทร์); สงขลา: AREA-3 (หาดใหญ่); AREA-4 has no
    place. AG-A works in AREA-1 and AREA-3 (both provinces)."""
    inputs = tmp_path / "inputs"
    write_plan(
        inputs,
        [
            placed("AREA-1", "KS-01", 100_000, "ควนขนุน", "พัทลุง"),
            placed("AREA-2", "KS-01", 50_000, "ศรีนครินทร์", "พัทลุง"),
            placed("AREA-3", "KS-01", 80_000, "หาดใหญ่", "สงขลา"),
            placed("AREA-4", "KS-01", 40_000, None, None),
        ],
    )
    write_registry(
        inputs,
        [
            agency("AG-A", "AREA-1, AREA-3"),
            agency("AG-B", "AREA-2"),
            agency("AG-C", "AREA-4"),
        ],
    )
    drop = inputs / "submissions"
    for code, area, budget in (
        ("AG-A", "AREA-1", 60_000),
        ("AG-A", "AREA-3", 20_000),
        ("AG-B", "AREA-2", 50_000),
    ):
        write_submission(
            drop / f"{code}-{area}.xlsx", code, area, PERIOD, [line(1, budget, "KS-01")]
        )
    return Settings(
        inputs=inputs,
        outputs=tmp_path / "outputs",
        state=tmp_path / "state",
        district_reports=district_reports,
    )


def text_of(path: Path) -> str:
    document = Document(path)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_a_report_per_named_province_and_per_district_when_asked(tmp_path):
    settings = two_provinces(tmp_path, district_reports=True)
    run_month(settings, PERIOD, NOW)
    reports = settings.outputs / PERIOD / "reports"
    levels = sorted(p.name for p in reports.glob("*.docx") if p.name.startswith(("prov", "dist")))
    assert levels == [
        "district_พัทลุง_ควนขนุน.docx",
        "district_พัทลุง_ศรีนครินทร์.docx",
        "district_สงขลา_หาดใหญ่.docx",
        "province_พัทลุง.docx",
        "province_สงขลา.docx",
    ]  # AREA-4, without a place, is in no province's report
    text = text_of(reports / "province_พัทลุง.docx")
    assert "{{" not in text and "{%" not in text
    assert "จังหวัดพัทลุง" in text and "ครอบคลุม 2 พื้นที่ ใน 2 อำเภอ" in text
    # 150,000 baht required, 110,000 committed (AG-A 60,000, AG-B 50,000): 73.33%.
    assert "รวม 150,000.00 บาท" in text and "รวม 110,000.00 บาท" in text
    assert "ร้อยละ 73.33" in text and "งบประมาณที่ยังขาด 40,000.00 บาท" in text
    assert "ควนขนุน" in text and "ศรีนครินทร์" in text  # the districts' table
    assert "หาดใหญ่" not in text  # สงขลา's
    district = text_of(reports / "district_พัทลุง_ควนขนุน.docx")
    assert "อำเภอควนขนุน จังหวัดพัทลุง" in district and "AREA-1" in district
    summary = json.loads((settings.outputs / PERIOD / "summary.json").read_text())
    assert [p["province"] for p in summary["levels"]["provinces"]] == ["พัทลุง", "สงขลา", None]


def test_without_a_hierarchy_there_is_no_level_report(month):
    run_month(month, PERIOD, NOW)
    reports = month.outputs / PERIOD / "reports"
    assert not [p for p in reports.iterdir() if p.name.startswith(("province", "district"))]
    summary = json.loads((month.outputs / PERIOD / "summary.json").read_text())
    assert summary["levels"]["provinces"][0]["province"] is None  # all unassigned


def test_an_arrival_makes_again_only_the_levels_above_its_area(tmp_path, rendered):  # noqa: F811
    settings = two_provinces(tmp_path, district_reports=True)
    run_month(settings, PERIOD, NOW)
    folder = settings.outputs / PERIOD
    before = inodes(folder)
    rendered.clear()
    # AG-B corrects its file in AREA-2 (ศรีนครินทร์, พัทลุง).
    write_submission(
        settings.inputs / "submissions" / "AG-B-again.xlsx",
        "AG-B",
        "AREA-2",
        PERIOD,
        [line(1, 45_000, "KS-01")],
        mtime=LATER,
    )
    run_month(settings, PERIOD, NOW + dt.timedelta(hours=1))
    assert sorted(rendered) == [
        "AG-B.docx",
        # Reports of no file received date from the run's time, made again at each run.
        "AG-C.docx",
        "district_พัทลุง_ศรีนครินทร์.docx",
        "network_AREA-2.docx",
        "network_AREA-4.docx",
        "province_พัทลุง.docx",
    ]  # not สงขลา's, nor ควนขนุน's
    made = {n for n in made_anew(before, folder) if n.startswith("reports/")}
    assert made == {f"reports/{name}" for name in rendered}


def test_incremental_level_reports_equal_a_full_runs(tmp_path):
    settings = two_provinces(tmp_path, district_reports=True)
    run_month(settings, PERIOD, NOW)
    write_submission(
        settings.inputs / "submissions" / "AG-A-again.xlsx",
        "AG-A",
        "AREA-3",
        PERIOD,
        [line(1, 80_000, "KS-01")],
        mtime=LATER,
    )
    _run_and_compare_with_full(settings, NOW + dt.timedelta(hours=1), tmp_path, "arrival")
    # The plan moves AREA-4 into สงขลา: a new district group, every level's figures anew.
    plan = settings.inputs / "plan" / "plan.xlsx"
    plan.unlink()
    write_plan(
        settings.inputs,
        [
            placed("AREA-1", "KS-01", 100_000, "ควนขนุน", "พัทลุง"),
            placed("AREA-2", "KS-01", 50_000, "ศรีนครินทร์", "พัทลุง"),
            placed("AREA-3", "KS-01", 80_000, "หาดใหญ่", "สงขลา"),
            placed("AREA-4", "KS-01", 40_000, "สะเดา", "สงขลา"),
        ],
    )
    _run_and_compare_with_full(settings, NOW + dt.timedelta(hours=2), tmp_path, "plan")
    reports = settings.outputs / PERIOD / "reports"
    assert (reports / "district_สงขลา_สะเดา.docx").is_file()


def test_a_templates_folder_made_before_level_reports_takes_the_starting_one(tmp_path):
    import shutil

    from oneplan.settings import PROJECT_ROOT

    own = tmp_path / "templates" / "th"
    own.mkdir(parents=True)
    for name in ("agency.docx", "network.docx"):  # a coordinator's own, of before #28
        shutil.copy(PROJECT_ROOT / "templates" / "th" / name, own / name)
    settings = two_provinces(tmp_path)
    settings = Settings(**{**settings.__dict__, "templates": tmp_path / "templates"})
    run_month(settings, PERIOD, NOW)
    assert (settings.outputs / PERIOD / "reports" / "province_พัทลุง.docx").is_file()
