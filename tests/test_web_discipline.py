"""Reporting discipline on the pages: who reported on time (the coordinator's table, pending
and missing first, with the rates; the agency's status period by period), whether the
period and its areas are closed, the files that arrived after a closing with their
feedback, and the buttons that close and reopen, with a fixed clock.

The month: AREA-1 expects AG-A, AG-B (its own deadline: 5 Dec, 23:59:59 Bangkok time) and
AG-C; AREA-2 expects AG-C. November's network deadline is 10 Dec 2026, 23:59:59.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from oneplan.ledger import open_ledger
from oneplan.ledger.closures import ClosureRecord
from oneplan.ledger.receipts import Receipt
from oneplan.month.run import run_month
from oneplan.receive.files import sha256_of
from oneplan.report.feedback import PROBLEMS_SHEET
from oneplan.settings import Settings
from oneplan.web.app import create_app
from oneplan.web.pages import run_from_pages
from oneplan.web.runs import PeriodRuns
from tests.builders import agency, line, plan_item, write_plan, write_registry, write_submission
from tests.builders import bangkok_moment as at
from tests.conftest import COORDINATOR_PASSWORD, PERIOD, built_once, copy_of_month
from tests.web_support import client, csrf_of, link, sign_in

LONG_AGO = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC)  # files' modification times
WEB = "ผู้ประสานงาน (ผ่านหน้าเว็บ)"


@pytest.fixture
def two_areas(tmp_path) -> Settings:
    return two_areas_in(tmp_path)


def two_areas_in(root) -> Settings:
    inputs = root / "inputs"
    write_plan(
        inputs, [plan_item("AREA-1", "KS-01", 100_000), plan_item("AREA-2", "KS-01", 50_000)]
    )
    write_registry(
        inputs,
        [
            agency("AG-A", "AREA-1"),
            {**agency("AG-B", "AREA-1"), "deadline_days": 5},
            agency("AG-C", "AREA-1, AREA-2"),
        ],
    )
    return Settings(
        inputs=inputs,
        outputs=root / "outputs",
        state=root / "state",
        coordinator_password=COORDINATOR_PASSWORD,
    )


def drop(
    settings: Settings,
    name: str,
    agency_code: str,
    area: str,
    item: str = "KS-01",
    budget: int = 10_000,
):
    return write_submission(
        settings.drop_zone / name,
        agency_code,
        area,
        PERIOD,
        [line(1, budget, item)],
        mtime=LONG_AGO,
    )


@pytest.fixture(scope="module")
def lived_once(tmp_path_factory) -> Path:
    """November lived to 11 Dec: AG-A on time (corrected on 8 Dec), AG-B late (its receipt
    recorded: by post on 6 Dec, 14:00), AG-C sent nothing that passed the checks (missing
    in both areas). Lived once in the session; each test has a copy (`lived`)."""
    return built_once(tmp_path_factory, "discipline-lived", live)


def live(root: Path) -> None:
    two_areas = two_areas_in(root)
    drop(two_areas, "a.xlsx", "AG-A", "AREA-1")
    run_month(two_areas, PERIOD, at("2026-12-04 10:00"))
    b = drop(two_areas, "b.xlsx", "AG-B", "AREA-1")
    run_month(two_areas, PERIOD, at("2026-12-07 09:00"))
    receipt = Receipt(
        sha256_of(b), at("2026-12-06 14:00"), "ได้รับทางไปรษณีย์", "somchai", at("2026-12-07 10:00")
    )
    open_ledger(two_areas).record_receipt(receipt)
    drop(two_areas, "a-2.xlsx", "AG-A", "AREA-1", budget=12_000)  # not the same bytes
    write_submission(  # AG-C's, with no budget column: rejected, it decides nothing
        two_areas.drop_zone / "c-broken.xlsx",
        "AG-C",
        "AREA-2",
        PERIOD,
        [line(1, 5_000, "KS-01")],
        line_columns=["line_no", "plan_item_id", "activity"],
        mtime=LONG_AGO,
    )
    run_month(two_areas, PERIOD, at("2026-12-08 16:30"))
    run_month(two_areas, PERIOD, at("2026-12-11 09:00"))
    open_ledger(two_areas).close()  # the ledger file alone is whole: copied, it is the same


@pytest.fixture
def lived(lived_once, tmp_path) -> Settings:
    """The month of `lived_once`, in a folder of the test's own."""
    copy = copy_of_month(lived_once, tmp_path)
    return dataclasses.replace(copy, coordinator_password=COORDINATOR_PASSWORD)


