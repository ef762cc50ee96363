"""The command line as a user runs it: `oneplan demo`, `oneplan run`, in a subprocess.

These runs go through Prefect (its temporary local server), so there are few of them:
one demo run shared by the checks of its outputs, one re-run, and the failures.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from oneplan.schemas import OUTPUT_TABLES, output_columns

ONEPLAN = str(Path(sys.executable).with_name("oneplan"))
PERIOD = "2026-11"
SHEETS = [
    "plan_items",
    "agencies",
    "lines",
    "categories",
    "results",
    "result_contributions",
    "timeliness",
    "network",
    "provinces",
    "districts",
    "level_categories",
    "level_unfunded",
    "issues",
    "คำอธิบาย",
]


def oneplan(*args: str, cwd: Path, **settings: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEPLAN_")} | settings
    return subprocess.run(
        [ONEPLAN, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    root = tmp_path_factory.mktemp("cli")
    completed = oneplan("demo", "demo", "--lang", "en", cwd=root)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return root / "demo", completed


def test_demo_prints_a_short_account_without_tracebacks(demo):
    _, completed = demo
    output = completed.stdout + completed.stderr
    assert "Traceback" not in output
    assert (
        completed.stderr == ""
    )  # no warnings, no telemetry errors, nothing from Prefect's insides
    assert "Files of 2026-11: 12 received, 10 accepted, 2 rejected, 0 ignored" in completed.stdout
    assert "Issues: 4 errors, 5 warnings, 4 info." in completed.stdout  # plural forms right
    assert "outputs/2026-11" in completed.stdout


def test_demo_writes_every_output(demo):
    root, _ = demo
    folder = root / "outputs" / PERIOD
    assert (folder / "summary.json").is_file()
    assert {p.name for p in (folder / "tables").iterdir()} == {f"{s}.parquet" for s in SHEETS[:-1]}
    agencies = pd.read_parquet(folder / "tables" / "agencies.parquet")
    expected_reports = {f"{code}.docx" for code in agencies["agency_code"]} | {
        "network_PLG-LSN.docx",
        "network_PLG-PKH.docx",
        "province_พัทลุง.docx",  # the demo's areas are both in พัทลุง
    }
    assert {p.name for p in (folder / "reports").iterdir()} == expected_reports
    book = load_workbook(folder / "reconciliation.xlsx", read_only=True)
    assert book.sheetnames == SHEETS
    for name in SHEETS[:-1]:
        header = [c.value for c in next(book[name].iter_rows(max_row=1))]
        assert header == output_columns(name), name
        assert list(
            pd.read_parquet(folder / "tables" / f"{name}.parquet").columns
        ) == output_columns(name)
    explained = {(r[0], r[1]) for r in book["คำอธิบาย"].iter_rows(min_row=2, values_only=True)}
    assert explained == {(t, c) for t, schema in OUTPUT_TABLES.items() for c in schema.columns}


def _sheet(path: Path, name: str) -> list[dict]:
    sheet = load_workbook(path, read_only=True)[name]
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_summary_agrees_with_the_workbook(demo):
    root, _ = demo
    folder = root / "outputs" / PERIOD
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    items = _sheet(folder / "reconciliation.xlsx", "plan_items")
    agencies = _sheet(folder / "reconciliation.xlsx", "agencies")
    issues = _sheet(folder / "reconciliation.xlsx", "issues")
    baht = lambda v: Decimal(str(v or 0))  # noqa: E731
    for area in summary["areas"]:
        own = [i for i in items if i["area_code"] == area["area_code"]]
        assert baht(area["required"]) == sum(baht(i["required"]) for i in own)
        assert baht(area["committed"]) == sum(baht(i["committed"]) for i in own)
        assert baht(area["gap"]) == sum(baht(i["gap"]) for i in own)
        assert baht(area["covered"]) == sum(
            min(baht(i["committed"]), baht(i["required"])) for i in own
        )
        assert area["items"] == {s: sum(i["status"] == s for i in own) for s in area["items"]}
        assert area["co_funded_items"] == sum(bool(i["co_funded"]) for i in own)
        members = [a for a in agencies if a["area_code"] == area["area_code"]]
        assert area["agencies"] == {
            s: sum(a["status"] == s for a in members) for s in area["agencies"]
        }
    assert summary["issues"] == {
        s: sum(i["severity"] == s for i in issues) for s in ("error", "warning", "info")
    }


def test_demo_figures(demo):
    """The demo's figures, worked out by hand from its workbooks (see demo_data.py)."""
    root, _ = demo
    summary = json.loads((root / "outputs" / PERIOD / "summary.json").read_text(encoding="utf-8"))
    assert summary["files"] == {"received": 12, "accepted": 10, "rejected": 2, "ignored": 0}
    assert summary["issues"] == {"error": 4, "warning": 5, "info": 4}
    lsn, pkh = summary["areas"]
    assert (pkh["required"], pkh["covered"], pkh["gap"], pkh["coverage"], pkh["aligned_share"]) == (
        768500.5,
        563500.5,
        205000.0,
        0.7332,
        0.6939,
    )
    assert pkh["agencies"] == {
        "submitted": 5,
        "resubmitted": 1,
        "carried_forward": 1,
        "rejected": 1,
        "missing": 0,
    }
    assert pkh["items"] == {
        "unfunded": 2,
        "partial": 5,
        "funded": 1,
        "over": 1,
        "no_budget_needed": 1,
    }
    assert (lsn["coverage"], lsn["aligned_share"], lsn["co_funded_items"]) == (0.38, 0.7902, 2)
    assert lsn["agencies"] == {
        "submitted": 3,
        "resubmitted": 0,
        "carried_forward": 0,
        "rejected": 0,
        "missing": 1,
    }


