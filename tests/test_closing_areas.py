"""Closing one area of a period: its figures stay as the closing made them (its plan items
and expected agencies pinned, its later files not counted) while the other area goes on;
`reopen --area` lets its later files count.

November 2026 of two areas: AG-A works in AREA-1 (30,000 on KS-01), AG-B in AREA-2 (20,000
on KS-01), AG-C in AREA-1 has sent nothing. AREA-1 is closed on 12 Dec; on 14 Dec the plan
raises both areas' KS-01, AG-A sends a correction, AG-C a late file, AG-B a correction.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from oneplan.ledger import open_ledger
from oneplan.ledger.closures import ClosureRecord
from oneplan.month.run import run_month
from oneplan.settings import Settings
from tests.builders import agency, line, plan_item, write_plan, write_registry, write_submission
from tests.builders import bangkok_moment as at
from tests.conftest import PERIOD
from tests.test_cli import oneplan
from tests.test_reports import document_text

LONG_AGO = dt.datetime(2026, 11, 20, 1, 0, tzinfo=dt.UTC)


def plan(inputs, required_1: int, required_2: int) -> None:
    write_plan(
        inputs,
        [plan_item("AREA-1", "KS-01", required_1), plan_item("AREA-2", "KS-01", required_2)],
    )


@pytest.fixture
def two_areas(tmp_path) -> Settings:
    inputs = tmp_path / "inputs"
    plan(inputs, 100_000, 100_000)
    write_registry(
        inputs, [agency("AG-A", "AREA-1"), agency("AG-B", "AREA-2"), agency("AG-C", "AREA-1")]
    )
    for code, area, budget in (("AG-A", "AREA-1", 30_000), ("AG-B", "AREA-2", 20_000)):
        write_submission(
            inputs / "submissions" / f"{code}.xlsx", code, area, PERIOD,
            [line(1, budget, "KS-01")], mtime=LONG_AGO,
        )  # fmt: skip
    return Settings(inputs=inputs, outputs=tmp_path / "outputs", state=tmp_path / "state")


def by_area(settings: Settings) -> dict[str, tuple[int, int]]:
    """Each area's required and committed baht (its one plan item's)."""
    path = settings.period_outputs(PERIOD) / "tables" / "plan_items.parquet"
    items = pd.read_parquet(path).groupby("area_code")[["required", "committed"]].sum()
    return {area: (int(row.required), int(row.committed)) for area, row in items.iterrows()}


def statuses(settings: Settings) -> dict:
    frame = pd.read_parquet(settings.period_outputs(PERIOD) / "tables" / "timeliness.parquet")
    return dict(zip(frame["agency_code"], frame["status"], strict=True))


def test_a_closed_area_keeps_its_figures_while_the_other_area_goes_on(two_areas):
    settings = two_areas
    closing = run_month(
        settings, PERIOD, at("2026-12-12 09:00"), closing_by="somchai", closing_area="AREA-1"
    )
    assert closing.unchanged is None
    folder = settings.period_outputs(PERIOD)
    assert "ปิดงวดแล้ว" in document_text(folder / "reports" / "network_AREA-1.docx")
    assert "ปิดงวดแล้ว" in document_text(folder / "reports" / "AG-A.docx")
    assert "ปิดงวดแล้ว" not in document_text(folder / "reports" / "network_AREA-2.docx")
    assert "ปิดงวดแล้ว" not in document_text(folder / "reports" / "AG-B.docx")
    ledger = open_ledger(settings)
    assert ledger.closure(PERIOD) is None  # the period itself stays open
    (record,) = ledger.closures(PERIOD)
    assert (record.action, record.area_code, record.recorded_by) == ("close", "AREA-1", "somchai")
    assert record.pinned["expected"] == ["AG-A", "AG-C"]
    assert [i["required_budget"] for i in record.pinned["plan_items"]] == [10_000_000]
    assert set(ledger.closed_areas(PERIOD)) == {"AREA-1"}
    # 100,000 baht required in each area; 30,000 and 20,000 committed.
    assert by_area(settings) == {
        "AREA-1": (100_000, 30_000),
        "AREA-2": (100_000, 20_000),
    }

    # Two days later: the plan raises both areas' item, AG-A corrects, AG-C is late, AG-B
    # corrects; the registry moves AG-C out of AREA-1.
    plan(settings.inputs, 150_000, 150_000)
    write_registry(
        settings.inputs, [agency("AG-A", "AREA-1"), agency("AG-B", "AREA-2"), agency("AG-C")]
    )
    drop = settings.drop_zone
    for code, area, budget in (("AG-A", "AREA-1", 45_000), ("AG-C", "AREA-1", 10_000)):
        write_submission(
            drop / f"{code}-late.xlsx", code, area, PERIOD,
            [line(1, budget, "KS-01"), line(2, 5, "ZZ-9")], mtime=LONG_AGO,
        )  # fmt: skip
    write_submission(
        drop / "AG-B-v2.xlsx", "AG-B", "AREA-2", PERIOD, [line(1, 25_000, "KS-01")], mtime=LONG_AGO
    )
    run_month(settings, PERIOD, at("2026-12-14 10:00"))

    assert by_area(settings) == {
        "AREA-1": (100_000, 30_000),  # as closed: the old plan, AG-A's first file
        "AREA-2": (150_000, 25_000),  # goes on: the new plan, AG-B's correction
    }
    # AG-C is still expected in AREA-1 (pinned) and its late file does not count.
    # (AG-A's and AG-B's first files were first seen on 12 Dec, after the 10 Dec deadline.)
    assert statuses(settings) == {"AG-A": "late", "AG-B": "late", "AG-C": "missing"}
    assert "ปิดงวดแล้ว" in document_text(folder / "reports" / "network_AREA-1.docx")
    listed = json.loads((folder / "after-close" / "arrived.json").read_text(encoding="utf-8"))
    assert [(f["file"], f["area_code"]) for f in listed] == [
        ("AG-A-late.xlsx", "AREA-1"),
        ("AG-C-late.xlsx", "AREA-1"),
    ]
    assert (folder / "after-close" / "feedback" / "AG-A_AREA-1_2026-11.xlsx").is_file()
    assert not (folder / "feedback" / "AG-A_AREA-1_2026-11.xlsx").exists()
    again = run_month(settings, PERIOD, at("2026-12-14 11:00"))
    assert again.unchanged is not None  # nothing new: the period is not made again

    # Reopened: the later files, the plan and the registry as they are now count.
    ledger.record_closure(
        ClosureRecord(PERIOD, "reopen", "malee", at("2026-12-15 09:00"), "แก้ไข", None, "AREA-1")
    )
    assert ledger.closed_areas(PERIOD) == {}
    run_month(settings, PERIOD, at("2026-12-15 10:00"))
    assert by_area(settings) == {
        "AREA-1": (150_000, 55_000),  # AG-A's 45,000 and AG-C's 10,000, as any file counts
        "AREA-2": (150_000, 25_000),
    }
    assert statuses(settings) == {"AG-A": "late", "AG-B": "late"}  # AG-C: no longer expected
    assert "ปิดงวดแล้ว" not in document_text(folder / "reports" / "network_AREA-1.docx")
    assert not (folder / "after-close").exists()


def test_closing_an_area_from_the_command_line(two_areas, tmp_path):
    settings = two_areas
    env = {
        "ONEPLAN_INPUTS": str(settings.inputs),
        "ONEPLAN_OUTPUTS": str(settings.outputs),
        "ONEPLAN_STATE": str(settings.state),
    }
    unknown = oneplan(
        "close", "--period", PERIOD, "--area", "AREA-9", "--lang", "en", cwd=tmp_path, **env
    )
    assert unknown.returncode == 1 and "the plan has no area AREA-9" in unknown.stderr
    closed = oneplan(
        "close", "--period", PERIOD, "--area", "AREA-2", "--by", "somchai", cwd=tmp_path, **env
    )
    assert closed.returncode == 0, closed.stderr
    assert "ปิดงวดเดือนพฤศจิกายน 2569 ของพื้นที่ AREA-2 แล้ว โดย somchai" in closed.stdout
    again = oneplan(
        "close", "--period", PERIOD, "--area", "AREA-2", "--lang", "en", cwd=tmp_path, **env
    )
    assert again.returncode == 1 and "area AREA-2 of 2026-11 was closed at" in again.stderr
    whole = oneplan(
        "reopen", "--period", PERIOD, "--reason", "x", "--lang", "en", cwd=tmp_path, **env
    )
    assert whole.returncode == 1 and "some of its areas are: AREA-2" in whole.stderr
    status = oneplan("status", "--period", PERIOD, "--lang", "en", cwd=tmp_path, **env)
    assert status.stdout.splitlines()[1].startswith("area AREA-2 closed at ")
    reopened = oneplan(
        "reopen", "--period", PERIOD, "--area", "AREA-2", "--reason", "แก้ไขตัวเลข",
        "--by", "malee", "--lang", "en", cwd=tmp_path, **env,
    )  # fmt: skip
    assert reopened.returncode == 0, reopened.stderr
    assert "Area AREA-2 of 2026-11 is open again, by malee" in reopened.stdout
    # Reopening ran the period: the area's reports no longer say closed.
    assert "The period has been run again" in reopened.stdout
    summary = settings.period_outputs(PERIOD) / "reports" / "network_AREA-2.docx"
    assert "ปิดงวดแล้ว" not in document_text(summary)
    history = oneplan("history", "--lang", "en", cwd=tmp_path, **env).stdout
    assert "  2026-11  area AREA-2 closed " in history
    # Per period: open, and who reported (the counts depend on today's date: a file first
    # seen now is on time before 10 Dec 2026 and late after).
    assert "  2026-11  open · on time " in history and " of 3, late " in history
    agency = json.loads(
        oneplan("history", "--agency", "AG-C", "--json", cwd=tmp_path, **env).stdout
    )
    assert agency["periods"] == [
        {
            "period": "2026-11",
            "closed": False,
            "closed_areas": [],
            "areas": [
                {
                    "area_code": "AREA-1",
                    "status": agency["periods"][0]["areas"][0]["status"],
                    "minutes_late": None,
                }
            ],
        }
    ]
    assert agency["periods"][0]["areas"][0]["status"] in ("pending", "missing")
    assert "  2026-11  area AREA-2 reopened " in history and "because: แก้ไขตัวเลข" in history

    # Closing each area in turn: the last one says that no area is open any more.
    for area, said in (("AREA-1", "Area AREA-1 of 2026-11 is closed"), ("AREA-2", "every area")):
        closed = oneplan(
            "close", "--period", PERIOD, "--area", area, "--lang", "en", cwd=tmp_path, **env
        )
        assert closed.returncode == 0 and said in closed.stdout, closed.stdout + closed.stderr
    history = oneplan("history", "--lang", "en", cwd=tmp_path, **env).stdout
    assert "  2026-11  closed · on time " in history


def test_a_closed_area_stays_in_the_district_and_province_its_closing_kept(two_areas):
    settings = two_areas

    def placed(province_2: str) -> None:
        write_plan(
            settings.inputs,
            [
                {**plan_item("AREA-1", "KS-01", 100_000), "district": "ควนขนุน", "province": "พัทลุง"},
                {
                    **plan_item("AREA-2", "KS-01", 100_000),
                    "district": "หาดใหญ่",
                    "province": province_2,
                },
            ],
        )

    def provinces() -> dict:
        found = json.loads((settings.period_outputs(PERIOD) / "summary.json").read_text())
        return {area["area_code"]: area["province"] for area in found["areas"]}

    placed("สงขลา")
    run_month(settings, PERIOD, at("2026-12-12 09:00"), closing_by="somchai", closing_area="AREA-2")
    assert provinces() == {"AREA-1": "พัทลุง", "AREA-2": "สงขลา"}
    placed("พัทลุง")  # the plan moves AREA-2 (wrongly) after its closing
    run_month(settings, PERIOD, at("2026-12-14 09:00"))
    assert provinces() == {"AREA-1": "พัทลุง", "AREA-2": "สงขลา"}  # as closed
