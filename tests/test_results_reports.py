"""The reports' results sections (`oneplan.report.results_section`) on a small month built
here: the network summary's table of what the partners achieved together, an agency's
part beside its partners', the sentence of an area without indicators, the English words,
and the inputs hash that makes an incremental run render a report again when a result
changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from docx import Document

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


def rows_of(path, header: str) -> list[list[str]]:
    """The rows of the document's tables whose first header cell is `header`."""
    return [
        [cell.text for cell in row.cells]
        for table in Document(path).tables
        if table.rows[0].cells[0].text == header
        for row in table.rows[1:]
    ]


def paragraphs(path) -> list[str]:
    return [p.text for p in Document(path).paragraphs]


def test_the_network_summary_shows_each_partners_part_co_funded_items_first(results_month):
    run_month(results_month, PERIOD, NOW)
    path = results_month.outputs / PERIOD / "reports" / "network_AREA-1.docx"
    assert (
        "โครงการที่มีค่าเป้าหมาย 2 โครงการ ได้แก่ ผลงานตามเป้า 1 โครงการ ยังไม่มีผลงาน 1 โครงการ"
        " (ตามเป้า หมายถึง ผลงานสะสมไม่น้อยกว่าสัดส่วนของปีงบประมาณที่ผ่านไป คือ 2 ใน 12 เดือน"
        " หรือร้อยละ 16.67 ของค่าเป้าหมาย)"
    ) in paragraphs(path)
    # 25 + 30 = 55 of 80 households: 68.75% against 2/12 of the year; the beneficiaries
    # (55 households) only repeat it and are left out.
    assert rows_of(path, "โครงการ / ตัวชี้วัด (หน่วยนับ)") == [
        ["โครงการที่ภาคีสนับสนุนร่วมกัน"] * 4,
        [
            "KS-01 โครงการ KS-01\nตัวชี้วัด: ครัวเรือนที่ได้รับเมล็ดพันธุ์ (ครัวเรือน)",
            "55 จาก 80",
            "68.75%\nตามเป้า",
            "หน่วยงาน AG-A 25\nหน่วยงาน AG-B 30",
        ],
        ["โครงการอื่นที่มีตัวชี้วัด"] * 4,
        [
            "KS-02 โครงการ KS-02\nตัวชี้วัด: สมาชิกใหม่ (คน)",
            "0 จาก 150",
            "0.00%\nยังไม่มีผลงาน",
            "หน่วยงาน AG-B -",
        ],
    ]
    # An item without an indicator: what its partner wrote, and for whom.
    assert rows_of(path, "โครงการ") == [
        ["KS-03 โครงการ KS-03", "หน่วยงาน AG-A: ประชุมคณะทำงานแล้ว (12 คน)"]
    ]


def test_an_agency_sees_its_part_beside_its_partners_and_the_items_total(results_month):
    run_month(results_month, PERIOD, NOW)
    reports = results_month.outputs / PERIOD / "reports"
    assert rows_of(reports / "AG-A.docx", "โครงการ / ผลการดำเนินงานที่รายงาน") == [
        [
            "KS-01 โครงการ KS-01\nแจกเมล็ดพันธุ์ 25 ครัวเรือน",
            "25 ครัวเรือน\nเสร็จแล้ว",
            "55 จาก 80 ครัวเรือน (68.75%) ตามเป้า\nร่วมกับ หน่วยงาน AG-B 30",
        ],
        ["KS-03 โครงการ KS-03\nประชุมคณะทำงานแล้ว", "-\n-", "-"],
    ]
    # AG-B funds KS-02 and has delivered none of it yet: said so, not a blank.
    assert rows_of(reports / "AG-B.docx", "โครงการ / ผลการดำเนินงานที่รายงาน")[1] == [
        "KS-02 โครงการ KS-02",
        "ยังไม่มีผลงานที่นับได้\n-",
        "0 จาก 150 คน (0.00%) ยังไม่มีผลงาน",
    ]
    texts = paragraphs(reports / "AG-A.docx")
    assert any(t.startswith("ตามเป้า หมายถึง ผลงานสะสมไม่น้อยกว่า") for t in texts)


def test_the_results_sections_in_english(results_month):
    run_month(dataclasses.replace(results_month, lang="en"), PERIOD, NOW)
    reports = results_month.outputs / PERIOD / "reports"
    network = reports / "network_AREA-1.docx"
    assert "Results against the community plan" in paragraphs(network)
    assert (
        "2 plan items with a target: 1 on track, 1 not started. On track means a result to"
        " date of at least the share of the fiscal year elapsed (2 of 12 months, 16.67% of the"
        " target)."
    ) in paragraphs(network)
    rows = rows_of(network, "Plan item / indicator (unit)")
    assert rows[0] == ["Co-funded plan items"] * 4
    assert rows[1][1:] == ["55 of 80", "68.75%\non track", "หน่วยงาน AG-A 25\nหน่วยงาน AG-B 30"]
    agency = rows_of(reports / "AG-A.docx", "Plan item / results reported")
    assert agency[0][1:] == [
        "25 ครัวเรือน\ndone",
        "55 of 80 ครัวเรือน (68.75%), on track\nwith หน่วยงาน AG-B 30",
    ]


def test_an_area_without_indicators_says_so_in_one_sentence(month):
    run_month(month, PERIOD, NOW)
    reports = month.outputs / PERIOD / "reports"
    texts = paragraphs(reports / "network_AREA-1.docx")
    heading = texts.index("ผลการดำเนินงานตามแผนชุมชน")
    assert texts[heading + 1] == (
        "ยังไม่มีโครงการในแผนของพื้นที่นี้ที่กำหนดตัวชี้วัดและค่าเป้าหมาย และยังไม่มีภาคีรายงานผลการดำเนินงาน"
    )
    assert rows_of(reports / "network_AREA-1.docx", "โครงการ / ตัวชี้วัด (หน่วยนับ)") == []
    # An agency with no item followed by results has no results section.
    assert "ผลการดำเนินงาน" not in paragraphs(reports / "AG-A.docx")


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
