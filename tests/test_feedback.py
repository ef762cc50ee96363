"""Annotated feedback copies: the agency's own workbook with each problem in place."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys

from openpyxl import load_workbook

from oneplan.month.run import run_month
from oneplan.web.period_view import period_files
from tests.builders import Formula, info_rows, line, write_grid, write_submission
from tests.conftest import PERIOD
from tests.test_reading import HEADER

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def feedback_dir(month):
    return month.outputs / PERIOD / "feedback"


def test_problem_cells_are_filled_commented_and_listed(month):
    rows = [
        ["แบบรายงาน"],
        HEADER,
        [1, "KS-01", "อบรม", None, None, -500],
        [2, "ZZ-9", "ปลูกผัก", None, None, 100],
    ]
    write_grid(month.drop_zone / "c.xlsx", {"ข้อมูลหน่วยงาน": info_rows(), "รายการงบประมาณ": rows})
    run_month(month, PERIOD, NOW)
    book = load_workbook(feedback_dir(month) / "AG-C_AREA-1_2026-11.xlsx")
    assert book.sheetnames == ["ปัญหาที่พบ", "ข้อมูลหน่วยงาน", "รายการงบประมาณ"]
    lines = book["รายการงบประมาณ"]
    assert lines["C3"].value == "อบรม"  # the agency's own content is kept
    assert lines["F3"].fill.fgColor.rgb.endswith("FFC7CE")  # error: red
    assert "งบประมาณติดลบ" in lines["F3"].comment.text and "negative" in lines["F3"].comment.text
    assert lines["B4"].fill.fgColor.rgb.endswith("FFEB9C")  # warning: yellow
    problems = list(book["ปัญหาที่พบ"].iter_rows(min_row=2, values_only=True))
    assert [(p[2], p[3], p[6]) for p in problems] == [
        ("รายการงบประมาณ", "F3", "amount_negative"),
        ("รายการงบประมาณ", "B4", "plan_item_unknown"),
    ]
    assert book["ปัญหาที่พบ"]["D2"].hyperlink.location == "'รายการงบประมาณ'!F3"


def test_missing_column_is_explained_on_the_problem_sheet(month):
    write_submission(
        month.drop_zone / "c.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [line(1, 100)],
        line_columns=["line_no", "activity"],
    )
    run_month(month, PERIOD, NOW)
    book = load_workbook(feedback_dir(month) / "AG-C_AREA-1_2026-11.xlsx")
    (problem,) = book["ปัญหาที่พบ"].iter_rows(min_row=2, values_only=True)
    assert problem[:4] == ("1", "ต้องแก้ไข (แบบรายงานนี้ยังไม่นับ)", "รายการงบประมาณ", "A1")
    assert "งบประมาณ" in problem[4] and "แถว 1" in problem[4]
    # The header row found is marked: its cells filled, the comment on its first.
    lines = book["รายการงบประมาณ"]
    assert [c.fill.fgColor.rgb for c in lines[1] if c.value] == ["00FFC7CE"] * 2
    assert "งบประมาณ" in lines["A1"].comment.text


def test_names_of_feedback_copies(month):
    early = dt.datetime(2026, 11, 3, tzinfo=dt.UTC)
    late = dt.datetime(2026, 11, 9, tzinfo=dt.UTC)
    first = write_submission(
        month.drop_zone / "c1.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, -1)], mtime=early
    )
    write_submission(
        month.drop_zone / "c2.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, -2)], mtime=late
    )
    stranger = write_submission(
        month.drop_zone / "x.xlsx", "NOBODY", "AREA-1", PERIOD, [line(1, 1)]
    )
    write_submission(month.drop_zone / "clean.xlsx", "AG-C", "AREA-1", "2026-10", [line(1, 1)])
    (month.drop_zone / "broken.xlsx").write_bytes(b"PK\x03\x04 broken")
    result = run_month(month, PERIOD, NOW)
    sha = {s.rel_path: s.file.sha256[:8] for s in result.intake.submissions}
    assert sorted(p.name for p in feedback_dir(month).iterdir()) == sorted(
        [
            "AG-C_AREA-1_2026-11.xlsx",
            f"AG-C_AREA-1_2026-11_{sha[first.name]}.xlsx",
            f"unidentified_{sha[stranger.name]}.xlsx",
            "AG-A_AREA-1_2026-11.xlsx",  # a.xlsx has a warning (unknown plan item)
        ]
    )


def test_nothing_an_agency_wrote_becomes_a_formula(month):
    evil = '=HYPERLINK("http://example.invalid","คลิก")'
    rows = [
        HEADER,
        [1, "KS-01", evil, None, None, "=1+1"],
        [2, "KS-01", "+SUM(1)", None, None, 100],
        [3, "KS-01", "@cmd", None, None, Formula("=5*2", 10)],
    ]
    write_grid(month.drop_zone / "c.xlsx", {"ข้อมูลหน่วยงาน": info_rows(), "รายการงบประมาณ": rows})
    run_month(month, PERIOD, NOW)
    feedback = load_workbook(feedback_dir(month) / "AG-C_AREA-1_2026-11.xlsx")
    lines = feedback["รายการงบประมาณ"]
    assert (lines["C2"].data_type, lines["F2"].data_type) == ("s", "s")
    for row in feedback["ปัญหาที่พบ"].iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)
    report = load_workbook(month.outputs / PERIOD / "reconciliation.xlsx")
    activities = {c.value: c.data_type for c in report["lines"]["F"][1:]}
    assert activities["+SUM(1)"] == "s" and activities["@cmd"] == "s"
    assert all(c.data_type != "f" for row in report["issues"].iter_rows() for c in row)


def test_a_feedback_copy_killed_while_written_stays_hidden_and_the_next_intake_removes_it(month):
    """An intake writes feedback copies into the period's outputs in place: killed while
    writing one, it leaves a hidden temporary that no page or `send` lists, and the next
    intake (under the run lock) removes it, with a half-written outbox message of `send`."""
    take_in = (
        "import sys; from oneplan.month.intake import take_in; from oneplan.settings import "
        "load_settings; take_in(load_settings(inputs=sys.argv[1], outputs=sys.argv[2], "
        "state=sys.argv[3]))"
    )
    folders = [str(month.inputs), str(month.outputs), str(month.state)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEPLAN_")}
    killed = subprocess.run(
        [sys.executable, "-c", take_in, *folders],
        env={**env, "ONEPLAN_FAILPOINT": "feedback_saved"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    left = [p.name for p in feedback_dir(month).iterdir()]
    assert len(left) == 1 and left[0].startswith(".writing-"), left
    assert period_files(month, PERIOD)["feedback"] == []
    outbox = month.outputs / PERIOD / "outbox"
    outbox.mkdir()
    (outbox / ".writing-k1ll3d.eml").write_text("half a message")  # a killed send's

    subprocess.run([sys.executable, "-c", take_in, *folders], env=env, check=True, timeout=300)
    assert list(feedback_dir(month).iterdir()) == []  # a.xlsx had been taken in already
    assert list(outbox.iterdir()) == []


def test_what_is_only_recorded_is_listed_apart_not_as_a_problem(month):
    rows = [
        HEADER,
        [1, "KS-01", "อบรม", None, None, 1000],
        [2, "KS-01", "ปลูกผัก", None, None, "หนึ่งพัน"],
        [None, None, "รวม", None, None, Formula("=SUM(F2:F3)", 1000)],
        ["หมายเหตุ: ข้อมูล ณ วันที่ 30 พ.ย. 2569"],
    ]
    write_grid(month.drop_zone / "c.xlsx", {"ข้อมูลหน่วยงาน": info_rows(), "รายการงบประมาณ": rows})
    run_month(month, PERIOD, NOW)
    book = load_workbook(feedback_dir(month) / "AG-C_AREA-1_2026-11.xlsx")
    listed = [row[:4] + row[6:] for row in book["ปัญหาที่พบ"].iter_rows(min_row=2, values_only=True)]
    assert listed == [
        ("1", "ต้องแก้ไข (รายการนี้ยังไม่นับ)", "รายการงบประมาณ", "F3", "amount_invalid"),
        (None,) * 5,
        (
            "แจ้งเพื่อทราบ (ไม่ใช่ปัญหา ไม่ต้องแก้ไข) / For your information (nothing to fix)",
            None,
            None,
            None,
            None,
        ),
        ("1", "แจ้งเพื่อทราบ", "รายการงบประมาณ", "C4", "total_row_skipped"),
        ("2", "แจ้งเพื่อทราบ", "รายการงบประมาณ", "A5", "note_row_skipped"),
    ]
    assert book["รายการงบประมาณ"]["C4"].comment is None  # not marked as a problem either