def test_second_run_writes_identical_figures(demo, tmp_path):
    root, _ = demo
    copy = tmp_path / "demo"
    shutil.copytree(root, copy)
    before = {p.name: pd.read_parquet(p) for p in (copy / "outputs" / PERIOD / "tables").iterdir()}
    summary_before = (copy / "outputs" / PERIOD / "summary.json").read_text(encoding="utf-8")
    # As the demo says to run it: on its settings file, which names its folders.
    completed = oneplan(
        "run", "--period", PERIOD, cwd=tmp_path, ONEPLAN_SETTINGS="demo/oneplan.toml"
    )
    assert completed.returncode == 0, completed.stderr
    assert "แบบรายงานประจำเดือนพฤศจิกายน 2569: ได้รับ 12 ไฟล์" in completed.stdout
    assert (copy / "outputs" / PERIOD / "summary.json").read_text(
        encoding="utf-8"
    ) == summary_before
    for name, frame in before.items():
        pd.testing.assert_frame_equal(
            pd.read_parquet(copy / "outputs" / PERIOD / "tables" / name), frame
        )


def test_unusable_registry_exits_1_and_writes_nothing(demo, tmp_path):
    root, _ = demo
    shutil.copytree(root / "inputs", tmp_path / "inputs")
    (tmp_path / "inputs" / "agencies.xlsx").write_bytes(b"not a workbook")
    completed = oneplan("run", "--period", PERIOD, cwd=tmp_path)
    assert completed.returncode == 1
    assert "agencies.xlsx" in completed.stderr and "ไม่ใช่สมุดงานที่ระบบอ่านได้" in completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr
    assert not (tmp_path / "outputs").exists()


@pytest.mark.parametrize("period", ["2026-13", "3113-11", "next", "2569"])
def test_bad_period_is_a_usage_error_that_shows_the_accepted_forms(tmp_path, period):
    completed = oneplan("run", "--period", period, cwd=tmp_path)
    assert completed.returncode == 2
    assert "2569-11" in completed.stderr and "11/2569" in completed.stderr
    assert "ไม่ใช่เดือนที่อ่านได้" in completed.stderr  # in the lang setting's language
    english = oneplan("run", "--lang", "en", "--period", period, cwd=tmp_path)
    assert "is not a period" in english.stderr


