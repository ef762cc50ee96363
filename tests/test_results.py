"""Results per plan item across partners (#29), run as a user runs the month.

One area, a plan item CC-01 with a target of ๑๒๐ households (baseline 40) funded by three
agencies, an item KS-01 with a target and no results, an item KS-02 without an indicator.

- October: AG-A reports 20, AG-B 10, AG-C 5 (AG-C sends nothing in November: carried).
- November: AG-A reports 18 + สิบสอง (12) = 30 on two lines (and 7 in คน on a third line:
  another unit, not added); AG-B first 15, then a corrected file with 8 and a note.

November, 2 of 12 months gone: CC-01 delivered 30 + 8 + 5 = 43 of 120, progress 43/120 =
0.358333… → 0.3583 ≥ 0.1667: on track; 8 more than October's 35. KS-01: 0 of 50, not
started. Every figure below is worked out by hand from these.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from oneplan.month.run import run_month
from oneplan.reconcile.results import elapsed_share, result_state
from oneplan.settings import Settings
from tests.builders import agency, line, plan_item, write_plan, write_registry, write_submission

OCTOBER_RUN = dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC)
NOVEMBER_RUN = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
OLD_COLUMNS = [
    "line_no", "plan_item_id", "activity", "category", "village", "budget", "disbursed",
    "support_type", "start_date", "end_date", "note",
]  # fmt: skip


def _measured(item: dict, indicator=None, unit=None, baseline=None, target=None) -> dict:
    return {**item, "indicator": indicator, "unit": unit, "baseline": baseline, "target": target}


def _result(row: dict, **results) -> dict:
    return {**row, **results}


def _inputs(tmp_path) -> Settings:
    inputs = tmp_path / "inputs"
    write_plan(
        inputs,
        [
            _measured(
                plan_item(item="CC-01", required=300_000, category="องค์กรชุมชน"),
                "ครัวเรือนที่ได้รับบริการ",
                "ครัวเรือน",
                40,
                "๑๒๐",
            ),
            _measured(plan_item(item="KS-01", required=50_000), "ไร่ที่ปลูก", "ไร่", None, 50),
            plan_item(item="KS-02", required=20_000, priority=3),
        ],
    )
    write_registry(
        inputs, [agency(code, "AREA-1", name=f"หน่วย {code}") for code in ("AG-A", "AG-B", "AG-C")]
    )
    return Settings(inputs=inputs, outputs=tmp_path / "outputs", state=tmp_path / "state")


def _send(settings: Settings, name: str, code: str, period: str, lines: list, when) -> None:
    write_submission(
        settings.inputs / "submissions" / name, code, "AREA-1", period, lines, mtime=when
    )


def _october(settings: Settings) -> None:
    when = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    _send(settings, "a10.xlsx", "AG-A", "2026-10", [_result(line(1, 100_000, "CC-01"), quantity=20, progress="กำลังดำเนินการ")], when)  # fmt: skip
    _send(settings, "b10.xlsx", "AG-B", "2026-10", [_result(line(1, 50_000, "CC-01"), quantity=10)], when)  # fmt: skip
    _send(settings, "c10.xlsx", "AG-C", "2026-10", [_result(line(1, 30_000, "CC-01"), quantity=5, progress="เสร็จ", households=5)], when)  # fmt: skip


def _november(settings: Settings) -> None:
    first = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    _send(settings, "a11.xlsx", "AG-A", "2026-11", [
        _result(line(1, 60_000, "CC-01"), quantity=18, unit="ครัวเรือน", progress="เสร็จแล้ว",
                households=18, result="อบรมครัวเรือนรุ่นที่ 1"),
        _result(line(2, 40_000, "CC-01", disbursed=10_000), quantity="สิบสอง",
                progress="อยู่ระหว่างดำเนินการ", households="๑๒"),
        _result(line(3, 10_000, "CC-01"), quantity=7, unit="คน"),
        line(4, 5_000, "KS-02"),
        _result(line(5, 1_000, "CC-01"), quantity="3 ไร่"),  # the unit typed after the number
    ], first)  # fmt: skip
    _send(settings, "b11.xlsx", "AG-B", "2026-11", [_result(line(1, 50_000, "CC-01"), quantity=15)], first)  # fmt: skip
    corrected = dt.datetime(2026, 12, 2, tzinfo=dt.UTC)
    _send(settings, "b11-fixed.xlsx", "AG-B", "2026-11", [
        {**_result(line(1, 50_000, "CC-01"), quantity=8, progress="กำลังดำเนินการ"),
         "note": "เดือนก่อนนับครัวเรือนซ้ำ แก้เป็น 8"},
    ], corrected)  # fmt: skip


@pytest.fixture(scope="module")
def november_run(tmp_path_factory):
    settings = _inputs(tmp_path_factory.mktemp("results"))
    _october(settings)
    run_month(settings, "2026-10", OCTOBER_RUN)
    _november(settings)
    return settings, run_month(settings, "2026-11", NOVEMBER_RUN)


@pytest.fixture(scope="module")
def november(november_run):
    return november_run[1]


def _item(result, item: str) -> dict:
    items = result.reconciliation.results.items
    return items[items["plan_item_id"] == item].iloc[0].to_dict()


def _parts(result, item: str) -> dict[str, dict]:
    parts = result.reconciliation.results.contributions
    return {r["agency_code"]: r for r in parts[parts["plan_item_id"] == item].to_dict("records")}


def test_three_partners_add_their_parts_to_the_item_they_share(november):
    item = _item(november, "CC-01")
    assert item["target"] == Decimal(120) and item["baseline"] == Decimal(40)
    assert item["delivered"] == Decimal(43)  # 30 (AG-A) + 8 (AG-B, corrected) + 5 (AG-C, carried)
    assert item["progress"] == 0.3583 and item["expected_progress"] == 0.1667
    assert item["state"] == "on_track"
    assert item["delivered_change"] == Decimal(8)  # October: 20 + 10 + 5 = 35
    assert (item["n_reporting"], item["agencies"], item["co_funded"]) == (
        3,
        "AG-A, AG-B, AG-C",
        True,
    )
    assert item["households"] == 35  # 18 + 12 (AG-A) + 5 (AG-C): as each partner reports
    # AG-A's lines are done and ongoing, AG-B's ongoing, AG-C's done: ongoing across partners
    assert item["progress_status"] == "ongoing"


def test_each_partner_keeps_its_own_part_and_its_change(november):
    parts = _parts(november, "CC-01")
    assert {a: p["quantity"] for a, p in parts.items()} == {
        "AG-A": Decimal(30),  # 18 + สิบสอง; the 7 คน and the 3 ไร่ are other units, not added
        "AG-B": Decimal(8),
        "AG-C": Decimal(5),
    }
    assert {a: p["quantity_change"] for a, p in parts.items()} == {
        "AG-A": Decimal(10),
        "AG-B": Decimal(-2),
        "AG-C": Decimal(0),
    }
    assert (parts["AG-A"]["progress"], parts["AG-C"]["progress"]) == ("ongoing", "done")
    assert parts["AG-A"]["results"] == "อบรมครัวเรือนรุ่นที่ 1"


def test_an_item_with_a_target_and_no_results_has_not_started(november):
    item = _item(november, "KS-01")
    assert (item["delivered"], item["progress"], item["state"]) == (Decimal(0), 0.0, "not_started")
    assert "KS-02" not in set(november.reconciliation.results.items["plan_item_id"])


def test_counts_per_category_and_area(november):
    categories = november.reconciliation.categories.set_index("category")
    assert categories.loc[
        "องค์กรชุมชน", ["items_on_track", "items_behind", "items_not_started"]
    ].tolist() == [1, 0, 0]
    assert categories.loc[
        "เกษตร", ["items_on_track", "items_behind", "items_not_started"]
    ].tolist() == [0, 0, 1]
    (area,) = november.reconciliation.areas
    assert area["results"] == {"on_track": 1, "behind": 0, "not_started": 1}
    network = november.reconciliation.rollups.levels["network"].iloc[0]
    assert (network["items_on_track"], network["items_behind"], network["items_not_started"]) == (
        1,
        0,
        1,
    )


def test_a_lower_quantity_with_a_note_is_counted_without_a_warning_and_units_are_checked(november):
    codes = {(i.source_file, i.code, i.cell) for i in november.issues if i.severity == "warning"}
    assert ("a11.xlsx", "unit_mismatch", "N4") in codes
    assert ("a11.xlsx", "unit_mismatch", "M6") in codes  # `3 ไร่`: told on the quantity
    assert not any(code == "quantity_decreased" for _, code, _ in codes)


def test_the_results_tables_are_written(november_run):
    folder = november_run[0].period_outputs("2026-11") / "tables"
    results = pd.read_parquet(folder / "results.parquet")
    row = results[results["plan_item_id"] == "CC-01"].iloc[0]
    assert (row["delivered"], row["target"], row["state"]) == (43.0, 120.0, "on_track")
    parts = pd.read_parquet(folder / "result_contributions.parquet")
    assert sorted(parts.loc[parts["plan_item_id"] == "CC-01", "agency_code"]) == [
        "AG-A",
        "AG-B",
        "AG-C",
    ]


def test_a_lower_quantity_without_a_note_is_told_on_its_cell(tmp_path):
    settings = _inputs(tmp_path)
    _october(settings)
    run_month(settings, "2026-10", OCTOBER_RUN)
    _send(settings, "b11.xlsx", "AG-B", "2026-11", [_result(line(1, 50_000, "CC-01"), quantity=6)], dt.datetime(2026, 12, 1, tzinfo=dt.UTC))  # fmt: skip
    _send(settings, "a11.xlsx", "AG-A", "2026-11", [_result(line(1, 50_000, "CC-01"), quantity=6)], dt.datetime(2026, 12, 1, tzinfo=dt.UTC))  # fmt: skip
    result = run_month(settings, "2026-11", NOVEMBER_RUN)
    found = {(i.source_file, i.code, i.cell): i for i in result.issues}
    decreased = found[("b11.xlsx", "quantity_decreased", "M2")]
    assert "6 ครัวเรือน" in decreased.message_th and "(10 ครัวเรือน)" in decreased.message_th
    assert "ตุลาคม 2569" in decreased.message_th
    assert ("a11.xlsx", "quantity_decreased", "M2") in found  # 6 < October's 20
    # the same 6 by two co-funders: likely one result reported twice, each told
    same = found[("a11.xlsx", "quantity_same_as_partner", "M2")]
    assert "หน่วย AG-B" in same.message_th
    assert ("b11.xlsx", "quantity_same_as_partner", "M2") in found


def test_a_workbook_without_results_columns_gives_todays_figures(tmp_path):
    """The same month, its workbooks with and without the results columns: identical
    money figures, statuses and issues; no result is made up."""
    outcomes = []
    for name, columns in (("with", None), ("without", OLD_COLUMNS)):
        settings = _inputs(tmp_path / name)
        write_submission(
            settings.inputs / "submissions" / "a.xlsx", "AG-A", "AREA-1", "2026-11",
            [line(1, 60_000, "CC-01", disbursed=1_000), line(2, 5_000)], line_columns=columns,
        )  # fmt: skip
        outcomes.append(run_month(settings, "2026-11", NOVEMBER_RUN))
    with_columns, without = (o.reconciliation for o in outcomes)
    for table in ("plan_items", "agencies", "categories"):
        frames = [
            getattr(r, table).drop(columns="submission_id", errors="ignore")
            for r in (with_columns, without)
        ]
        pd.testing.assert_frame_equal(*frames)  # the files differ: only their hashes do
    assert with_columns.areas == without.areas
    assert [(i.code, i.cell) for i in outcomes[0].issues] == [
        (i.code, i.cell) for i in outcomes[1].issues
    ]
    items = without.results.items.set_index("plan_item_id")
    assert items.loc["CC-01", "delivered"] == 0 and items.loc["CC-01", "state"] == "not_started"
    assert without.results.contributions["quantity"].isna().all()


@pytest.mark.parametrize(
    ("period", "share"),
    [("2026-10", "1/12"), ("2026-11", "2/12"), ("2027-03", "6/12"), ("2027-09", "12/12")],
)
def test_the_share_of_the_fiscal_year_elapsed(period, share):
    from fractions import Fraction

    assert elapsed_share(period) == Fraction(*map(int, share.split("/")))


@pytest.mark.parametrize(
    ("delivered", "target", "state"),
    [
        ("10", "120", "behind"),  # 10/120 = 0.083 < 2/12
        ("20", "120", "on_track"),  # exactly 2/12
        ("0", "120", "not_started"),
        ("5", "0", "no_target"),
        (None, None, "no_target"),
    ],
)
def test_an_item_is_on_track_from_the_share_of_the_year_elapsed(delivered, target, state):
    def as_decimal(v):
        return None if v is None else Decimal(v)

    assert (
        result_state(as_decimal(delivered), as_decimal(target), elapsed_share("2026-11")) == state
    )


def test_an_arrival_reuses_kept_readings_and_gives_the_results_of_a_full_run(tmp_path):
    settings = _inputs(tmp_path)
    _october(settings)
    run_month(settings, "2026-10", OCTOBER_RUN)
    _november(settings)
    run_month(settings, "2026-11", NOVEMBER_RUN)
    late = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)
    _send(settings, "c11.xlsx", "AG-C", "2026-11", [_result(line(1, 30_000, "CC-01"), quantity="๙ ครัวเรือน")], late)  # fmt: skip
    arrival = run_month(settings, "2026-11", NOVEMBER_RUN + dt.timedelta(hours=1))
    full = run_month(settings, "2026-11", NOVEMBER_RUN + dt.timedelta(hours=2), full=True)
    for table in ("items", "contributions"):
        pd.testing.assert_frame_equal(
            getattr(arrival.reconciliation.results, table),
            getattr(full.reconciliation.results, table),
        )
    assert _item(arrival, "CC-01")["delivered"] == Decimal(47)  # 30 + 8 + 9
    assert [(i.source_file, i.code, i.cell) for i in arrival.issues] == [
        (i.source_file, i.code, i.cell) for i in full.issues
    ]


def test_a_closed_area_keeps_its_targets_and_a_closing_of_before_results_has_none(tmp_path):
    """An area's closing pins its plan items with their targets (exact, as text); a later
    plan does not move them. A closing pinned before results existed has no target."""
    from oneplan.ledger.closures import ClosureRecord
    from oneplan.month.closing import pin, with_closed_areas
    from oneplan.month.reference import check_reference

    settings = _inputs(tmp_path)
    _november(settings)
    run_month(settings, "2026-11", NOVEMBER_RUN, closing_by="somchai", closing_area="AREA-1")
    write_plan(settings.inputs, [_measured(plan_item(item="CC-01"), "ครัวเรือน", "ครัวเรือน", 0, 999)])
    later = run_month(settings, "2026-11", NOVEMBER_RUN + dt.timedelta(days=1))
    assert _item(later, "CC-01")["target"] == Decimal(120)  # as closed, not 999

    reference = check_reference(settings)
    pinned = pin(reference, "2026-11", "AREA-1")
    for row in pinned["plan_items"]:  # as a closing made before #29 kept them
        for name in ("indicator", "unit", "baseline", "target"):
            row.pop(name)
    closed = {"AREA-1": ClosureRecord("2026-11", "close", "somchai", NOVEMBER_RUN, area_code="AREA-1", pinned=pinned)}  # fmt: skip
    items = with_closed_areas(reference, closed).plan.items
    assert items["target"].map(lambda v: v is None).all()
