"""An agency's upload through its page: checked by the monthly run's stages, and when
accepted, recorded exactly as a file dropped into the drop zone."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import shutil
import threading
from io import BytesIO

from openpyxl import load_workbook
from starlette.testclient import TestClient

from oneplan.ledger import open_ledger
from oneplan.month.intake import take_in
from oneplan.month.run import run_month
from oneplan.report.feedback import PROBLEMS_SHEET
from oneplan.web.app import create_app
from oneplan.web.runs import PeriodRuns
from tests.builders import line, write_submission
from tests.web_support import client, csrf_of, issue_places, link, record, upload

PERIOD = "2026-11"


def test_an_accepted_upload_enters_the_drop_zone_and_the_ledger_and_its_period_is_rerun(
    web_month, tmp_path
):
    runs: list[str] = []
    web = client(web_month, runs)
    path = link(web_month, "AG-C")
    file = write_submission(
        tmp_path / "../etc/ชื่อไฟล์ของฉัน.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5_000, "KS-02")]
    )
    response = upload(web, path, file, name="../../evil name.xlsx")
    assert response.status_code == 200
    assert 'class="card result accepted"' in response.text
    (entered,) = (web_month.drop_zone / "web").iterdir()
    assert re.fullmatch(r"AG-C_AREA-1_2026-11_\d{8}-\d{6}_[0-9a-f]{8}\.xlsx", entered.name)
    assert entered.read_bytes() == file.read_bytes()  # byte for byte, under a generated name
    sha = hashlib.sha256(file.read_bytes()).hexdigest()
    assert (web_month.archive_dir / sha[:2] / f"{sha}.xlsx").read_bytes() == file.read_bytes()
    (sent,) = open_ledger(web_month).history("AG-C")["files"]
    assert (sent["path"], sent["period"], sent["accepted"]) == (f"web/{entered.name}", PERIOD, True)
    web.app.state.web.runs.wait()  # the run is asked of a background thread: wait for it
    assert runs == [PERIOD]
    assert f"web/{entered.name}" in response.text  # the page says where it went
    assert "และจะนำไปรวมในการสรุปประจำเดือนพฤศจิกายน 2569 ซึ่งกำลังประมวลผล" in response.text


def test_the_upload_page_speaks_plain_english_on_request(web_month, tmp_path):
    web = client(web_month, [])
    path = link(web_month, "AG-C")
    assert "Submit the budget workbook" in web.get(f"{path}?lang=en").text
    file = write_submission(tmp_path / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5_000)])
    page = upload(web, path, file).text
    assert "The file has been received" in page and "Lines to be counted" in page
    bad = write_submission(tmp_path / "bad.xlsx", "AG-C", "AREA-1", "13/2569", [line(1, 5)])
    page = upload(web, path, bad).text
    assert "The workbook did not pass the checks" in page
    assert "none of its figures count yet" in page
    refused = upload(web, path, file, name="c.csv").text
    assert "This file cannot be accepted" in refused


def test_the_ledger_holds_the_same_for_an_upload_as_for_a_dropped_file(web_month, tmp_path):
    file = write_submission(
        tmp_path / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5_000, "KS-02")]
    )
    upload(client(web_month, []), link(web_month, "AG-C"), file)
    uploaded = _ledger_row(web_month)
    for entered in (web_month.drop_zone / "web").iterdir():
        entered.unlink()
    shutil.rmtree(web_month.state)
    (web_month.drop_zone / "web").mkdir(exist_ok=True)
    shutil.copy(file, web_month.drop_zone / "web" / "dropped.xlsx")
    from oneplan.ledger import forget_open_ledgers

    forget_open_ledgers()
    take_in(web_month)
    dropped = _ledger_row(web_month)
    assert uploaded == dropped


def _ledger_row(settings) -> dict:
    (row,) = [f for f in open_ledger(settings).history("AG-C")["files"]]
    return {k: v for k, v in row.items() if k not in ("path", "received_at")}


def test_a_rejected_upload_lists_each_problem_with_its_cell_and_records_nothing(
    web_month, tmp_path
):
    web = client(web_month, [])
    path = link(web_month, "AG-C")
    before = record(web_month)
    bad = write_submission(tmp_path / "bad.xlsx", "AG-C", "AREA-1", "13/2569", [line(1, 5_000)])
    response = upload(web, path, bad)
    assert 'class="card result rejected"' in response.text
    assert "แบบรายงานไม่ผ่านการตรวจสอบ" in response.text
    assert "ยังไม่ถูกบันทึกและยังไม่นับตัวเลขใด ๆ" in response.text
    assert issue_places(response.text) == [("period_invalid", "B4")]
    assert "ข้อมูลหน่วยงาน!B4" in response.text
    assert record(web_month) == before
    feedback = re.search(r'href="(/a/[^"]+/check/[0-9a-f]{16}/feedback\.xlsx)"', response.text)
    download = web.get(feedback.group(1))
    assert download.status_code == 200
    book = load_workbook(BytesIO(download.content))
    assert book.sheetnames[0] == PROBLEMS_SHEET
    assert book["ข้อมูลหน่วยงาน"]["B4"].comment is not None


def test_the_lines_are_shown_as_they_will_count_with_the_plan_items_they_fund(web_month, tmp_path):
    web = client(web_month, [])
    file = write_submission(
        tmp_path / "c.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [line(1, 5_000, "KS-02"), line(2, 700, "ZZ-9"), line(3, -5), line(4, "1,000.50 บาท")],
    )
    response = upload(web, link(web_month, "AG-C"), file)
    assert issue_places(response.text) == [("plan_item_unknown", "B3"), ("amount_negative", "F4")]
    assert re.findall(r'data-alignment="(\w+)"', response.text) == [
        "aligned",
        "unknown_item",
        "unaligned",
    ]
    assert "โครงการ KS-02" in response.text and "1,000.50" in response.text
    assert "แถวที่ไม่นับเพราะมีข้อผิดพลาด: 1" in response.text


def test_the_same_file_again_is_already_received_and_recorded_once(web_month, tmp_path):
    web = client(web_month, [])
    path = link(web_month, "AG-C")
    file = write_submission(tmp_path / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5_000)])
    upload(web, path, file)
    again = upload(web, path, file, name="copy.xlsx")
    assert 'class="card result already_received"' in again.text
    assert len(list((web_month.drop_zone / "web").iterdir())) == 1
    assert len(open_ledger(web_month).history("AG-C")["files"]) == 1


def test_the_coordinator_sees_the_status_change_after_an_upload_is_run(web_month, tmp_path):
    from tests.web_support import sign_in

    web = client(web_month)  # runs for real, in the background
    coordinator = client(web_month)
    sign_in(coordinator)
    page = coordinator.get("/coordinator").text
    assert 'data-agency="AG-C" data-status="missing"' in page
    file = write_submission(tmp_path / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5_000)])
    upload(web, link(web_month, "AG-C"), file)
    web.app.state.web.runs.wait()
    page = coordinator.get("/coordinator").text
    assert 'data-agency="AG-C" data-status="submitted"' in page
    assert 'data-agency="AG-A" data-status="submitted"' in page


def at_once(count: int, action) -> list:
    """`action(i)` for i in range(count), in threads released together."""
    start = threading.Barrier(count)
    results: list = [None] * count

    def one(i: int) -> None:
        start.wait()
        results[i] = action(i)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def posting_at_once(settings, agency: str, files: list) -> list:
    """Each file uploaded from a browser of its own, the forms sent at the same moment."""
    app = create_app(settings, PeriodRuns([].append))
    path = link(settings, agency)
    browsers = [TestClient(app, follow_redirects=False) for _ in files]
    tokens = [csrf_of(browser.get(path).text) for browser in browsers]

    def post(i: int):
        with files[i].open("rb") as handle:
            return browsers[i].post(
                f"{path}/upload",
                data={"csrf": tokens[i]},
                files={"workbook": (files[i].name, handle)},
            )

    return at_once(len(files), post)


def test_uploads_at_the_same_moment_get_distinct_received_times_in_the_order_entered(
    web_month, tmp_path
):
    versions = [
        write_submission(
            tmp_path / f"v{i}.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 1_000 * (i + 1))]
        )
        for i in range(5)
    ]
    pages = posting_at_once(web_month, "AG-C", versions)
    assert ['class="card result accepted"' in page.text for page in pages] == [True] * 5
    sent = open_ledger(web_month).history("AG-C")["files"]  # in the order of receiving
    times = [f["received_at"] for f in sent]
    assert len(times) == 5 and times == sorted(set(times))  # distinct, and in that order
    entered = sorted((web_month.drop_zone / "web").iterdir(), key=lambda p: p.stat().st_mtime_ns)
    assert [f"web/{p.name}" for p in entered] == [f["path"] for f in sent]
    # The service counts the last received; so does one run of a copy with a fresh state.
    counted = counted_file(run_month(web_month, PERIOD), "AG-C")
    assert counted == sent[-1]["sha256"]
    copy = tmp_path / "copy"
    shutil.copytree(web_month.inputs, copy / "inputs", symlinks=True)  # times kept
    fresh = dataclasses.replace(
        web_month,
        inputs=copy / "inputs",
        outputs=copy / "outputs",
        state=copy / "state",
        intake_quiet_seconds=0.5,  # the uploads are seconds old: settled within a second
    )
    assert counted_file(run_month(fresh, PERIOD), "AG-C") == counted


def counted_file(result, agency: str) -> str:
    return result.reconciliation.agencies.set_index("agency_code").loc[agency, "submission_id"]


def test_a_double_clicked_upload_is_accepted_once_and_no_click_is_refused(web_month, tmp_path):
    file = write_submission(tmp_path / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5_000)])
    pages = posting_at_once(web_month, "AG-C", [file] * 4)
    outcomes = [
        re.search(r'class="card result (\w+)"', page.text).group(1)
        if page.status_code == 200
        else page.status_code
        for page in pages
    ]
    assert sorted(outcomes) == ["accepted", *["already_received"] * 3]
    assert len(list((web_month.drop_zone / "web").iterdir())) == 1
    assert len(open_ledger(web_month).history("AG-C")["files"]) == 1


def test_an_xls_upload_is_checked_and_handed_in_and_an_ods_one_gets_its_marked_copy(
    web_month, tmp_path
):
    """The formats the drop zone reads, read alike from the upload page: an accepted .xls
    enters the drop zone as .xls; a rejected .ods is marked on an .xlsx of its values."""
    from tests.other_formats import saved_as

    web = client(web_month, [])
    path = link(web_month, "AG-C")
    page = web.get(path).text
    assert ".xls" in page and ".ods" in page and 'accept=".xlsx,.xlsm,.xls,.ods' in page
    good = write_submission(tmp_path / "good.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5_000)])
    response = upload(web, path, saved_as(good, ".xls"))
    assert 'class="card result accepted"' in response.text
    (entered,) = (web_month.drop_zone / "web").iterdir()
    assert entered.suffix == ".xls" and entered.read_bytes() == (tmp_path / "good.xls").read_bytes()
    bad = write_submission(tmp_path / "bad.xlsx", "AG-C", "AREA-1", "13/2569", [line(1, 5_000)])
    bad_ods = saved_as(bad, ".ods")
    response = upload(web, path, bad_ods)
    assert 'class="card result rejected"' in response.text
    assert issue_places(response.text) == [("period_invalid", "B4")]
    feedback = re.search(r'href="(/a/[^"]+/check/[0-9a-f]{16}/feedback\.xlsx)"', response.text)
    book = load_workbook(BytesIO(web.get(feedback.group(1)).content))
    assert ".ods" in book[PROBLEMS_SHEET]["A1"].value
    assert book["ข้อมูลหน่วยงาน"]["B4"].comment is not None
    refused = upload(web, path, bad_ods, name="bad.xlsb")
    assert refused.status_code == 415 and ".ods" in refused.text