def signed_in(settings: Settings, now: dt.datetime, runs: list | None = None):
    web = client(settings, runs, now=now)
    assert sign_in(web).status_code == 303
    return web


def timeliness_rows(page: str) -> list[tuple[str, str, str]]:
    """(agency, area, status) of each row of the timeliness table, in the page's order."""
    found = re.findall(
        r'<tr data-timeliness="([^"]+)" data-for="([^"]+)" data-area="([^"]+)">', page
    )
    return [(agency_code, area, status) for status, agency_code, area in found]


def row_of(page: str, agency_code: str, area: str = "AREA-1") -> str:
    pattern = rf'<tr data-timeliness="[^"]+" data-for="{agency_code}" data-area="{area}">.*?</tr>'
    return re.search(pattern, page, re.S).group(0)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_before_the_first_run_everyone_expected_is_pending_now(two_areas):
    drop(two_areas, "a.xlsx", "AG-A", "AREA-1")  # not taken in yet: no run, no intake
    page = signed_in(two_areas, at("2026-12-04 10:00")).get(f"/coordinator?period={PERIOD}")
    assert timeliness_rows(page.text) == [
        ("AG-A", "AREA-1", "pending"),
        ("AG-B", "AREA-1", "pending"),
        ("AG-C", "AREA-1", "pending"),
        ("AG-C", "AREA-2", "pending"),
    ]
    note = re.search(r'<p class="note" id="timeliness-as-of">([^<]*)</p>', page.text).group(1)
    assert note.startswith("ยังไม่ได้สรุปข้อมูลของเดือนนี้ สถานะ ณ 4 ธ.ค. 2569 10:00 น. (UTC+7)")
    assert "ส่งแล้ว 0 จาก 4 หน่วยงาน (ร้อยละ 0.00)" in page.text


def test_the_timeliness_table_puts_who_to_chase_first(lived):
    web = signed_in(lived, at("2026-12-11 10:00"))
    page = web.get(f"/coordinator?period={PERIOD}").text
    assert timeliness_rows(page) == [
        ("AG-C", "AREA-1", "missing"),
        ("AG-C", "AREA-2", "missing"),
        ("AG-B", "AREA-1", "late"),
        ("AG-A", "AREA-1", "on_time"),
    ]
    rates = re.search(r'id="timeliness-rates">([^<]*)<', page).group(1)
    assert rates == ("ส่งแล้ว 2 จาก 4 หน่วยงาน (ร้อยละ 50.00) ส่งทันกำหนด 1 จาก 4 หน่วยงาน (ร้อยละ 25.00)")
    assert "สถานะตามการสรุปข้อมูลเมื่อ 11 ธ.ค. 2569 09:00 น. (UTC+7)" in page
    late = text_of(row_of(page, "AG-B"))
    assert "ส่งหลังกำหนด ช้ากว่ากำหนด 14 ชั่วโมง" in late
    assert "5 ธ.ค. 2569 23:59 น. (UTC+7)" in late  # its own deadline
    assert "6 ธ.ค. 2569 14:00 น. (UTC+7)" in late  # the receipt recorded
    assert "เวลาที่ผู้ประสานงานบันทึก: ได้รับทางไปรษณีย์" in late
    corrected = text_of(row_of(page, "AG-A"))
    assert "4 ธ.ค. 2569 10:00 น. (UTC+7)" in corrected
    assert "1 ครั้ง ล่าสุด 8 ธ.ค. 2569 16:30 น. (UTC+7)" in corrected
    missing = text_of(row_of(page, "AG-C", "AREA-2"))
    assert "ไม่ส่ง (เลยกำหนดแล้ว) ส่งมาแล้วแต่ไม่ผ่านการตรวจสอบ 1 ไฟล์" in missing
    area = re.search(r'<tr data-area="AREA-1" data-state="open">.*?</tr>', page, re.S).group(0)
    assert "ส่งแล้ว 2/3 ทันกำหนด 1/3" in text_of(area)

    english = web.get(f"/coordinator?period={PERIOD}&lang=en").text
    assert "late late by 14 hours" in text_of(row_of(english, "AG-B"))
    assert "Reported: 2 of 4 agencies (50.00%); on time: 1 of 4 (25.00%)" in english


