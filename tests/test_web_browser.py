"""The pages in a real browser (Debian's Chromium through Playwright) against the real
server on a loopback port: a clerk hands in a workbook, the coordinator sees the month.

Skipped, with the reason printed, where Chromium or Playwright is absent (`make
system-deps` installs Chromium); no browser is ever downloaded.
"""

from __future__ import annotations

import shutil
import socket
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from oneplan.month.run import run_month
from oneplan.report.feedback import PROBLEMS_SHEET
from oneplan.web.server import WebServer
from tests.builders import plan_item, write_plan
from tests.web_support import link

CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).is_file()),
    None,
)


@pytest.fixture
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian package `chromium`: make system-deps)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def server(web_month):
    yield from serving(web_month)


def serving(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running = WebServer(settings, host="127.0.0.1", port=port).start()
    yield f"http://127.0.0.1:{port}"
    running.runs.wait()
    running.stop()


@pytest.fixture
def placed_server(web_month):
    """The month with its area placed: ตำบล AREA-1 in อำเภอควนขนุน, จังหวัดพัทลุง."""
    place = {"district": "อ.ควนขนุน", "province": "พัทลุง"}
    items = [
        plan_item(item="KS-01", required=100_000),
        plan_item(item="KS-02", required=50_000, category="สวัสดิการ", priority=2),
        plan_item(item="KS-03", required=0, priority=3),
    ]
    write_plan(web_month.inputs, [{**item, **place} for item in items])
    run_month(web_month, "2026-11")
    yield from serving(web_month)


def fill_template(template: Path, target: Path, period: str | None = None) -> Path:
    """The clerk fills in the downloaded template: one line on plan item KS-02."""
    book = load_workbook(template)
    info, lines = book["ข้อมูลหน่วยงาน"], book["รายการงบประมาณ"]
    assert info["B3"].value == "AG-C"
    if period is not None:
        info["B7"] = period
    lines["B2"], lines["C2"], lines["F2"] = "KS-02 โครงการ KS-02", "อบรมอาสาสมัคร", 5000
    book.save(target)
    return target


def on_a_phone(page, row: str) -> None:
    """At 375 px wide, the page is no wider than the screen: a table of records reads as
    one card per row, each value under its column's name, inside the screen."""
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    card = page.locator(row).first
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    cells = card.locator("td[data-label]")
    assert cells.count() >= 2
    label = cells.first.evaluate("td => getComputedStyle(td, '::before').content")
    assert label.strip('"') == cells.first.get_attribute("data-label")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_clerk_hands_in_a_workbook_and_the_coordinator_sees_it(
    browser, server, web_month, tmp_path
):
    clerk = browser.new_page(accept_downloads=True)
    clerk.goto(server + link(web_month, "AG-C"))
    assert clerk.locator("h1").inner_text() == "ส่งแบบรายงานงบประมาณ"
    clerk.click("#other-months")  # the blank template of another month: November
    clerk.select_option("#period", value="2026-11")
    clerk.click("#template button[type=submit]")
    assert clerk.locator("#template h2").inner_text() == "แบบรายงานเปล่า ประจำเดือนพฤศจิกายน 2569"
    assert (
        clerk.locator("#deadline")
        .inner_text()
        .startswith("กำหนดส่ง: ภายใน 10 ธ.ค. 2569 23:59 น. (UTC+7)")
    )
    with clerk.expect_download() as download:
        clerk.locator("a.template-link").first.click()
    assert download.value.suggested_filename == "template_AG-C_AREA-1_2026-11.xlsx"
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    clerk.click("#to-agency")

    wrong = fill_template(template, tmp_path / "แบบรายงาน.xlsx", period="13/2569")
    clerk.set_input_files("#workbook", str(wrong))
    clerk.click("#send")
    clerk.wait_for_selector("#result")
    assert clerk.locator("#result .verdict").inner_text() == "แบบรายงานไม่ผ่านการตรวจสอบ"
    problems = clerk.locator("#result tr[data-code]")
    assert [
        (
            problems.nth(i).get_attribute("data-code"),
            problems.nth(i).locator("td.cell").inner_text(),
        )
        for i in range(problems.count())
    ] == [("period_invalid", "ข้อมูลหน่วยงาน!B7")]
    assert "เดือนที่รายงาน" in problems.first.inner_text()
    with clerk.expect_download() as download:
        clerk.click("#feedback-link")
    annotated = tmp_path / "annotated.xlsx"
    download.value.save_as(annotated)
    book = load_workbook(annotated)
    assert book.sheetnames[0] == PROBLEMS_SHEET and book["ข้อมูลหน่วยงาน"]["B7"].comment

    corrected = fill_template(template, tmp_path / "แบบรายงาน-แก้ไข.xlsx")
    clerk.set_input_files("#workbook", str(corrected))
    clerk.click("#send")
    clerk.wait_for_selector("#result")
    assert clerk.locator("#result .verdict").inner_text() == "รับแบบรายงานแล้ว"
    assert clerk.locator("#result tr[data-alignment]").first.get_attribute("data-alignment") == (
        "aligned"
    )
    on_a_phone(clerk, "#result tr[data-alignment]")

    coordinator = browser.new_page()
    coordinator.goto(server + "/coordinator")
    coordinator.fill("#password", "coordinator-secret")
    coordinator.click("button[type=submit]")
    row = coordinator.locator('tr[data-agency="AG-C"]')
    deadline = time.monotonic() + 120
    while row.get_attribute("data-status") != "submitted":  # the re-run is in the background
        assert time.monotonic() < deadline, "AG-C never became submitted"
        time.sleep(0.5)
        coordinator.reload()
    assert row.locator(".tag").inner_text() == "ส่งแล้ว"
    on_a_phone(coordinator, 'tr[data-agency="AG-C"]')
    chart = coordinator.locator("img.chart").first
    chart.scroll_into_view_if_needed()
    loaded = (
        "i => i.complete ? i.naturalWidth : new Promise(r => i.onload = () => r(i.naturalWidth))"
    )
    assert chart.evaluate(loaded) > 0


def test_the_coordinator_closes_the_month_and_the_agency_sees_it(browser, server, web_month):
    coordinator = browser.new_page()
    coordinator.goto(server + "/coordinator?period=2026-11")
    coordinator.fill("#password", "coordinator-secret")
    coordinator.click("button[type=submit]")
    coordinator.goto(server + "/coordinator?period=2026-11")
    # Who reported on time: AG-C, who sent nothing, first (the one to chase).
    rows = coordinator.locator("#timeliness tr[data-timeliness]")
    assert rows.count() == 3
    assert rows.first.get_attribute("data-for") == "AG-C"
    assert rows.first.get_attribute("data-timeliness") in ("pending", "missing")
    assert coordinator.locator("#timeliness-rates").inner_text().startswith("ส่งแล้ว 2 จาก 3")
    assert "(UTC+7)" in rows.first.locator("td.when").first.inner_text()
    on_a_phone(coordinator, "#timeliness tr[data-timeliness]")

    assert coordinator.locator("#closing").get_attribute("data-state") == "open"
    coordinator.click("#close-period")  # the period is run a last time, in the background
    deadline = time.monotonic() + 120
    while coordinator.locator("#closing").get_attribute("data-state") != "closed":
        assert time.monotonic() < deadline, "the month never became closed"
        time.sleep(0.5)
        coordinator.reload()
    state = coordinator.locator("#closing-state").inner_text()
    assert state.startswith("เดือนพฤศจิกายน 2569 ปิดงวดแล้วเมื่อ ") and "(UTC+7)" in state
    assert "โดย ผู้ประสานงาน (ผ่านหน้าเว็บ)" in state
    assert coordinator.locator("#reopen-period").is_visible()

    clerk = browser.new_page()
    clerk.goto(server + link(web_month, "AG-A"))
    row = clerk.locator('#reporting tr[data-period="2026-11"]')
    assert row.get_attribute("data-state") == "closed"
    assert row.locator(".tag").inner_text() in ("ส่งทันกำหนด", "ส่งหลังกำหนด")
    assert row.locator("td.state").inner_text().startswith("ปิดงวดแล้วเมื่อ ")
    on_a_phone(clerk, '#reporting tr[data-period="2026-11"]')


def test_the_coordinator_drills_down_from_the_province_to_an_area(browser, placed_server):
    coordinator = browser.new_page()
    coordinator.goto(placed_server + "/coordinator?period=2026-11")
    coordinator.fill("#password", "coordinator-secret")
    coordinator.click("button[type=submit]")
    coordinator.goto(placed_server + "/coordinator?period=2026-11")
    province = coordinator.locator('#by-province tr[data-level="province"]')
    assert province.locator("td.coverage").inner_text() == "66.7%"  # 100,000 of 150,000
    province.locator("a.place-link").click()
    assert coordinator.locator("#place-name").inner_text() == "จังหวัดพัทลุง"
    district = coordinator.locator('#districts tr[data-level="district"]')
    assert district.get_attribute("data-district") == "ควนขนุน"
    on_a_phone(coordinator, '#districts tr[data-level="district"]')
    district.locator("a.place-link").click()
    assert coordinator.locator("#place-name").inner_text().startswith("อำเภอควนขนุน")
    area = coordinator.locator('#areas tr[data-area="AREA-1"]')
    assert area.locator("td.gap").inner_text() == "50,000.00"
    on_a_phone(coordinator, '#areas tr[data-area="AREA-1"]')
    area.locator("a.area-link").click()
    coordinator.wait_for_url("**/coordinator?period=2026-11#area-AREA-1")
    assert coordinator.locator("#area-AREA-1").is_visible()
    coordinator.go_back()
    coordinator.click("#to-province")
    assert coordinator.locator("#place-name").inner_text() == "จังหวัดพัทลุง"