def test_a_buddhist_era_period_runs_the_same_month(demo, tmp_path):
    """`--period 2569-11` is November 2026 (not year 3113): the demo's month, figure for
    figure, as `oneplan demo` ran it for 2026-11."""
    root, _ = demo
    shutil.copytree(root / "inputs", tmp_path / "inputs")
    completed = oneplan("run", "--period", "2569-11", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert "ประจำเดือนพฤศจิกายน 2569" in completed.stdout
    assert not (tmp_path / "outputs" / "3113-11").exists()
    ran = json.loads((tmp_path / "outputs" / PERIOD / "summary.json").read_text("utf-8"))
    demo_month = json.loads((root / "outputs" / PERIOD / "summary.json").read_text("utf-8"))
    # Who reported on time differs: the demo recorded when each file came (its story's
    # times), this run takes the files' arrival as the moment it first saw them.
    assert ran.pop("timeliness")["expected"] == demo_month.pop("timeliness")["expected"]
    assert ran == demo_month


@pytest.mark.parametrize(
    "typed", ["2026-11", "2569-11", "11/2569", "พฤศจิกายน 2569", "พ.ย. 69", " 2569-11 "]
)
def test_a_period_is_typed_as_a_workbook_writes_it(typed):
    from types import SimpleNamespace

    from oneplan.cli.shell import check_period

    assert check_period(SimpleNamespace(params={}), typed) == "2026-11"


def test_run_over_every_broken_file_exits_0_and_changes_no_valid_figure(demo, tmp_path):
    from tests.hostile import BROKEN_FILES, written_name

    root, _ = demo
    shutil.copytree(root / "inputs", tmp_path / "inputs")
    broken = tmp_path / "inputs" / "submissions" / "broken"
    broken.mkdir()
    codes = {f"broken/{written_name(n, b)}": b(broken / n) for n, b in BROKEN_FILES.items()}
    completed = oneplan("run", "--period", PERIOD, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr
    summary = json.loads(
        (tmp_path / "outputs" / PERIOD / "summary.json").read_text(encoding="utf-8")
    )
    assert summary["files"] == {
        "received": 12 + len(codes),
        "accepted": 10,
        "rejected": 2 + len(codes),
        "ignored": 0,
    }
    issues = pd.read_parquet(tmp_path / "outputs" / PERIOD / "tables" / "issues.parquet")
    for name, code in codes.items():
        assert code in set(issues.loc[issues["source_file"] == name, "code"]), name
    for table in ("plan_items", "lines", "categories"):
        before = pd.read_parquet(root / "outputs" / PERIOD / "tables" / f"{table}.parquet")
        after = pd.read_parquet(tmp_path / "outputs" / PERIOD / "tables" / f"{table}.parquet")
        pd.testing.assert_frame_equal(after, before)


# A command added to the real entry point: it notes an exit handler of its own, then ends
# as asked (normally, with a status, or with an exception).
_ENDING = """
import atexit, sys
from pathlib import Path
from oneplan import cli

class TornDown:
    def __init__(self, path):
        self.path = path

    def __del__(self):  # when Python's teardown frees what the command made
        Path(self.path).write_text("torn down")

kept = []

@cli.app.command("end")
def end(how: str, note: str) -> None:
    atexit.register(Path(note).write_text, "exit handlers ran")
    kept.append(TornDown(note + ".teardown"))
    print("printed before the end")
    if how == "status":
        raise SystemExit(3)
    if how == "crash":
        raise RuntimeError("a bug")

sys.argv = ["oneplan", "end", *sys.argv[1:]]
cli.main()
"""


@pytest.mark.parametrize(
    ("how", "status", "in_stderr"), [("normally", 0, ""), ("status", 3, ""), ("crash", 1, "a bug")]
)
def test_the_process_ends_with_the_status_its_command_gave(tmp_path, how, status, in_stderr):
    note = tmp_path / "note"
    completed = subprocess.run(
        [sys.executable, "-c", _ENDING, how, str(note)], capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == status, completed.stderr
    assert completed.stdout == "printed before the end\n"  # flushed before the process ends
    assert in_stderr in completed.stderr
    assert note.read_text() == "exit handlers ran"  # registered later, so run before the end
    assert not (tmp_path / "note.teardown").exists()  # the process ended without a teardown


@pytest.mark.parametrize("name", ["x.docx", "x.xls", "x"])
def test_a_template_is_written_only_under_an_xlsx_name(tmp_path, name):
    completed = oneplan(
        "template",
        "--agency",
        "AG-A",
        "--area",
        "AREA-1",
        "-o",
        str(tmp_path / name),
        cwd=tmp_path,
    )
    assert completed.returncode == 2
    assert ".xlsx" in completed.stderr
    assert not (tmp_path / name).exists()


def test_a_blank_form_replacing_the_demo_agencys_file_is_in_the_runs_account(demo, tmp_path):
    """CDD-KKN's clerk drops a blank form after the month's file: it counts (zero lines
    reports nothing), and the run's account, summary.json and the agency's feedback say so."""
    import datetime as dt

    from tests.builders import write_submission

    root, _ = demo
    shutil.copytree(root / "inputs", tmp_path / "inputs")
    blank = tmp_path / "inputs" / "submissions" / "พัฒนาชุมชน" / "แบบรายงานเปล่า.xlsx"
    write_submission(
        blank, "CDD-KKN", "PLG-PKH", "2569-11", [], mtime=dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    )
    completed = oneplan("run", "--period", PERIOD, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    replaced = "พัฒนาชุมชน/แบบรายงาน_พช.ควนขนุน_พ.ย.69.xlsx"
    said = " ".join(completed.stdout.split())
    assert f"ไม่มีรายการ พัฒนาชุมชน/แบบรายงานเปล่า.xlsx ส่งแทน {replaced} ซึ่งมีรายการ: " in said
    assert "(CDD-KKN) จึงไม่มีงบประมาณในตำบลแพรกหา (PLG-PKH) เดือนนี้" in said
    summary = json.loads((tmp_path / "outputs" / PERIOD / "summary.json").read_text("utf-8"))
    assert summary["zero_line_replacements"] == [
        {
            "agency_code": "CDD-KKN",
            "area_code": "PLG-PKH",
            "file_name": "พัฒนาชุมชน/แบบรายงานเปล่า.xlsx",
            "replaced_file_name": replaced,
        }
    ]
    feedback = load_workbook(
        tmp_path / "outputs" / PERIOD / "feedback" / "CDD-KKN_PLG-PKH_2026-11.xlsx"
    )
    codes = [row[6] for row in feedback["ปัญหาที่พบ"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["zero_line_replacement"]