def test_the_agency_sees_its_status_period_by_period_and_what_is_closed(lived):
    ledger = open_ledger(lived)
    ledger.record_closure(
        ClosureRecord(PERIOD, "close", "somchai", at("2026-12-11 12:00"), area_code="AREA-2")
    )
    now = at("2026-12-11 13:00")  # December is being reported now: no run of it yet
    page = client(lived, [], now=now).get(link(lived, "AG-C")).text
    rows = re.findall(
        r'<tr data-period="([^"]+)" data-area="([^"]+)" data-timeliness="([^"]+)" '
        r'data-state="([^"]+)">',
        page,
    )
    assert rows == [
        ("2026-12", "AREA-1", "pending", "open"),
        ("2026-12", "AREA-2", "pending", "open"),
        ("2026-11", "AREA-1", "missing", "open"),
        ("2026-11", "AREA-2", "missing", "closed"),
    ]
    reporting = text_of(
        re.search(r'<section class="card" id="reporting">.*?</section>', page, re.S)[0]
    )
    assert (
        "ธันวาคม 2569 ตำบล AREA-1 ยังไม่ส่ง (ยังไม่ถึงกำหนด) 10 ม.ค. 2570 23:59 น. (UTC+7) ยังเปิดรับ"
        in reporting
    )
    assert "ปิดงวดแล้วเมื่อ 11 ธ.ค. 2569 12:00 น. (UTC+7)" in reporting
    late = client(lived, [], now=now).get(link(lived, "AG-B") + "?lang=en").text
    assert "late late by 14 hours 5 Dec 2026 23:59 (UTC+7) open" in text_of(late)
    assert 'id="template-closed"' not in page  # December's blank form: open

    # November closed as a whole, while it is still the month being reported (9 Dec): its
    # blank form says a workbook sent now does not count.
    ledger.record_closure(ClosureRecord(PERIOD, "close", "somchai", at("2026-12-11 12:30")))
    before = client(lived, [], now=at("2026-12-09 10:00")).get(link(lived, "AG-C")).text
    assert "เดือนพฤศจิกายน 2569 ปิดงวดแล้ว แบบรายงานที่ส่งมาตอนนี้" in before


def test_closing_and_reopening_with_the_buttons(lived):
    ledger = open_ledger(lived)
    clock = [at("2026-12-11 10:00")]
    web = TestClient(create_app(lived, now=lambda: clock[0]), follow_redirects=False)
    sign_in(web)  # the pages run for real, in the background, by the same clock
    runs = web.app.state.web.runs
    page = web.get(f"/coordinator?period={PERIOD}").text
    assert 'id="closing" data-state="open"' in page
    csrf = csrf_of(page)
    # The form's token is required, and the sign-in.
    assert web.post("/coordinator/close", data={"period": PERIOD}).status_code == 403
    stranger = client(lived, [])
    answer = stranger.post("/coordinator/close", data={"csrf": csrf, "period": PERIOD})
    assert answer.status_code == 303 and answer.headers["location"] == "/coordinator"
    assert ledger.closures(PERIOD) == []

    closed = web.post("/coordinator/close", data={"csrf": csrf, "period": "พ.ย. 69"})
    assert (closed.status_code, closed.headers["location"]) == (
        303,
        f"/coordinator?period={PERIOD}",
    )
    runs.wait()
    closing = ledger.closure(PERIOD)
    assert (closing.recorded_by, closing.area_code) == ("coordinator (web)", None)
    assert closing.recorded_at == at("2026-12-11 10:00")
    page = web.get(f"/coordinator?period={PERIOD}").text
    assert 'id="closing" data-state="closed"' in page
    state = re.search(r'id="closing-state">([^<]*)<', page).group(1)
    assert state.startswith(
        f"เดือนพฤศจิกายน 2569 ปิดงวดแล้วเมื่อ 11 ธ.ค. 2569 10:00 น. (UTC+7) โดย {WEB} "
    )
    again = web.post("/coordinator/close", data={"csrf": csrf, "period": PERIOD})
    assert again.status_code == 409 and "ปิดงวดแล้วเมื่อ" in again.text
    area_too = web.post(
        "/coordinator/close", data={"csrf": csrf, "period": PERIOD, "area": "AREA-2"}
    )
    assert area_too.status_code == 409 and len(ledger.closures(PERIOD)) == 1

    # A file after the closing: listed, with its feedback copy behind the sign-in.
    drop(lived, "c.xlsx", "AG-C", "AREA-1", item="ZZ-9")  # not in the plan: a warning
    run_month(lived, PERIOD, at("2026-12-12 09:00"))
    page = web.get(f"/coordinator?period={PERIOD}").text
    (listed,) = re.findall(r'<tr data-file="([^"]+)">', page)
    assert listed == "c.xlsx"
    feedback = f"/coordinator/files/{PERIOD}/after-close/AG-C_AREA-1_{PERIOD}.xlsx"
    assert f'href="{feedback}"' in page
    opened = web.get(feedback)
    assert opened.status_code == 200
    assert load_workbook(io.BytesIO(opened.content)).sheetnames[0] == PROBLEMS_SHEET
    assert stranger.get(feedback).status_code == 303
    for outside in (
        f"/coordinator/files/{PERIOD}/after-close/..%2Fsummary.json",
        f"/coordinator/files/{PERIOD}/after-close/arrived.json",
        f"/coordinator/files/{PERIOD}/after-close/..%2F..%2Ffeedback%2FAG-C_AREA-1_{PERIOD}.xlsx",
        f"/coordinator/files/{PERIOD}/after-close%2Ffeedback/AG-C_AREA-1_{PERIOD}.xlsx",
    ):
        assert web.get(outside).status_code == 404, outside

    # Reopening needs a reason; then it is recorded, and the period is run again.
    clock[0] = at("2026-12-12 10:00")
    empty = web.post("/coordinator/reopen", data={"csrf": csrf, "period": PERIOD, "reason": " "})
    assert empty.status_code == 400 and "กรุณาระบุเหตุผลที่เปิดงวดอีกครั้ง" in empty.text
    assert ledger.closure(PERIOD) is not None
    reason = "หน่วยงาน AG-C ส่งแบบรายงานช้าเพราะน้ำท่วม"
    reopened = web.post(
        "/coordinator/reopen", data={"csrf": csrf, "period": PERIOD, "reason": reason}
    )
    assert reopened.status_code == 303
    runs.wait()
    last = ledger.closures(PERIOD)[-1]
    assert (last.action, last.recorded_by, last.reason, last.area_code) == (
        "reopen",
        "coordinator (web)",
        reason,
        None,
    )
    page = web.get(f"/coordinator?period={PERIOD}").text
    assert 'id="closing" data-state="reopened"' in page
    assert f"เหตุผล: {reason}" in page
    assert 'id="after-close"' not in page  # c.xlsx counts now
    assert ("AG-C", "AREA-1", "late") in timeliness_rows(page)
    twice = web.post("/coordinator/reopen", data={"csrf": csrf, "period": PERIOD, "reason": "x"})
    assert twice.status_code == 409 and "ไม่ได้ปิดงวดอยู่" in twice.text


