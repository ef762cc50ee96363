"""The results of the plan items on the pages (#29): the coordinator's month page shows
each area's items with a target, delivered of target, progress against the year's
elapsed share, state and the partners reporting, co-funded items first; a period whose
outputs have no results table shows none. The agency's page shows an upload's results as
they will count, saying where a quantity is not added to its item.

The demo's figures (November 2569, 2/12 of the fiscal year = 16.7% elapsed): ตำบลแพรกหา's
SW-01 has 55 of 150 คน (36.7%, on track) from พช.อำเภอควนขนุน (25) and พอช. (30), อบต.แพรกหา
funding it with no quantity counted; its EN-01 0 of 2,000 ต้น (not started); ตำบลลำสินธุ์'s SW-01
20 of 150 (13.3%, behind)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from oneplan.demo import DEMO_PERIOD, write_demo_inputs
from oneplan.month.run import run_month
from oneplan.settings import Settings
from tests.builders import line, plan_item, write_plan, write_submission
from tests.web_support import client, issue_places, link, sign_in, upload

PERIOD = DEMO_PERIOD  # 2026-11
NOW = dt.datetime(2026, 12, 6, 23, 0, tzinfo=dt.UTC)  # 7 December, Bangkok


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("results-demo")
    write_demo_inputs(root / "inputs")
    settings = Settings(
        inputs=root / "inputs",
        outputs=root / "outputs",
        state=root / "state",
        coordinator_password="coordinator-secret",
    )
    run_month(settings, PERIOD, NOW)
    return settings


def coordinator_page(settings: Settings, lang: str = "th") -> str:
    web = client(settings, [])
    assert sign_in(web).status_code == 303
    page = web.get("/coordinator", params={"period": PERIOD, "lang": lang})
    assert page.status_code == 200
    return page.text


def results_of(page: str, area: str) -> str:
    found = re.search(rf'<div class="results" id="results-{area}">.*?</table>', page, re.S)
    assert found, area
    return found.group(0)


def item_row(section: str, item: str) -> str:
    return re.search(rf'<tr data-item="{item}" .*?</tr>', section, re.S).group(0)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_each_area_shows_its_items_delivered_of_target_with_state_and_partners(demo):
    page = coordinator_page(demo)
    phraekha = results_of(page, "PLG-PKH")
    sw = item_row(phraekha, "SW-01")
    assert 'data-state="on_track" data-co-funded="yes"' in sw
    assert "55 จาก 150 คน" in text_of(sw) and "ตามเป้า" in sw and "36.7%" in sw
    partners = re.findall(r'class="partner[^"]*" data-agency="([^"]+)">(.*?)</span></span>', sw)
    assert [(code, text_of(html)) for code, html in partners] == [
        ("CDD-KKN", "พช.อำเภอควนขนุน 25 คน"),
        ("CODI", "พอช. 30 คน"),
        ("SAO-PKH", "อบต.แพรกหา"),
    ]
    assert "สนับสนุนแต่ยังไม่มีผลงานที่นับได้: อบต.แพรกหา" in text_of(sw)
    assert "ผู้ได้รับประโยชน์ 55 คน" in text_of(sw)
    # The bar marks the share of the year elapsed (2 of 12 months) and the progress.
    assert '<rect class="fill" width="36.7"' in sw and 'x1="16.7"' in sw
    assert "ร้อยละ 16.7" in phraekha
    en = item_row(phraekha, "EN-01")
    assert 'data-state="not_started"' in en and "0 จาก 2,000 ต้น" in text_of(en)
    assert "ยังไม่มีผลงาน" in en and "ยังไม่มีภาคีรายงานผลงาน" in en
    # Co-funded items first, then the others, each group by its code.
    states = re.findall(
        r'<tr data-item="([^"]+)" data-state="[^"]+" data-co-funded="(\w+)"', phraekha
    )
    assert states == [
        ("DB-01", "yes"),
        ("HL-01", "yes"),
        ("KS-01", "yes"),
        ("OR-01", "yes"),
        ("SW-01", "yes"),
        ("EN-01", "no"),
    ]
    assert "ตามเป้า 5" in phraekha and "ยังไม่มีผลงาน 1" in phraekha
    lamsin = item_row(results_of(page, "PLG-LSN"), "SW-01")
    assert 'data-state="behind"' in lamsin and "ต่ำกว่าเป้า" in lamsin
    assert "20 จาก 150 คน" in text_of(lamsin)
    assert 'data-item="LD-01"' not in page  # no target: not in the list


def test_the_results_speak_english_on_request(demo):
    sw = item_row(results_of(coordinator_page(demo, "en"), "PLG-PKH"), "SW-01")
    assert "55 of 150 คน" in text_of(sw) and "on track" in sw and "co-funded" in sw
    assert "Funding it, no result counted yet: อบต.แพรกหา" in text_of(sw)


def test_a_period_without_a_results_table_shows_no_results(web_month):
    tables = web_month.period_outputs("2026-11") / "tables"
    for name in ("results", "result_contributions"):
        (tables / f"{name}.parquet").unlink(missing_ok=True)
    page = coordinator_page(web_month)
    assert 'class="results"' not in page and "ผลการดำเนินงานเทียบค่าเป้าหมาย" not in page
    assert 'id="area-AREA-1"' in page  # the rest of the month is there


def with_indicators(settings: Settings) -> None:
    """KS-01 gains an indicator (ครัวเรือน, 80 this year); KS-02 has none."""
    ks01 = plan_item(item="KS-01", required=100_000)
    ks01 |= {"indicator": "ครัวเรือนที่ได้รับเมล็ดพันธุ์", "unit": "ครัวเรือน", "target": 80}
    items = [ks01, plan_item(item="KS-02", required=50_000, category="สวัสดิการ", priority=2)]
    write_plan(settings.inputs, items)


def with_results(row: dict, **results) -> dict:
    return row | results


def test_an_upload_shows_its_results_as_they_will_count(web_month, tmp_path):
    with_indicators(web_month)
    lines = [
        with_results(
            line(1, 5_000, "KS-01"),
            progress="กำลังดำเนินการ",
            quantity=30,
            households=30,
            result="แจกเมล็ดพันธุ์แล้ว",
        ),
        with_results(line(2, 1_000, "KS-01"), quantity=12, unit="คน"),
        with_results(
            line(3, 2_000, "KS-02", disbursed=2_000), quantity=4, unit="ครั้ง", progress="เสร็จแล้ว"
        ),
        line(4, 3_000, "KS-02"),  # no result: not listed
    ]
    file = write_submission(tmp_path / "c.xlsx", "AG-C", "AREA-1", "2026-11", lines)
    page = upload(client(web_month, []), link(web_month, "AG-C"), file).text
    assert 'class="card result accepted"' in page
    rows = re.findall(r'<tr data-line="(\d+)" data-counting="(\w*)">', page)
    assert rows == [("1", "counted"), ("2", "unit_mismatch"), ("3", "result_without_indicator")]
    first = text_of(re.search(r'<tr data-line="1".*?</tr>', page, re.S).group(0))
    assert "30 ครัวเรือน นับเข้าโครงการ" in first
    assert "เป้าหมายของโครงการ 80 ครัวเรือน" in first
    assert "กำลังดำเนินการ" in first and "30 ครัวเรือน" in first and "แจกเมล็ดพันธุ์แล้ว" in first
    second = text_of(re.search(r'<tr data-line="2".*?</tr>', page, re.S).group(0))
    assert "12 คน ไม่นับเข้าโครงการ: หน่วยนับไม่ตรงกับตัวชี้วัด (ครัวเรือน)" in second
    third = text_of(re.search(r'<tr data-line="3".*?</tr>', page, re.S).group(0))
    assert "ไม่นับเข้าโครงการ: โครงการนี้ยังไม่มีตัวชี้วัดในแผน" in third and "เสร็จแล้ว" in third
    # The same two, as the checks tell them in the list of problems.
    codes = [code for code, _ in issue_places(page)]
    assert codes == ["unit_mismatch", "result_without_indicator"]


def test_an_upload_without_results_shows_no_results_list(web_month, tmp_path):
    file = write_submission(tmp_path / "c.xlsx", "AG-C", "AREA-1", "2026-11", [line(1, 5, "KS-02")])
    page = upload(client(web_month, []), link(web_month, "AG-C"), file).text
    assert 'class="card result accepted"' in page and 'id="line-results"' not in page


def test_a_rejected_upload_shows_no_results(web_month, tmp_path):
    row = with_results(line(1, 5_000, "KS-02"), quantity=3)
    file = write_submission(tmp_path / "c.xlsx", "AG-C", "AREA-1", "13/2569", [row])
    page = upload(client(web_month, []), link(web_month, "AG-C"), file).text
    assert 'class="card result rejected"' in page and 'id="line-results"' not in page


def test_the_results_of_an_upload_speak_english(web_month, tmp_path):
    with_indicators(web_month)
    row = with_results(
        line(1, 5_000, "KS-01", disbursed=5_000), quantity=12, unit="คน", progress="done"
    )
    file = write_submission(tmp_path / "c.xlsx", "AG-C", "AREA-1", "2026-11", [row])
    web = client(web_month, [])
    path = link(web_month, "AG-C")
    web.get(f"{path}?lang=en")  # the language is kept in a cookie
    page = upload(web, path, file).text
    assert "Results to be counted" in page
    assert "not counted for the item: its unit is not the indicator&#39;s (ครัวเรือน)" in page
    assert ">done<" in page
