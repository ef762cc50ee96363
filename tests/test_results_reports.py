"""The month's results in the reports on a small month built here: the inputs hash that
makes an incremental run render a report again when a result changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from oneplan.month.run import run_month
from oneplan.report.context import ReportData
from oneplan.report.fingerprints import ReportInputs
from oneplan.report.issuer import Issuer
from oneplan.settings import Settings
from tests.builders import agency, line, plan_item, write_plan, write_registry, write_submission
from tests.conftest import PERIOD

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def measured(item: dict, indicator: str, unit: str, target: int) -> dict:
    return {**item, "indicator": indicator, "unit": unit, "target": target}


def reported(row: dict, quantity=None, progress=None, result=None, **counts) -> dict:
    return {**row, "quantity": quantity, "progress": progress, "result": result, **counts}


@pytest.fixture
def results_month(tmp_path) -> Settings:
    """AREA-1: KS-01 (80 households) co-funded by AG-A (25) and AG-B (30); KS-02 (150
    people) funded by AG-B, nothing delivered; KS-03 without an indicator, AG-A wrote what
    it did. AREA-2: KS-01 (10 households), AG-C delivered 1."""
    inputs = tmp_path / "inputs"
    write_plan(
        inputs,
        [
            measured(plan_item(item="KS-01"), "ครัวเรือนที่ได้รับเมล็ดพันธุ์", "ครัวเรือน", 80),
            measured(
                plan_item(item="KS-02", category="สวัสดิการ", priority=2), "สมาชิกใหม่", "คน", 150
            ),
            plan_item(item="KS-03", required=0, priority=3),
            measured(plan_item(area="AREA-2", item="KS-01"), "ครัวเรือนที่ได้รับ", "ครัวเรือน", 10),
        ],
    )
    write_registry(
        inputs, [agency("AG-A", "AREA-1"), agency("AG-B", "AREA-1"), agency("AG-C", "AREA-2")]
    )
    drop = inputs / "submissions"
    write_submission(
        drop / "a.xlsx",
        "AG-A",
        "AREA-1",
        PERIOD,
        [
            reported(
                line(1, 60_000, "KS-01"), 25, "เสร็จแล้ว", "แจกเมล็ดพันธุ์ 25 ครัวเรือน", households=25
            ),
            reported(line(2, 0, "KS-03"), result="ประชุมคณะทำงานแล้ว", people=12),
        ],
    )
    write_submission(
        drop / "b.xlsx",
        "AG-B",
        "AREA-1",
        PERIOD,
        [
            reported(line(1, 40_000, "KS-01"), 30, "กำลังดำเนินการ", households=30),
            line(2, 20_000, "KS-02"),
        ],
    )
    write_submission(
        drop / "c.xlsx", "AG-C", "AREA-2", PERIOD, [reported(line(1, 5_000, "KS-01"), 1)]
    )
    return Settings(inputs=inputs, outputs=tmp_path / "outputs", state=tmp_path / "state")


def test_a_reports_inputs_hash_changes_with_its_areas_results(results_month):
    result = run_month(results_month, PERIOD, NOW)

    def hashes(reconciliation) -> dict[str, str]:
        data = ReportData(
            reconciliation,
            result.reference.plan.items,
            result.reference.registry.agencies,
            result.issues,
            "th",
            NOW.date(),
            issuer=Issuer(run_at=NOW),
        )
        inputs = ReportInputs(data, {"agency": "a", "network": "n", "level": "l"})
        return {
            **{f"network_{area}": inputs.network(area) for area in ("AREA-1", "AREA-2")},
            **{code: inputs.agency(code) for code in ("AG-A", "AG-B", "AG-C")},
        }

    reconciliation = result.reconciliation
    before = hashes(reconciliation)
    assert hashes(reconciliation) == before
    results = reconciliation.results
    # AG-B's part of AREA-1's KS-01 is corrected from 30 to 31 households (and the total).
    items = results.items.copy()
    items.loc[
        (items["area_code"] == "AREA-1") & (items["plan_item_id"] == "KS-01"), "delivered"
    ] = Decimal(56)
    parts = results.contributions.copy()
    parts.loc[(parts["agency_code"] == "AG-B") & (parts["plan_item_id"] == "KS-01"), "quantity"] = (
        Decimal(31)
    )
    for changed in (
        dataclasses.replace(results, items=items),
        dataclasses.replace(results, contributions=parts),
    ):
        after = hashes(dataclasses.replace(reconciliation, results=changed))
        # Every report reading AREA-1 is rendered again; AREA-2's are kept.
        assert {name for name in before if before[name] != after[name]} == {
            "network_AREA-1",
            "AG-A",
            "AG-B",
        }
