"""Nobody sees what is not theirs: links, the coordinator's password, CSRF, and the
refusals of uploads — each with a clear message and nothing recorded."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from oneplan.ledger import open_ledger
from oneplan.web.upload import MAX_UPLOAD_BYTES
from tests.builders import agency, line, write_registry, write_submission
from tests.web_support import client, csrf_of, link, record, sign_in, upload

PERIOD = "2026-11"
BAD_LINK_TH = "ลิงก์นี้ใช้ไม่ได้หรือถูกยกเลิกแล้ว"
NOT_THEIRS_TH = "ไม่พบไฟล์นี้ หรือไม่ใช่ไฟล์ของหน่วยงานนี้"


def test_a_wrong_or_revoked_link_opens_nothing(web_month):
    web = client(web_month, [])
    path = link(web_month, "AG-A")
    assert web.get(path).status_code == 200
    wrong = web.get(path[:-3] + "xyz")
    assert (wrong.status_code, BAD_LINK_TH in wrong.text) == (404, True)
    open_ledger(web_month).revoke_links("AG-A", dt.datetime.now(dt.UTC))
    for response in (web.get(path), web.get(f"{path}/template/AREA-1")):
        assert (response.status_code, BAD_LINK_TH in response.text) == (404, True)


def test_a_new_link_ends_the_old_one_and_only_the_tokens_hash_is_kept(web_month):
    web = client(web_month, [])
    old, new = link(web_month, "AG-A"), link(web_month, "AG-A")
    assert (web.get(old).status_code, web.get(new).status_code) == (404, 200)
    with open_ledger(web_month).engine.connect() as db:
        kept = db.execute(text("SELECT token_sha256 FROM agency_links")).scalars().all()
    token = new.rsplit("/", 1)[1]
    assert len(token) >= 43 and all(token not in k for k in kept) and len(kept) == 2


def test_an_agency_cannot_open_another_agencys_files_by_url(web_month, tmp_path):
    web = client(web_month, [])
    mine, theirs = link(web_month, "AG-A"), link(web_month, "AG-C")
    reports = web_month.period_outputs(PERIOD) / "reports"
    assert (reports / "AG-B.docx").is_file()
    assert web.get(f"{mine}/outputs/{PERIOD}/reports/AG-A.docx").status_code == 200
    # AG-C's rejected upload leaves a feedback copy that only AG-C's link opens
    bad = write_submission(tmp_path / "bad.xlsx", "AG-C", "AREA-1", "13/2569", [line(1, 1)])
    check = upload(web, theirs, bad).text.split("/check/")[1].split("/")[0]
    assert web.get(f"{theirs}/check/{check}/feedback.xlsx").status_code == 200
    for url in (
        f"{mine}/outputs/{PERIOD}/reports/AG-B.docx",
        f"{mine}/outputs/{PERIOD}/feedback/AG-B_AREA-1_{PERIOD}.xlsx",
        f"{mine}/outputs/{PERIOD}/main/reconciliation.xlsx",
        f"{mine}/outputs/{PERIOD}/reports/..%2F..%2Fstate%2Fledger.sqlite",
        f"{mine}/check/{check}/feedback.xlsx",
        f"{mine}/template/AREA-2",
        "/coordinator/files/2026-11/main/reconciliation.xlsx",
    ):
        response = web.get(url)
        assert response.status_code in (303, 404), url
        assert response.status_code == 303 or any(
            message in response.text for message in (NOT_THEIRS_TH, "ไม่พบหน้านี้")
        ), url


def test_a_workbook_naming_another_agency_or_area_is_refused_and_nothing_recorded(
    web_month, tmp_path
):
    web = client(web_month, [])
    path = link(web_month, "AG-C")
    before = record(web_month)
    other = write_submission(tmp_path / "b.xlsx", "AG-B", "AREA-1", PERIOD, [line(1, 5_000)])
    response = upload(web, path, other)
    assert response.status_code == 400
    assert "ระบุรหัสหน่วยงาน AG-B ซึ่งไม่ใช่หน่วยงานของลิงก์นี้ (AG-C)" in response.text
    elsewhere = write_submission(tmp_path / "x.xlsx", "AG-C", "AREA-2", PERIOD, [line(1, 5)])
    response = upload(web, path, elsewhere)
    assert (response.status_code, "ระบุพื้นที่ AREA-2" in response.text) == (400, True)
    assert record(web_month) == before
    assert not list((web_month.state / "web" / "checks").rglob("*.xlsx"))


def test_an_oversized_file_and_a_non_workbook_are_refused_and_nothing_recorded(web_month, tmp_path):
    web = client(web_month, [])
    path = link(web_month, "AG-C")
    before = record(web_month)
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\0" * (MAX_UPLOAD_BYTES + 2**20 + 10))
    response = upload(web, path, big)
    assert (response.status_code, "ไฟล์ใหญ่เกิน 20 MB" in response.text) == (413, True)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 not a workbook")
    response = upload(web, path, pdf)
    assert (response.status_code, "ไฟล์ที่ส่งเป็นชนิด .pdf" in response.text) == (415, True)
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_bytes(b"%PDF-1.4 not a workbook")
    response = upload(web, path, renamed)  # the drop zone's guard tells what it really is
    assert 'data-code="file_not_workbook"' in response.text
    assert 'class="card result rejected"' in response.text
    assert record(web_month) == before


def test_a_form_posted_without_its_csrf_token_is_refused_and_nothing_recorded(web_month, tmp_path):
    runs: list[str] = []
    web = client(web_month, runs)
    path = link(web_month, "AG-C")
    before = record(web_month)
    file = write_submission(tmp_path / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5_000)])
    response = upload(web, path, file, csrf=False)
    assert (response.status_code, "แบบฟอร์มหมดอายุ" in response.text) == (403, True)
    forged = web.post(
        f"{path}/upload",
        data={"csrf": "forged"},
        files={"workbook": ("c.xlsx", file.read_bytes())},
    )
    assert forged.status_code == 403
    coordinator = client(web_month, runs)
    sign_in(coordinator)
    assert coordinator.post("/coordinator/run", data={"period": PERIOD}).status_code == 403
    stranger = client(web_month, runs)
    assert (
        stranger.post("/coordinator/sign-in", data={"password": "coordinator-secret"}).status_code
        == 403
    )
    assert (record(web_month), runs) == (before, [])


def test_the_coordinator_signs_in_with_the_password_of_the_settings(web_month):
    web = client(web_month, [])
    assert 'name="password"' in web.get("/coordinator").text
    assert web.get("/coordinator/files/2026-11/main/reconciliation.xlsx").status_code == 303
    wrong = sign_in(web, "guess")
    assert (wrong.status_code, "รหัสผ่านไม่ถูกต้อง" in wrong.text) == (401, True)
    assert sign_in(web).status_code == 303
    page = web.get("/coordinator?lang=en").text
    assert 'data-agency="AG-A" data-status="submitted"' in page
    assert 'data-agency="AG-C" data-status="missing"' in page
    assert "The month at a glance" in page
    # the run history's times are local and name their zone
    assert re.search(
        r'<td class="when">\d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d \(UTC\+7\)</td>', page
    )
    assert web.get("/coordinator/files/2026-11/main/reconciliation.xlsx").status_code == 200
    assert web.get("/coordinator/chart/2026-11/AREA-1.png").content[:4] == b"\x89PNG"
    runs: list[str] = []
    web = client(web_month, runs)
    sign_in(web)
    page = web.get("/coordinator").text
    assert (
        web.post("/coordinator/run", data={"csrf": csrf_of(page), "period": PERIOD}).status_code
        == 303
    )
    web.app.state.web.runs.wait()  # the run is asked of a background thread: wait for it
    assert runs == [PERIOD]


def test_without_a_password_the_coordinators_page_says_how_to_set_one(web_month):
    web = client(dataclasses.replace(web_month, coordinator_password=""), [])
    response = web.get("/coordinator")
    assert (response.status_code, "ONEPLAN_COORDINATOR_PASSWORD" in response.text) == (503, True)
    assert web.post("/coordinator/sign-in", data={"csrf": "x", "password": ""}).status_code == 403


def test_pages_never_send_the_link_on_and_speak_english_on_request(web_month):
    web = client(web_month, [])
    path = link(web_month, "AG-A")
    response = web.get(path)
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "ส่งแบบรายงานงบประมาณ" in response.text
    assert "Submit the budget workbook" in web.get(f"{path}?lang=en").text
    assert "Submit the budget workbook" in web.get(path).text  # the choice is remembered


def test_token_commands_print_the_link_and_end_it(web_month, tmp_path):
    oneplan = str(Path(sys.executable).with_name("oneplan"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEPLAN_")}
    env["ONEPLAN_PUBLIC_URL"] = "https://oneplan.example.org/"
    folders = ["--inputs", str(web_month.inputs), "--state", str(web_month.state)]

    def run(*args):
        return subprocess.run([oneplan, *args], env=env, capture_output=True, text=True)

    created = run("token", "create", "--agency", "ag-c", *folders)
    assert created.returncode == 0, created.stderr
    url = created.stdout.strip()
    assert url.startswith("https://oneplan.example.org/a/") and len(url) > 70
    web = client(web_month, [])
    assert web.get(url.removeprefix("https://oneplan.example.org")).status_code == 200
    unknown = run("token", "create", "--agency", "NOPE", *folders)
    assert (unknown.returncode, "NOPE is not in the registry" in unknown.stderr) == (1, True)
    revoked = run("token", "revoke", "--agency", "AG-C", "--state", str(web_month.state))
    assert (revoked.returncode, "AG-C" in revoked.stdout) == (0, True)
    assert web.get(url.removeprefix("https://oneplan.example.org")).status_code == 404


def test_the_agency_downloads_the_template_of_each_of_its_areas(web_month):
    from io import BytesIO

    from openpyxl import load_workbook

    write_registry(
        web_month.inputs,
        [agency("AG-A", "AREA-1"), agency("AG-B", "AREA-1"), agency("AG-C", "AREA-1")],
    )
    web = client(web_month, [])
    path = link(web_month, "AG-C")
    response = web.get(f"{path}/template/AREA-1")
    assert response.status_code == 200
    assert "template_AG-C_AREA-1_" in response.headers["content-disposition"]
    book = load_workbook(BytesIO(response.content))
    assert "ข้อมูลหน่วยงาน" in book.sheetnames


def test_serve_starts_the_pages_and_prints_where_unless_told_not_to(web_month):
    import socket

    import httpx

    from flows.serve import web_pages

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = dataclasses.replace(web_month, web_port=port)
    said: list[tuple[str, dict]] = []

    def say(key: str, **values: object) -> None:
        said.append((key, values))

    with web_pages(settings, say):
        page = httpx.get(f"http://127.0.0.1:{port}/coordinator", timeout=120)  # a deadline
        assert page.status_code == 200
    assert said[0] == ("web_pages", {"url": f"http://127.0.0.1:{port}"})
    with web_pages(settings, say, enabled=False):
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
            reached = True
        except httpx.ConnectError:
            reached = False
    assert (reached, len(said)) == (False, 1)