def test_one_area_is_closed_and_reopened_with_its_own_buttons(lived):
    ledger = open_ledger(lived)
    web = signed_in(lived, at("2026-12-11 10:00"))
    csrf = csrf_of(web.get(f"/coordinator?period={PERIOD}").text)

    def post(action: str, **fields):
        return web.post(f"/coordinator/{action}", data={"csrf": csrf, "period": PERIOD, **fields})

    assert post("close", area="AREA-9").status_code == 400  # not in the plan
    assert post("close", area="AREA-2").status_code == 303
    web.app.state.web.runs.wait()
    closing = ledger.closure(PERIOD, "AREA-2")
    assert (closing.recorded_by, closing.area_code) == ("coordinator (web)", "AREA-2")
    assert ledger.closure(PERIOD) is None
    page = web.get(f"/coordinator?period={PERIOD}").text
    area = re.search(r'<tr data-area="AREA-2" data-state="closed">.*?</tr>', page, re.S)[0]
    assert f"ปิดงวดแล้วเมื่อ 11 ธ.ค. 2569 10:00 น. (UTC+7) โดย {WEB}" in text_of(area)
    assert 'class="quiet reopen-area"' in area
    assert '<tr data-area="AREA-1" data-state="open">' in page
    assert "ยังเปิดรับแบบรายงาน" in page and "ทุกพื้นที่ของเดือน" not in page
    # Closing the other area too: every area of the month is closed, each on its own.
    assert post("close", area="AREA-1").status_code == 303
    web.app.state.web.runs.wait()
    page = web.get(f"/coordinator?period={PERIOD}").text
    assert "ทุกพื้นที่ของเดือนพฤศจิกายน 2569 ปิดงวดแล้ว" in page
    assert post("reopen", area="AREA-1", reason="ยังไม่ครบ").status_code == 303
    web.app.state.web.runs.wait()
    whole = post("reopen", reason="ผิดพื้นที่")
    assert whole.status_code == 409 and "ปิดบางพื้นที่: AREA-2" in whole.text
    assert post("reopen", area="AREA-2", reason="").status_code == 400
    assert post("reopen", area="AREA-1", reason="x").status_code == 409
    assert post("reopen", area="AREA-2", reason="แก้ตัวเลขของพื้นที่").status_code == 303
    web.app.state.web.runs.wait()
    last = ledger.closures(PERIOD)[-1]
    assert (last.action, last.area_code, last.reason) == ("reopen", "AREA-2", "แก้ตัวเลขของพื้นที่")
    assert ledger.closed_areas(PERIOD) == {}


