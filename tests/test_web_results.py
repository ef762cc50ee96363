"""The results of the plan items on the pages (#29): the coordinator's month page shows
each area's items with a target, delivered of target, progress against the year's
elapsed share, state and the partners reporting, co-funded items first; a period whose
outputs have no results table shows none. The agency's page shows an upload's results as
they will count, saying where a quantity is not added to its item.

The demo's figures (November 2569, 2/12 of the fiscal year = 16.7% elapsed): ตำบลแพรกหา's
SW-01 has 55 of 150 คน (36.7%, on track) from พช.อำเภอควนขนุน (25) and พอช. (30), อบต.แพรกหา
funding it without a quantity; its EN-01 0 of 2,000 ต้น (not started); ตำบลลำสินธุ์'s SW-01
20 of 150 (13.3%, behind)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from oneplan.demo import DEMO_PERIOD, write_demo_inputs
from oneplan.month.run import run_month
from oneplan.settings import Settings
from tests.web_support import client, sign_in

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
    assert re.findall(r'class="partner" data-agency="([^"]+)">([^<]*)<', sw) == [
        ("CDD-KKN", "พช.อำเภอควนขนุน 25"),
        ("CODI", "พอช. 30"),
    ]
    assert "สนับสนุนแต่ยังไม่รายงานผลงาน: อบต.แพรกหา" in sw
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
    assert "Funding it, no result reported yet: อบต.แพรกหา" in sw


def test_a_period_without_a_results_table_shows_no_results(web_month):
    tables = web_month.period_outputs("2026-11") / "tables"
    for name in ("results", "result_contributions"):
        (tables / f"{name}.parquet").unlink(missing_ok=True)
    page = coordinator_page(web_month)
    assert 'class="results"' not in page and "ผลการดำเนินงานเทียบค่าเป้าหมาย" not in page
    assert 'id="area-AREA-1"' in page  # the rest of the month is there
