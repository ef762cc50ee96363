"""The coordinator's page as the coordinator reads it: the month asked the Thai way, why a
file was rejected (with its feedback workbook, served only behind the sign-in and only
from the period's outputs), figures emptied by a zero-line file, agencies by their short
names in Thai dictionary order, and times local with their zone."""

from __future__ import annotations

import io
import json
import re

from openpyxl import load_workbook

from oneplan.month.run import run_month
from oneplan.report.feedback import PROBLEMS_SHEET
from tests.builders import agency, line, write_registry, write_submission
from tests.web_support import client, csrf_of, link, sign_in

PERIOD = "2026-11"
FEEDBACK = "/coordinator/files/2026-11/feedback/AG-C_AREA-1_2026-11.xlsx"


def signed_in(settings, runs=None):
    web = client(settings, [] if runs is None else runs)
    assert sign_in(web).status_code == 303
    return web


def agency_rows(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<tr data-agency="([^"]+)" data-status="([^"]+)">', page)


def row_of(page: str, code: str) -> str:
    return re.search(rf'<tr data-agency="{code}" .*?</tr>', page, re.S).group(0)


def with_short_names(settings) -> None:
    """The registry names AG-A and AG-B by their usual short names; AG-C has none."""
    rows = [
        agency("AG-A", "AREA-1", name="องค์การบริหารส่วนตำบลแพรกหา"),
        agency("AG-B", "AREA-1", name="ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร สาขาควนขนุน"),
        agency("AG-C", "AREA-1", name="กองทุนหมู่บ้านแพรกหา"),
    ]
    rows[0]["short_name"], rows[1]["short_name"] = "อบต.แพรกหา", "ธ.ก.ส. สาขาควนขนุน"
    write_registry(settings.inputs, rows)


def test_the_month_is_asked_the_thai_way_and_anything_else_is_answered(web_month):
    runs: list[str] = []
    web = signed_in(web_month, runs)
    for typed in ("2026-11", "2569-11", "11/2569", "พฤศจิกายน 2569", "พ.ย. 69"):
        page = web.get("/coordinator", params={"period": typed})
        assert page.status_code == 200, typed
        assert '<option value="2026-11" selected>พฤศจิกายน 2569</option>' in page.text, typed
        assert agency_rows(page.text)[0] == ("AG-A", "submitted"), typed
    for typed in ("2569-13", "พฤศจิ 69", "next month"):
        answer = web.get("/coordinator", params={"period": typed})
        assert answer.status_code == 400, typed
        assert f"อ่านเดือน “{typed}” ไม่ได้" in answer.text
        assert "2569-11, 11/2569, พฤศจิกายน 2569, พ.ย. 69 หรือ 2026-11" in answer.text

    csrf = csrf_of(web.get("/coordinator").text)
    started = web.post("/coordinator/run", data={"csrf": csrf, "period": "พ.ย. 69"})
    assert (started.status_code, started.headers["location"]) == (
        303,
        "/coordinator?period=2026-11",
    )
    refused = web.post("/coordinator/run", data={"csrf": csrf, "period": "13/2569"})
    assert refused.status_code == 400 and "อ่านเดือน “13/2569” ไม่ได้" in refused.text
    assert web.post("/coordinator/run", data={"csrf": csrf, "period": ""}).status_code == 400
    web.app.state.web.runs.wait()
    assert runs == ["2026-11"]  # the month typed the Thai way; nothing for the others


def test_a_rejected_file_shows_its_reason_and_its_feedback(web_month):
    write_submission(
        web_month.drop_zone / "c.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [line(1, 5_000, "KS-01")],
        line_columns=["line_no", "plan_item_id", "activity"],  # no budget column
    )
    run_month(web_month, PERIOD)
    web = signed_in(web_month)
    row = row_of(web.get("/coordinator").text, "AG-C")
    assert 'data-status="rejected"' in row
    assert "ไฟล์ c.xlsx" in row
    reason = re.search(r"สาเหตุ: ([^<]*)", row).group(1)
    assert "งบประมาณ" in reason  # the missing column, in Thai
    assert f'href="{FEEDBACK}"' in row
    english = row_of(web.get("/coordinator?lang=en").text, "AG-C")
    assert re.search(r"Reason: [^<]*budget", english)

    feedback = web.get(FEEDBACK)
    assert feedback.status_code == 200
    assert load_workbook(io.BytesIO(feedback.content)).sheetnames[0] == PROBLEMS_SHEET
    # Only behind the sign-in, and only the period's outputs.
    assert client(web_month, []).get(FEEDBACK).status_code == 303
    for outside in (
        "/coordinator/files/2026-11/feedback/..%2F..%2Fstate%2Fledger.sqlite",
        "/coordinator/files/2026-11/feedback/..%5Csummary.json",
        "/coordinator/files/2026-11/feedback/.hidden.xlsx",
        "/coordinator/files/2026-11/..%2Ffeedback/AG-C_AREA-1_2026-11.xlsx",
        "/coordinator/files/..%2F2026-11/feedback/AG-C_AREA-1_2026-11.xlsx",
        "/coordinator/files/2026-11/tables/issues.parquet",
        "/coordinator/files/2026-11/feedback/AG-X_AREA-1_2026-11.xlsx",
    ):
        assert web.get(outside).status_code == 404, outside


def test_a_zero_line_replacement_is_a_warning_line(web_month):
    with_short_names(web_month)
    summary_path = web_month.period_outputs(PERIOD) / "summary.json"
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    summary["zero_line_replacements"] = [
        {
            "agency_code": "AG-B",
            "area_code": "AREA-1",
            "file_name": "b/แบบเปล่า.xlsx",
            "replaced_file_name": "b/b.xlsx",
        }
    ]
    summary_path.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    web = signed_in(web_month)
    page = web.get("/coordinator").text
    (warning,) = re.findall(r'<li class="zero-line"[^>]*>([^<]*)</li>', page)
    assert warning.startswith("ธ.ก.ส. สาขาควนขนุน (ตำบล AREA-1): ไฟล์ b/แบบเปล่า.xlsx")
    assert "ใช้แทนไฟล์ b/b.xlsx" in warning and "จึงเป็นศูนย์" in warning
    english = web.get("/coordinator?lang=en").text
    assert "the file b/แบบเปล่า.xlsx has no budget lines and replaced b/b.xlsx" in english

    del summary["zero_line_replacements"]  # a month without any: no warning
    summary_path.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    assert 'id="zero-lines"' not in web.get("/coordinator").text


def test_agencies_by_short_name_in_thai_dictionary_order(web_month):
    with_short_names(web_month)
    page = signed_in(web_month).get("/coordinator").text
    # กองทุน… (no short name: its name), ธ.ก.ส. …, อบต. … — not by code.
    assert [code for code, _ in agency_rows(page)] == ["AG-C", "AG-B", "AG-A"]
    assert "อบต.แพรกหา" in row_of(page, "AG-A")
    assert "องค์การบริหารส่วนตำบลแพรกหา" not in row_of(page, "AG-A")
    assert "กองทุนหมู่บ้านแพรกหา" in row_of(page, "AG-C")


def test_times_are_local_with_their_zone(web_month):
    web = signed_in(web_month)
    runs = re.search(r'<table id="runs">.*?</table>', web.get("/coordinator").text, re.S)
    assert re.search(r'<td class="when">\d{1,2} \S+ 25\d\d \d\d:\d\d น\. \(UTC\+7\)</td>', runs[0])
    page = client(web_month, []).get(link(web_month, "AG-A")).text
    history = re.search(r'<table id="history"[^>]*>.*?</table>', page, re.S)[0]
    # a.xlsx was last modified 10 Nov 2026 09:00 UTC: 16:00 in Bangkok
    assert ">10 พ.ย. 2569 16:00 น. (UTC+7)</td>" in history
    assert "ตำบล AREA-1" in history  # the area by its name
