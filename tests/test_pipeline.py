"""The monthly run over real (small) workbooks, without Prefect."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil

import pandas as pd
import pytest

from oneplan.month.run import run_month
from oneplan.read.reference import ReferenceInputError
from tests.builders import line, plan_item, write_plan, write_submission
from tests.conftest import PERIOD

NOW = dt.datetime(2026, 12, 1, 0, 0, tzinfo=dt.UTC)


def issues_of(month, source_file: str) -> list[tuple]:
    return [
        (i.sheet, i.cell, i.severity, i.code) for i in month.issues if i.source_file == source_file
    ]


def figures(settings) -> dict:
    folder = settings.outputs / PERIOD
    tables = {
        name: pd.read_parquet(folder / "tables" / f"{name}.parquet")
        for name in ("plan_items", "agencies", "lines", "categories", "issues")
    }
    return {"summary": json.loads((folder / "summary.json").read_text()), **tables}


def test_clean_month(month):
    result = run_month(month, PERIOD, NOW)
    assert result.summary["files"] == {"received": 2, "accepted": 2, "rejected": 0, "ignored": 0}
    items = result.reconciliation.plan_items.set_index("plan_item_id")
    assert items.loc["KS-01", ["committed", "disbursed", "status", "agencies"]].tolist() == [
        10_000_000,
        1_000_000,
        "funded",
        "AG-A, AG-B",
    ]
    agencies = result.reconciliation.agencies.set_index("agency_code")
    assert agencies["status"].to_dict() == {
        "AG-A": "submitted",
        "AG-B": "submitted",
        "AG-C": "missing",
    }
    assert agencies.loc["AG-A", "total_budget"] == 7_260_050  # 60,000 + 12,500.50 + 100 baht
    assert issues_of(result, "a.xlsx") == [("รายการงบประมาณ", "B4", "warning", "plan_item_unknown")]
    assert list(result.reconciliation.lines["source_file"].unique()) == ["a.xlsx", "b/b.xlsx"]


def test_byte_identical_copy_is_one_submission(month):
    drop = month.drop_zone
    shutil.copy2(drop / "a.xlsx", drop / "copy of a.xlsx")
    result = run_month(month, PERIOD, NOW)
    assert result.summary["files"]["received"] == 2
    assert issues_of(result, "copy of a.xlsx") == [("", "", "info", "duplicate_file")]
    assert (
        result.reconciliation.agencies.set_index("agency_code").loc["AG-A", "status"] == "submitted"
    )
    assert (
        result.reconciliation.plan_items.set_index("plan_item_id").loc["KS-01", "committed"]
        == 10_000_000
    )


def test_resubmission_supersedes_by_received_time(month):
    write_submission(
        month.drop_zone / "a-corrected.xlsx",
        "AG-A",
        "AREA-1",
        "11/2569",
        [line(1, 55_000, "KS-01")],
        mtime=dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
    )
    result = run_month(month, PERIOD, NOW)
    agency = result.reconciliation.agencies.set_index("agency_code").loc["AG-A"]
    assert (agency["status"], agency["source_file"], agency["total_budget"]) == (
        "resubmitted",
        "a-corrected.xlsx",
        5_500_000,
    )


def test_broken_files_are_rejected_and_never_stop_the_run(month):
    clean = figures_after(month)
    drop = month.drop_zone
    (drop / "corrupt.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (drop / "lines.csv").write_text("line_no,budget\n1,100\n")
    (drop / "~$a.xlsx").write_bytes(b"lock")
    write_submission(
        drop / "unknown-agency.xlsx", "NOBODY", "AREA-1", PERIOD, [line(1, 999, "KS-01")]
    )
    write_submission(drop / "unknown-area.xlsx", "AG-C", "NOWHERE", PERIOD, [line(1, 999, "KS-01")])
    write_submission(
        drop / "no-budget-column.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [line(1, 999, "KS-01")],
        line_columns=["line_no", "plan_item_id", "activity"],
    )
    result = run_month(month, PERIOD, NOW)
    assert issues_of(result, "corrupt.xlsx") == [("", "", "error", "file_unreadable")]
    assert issues_of(result, "lines.csv") == [("", "", "error", "file_type_unsupported")]
    assert issues_of(result, "unknown-agency.xlsx") == [
        ("ข้อมูลหน่วยงาน", "B2", "error", "agency_unknown")
    ]
    assert issues_of(result, "unknown-area.xlsx") == [
        ("ข้อมูลหน่วยงาน", "B3", "error", "area_unknown")
    ]
    assert issues_of(result, "no-budget-column.xlsx") == [
        ("รายการงบประมาณ", "A1", "error", "column_missing")
    ]
    assert result.summary["files"] == {"received": 7, "accepted": 2, "rejected": 5, "ignored": 1}
    agencies = result.reconciliation.agencies.set_index("agency_code")["status"].to_dict()
    assert agencies == {"AG-A": "submitted", "AG-B": "submitted", "AG-C": "rejected"}
    # The valid submissions' figures are exactly as if the broken files were absent.
    broken = figures(month)
    pd.testing.assert_frame_equal(broken["plan_items"], clean["plan_items"])
    pd.testing.assert_frame_equal(broken["lines"], clean["lines"])
    assert broken["summary"]["areas"][0]["committed"] == clean["summary"]["areas"][0]["committed"]


def figures_after(settings):
    """Figures of a run on a separate copy of the current inputs."""
    other = dataclasses.replace(
        settings,
        outputs=settings.outputs.with_name("clean-outputs"),
        state=settings.state.with_name("clean-state"),
    )
    run_month(other, PERIOD, NOW)
    return figures(other)


def test_row_errors_exclude_only_their_row(month):
    write_submission(
        month.drop_zone / "c.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [
            line(1, -500, "KS-02"),
            line(2, 1_000, "KS-02", disbursed=2_000),
            line(3, 0.1, "KS-02"),
            line(4, 0.2, "KS-02"),
            line(4, 9_999, "KS-02"),
        ],
    )
    result = run_month(month, PERIOD, NOW)
    assert issues_of(result, "c.xlsx") == [
        ("รายการงบประมาณ", "F2", "error", "amount_negative"),
        ("รายการงบประมาณ", "G3", "error", "disbursed_over_budget"),
        ("รายการงบประมาณ", "A6", "error", "line_no_duplicate"),
    ]
    agency = result.reconciliation.agencies.set_index("agency_code").loc["AG-C"]
    assert (agency["lines"], agency["rejected_rows"], agency["total_budget"]) == (
        2,
        3,
        30,
    )  # 0.10 + 0.20 baht
    assert (
        result.reconciliation.plan_items.set_index("plan_item_id").loc["KS-02", "committed"] == 30
    )


def test_rerun_writes_identical_figures(month):
    run_month(month, PERIOD, NOW)
    first = figures(month)
    run_month(month, PERIOD, NOW + dt.timedelta(hours=1))
    second = figures(month)
    assert first["summary"] == second["summary"]
    for name in ("plan_items", "agencies", "lines", "categories", "issues"):
        pd.testing.assert_frame_equal(first[name], second[name])


def test_next_period_shows_change_since_previous_run(month):
    run_month(month, "2026-10", NOW)  # nothing submitted for October yet
    result = run_month(month, PERIOD, NOW)
    items = result.reconciliation.plan_items.set_index("plan_item_id")
    assert items.loc["KS-01", "committed_change"] == 10_000_000
    assert (
        result.reconciliation.agencies.set_index("agency_code").loc["AG-A", "previous_status"]
        == "missing"
    )


def test_unusable_plan_stops_the_run_and_writes_nothing(month):
    from oneplan.schemas import PLAN
    from tests.builders import write_table

    write_table(
        month.plan_dir / "plan.xlsx",
        "แผนชุมชน",
        PLAN,
        [plan_item()],
        columns=["area_code", "fiscal_year", "plan_item_id", "category", "title"],
    )
    with pytest.raises(ReferenceInputError, match="required_budget"):
        run_month(month, PERIOD, NOW)
    assert not month.outputs.exists() or not any(month.outputs.iterdir())


def test_file_rejected_before_its_period_is_known_counts_in_the_run_that_received_it(month):
    (month.drop_zone / "corrupt.xlsx").write_bytes(b"garbage")
    first = run_month(month, "2026-10", NOW)
    assert first.summary["files"]["rejected"] == 1
    later = run_month(month, PERIOD, NOW)
    assert later.summary["files"]["rejected"] == 0
    assert issues_of(later, "corrupt.xlsx") == []


def test_plan_row_errors_are_reported_and_left_out(month):
    write_plan(
        month.inputs,
        [
            plan_item(item="KS-01", required=100_000),
            plan_item(item="KS-01", required=5),
            plan_item(item="KS-02", required="-10"),
        ],
    )
    result = run_month(month, PERIOD, NOW)
    assert sorted(issues_of(result, "plan/plan.xlsx")) == [
        ("แผนชุมชน", "D3", "error", "plan_item_duplicate"),
        ("แผนชุมชน", "I4", "error", "amount_negative"),
    ]
    assert list(result.reconciliation.plan_items["plan_item_id"]) == ["KS-01"]


def test_a_bug_while_reading_one_file_rejects_only_that_file(month, reading_a_xlsx_fails, caplog):
    result = run_month(month, PERIOD, NOW)
    assert issues_of(result, "a.xlsx") == [("", "", "error", "internal_error")]
    message = next(i.message_en for i in result.issues if i.code == "internal_error")
    # Not the clerk's fault, nothing for them to do, and no internal step named.
    assert "not caused by your workbook" in message and "nothing for you to do" in message
    assert "read" not in message.replace("being read", "") and "step" not in message
    assert "ZeroDivisionError" in caplog.text  # the traceback is in the log
    statuses = result.reconciliation.agencies.set_index("agency_code")["status"].to_dict()
    assert statuses == {"AG-A": "missing", "AG-B": "submitted", "AG-C": "missing"}


def test_a_bug_while_parsing_one_files_cells_rejects_only_that_file(month, monkeypatch, caplog):
    """The cells of a batch's files are parsed together: a bug on one file's cells (here
    on its text amount, which only a.xlsx holds) still rejects that file alone."""
    from oneplan.check import columns

    real = columns.COLUMN_PARSERS["amount"]

    def flaky(values, empty):
        if "12,500.50 บาท" in values:
            raise ZeroDivisionError("a bug of ours")
        return real(values, empty)

    monkeypatch.setitem(columns.COLUMN_PARSERS, "amount", flaky)
    result = run_month(month, PERIOD, NOW)
    assert issues_of(result, "a.xlsx") == [("", "", "error", "internal_error")]
    assert "ZeroDivisionError" in caplog.text
    agencies = result.reconciliation.agencies.set_index("agency_code")
    assert agencies.loc["AG-B", "status"] == "submitted"
    assert agencies.loc["AG-B", "total_budget"] == 4_000_000
    assert agencies.loc["AG-A", "status"] == "missing"


def test_lines_that_differ_from_their_plan_item_are_kept_with_a_warning(month):
    write_plan(month.inputs, [plan_item(item="KS-01", required=100_000, village="หมู่ 3")])
    write_submission(
        month.drop_zone / "c.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [
            line(1, 100, "ks–01", category="เกษตร", village="ม.3"),  # same item, category, village
            line(2, 200, "KS-01", category="สวัสดิการ", village="๔"),
        ],
    )
    result = run_month(month, PERIOD, NOW)
    assert issues_of(result, "c.xlsx") == [
        ("รายการงบประมาณ", "D3", "warning", "category_mismatch"),
        ("รายการงบประมาณ", "E3", "warning", "village_mismatch"),
    ]
    agency = result.reconciliation.agencies.set_index("agency_code").loc["AG-C"]
    assert (agency["lines"], agency["aligned_budget"]) == (2, 30_000)  # 300 baht


def test_a_blank_form_that_replaces_one_with_lines_counts_but_is_told(month):
    """Zero lines is how an agency reports nothing: the rule stands. But a blank form that
    replaces the period's file with lines wipes the agency's figures, so it is told: a
    warning in its feedback, a line in summary.json and in the run's account."""
    from openpyxl import load_workbook

    from oneplan.month.account import ZeroLineReplacement, account_of

    drop = month.drop_zone
    early = dt.datetime(2026, 11, 14, tzinfo=dt.UTC)
    late = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    write_submission(
        drop / "c-full.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5_000, "KS-02")], mtime=early
    )
    write_submission(drop / "c-blank.xlsx", "AG-C", "AREA-1", PERIOD, [], mtime=late)
    result = run_month(month, PERIOD, NOW)
    agencies = result.reconciliation.agencies.set_index("agency_code")
    assert (agencies.loc["AG-C", "status"], agencies.loc["AG-C", "lines"]) == ("resubmitted", 0)
    assert result.summary["zero_line_replacements"] == [
        {
            "agency_code": "AG-C",
            "area_code": "AREA-1",
            "file_name": "c-blank.xlsx",
            "replaced_file_name": "c-full.xlsx",
        }
    ]
    (warning,) = [i for i in result.issues if i.code == "zero_line_replacement"]
    assert (warning.source_file, warning.severity, warning.agency_code) == (
        "c-blank.xlsx",
        "warning",
        "AG-C",
    )
    assert warning.message_th.startswith(
        "แบบรายงานนี้ไม่มีรายการงบประมาณเลย และเป็นฉบับล่าสุดของเดือนพฤศจิกายน 2569 "
        "จึงใช้แทนฉบับก่อนหน้า (c-full.xlsx) ซึ่งมีรายการงบประมาณ 1 รายการ "
        "ผลคือเดือนนี้ไม่นับงบประมาณของหน่วยงานนี้ในตำบล AREA-1"
    )
    assert "if a blank form was sent by mistake" in warning.message_en
    book = load_workbook(month.outputs / PERIOD / "feedback" / "AG-C_AREA-1_2026-11.xlsx")
    (listed,) = book["ปัญหาที่พบ"].iter_rows(min_row=2, values_only=True)
    assert (listed[1], listed[4], listed[6]) == (
        "ควรตรวจสอบ (นับแล้ว)",
        warning.message_th,
        "zero_line_replacement",
    )
    assert account_of(result.summary).zero_line_replacements == [
        ZeroLineReplacement("AG-C", "AREA-1", "c-blank.xlsx", "c-full.xlsx")
    ]


def test_a_blank_form_alone_or_after_a_rejected_file_is_no_replacement(month):
    drop = month.drop_zone
    early = dt.datetime(2026, 11, 14, tzinfo=dt.UTC)
    late = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    write_submission(drop / "c-bad.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5)], mtime=early,
                     line_columns=["line_no", "activity"])  # fmt: skip
    write_submission(drop / "c-blank.xlsx", "AG-C", "AREA-1", PERIOD, [], mtime=late)
    # AG-A's second file, with one line in error only, is not a blank form: nothing is
    # counted of it, as its feedback says, but it reports a line.
    write_submission(drop / "a2.xlsx", "AG-A", "AREA-1", PERIOD, [line(1, -5)], mtime=late)
    result = run_month(month, PERIOD, NOW)
    statuses = result.reconciliation.agencies.set_index("agency_code")["status"].to_dict()
    assert (statuses["AG-A"], statuses["AG-C"]) == ("resubmitted", "submitted")
    assert result.summary["zero_line_replacements"] == []
    assert not [i for i in result.issues if i.code == "zero_line_replacement"]
