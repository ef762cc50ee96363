"""Closing a period: its outputs frozen, files arriving later received and given feedback
beside them in `after-close/` but not counted, until `reopen` lets them count.

November 2026 of one area: AG-A and AG-B have sent their files; the period is closed on
12 Dec; AG-A's corrected file and AG-C's late file arrive on 14 Dec.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from oneplan.ledger import open_ledger
from oneplan.ledger.closures import ClosureRecord
from oneplan.month.intake import take_in, take_in_and_refresh
from oneplan.month.run import run_month
from oneplan.settings import Settings
from tests.builders import agency, line, plan_item, write_plan, write_registry, write_submission
from tests.builders import bangkok_moment as at
from tests.conftest import PERIOD
from tests.test_cli import oneplan
from tests.test_reports import document_text

LONG_AGO = dt.datetime(2026, 11, 20, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def one_area(tmp_path) -> Settings:
    inputs = tmp_path / "inputs"
    write_plan(inputs, [plan_item("AREA-1", "KS-01", 100_000)])
    write_registry(
        inputs, [agency("AG-A", "AREA-1"), agency("AG-B", "AREA-1"), agency("AG-C", "AREA-1")]
    )
    for code, budget in (("AG-A", 30_000), ("AG-B", 20_000)):
        write_submission(
            inputs / "submissions" / f"{code}.xlsx", code, "AREA-1", PERIOD,
            [line(1, budget, "KS-01")], mtime=LONG_AGO,
        )  # fmt: skip
    return Settings(inputs=inputs, outputs=tmp_path / "outputs", state=tmp_path / "state")


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file of the period's folder but `after-close/`: its inode and modification."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and not relative.startswith("after-close"):
            stat = path.stat()
            found[relative] = (stat.st_ino, stat.st_mtime_ns)
    return found


def committed(settings: Settings) -> int:
    items = pd.read_parquet(settings.period_outputs(PERIOD) / "tables" / "plan_items.parquet")
    return int(items["committed"].sum())


def test_a_closed_period_stays_as_closed_until_it_is_reopened(one_area):
    settings = one_area
    run_month(settings, PERIOD, at("2026-12-05 09:00"))
    closing = run_month(settings, PERIOD, at("2026-12-12 09:00"), closing_by="somchai")
    assert closing.unchanged is None  # the closing run makes the outputs, saying closed
    folder = settings.period_outputs(PERIOD)
    report = document_text(folder / "reports" / "network_AREA-1.docx")
    assert "ปิดงวดแล้ว" in report
    assert "ปิดงวดแล้ว" in document_text(folder / "reports" / "AG-A.docx")
    (closure,) = open_ledger(settings).closures(PERIOD)
    assert (closure.action, closure.recorded_by) == ("close", "somchai")
    assert set(closure.inputs) == {"plan/plan.xlsx", "agencies.xlsx"}
    frozen, figures = snapshot(folder), committed(settings)
    assert figures == 50_000

    # Two files arrive after the closing: AG-A's correction and AG-C's late file.
    drop = settings.drop_zone
    write_submission(
        drop / "AG-A-v2.xlsx",
        "AG-A",
        "AREA-1",
        PERIOD,
        [line(1, 45_000, "KS-01"), line(2, 5, "ZZ-9")],
        mtime=LONG_AGO,
    )
    write_submission(
        drop / "AG-C.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 10_000, "KS-01")], mtime=LONG_AGO
    )
    after = run_month(settings, PERIOD, at("2026-12-14 10:00"))

    assert after.unchanged is not None and after.unchanged.closed == closure
    assert sorted(after.unchanged.after_close) == ["AG-A-v2.xlsx", "AG-C.xlsx"]
    assert snapshot(folder) == frozen and committed(settings) == figures
    # Received: archived and recorded, with their readings.
    ledger = open_ledger(settings)
    paths = {record.first_path: record for record in ledger.received()}
    assert {"AG-A-v2.xlsx", "AG-C.xlsx"} <= set(paths)
    assert all(paths[name].read_at for name in ("AG-A-v2.xlsx", "AG-C.xlsx"))
    # Their feedback and their list, beside the frozen outputs.
    listed = json.loads((folder / "after-close" / "arrived.json").read_text(encoding="utf-8"))
    assert [(f["file"], f["agency_code"], f["arrived_at"]) for f in listed] == [
        ("AG-A-v2.xlsx", "AG-A", "2026-12-14 10:00:00 +07:00"),
        ("AG-C.xlsx", "AG-C", "2026-12-14 10:00:00 +07:00"),
    ]
    assert (folder / "after-close" / "feedback" / "AG-A_AREA-1_2026-11.xlsx").is_file()
    # Under serve, the intake gives a new file (with a problem) its feedback there too,
    # and the closed period is not run again.
    write_submission(
        drop / "AG-B-v2.xlsx",
        "AG-B",
        "AREA-1",
        PERIOD,
        [line(1, 21_000, "KS-01"), line(2, 0, "ZZ-8")],
        mtime=LONG_AGO,
    )
    assert take_in(settings, at("2026-12-14 11:00")) == [PERIOD]
    assert (folder / "after-close" / "feedback" / "AG-B_AREA-1_2026-11.xlsx").is_file()
    listed = json.loads((folder / "after-close" / "arrived.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in listed] == ["AG-A-v2.xlsx", "AG-C.xlsx", "AG-B-v2.xlsx"]
    ran: list[str] = []
    assert take_in_and_refresh(settings, ran.append) == [] and ran == []
    assert snapshot(folder) == frozen

    # Reopened: the files that arrived after the closing count at the next run.
    reopening = ClosureRecord(
        PERIOD, "reopen", "somchai", at("2026-12-15 08:00"), "แก้ไขตัวเลขของ อบต."
    )
    ledger.record_closure(reopening)
    assert ledger.closure(PERIOD) is None
    again = run_month(settings, PERIOD, at("2026-12-15 09:00"))
    assert again.unchanged is None
    assert committed(settings) == 45_000 + 21_000 + 10_000
    assert not (folder / "after-close").exists()
    assert "ปิดงวดแล้ว" not in document_text(folder / "reports" / "network_AREA-1.docx")
    assert [c.action for c in ledger.closures(PERIOD)] == ["close", "reopen"]
    # And it can be closed again; reopened with nothing new, its next run says open again.
    run_month(settings, PERIOD, at("2026-12-16 09:00"), closing_by="somchai")
    ledger.record_closure(ClosureRecord(PERIOD, "reopen", "somchai", at("2026-12-16 10:00"), "x"))
    reopened = run_month(settings, PERIOD, at("2026-12-16 11:00"))
    assert reopened.unchanged is None
    assert "ปิดงวดแล้ว" not in document_text(folder / "reports" / "network_AREA-1.docx")
    run_month(settings, PERIOD, at("2026-12-16 09:00"), closing_by="somchai")
    assert ledger.closure(PERIOD) is not None


def test_close_and_reopen_from_the_command_line_say_what_they_cannot_do(one_area, tmp_path):
    settings = one_area
    env = {
        "ONEPLAN_INPUTS": str(settings.inputs),
        "ONEPLAN_OUTPUTS": str(settings.outputs),
        "ONEPLAN_STATE": str(settings.state),
    }
    not_closed = oneplan(
        "reopen", "--period", PERIOD, "--reason", "x", "--lang", "en", cwd=tmp_path, **env
    )
    assert not_closed.returncode == 1 and "is not closed" in not_closed.stderr
    run_month(settings, PERIOD, at("2026-12-12 09:00"), closing_by="somchai")
    again = oneplan("close", "--period", PERIOD, "--lang", "en", cwd=tmp_path, **env)
    assert again.returncode == 1 and "was closed at" in again.stderr and "somchai" in again.stderr
    reopened = oneplan(
        "reopen",
        "--period",
        "11/2569",
        "--reason",
        "แก้ไขตัวเลข",
        "--by",
        "malee",
        cwd=tmp_path,
        **env,
    )
    assert reopened.returncode == 0, reopened.stderr
    assert "เปิดงวดเดือนพฤศจิกายน 2569 อีกครั้งแล้ว โดย malee เหตุผล: แก้ไขตัวเลข" in reopened.stdout
    assert "สรุปข้อมูลใหม่แล้ว" in reopened.stdout  # reopening runs the period
    folder = settings.period_outputs(PERIOD)
    assert "ปิดงวดแล้ว" not in document_text(folder / "reports" / "network_AREA-1.docx")
    (_, record) = open_ledger(settings).closures(PERIOD)
    assert (record.action, record.recorded_by, record.reason) == ("reopen", "malee", "แก้ไขตัวเลข")
    history = oneplan("history", "--lang", "en", cwd=tmp_path, **env).stdout
    assert "  2026-11  closed 2026-12-12 " in history and " by somchai" in history
    assert "  2026-11  reopened " in history and "by malee, because: แก้ไขตัวเลข" in history


def test_status_says_the_period_is_closed_and_lists_what_came_after(one_area, tmp_path):
    settings = one_area
    run_month(settings, PERIOD, at("2026-12-12 09:00"), closing_by="somchai")
    write_submission(
        settings.drop_zone / "AG-C.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [line(1, 10_000, "KS-01")],
        mtime=LONG_AGO,
    )
    run_month(settings, PERIOD, at("2026-12-14 10:00"))
    env = {"ONEPLAN_INPUTS": str(settings.inputs), "ONEPLAN_STATE": str(settings.state)}
    shown = oneplan("status", "--period", PERIOD, "--lang", "en", cwd=tmp_path, **env)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[1].startswith("closed at ") and lines[1].endswith(" by somchai")
    assert lines[2] == "  arrived after the closing (not counted): AG-C.xlsx"
    as_json = json.loads(
        oneplan("status", "--period", PERIOD, "--json", cwd=tmp_path, **env).stdout
    )
    assert [c["action"] for c in as_json["closings"]] == ["close"]
    assert as_json["after_close"] == [
        {"file": "AG-C.xlsx", "agency_code": "AG-C", "area_code": "AREA-1"}
    ]


def test_a_closed_period_is_closed_once_says_so_when_kept_and_is_made_again_if_lost(one_area):
    settings = one_area
    run_month(settings, PERIOD, at("2026-12-12 09:00"), closing_by="somchai")
    # A second closing that waited for the first (two `close` at once) records nothing.
    run_month(settings, PERIOD, at("2026-12-12 09:05"), closing_by="malee")
    ledger = open_ledger(settings)
    assert [(c.action, c.recorded_by) for c in ledger.closures(PERIOD)] == [("close", "somchai")]
    # A run with nothing new keeps the outputs and says the period is closed.
    kept = run_month(settings, PERIOD, at("2026-12-13 09:00"))
    assert kept.unchanged is not None and kept.unchanged.closed == ledger.closure(PERIOD)

    # The state folder restored without its outputs: the closed period is made again from
    # what its closing counted, its reports saying closed on the day it was closed.
    folder = settings.period_outputs(PERIOD)
    import shutil

    shutil.rmtree(settings.outputs)
    write_submission(
        settings.drop_zone / "AG-C.xlsx", "AG-C", "AREA-1", PERIOD,
        [line(1, 10_000, "KS-01")], mtime=LONG_AGO,
    )  # fmt: skip
    run_month(settings, PERIOD, at("2026-12-14 10:00"))
    assert committed(settings) == 50_000  # AG-C's file came after the closing
    report = document_text(folder / "reports" / "network_AREA-1.docx")
    assert "ปิดงวดแล้ว 12 ธ.ค. 2569" in report
    assert "ปิดงวดแล้ว 12 ธ.ค. 2569" in document_text(folder / "reports" / "AG-A.docx")
    listed = json.loads((folder / "after-close" / "arrived.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in listed] == ["AG-C.xlsx"]
    assert len(ledger.closures(PERIOD)) == 1


def test_the_intake_keeps_the_feedback_of_each_file_after_the_closing(one_area):
    """Two files of AG-C come after the closing, one intake each: the second's copy does
    not overwrite the first's, it takes its own `_<sha8>` name; neither is lost."""
    from openpyxl import load_workbook

    from oneplan.receive.files import sha256_of

    settings = one_area
    run_month(settings, PERIOD, at("2026-12-12 09:00"), closing_by="somchai")
    drop = settings.drop_zone
    write_submission(
        drop / "c1.xlsx", "AG-C", "AREA-1", PERIOD,
        [line(1, 10_000, "KS-01"), line(2, 5, "ZZ-9")], mtime=LONG_AGO,
    )  # fmt: skip
    assert take_in(settings, at("2026-12-14 10:00")) == [PERIOD]
    second = write_submission(
        drop / "c2.xlsx", "AG-C", "AREA-1", PERIOD,
        [line(1, 12_000, "KS-01"), line(2, 6, "ZZ-8")], mtime=LONG_AGO,
    )  # fmt: skip
    assert take_in(settings, at("2026-12-14 11:00")) == [PERIOD]

    feedback = settings.period_outputs(PERIOD) / "after-close" / "feedback"
    later = f"AG-C_AREA-1_{PERIOD}_{sha256_of(second)[:8]}.xlsx"
    assert sorted(p.name for p in feedback.iterdir()) == [f"AG-C_AREA-1_{PERIOD}.xlsx", later]

    def cells(name: str) -> set:
        book = load_workbook(feedback / name)
        return {c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row}

    assert "ZZ-9" in cells(f"AG-C_AREA-1_{PERIOD}.xlsx") and "ZZ-8" in cells(later)
