"""Screenshots of the web pages on a desktop (1280×900) and a phone (375×812).

Writes the demo month into a temporary folder (as `oneplan demo` does), makes a link for
one agency, starts the pages on a free loopback port, and saves full-page PNGs of the
agency's page, its blank template page, the agency's page after handing in a workbook with
problems and results (counted for their plan items, or not), the coordinator's page (Thai and English), its drill-down (the province's page,
the district's in Thai and English), and both pages once the coordinator has closed the
month with the page's button and a workbook has come after the closing. Says for each
whether the page is wider than the window (overflow); a wide table scrolls inside its own
box instead.
Needs Chromium (`make system-deps`). Usage:

    .venv/bin/python scripts/web_screenshots.py [OUT_DIR]   # default /tmp/oneplan-screens
"""

from __future__ import annotations

import io
import socket
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import sync_playwright

from oneplan.demo import DEMO_PERIOD, write_demo_inputs
from oneplan.forms.submission_template import template_for
from oneplan.ledger import open_ledger
from oneplan.month.reference import load_reference
from oneplan.month.run import run_month
from oneplan.settings import Settings
from oneplan.web.access import create_link
from oneplan.web.server import WebServer

AGENCY, AREA, DISTRICT = "CDD-KKN", "PLG-PKH", "ควนขนุน"
SIZES = {"desktop": (1280, 900), "phone": (375, 812)}
PASSWORD = "screenshots"


def demo_settings(root: Path) -> Settings:
    write_demo_inputs(root / "inputs")
    settings = Settings(
        inputs=root / "inputs",
        outputs=root / "outputs",
        state=root / "state",
        coordinator_password=PASSWORD,
    )
    run_month(settings, DEMO_PERIOD)
    return settings


# The lines of the workbook handed in: plan item, activity, budget, then results by the
# template's header (`ผลงานสะสม` counted for its item, or not: another unit, an item
# without an indicator, an item not in the plan). Row 4 is a budget that cannot be read.
LINES = [
    (
        "DB-01",
        "อบรมการจัดทำบัญชีครัวเรือน",
        45000,
        {
            "สถานะการดำเนินงาน": "กำลังดำเนินการ",
            "ผลงานสะสม": 40,
            "ครัวเรือนที่ได้รับประโยชน์": 40,
            "ผลการดำเนินงาน": "อบรมแล้ว 2 รุ่น",
        },
    ),
    ("XX-99", "ตลาดนัดชุมชน", 12500.5, {"ผลงานสะสม": 1, "หน่วยนับ": "ครั้ง"}),
    (None, "ค่าวัสดุ", "ห้าพันบาท", {}),
    (
        "SW-01",
        "รับสมัครสมาชิกกองทุนสวัสดิการ",
        20000,
        {"สถานะการดำเนินงาน": "กำลังดำเนินการ", "ผลงานสะสม": 25, "ผู้ได้รับประโยชน์": 25},
    ),
    ("OR-01", "ร่วมประชุมคณะทำงานศูนย์ฯ", 3000, {"ผลงานสะสม": 4, "หน่วยนับ": "ชั่วโมง"}),
    ("SW-02", "อบรมอาสาสมัครดูแลผู้สูงอายุ", 8000, {"ผลงานสะสม": 12, "หน่วยนับ": "คน"}),
]


def workbook_with_a_problem(settings: Settings, target: Path) -> Path:
    """The agency's template filled in (`LINES`): one line naming an item that is not in
    the plan, one budget that cannot be read, and results, counted or not."""
    reference = load_reference(settings)
    book = template_for(reference.plan, reference.registry, AGENCY, AREA, DEMO_PERIOD)
    buffer = io.BytesIO()
    book.save(buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    lines = book["รายการงบประมาณ"]
    letters = {cell.value: cell.column_letter for cell in lines[1] if cell.value}
    for offset, (item, activity, budget, results) in enumerate(LINES, start=2):
        lines[f"B{offset}"], lines[f"C{offset}"], lines[f"F{offset}"] = item, activity, budget
        for header, value in results.items():
            lines[f"{letters[header]}{offset}"] = value
    book.save(target)
    return target


def shoot(page, out: Path, name: str) -> None:
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        path = out / f"{name}-{size}.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"{path}{'  OVERFLOWS the window' if wide else ''}")


def drill_down(page, base: str, out: Path) -> None:
    """The coordinator's drill-down, as a click leads: the demo's province, then the
    district of the agency's area (Thai, then the district in English)."""
    page.goto(f"{base}/coordinator?period={DEMO_PERIOD}&lang=th")
    page.click('#by-province tr[data-level="province"] a.place-link')
    shoot(page, out, "province")
    page.click(f'#districts tr[data-district="{DISTRICT}"] a.place-link')
    shoot(page, out, "district")
    page.goto(page.url.split("?")[0] + "?lang=en")
    shoot(page, out, "district-en")
    page.goto(f"{base}/coordinator?period={DEMO_PERIOD}&lang=th")


def closed_with_a_late_file(page, base, agency_page, server, settings, folder: Path) -> None:
    """The coordinator closes the month with the page's button; then the agency hands in a
    workbook for it (after the closing: listed with its feedback, not counted)."""
    page.goto(f"{base}/coordinator?period={DEMO_PERIOD}&lang=th")
    page.click("#close-period")
    server.runs.wait()
    page.goto(agency_page)
    page.set_input_files("#workbook", str(workbook_with_a_problem(settings, folder / "late.xlsx")))
    page.click("#send")
    page.wait_for_selector("#result")
    server.runs.wait()
    page.goto(f"{base}/coordinator?period={DEMO_PERIOD}")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="oneplan-screens-") as folder:
        settings = demo_settings(Path(folder))
        registry = load_reference(settings).registry
        url = create_link(open_ledger(settings), settings, AGENCY, registry.codes)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = WebServer(settings, host="127.0.0.1", port=port).start()
        base = f"http://127.0.0.1:{port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox"]
                )
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                agency_page = base + url.removeprefix(settings.web_url)
                page.goto(agency_page)
                shoot(page, out, "agency")
                page.goto(agency_page + "/template")
                shoot(page, out, "template")
                page.goto(agency_page)
                page.set_input_files(
                    "#workbook", str(workbook_with_a_problem(settings, Path(folder) / "w.xlsx"))
                )
                page.click("#send")
                page.wait_for_selector("#result")
                shoot(page, out, "agency-result")
                server.runs.wait()
                page.goto(f"{base}/coordinator")
                page.fill("#password", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_selector("table.status")
                for image in page.locator("img.chart").all():
                    image.scroll_into_view_if_needed()
                page.wait_for_load_state("networkidle")
                shoot(page, out, "coordinator")
                page.goto(f"{base}/coordinator?lang=en")
                shoot(page, out, "coordinator-en")
                drill_down(page, base, out)
                closed_with_a_late_file(page, base, agency_page, server, settings, Path(folder))
                shoot(page, out, "coordinator-closed")
                page.goto(agency_page)
                shoot(page, out, "agency-closed")
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/oneplan-screens"))