def test_a_closing_asked_twice_closes_once_and_never_runs_a_closed_period_again(lived):
    release, asked = threading.Event(), []

    def held(period: str, **closing) -> None:  # the closing run, held until released
        asked.append((period, closing))
        release.wait(30)

    app = create_app(lived, PeriodRuns(held), now=lambda: at("2026-12-11 10:00"))
    web = TestClient(app, follow_redirects=False)
    sign_in(web)
    csrf = csrf_of(web.get(f"/coordinator?period={PERIOD}").text)
    assert web.post("/coordinator/close", data={"csrf": csrf, "period": PERIOD}).status_code == 303
    page = web.get(f"/coordinator?period={PERIOD}").text
    assert "กำลังปิดงวดเดือนพฤศจิกายน 2569 เมื่อเสร็จแล้วโหลดหน้านี้ใหม่" in page
    assert 'id="close-period"' not in page
    again = web.post("/coordinator/close", data={"csrf": csrf, "period": PERIOD})
    assert again.status_code == 409 and "กำลังปิดงวดเดือนพฤศจิกายน 2569 อยู่แล้ว" in again.text
    release.set()
    app.state.web.runs.wait()
    assert asked == [(PERIOD, {"closing_by": "coordinator (web)", "closing_area": None})]

    # A closing that finds the period closed already (by `oneplan close` meanwhile) does
    # nothing: the frozen outputs are not made again, nothing more is recorded.
    run_month(lived, PERIOD, at("2026-12-11 11:00"), closing_by="somchai")
    folder = lived.period_outputs(PERIOD)
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    assert run_from_pages(lived, PERIOD, closing_by="coordinator (web)") is None
    assert run_from_pages(lived, PERIOD, "coordinator (web)", "AREA-1") is None
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()} == before
    assert [c.recorded_by for c in open_ledger(lived).closures(PERIOD)] == ["somchai"]


def test_each_file_after_the_closing_links_its_own_feedback(lived):
    from oneplan.month.intake import take_in
    from oneplan.web.closing_view import after_close

    run_month(lived, PERIOD, at("2026-12-11 11:00"), closing_by="somchai")
    first = drop(lived, "c-1.xlsx", "AG-C", "AREA-1", item="ZZ-9")  # each with a warning
    drop(lived, "c-2.xlsx", "AG-C", "AREA-1", item="ZZ-9", budget=7_000)
    run_month(lived, PERIOD, at("2026-12-12 09:00"))
    stem = f"AG-C_AREA-1_{PERIOD}"
    listed = after_close(lived, open_ledger(lived), PERIOD, "th")
    assert [(f.file, f.feedback) for f in listed.files] == [
        ("c-1.xlsx", f"{stem}_{sha256_of(first)[:8]}.xlsx"),
        ("c-2.xlsx", f"{stem}.xlsx"),
    ]
    assert listed.other_feedback == []
    assert listed.files[0].arrived == "12 ธ.ค. 2569 09:00 น. (UTC+7)"

    # A third, with no problem (no copy), taken in by serve's intake: which of the two
    # unsuffixed rows `…_2026-11.xlsx` belongs to cannot be told; it is listed apart.
    drop(lived, "c-3.xlsx", "AG-C", "AREA-1", budget=8_000)
    take_in(lived, at("2026-12-12 10:00"))
    listed = after_close(lived, open_ledger(lived), PERIOD, "th")
    assert [(f.file, f.feedback) for f in listed.files] == [
        ("c-1.xlsx", f"{stem}_{sha256_of(first)[:8]}.xlsx"),
        ("c-2.xlsx", ""),
        ("c-3.xlsx", ""),
    ]
    assert listed.other_feedback == [f"{stem}.xlsx"]
    web = signed_in(lived, at("2026-12-12 11:00"))
    page = web.get(f"/coordinator?period={PERIOD}").text
    other = f"/coordinator/files/{PERIOD}/after-close/{stem}.xlsx"
    assert f'href="{other}"' in page and web.get(other).status_code == 200
