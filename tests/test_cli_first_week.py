"""What a coordinator meets in the first week at the command line (issue #25), the CLI run
as a user runs it (a subprocess): the blank template's month and area, history without a
ledger, a run without its inputs, and the lines in Thai (the default) or English."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from oneplan.month.run import run_month
from oneplan.values.periods import thai_period
from tests.builders import agency, plan_item, write_plan, write_registry
from tests.conftest import PERIOD

ONEPLAN = str(Path(sys.executable).with_name("oneplan"))
NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def oneplan(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEPLAN_")}
    return subprocess.run(
        [ONEPLAN, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def _period_cell(path: Path) -> str:
    info = load_workbook(path)["ข้อมูลหน่วยงาน"]
    return {row[0]: row[1] for row in info.iter_rows(min_row=3, values_only=True)}["ประจำเดือน"]


# --- oneplan template ---------------------------------------------------------------


def test_a_template_without_period_is_for_the_month_being_reported(month, tmp_path):
    completed = oneplan(
        "template", "--agency", "AG-C", "--area", "area-1", "--inputs", str(month.inputs),
        "-o", "t.xlsx", "--lang", "en", cwd=tmp_path,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    # The rule, written out: until the 10th (23:59, Bangkok) last month, then this month.
    today = dt.datetime.now(ZoneInfo("Asia/Bangkok"))
    first = today.replace(day=1)
    last_month = (first - dt.timedelta(days=1)).strftime("%Y-%m")
    expected = last_month if today.day <= 10 else today.strftime("%Y-%m")
    assert _period_cell(tmp_path / "t.xlsx") == thai_period(expected)
    assert f"(no --period: the month being reported now, {expected}; files due by 10 " in (
        completed.stdout
    )
    assert "23:59 (UTC+7))" in completed.stdout

    # An agency with its own deadline (3 days after the month's end) is told its own.
    write_registry(
        month.inputs,
        [agency("AG-A", "AREA-1"), agency("AG-B", "AREA-1"),
         {**agency("AG-C", "AREA-1"), "deadline_days": 3}],
    )  # fmt: skip
    own = oneplan(
        "template", "--agency", "AG-C", "--area", "AREA-1", "--inputs", str(month.inputs),
        "-o", "t.xlsx", "--lang", "en", cwd=tmp_path,
    )  # fmt: skip
    assert own.returncode == 0, own.stderr
    assert "; files due by 3 " in own.stdout and "23:59 (UTC+7))" in own.stdout


def test_the_month_reported_now_turns_after_the_deadline():
    from oneplan.month.today import month_reported_now
    from oneplan.settings import Settings

    settings = Settings()  # deadline the 10th, Asia/Bangkok
    on_6_december = dt.datetime(2026, 12, 6, 8, 4, tzinfo=dt.UTC)
    last_minute = dt.datetime(2026, 12, 10, 16, 59, tzinfo=dt.UTC)  # 23:59 in Bangkok
    after_it = dt.datetime(2026, 12, 10, 17, 0, tzinfo=dt.UTC)  # 00:00 on the 11th
    assert month_reported_now(settings, on_6_december) == "2026-11"
    assert month_reported_now(settings, last_minute) == "2026-11"
    assert month_reported_now(settings, after_it) == "2026-12"
    assert month_reported_now(Settings(deadline_day=5), on_6_december) == "2026-12"


@pytest.mark.parametrize("typed", ["พ.ย. 69", "2569-11", "11/2569"])
def test_a_template_period_is_typed_as_a_workbook_writes_it(month, tmp_path, typed):
    completed = oneplan(
        "template", "--agency", "AG-C", "--area", "AREA-1", "--inputs", str(month.inputs),
        "--period", typed, "-o", "t.xlsx", cwd=tmp_path,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert _period_cell(tmp_path / "t.xlsx") == "พฤศจิกายน 2569"
    assert completed.stdout == (
        "เขียน t.xlsx แล้ว: แบบรายงานเปล่าของ หน่วยงาน AG-C (AG-C) พื้นที่ ตำบล AREA-1 (AREA-1) "
        "ประจำเดือนพฤศจิกายน 2569\n"
    )


def test_a_template_period_that_is_no_month_is_a_usage_error(month, tmp_path):
    completed = oneplan(
        "template", "--agency", "AG-C", "--area", "AREA-1", "--inputs", str(month.inputs),
        "--period", "2569", "-o", "t.xlsx", cwd=tmp_path,
    )  # fmt: skip
    assert completed.returncode == 2
    assert "11/2569" in completed.stderr and not (tmp_path / "t.xlsx").exists()


def _two_areas(tmp_path: Path) -> Path:
    inputs = tmp_path / "inputs"
    write_plan(inputs, [plan_item("AREA-1", "KS-01"), plan_item("AREA-2", "KS-02")])
    write_registry(
        inputs,
        [agency("AG-A", "AREA-2", name="อบต.ทดสอบ"), agency("AG-N", "", name="หน่วยงานไม่ระบุ")],
    )
    return inputs


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "oneplan: area AREA-9 is in no plan; the plan's areas: ตำบล AREA-1 (AREA-1), "
         "ตำบล AREA-2 (AREA-2)\n"),
        ("th", "oneplan: พื้นที่ AREA-9 ไม่อยู่ในแผนชุมชน พื้นที่ในแผน: ตำบล AREA-1 (AREA-1), "
         "ตำบล AREA-2 (AREA-2)\n"),
    ],
)  # fmt: skip
def test_a_template_for_an_area_in_no_plan_is_refused(tmp_path, lang, said):
    inputs = _two_areas(tmp_path)
    completed = oneplan(
        "template", "--agency", "AG-A", "--area", "AREA-9", "--inputs", str(inputs),
        "--period", PERIOD, "-o", "t.xlsx", "--lang", lang, cwd=tmp_path,
    )  # fmt: skip
    assert (completed.returncode, completed.stderr) == (1, said)
    assert not (tmp_path / "t.xlsx").exists()


def test_a_template_for_an_area_the_registry_does_not_list_is_made_with_a_warning(tmp_path):
    inputs = _two_areas(tmp_path)
    completed = oneplan(
        "template", "--agency", "AG-A", "--area", "AREA-1", "--inputs", str(inputs),
        "--period", PERIOD, "-o", "t.xlsx", "--lang", "en", cwd=tmp_path,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert _period_cell(tmp_path / "t.xlsx") == "พฤศจิกายน 2569"
    assert completed.stderr == (
        "warning: the registry does not list ตำบล AREA-1 (AREA-1) among the areas of "
        "อบต.ทดสอบ (AG-A) (ตำบล AREA-2 (AREA-2)); the template was made, but check the area "
        "with the agency, or add it to the registry\n"
    )
    # An agency the registry lists no area for: no warning.
    quiet = oneplan(
        "template", "--agency", "AG-N", "--area", "AREA-1", "--inputs", str(inputs),
        "--period", PERIOD, "-o", "n.xlsx", cwd=tmp_path,
    )  # fmt: skip
    assert (quiet.returncode, quiet.stderr) == (0, "")
    # The agency's own area: no warning either.
    own = oneplan(
        "template", "--agency", "AG-A", "--area", "AREA-2", "--inputs", str(inputs),
        "--period", PERIOD, "-o", "a.xlsx", cwd=tmp_path,
    )  # fmt: skip
    assert (own.returncode, own.stderr) == (0, "")


# --- oneplan history ----------------------------------------------------------------


@pytest.mark.parametrize("made", [False, True])
def test_history_without_a_ledger_says_so_and_creates_none(tmp_path, made):
    state = tmp_path / "state"
    if made:
        state.mkdir()
    completed = oneplan("history", "--state", str(state), "--lang", "en", cwd=tmp_path)
    assert completed.returncode == 1
    assert completed.stderr.startswith(
        f"oneplan: no ledger (ledger.sqlite) in the state folder {state}: nothing has been "
        "recorded there."
    )
    assert state.exists() == made and not (state / "ledger.sqlite").exists()
    thai = oneplan("history", "--state", str(state), cwd=tmp_path)
    assert thai.returncode == 1 and "ไม่พบบันทึกข้อมูล (ledger.sqlite)" in thai.stderr


def test_history_names_an_unknown_agency_and_shows_local_labelled_times(month, tmp_path):
    run_month(month, PERIOD, NOW)
    folders = ["--state", str(month.state), "--inputs", str(month.inputs)]
    unknown = oneplan("history", "--agency", "nobody", *folders, "--lang", "en", cwd=tmp_path)
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert unknown.stderr == (
        "oneplan: agency NOBODY is unknown: not in the registry, and no file of it was received\n"
    )
    # AG-C is in the registry and sent nothing: known, nothing to list.
    quiet = oneplan("history", "--agency", "ag-c", *folders, "--lang", "en", cwd=tmp_path)
    assert (
        quiet.returncode == 0
        and "Files received (times in Asia/Bangkok, UTC+7):\n  none yet" in (quiet.stdout)
    )
    # AG-B's file, modified 2026-11-12 00:00 UTC, was received 07:00 in Bangkok.
    en = oneplan("history", "--agency", "ag-b", *folders, "--lang", "en", cwd=tmp_path)
    assert en.returncode == 0, en.stderr
    lines = en.stdout.splitlines()
    assert lines[0] == "Runs (times in Asia/Bangkok, UTC+7):"
    assert lines[1].startswith("  2026-11  finished ") and lines[1].endswith(" +07:00")
    # Its file, first seen by the run before the deadline: on time.
    assert lines[2:4] == [
        "Reporting by the deadline, per period (as of now):",
        "  2026-11  open · AREA-1: on time",
    ]
    assert lines[4] == "Files received (times in Asia/Bangkok, UTC+7):"
    assert lines[5].split() == [
        "AG-B", "AREA-1", "2026-11", "accepted", "received", "2026-11-12", "07:00:00", "+07:00",
        "counted", "in:", "2026-11", "b/b.xlsx",
    ]  # fmt: skip
    th = oneplan("history", "--agency", "ag-b", *folders, cwd=tmp_path)
    assert th.stdout.splitlines()[2:6] == [
        "การส่งตามกำหนดรายงวด (ณ ขณะนี้):",
        "  2026-11  เปิดอยู่ · AREA-1: ส่งทันกำหนด",
        "ไฟล์ที่ได้รับ (เวลา Asia/Bangkok, UTC+7):",
        "  AG-B         AREA-1     2026-11  ผ่าน     ได้รับเมื่อ 2026-11-12 07:00:00 +07:00  "
        "นับในเดือน: 2026-11  b/b.xlsx",
    ]


# --- a run without its inputs -------------------------------------------------------


@pytest.mark.parametrize(
    ("made", "said"),
    [
        ((), "oneplan: the inputs folder inputs does not exist"),
        (("inputs",), "oneplan: the plan folder inputs/plan does not exist"),
        (("inputs/plan",), "oneplan: no community plan workbook (.xlsx, .xls or .ods) in inputs/plan"),
        (("inputs/plan/p.xlsx",), "oneplan: the partner registry inputs/agencies.xlsx does not exist"),
    ],
)  # fmt: skip
def test_a_run_without_its_inputs_says_which_before_anything_starts(tmp_path, made, said):
    for name in made:
        path = tmp_path / name
        if path.suffix:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"")
        else:
            path.mkdir(parents=True)
    completed = oneplan("run", "--period", PERIOD, "--lang", "en", cwd=tmp_path)
    assert completed.returncode == 1
    assert completed.stderr.splitlines() == [
        said,
        "Name the folder with --inputs or in a settings file (ONEPLAN_SETTINGS=…/oneplan.toml), "
        "or try oneplan demo first. Nothing was started.",
    ]
    assert completed.stdout == ""  # no "reconciling", nothing of Prefect's
    assert not (tmp_path / "outputs").exists() and not (tmp_path / "state").exists()


def test_serve_without_inputs_says_so_in_thai(tmp_path):
    completed = oneplan("serve", "--no-web", cwd=tmp_path, timeout=60)
    assert completed.returncode == 1
    assert completed.stderr.startswith("oneplan: ไม่พบโฟลเดอร์ข้อมูลเข้า inputs\n")
    assert "Still processing" not in completed.stderr + completed.stdout


# --- oneplan validate: its own lines ------------------------------------------------


def test_validate_says_its_verdict_in_thai_and_english_with_plural_forms(month, tmp_path):
    clean = month.drop_zone / "b" / "b.xlsx"
    th = oneplan("validate", str(clean), "--inputs", str(month.inputs), cwd=tmp_path)
    assert th.returncode == 0, th.stdout
    assert f"{clean.name}: ผ่านการตรวจสอบ AG-B AREA-1 2026-11 — นับ 1 รายการ ไม่นับ 0 แถว" in th.stdout
    en = oneplan(
        "validate", str(clean), "--inputs", str(month.inputs), "--lang", "en", cwd=tmp_path
    )
    assert f"{clean.name}: accepted AG-B AREA-1 2026-11 — 1 line counts, 0 rows excluded" in (
        en.stdout
    )
