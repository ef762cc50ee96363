"""The coordinator's drill-down, province → district → area: the month's figures by
province, a province's page and a district's, each place linking its Word report only when
the file is there, the unassigned groups reachable, behind the coordinator's sign-in.

The demo's figures were checked by hand: ตำบลแพรกหา (PLG-PKH, อำเภอควนขนุน) needs
768,500.50 baht, partners commit 573,500.50, it is covered 563,500.50 (73.3%); ตำบลลำสินธุ์
(PLG-LSN, อำเภอศรีนครินทร์) needs 723,750.25, committed and covered 275,000.00 (38.0%); both
in จังหวัดพัทลุง: 1,492,250.75 needed, 848,500.50 committed, 838,500.50 covered (56.2%), a
gap of 205,000.00 + 448,750.25 = 653,750.25. Reporting: PLG-PKH's 8 expected agencies sent
6, 5 on time; PLG-LSN's 4 sent 3, all on time: 9 of 12 (75.0%), 8 on time (66.7%)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from urllib.parse import quote, unquote

import pytest

from oneplan.demo import DEMO_PERIOD, write_demo_inputs
from oneplan.month.run import run_month
from oneplan.report.level_files import level_key, report_file
from oneplan.settings import Settings
from oneplan.web.level_links import district_page, named, province_page
from tests.builders import agency, line, plan_item, write_plan, write_registry, write_submission
from tests.web_support import client, sign_in

PERIOD = DEMO_PERIOD  # 2026-11
PROVINCE = f"/coordinator/province/{PERIOD}/{quote('พัทลุง')}"
KHUAN_KHANUN = f"/coordinator/district/{PERIOD}/{quote('พัทลุง')}/{quote('ควนขนุน')}"
SRI_NAKHARIN = f"/coordinator/district/{PERIOD}/{quote('พัทลุง')}/{quote('ศรีนครินทร์')}"
# The morning of 7 December (Bangkok): the files have arrived, the usual deadline (the 10th)
# has not passed yet; ธ.ก.ส.'s own (the 5th) and รพ.สต.แพรกหา's (the 1st) have.
NOW = dt.datetime(2026, 12, 6, 23, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Settings:
    """The demo's month, run once: two areas of จังหวัดพัทลุง, each in a district of its own."""
    root = tmp_path_factory.mktemp("levels-demo")
    write_demo_inputs(root / "inputs")
    settings = Settings(
        inputs=root / "inputs",
        outputs=root / "outputs",
        state=root / "state",
        coordinator_password="coordinator-secret",
    )
    run_month(settings, PERIOD, NOW)
    return settings


def signed_in(settings: Settings):
    web = client(settings, [])
    assert sign_in(web).status_code == 303
    return web


def row(page: str, level: str, **place: str) -> str:
    """The table row of a level (network, province, district, area) on a page."""
    attributes = "".join(rf'[^>]*data-{key}="{re.escape(value)}"' for key, value in place.items())
    found = re.search(rf'<tr data-level="{level}"{attributes}[^>]*>.*?</tr>', page, re.S)
    assert found, (level, place)
    return found.group(0)


def cells(row_html: str) -> dict[str, str]:
    """A row's figures by column class: its text without tags."""
    found = re.findall(r'<td class="num ?([a-z-]*)" data-label="([^"]*)">(.*?)</td>', row_html)
    return {klass or label: re.sub(r"<[^>]+>", "", text).strip() for klass, label, text in found}


def summary_of(settings: Settings) -> dict:
    path = settings.period_outputs(PERIOD) / "summary.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_month_lists_the_network_and_each_province_with_its_figures(demo):
    page = signed_in(demo).get("/coordinator", params={"period": PERIOD}).text
    section = re.search(r'<section class="card" id="by-province">.*?</section>', page, re.S)
    assert section and "ภาพรวมรายจังหวัด" in section.group(0)
    network = row(page, "network")
    assert "ทั้งเครือข่าย" in network
    province = row(page, "province", province="พัทลุง")
    assert f'href="{PROVINCE}"' in province and ">จังหวัดพัทลุง</a>" in province
    expected = {
        "พื้นที่": "2",
        "งบตามแผน (บาท)": "1,492,250.75",
        "งบที่ภาคีสนับสนุน (บาท)": "848,500.50",
        "coverage": "56.2%",
        "gap": "653,750.25",
        "reporting": "75.0%",
        "on-time": "66.7%",
    }
    assert cells(network) == expected and cells(province) == expected
    assert len(re.findall(r'<tr data-level="province"', page)) == 1
    # the figures are the run's, as summary.json has them
    levels = summary_of(demo)["levels"]
    assert levels["provinces"][0]["required"] == 1_492_250.75
    assert levels["provinces"][0]["coverage"] == 0.5619
    english = signed_in(demo).get("/coordinator", params={"period": PERIOD, "lang": "en"}).text
    assert "By province" in english and "พัทลุง province" in row(english, "province")


def test_a_province_lists_its_districts_categories_weakest_areas_and_unfunded_items(demo):
    web = signed_in(demo)
    answer = web.get(PROVINCE)
    assert answer.status_code == 200
    page = answer.text
    assert re.search(r'<h1 id="place-name">จังหวัดพัทลุง</h1>', page)
    assert f'<a id="to-period" href="/coordinator?period={PERIOD}">' in page
    assert "ต่ำสุด 38.0% · มัธยฐาน 55.7% · สูงสุด 73.3%" in page  # the areas' spread
    assert "72.2% ของงบทั้งหมด 1,174,500.50 บาท" in page  # aligned share
    assert "ส่งแล้ว 9 จาก 12 (75.0%) ทันกำหนด 8 (66.7%)" in page
    khuan_khanun = row(page, "district", province="พัทลุง", district="ควนขนุน")
    sri_nakharin = row(page, "district", province="พัทลุง", district="ศรีนครินทร์")
    assert f'href="{KHUAN_KHANUN}"' in khuan_khanun and "อำเภอควนขนุน" in khuan_khanun
    assert f'href="{SRI_NAKHARIN}"' in sri_nakharin and "อำเภอศรีนครินทร์" in sri_nakharin
    assert cells(khuan_khanun) == {
        "พื้นที่": "1",
        "งบตามแผน (บาท)": "768,500.50",
        "งบที่ภาคีสนับสนุน (บาท)": "573,500.50",
        "coverage": "73.3%",
        "gap": "205,000.00",
        "reporting": "75.0%",
        "on-time": "62.5%",
    }
    assert cells(sri_nakharin) == {
        "พื้นที่": "1",
        "งบตามแผน (บาท)": "723,750.25",
        "งบที่ภาคีสนับสนุน (บาท)": "275,000.00",
        "coverage": "38.0%",
        "gap": "448,750.25",
        "reporting": "75.0%",
        "on-time": "75.0%",
    }
    assert page.index("อำเภอควนขนุน") < page.index("อำเภอศรีนครินทร์")
    categories = re.findall(r'<tr data-category="([^"]+)">', page)
    assert len(categories) == 8 and "เกษตร" in categories
    weakest = re.findall(r'<li data-area="([^"]+)">', page)
    assert weakest == ["PLG-LSN", "PLG-PKH"]  # lowest coverage first
    unfunded = re.findall(r'<tr data-item="([^"]+)" data-area="([^"]+)">', page)
    assert unfunded[0] == ("KS-01", "PLG-LSN")  # the plan's priority 2, the highest unfunded
    assert 'href="/coordinator?period=2026-11#area-PLG-LSN"' in page  # down to the area


def test_a_district_lists_its_areas_each_with_its_report(demo):
    web = signed_in(demo)
    page = web.get(KHUAN_KHANUN).text
    assert 'id="place-name">อำเภอควนขนุน' in page
    assert f'<a id="to-province" href="{PROVINCE}">จังหวัดพัทลุง</a>' in page
    areas = re.findall(r'<tr data-level="area" data-area="([^"]+)">', page)
    assert areas == ["PLG-PKH"]
    area = row(page, "area", area="PLG-PKH")
    assert "ตำบลแพรกหา" in area
    assert cells(area) == {
        "งบตามแผน (บาท)": "768,500.50",
        "งบที่ภาคีสนับสนุน (บาท)": "573,500.50",
        "coverage": "73.3%",
        "gap": "205,000.00",
        "reporting": "75.0%",
        "on-time": "62.5%",
    }
    report = f"/coordinator/files/{PERIOD}/reports/network_PLG-PKH.docx"
    assert f'href="{report}"' in area
    assert f'href="/coordinator?period={PERIOD}#area-PLG-PKH"' in area
    assert web.get(report).status_code == 200
    other = web.get(SRI_NAKHARIN).text
    assert re.findall(r'<tr data-level="area" data-area="([^"]+)">', other) == ["PLG-LSN"]
    assert "38.0%" in row(other, "area", area="PLG-LSN")


def test_a_report_is_linked_only_when_its_file_is_there(demo):
    web = signed_in(demo)
    reports = demo.period_outputs(PERIOD) / "reports"
    province_file = reports / report_file("province", level_key("พัทลุง"))
    district_file = reports / report_file("district", level_key("พัทลุง", "ควนขนุน"))
    written = province_file.read_bytes()  # the demo's run writes the province's report
    province_file.unlink()
    assert not district_file.exists()  # and no district's: district_reports is off
    month = web.get("/coordinator", params={"period": PERIOD}).text
    assert 'class="level-report"' not in row(month, "province", province="พัทลุง")
    assert 'id="place-report"' not in web.get(PROVINCE).text
    assert 'class="level-report"' not in web.get(PROVINCE).text
    assert 'id="place-report"' not in web.get(KHUAN_KHANUN).text
    try:
        province_file.write_bytes(b"a province's report")
        district_file.write_bytes(b"a district's report")
        province_link = f"/coordinator/files/{PERIOD}/reports/{quote(province_file.name)}"
        district_link = f"/coordinator/files/{PERIOD}/reports/{quote(district_file.name)}"
        month = web.get("/coordinator", params={"period": PERIOD}).text
        assert f'href="{province_link}"' in row(month, "province", province="พัทลุง")
        page = web.get(PROVINCE).text
        assert f'<a class="button" id="place-report" href="{province_link}">' in page
        khuan_khanun = row(page, "district", province="พัทลุง", district="ควนขนุน")
        assert f'href="{district_link}"' in khuan_khanun
        sri_nakharin = row(page, "district", province="พัทลุง", district="ศรีนครินทร์")
        assert 'class="level-report"' not in sri_nakharin  # no file of its own
        assert f'id="place-report" href="{district_link}"' in web.get(KHUAN_KHANUN).text
        assert web.get(province_link).content == b"a province's report"
        assert web.get(district_link).content == b"a district's report"
    finally:
        province_file.write_bytes(written)
        district_file.unlink(missing_ok=True)


def test_only_the_signed_in_coordinator_sees_them_and_unknown_places_are_not_found(demo):
    stranger = client(demo, [])
    for path in (PROVINCE, KHUAN_KHANUN):
        answer = stranger.get(path)
        assert (answer.status_code, answer.headers["location"]) == (303, "/coordinator"), path
        assert "พัทลุง" not in answer.text
    web = signed_in(demo)
    for path in (
        f"/coordinator/province/{PERIOD}/{quote('สงขลา')}",
        f"/coordinator/province/{PERIOD}/unassigned",  # every demo area has its province
        f"/coordinator/district/{PERIOD}/{quote('พัทลุง')}/{quote('เมืองพัทลุง')}",
        f"/coordinator/district/{PERIOD}/{quote('สงขลา')}/{quote('ควนขนุน')}",
        f"/coordinator/district/{PERIOD}/{quote('พัทลุง')}/unassigned",
        f"/coordinator/province/2026-10/{quote('พัทลุง')}",  # no run of October
        f"/coordinator/province/2026-13/{quote('พัทลุง')}",
        f"/coordinator/province/..%2F2026-11/{quote('พัทลุง')}",
        "/coordinator/province/2026-11",
    ):
        answer = web.get(path)
        assert answer.status_code == 404, path
        assert "ไม่พบหน้านี้" in answer.text, path


def test_areas_without_a_district_or_a_province_have_their_pages(tmp_path):
    """A1 in อำเภอควนขนุน, A2 in จังหวัดพัทลุง without a district, A3 placed nowhere."""
    inputs = tmp_path / "inputs"
    placed = [
        {**plan_item("A1", "KS-01", 100_000), "district": "ควนขนุน", "province": "พัทลุง"},
        {**plan_item("A2", "KS-01", 50_000), "province": "จ.พัทลุง"},
        plan_item("A3", "KS-01", 80_000),
    ]
    write_plan(inputs, placed)
    write_registry(inputs, [agency("AG-A", "A1, A2, A3")])
    for area, amount in (("A1", 60_000), ("A2", 10_000), ("A3", 40_000)):
        write_submission(
            inputs / "submissions" / f"{area}.xlsx",
            "AG-A",
            area,
            PERIOD,
            [line(1, amount, "KS-01")],
        )
    settings = Settings(inputs=inputs, outputs=tmp_path / "outputs", state=tmp_path / "state")
    settings = dataclasses.replace(settings, coordinator_password="coordinator-secret")
    run_month(settings, PERIOD, NOW)
    web = signed_in(settings)

    month = web.get("/coordinator", params={"period": PERIOD}).text
    nowhere = row(month, "province", province="")
    assert ">ไม่ระบุจังหวัด</a>" in nowhere and 'class="level-report"' not in nowhere
    assert f'href="/coordinator/province/{PERIOD}/unassigned"' in nowhere
    assert cells(nowhere)["coverage"] == "50.0%"  # A3: 40,000 of 80,000

    phatthalung = web.get(PROVINCE).text
    assert cells(row(phatthalung, "district", district="ควนขนุน"))["coverage"] == "60.0%"
    no_district = row(phatthalung, "district", province="พัทลุง", district="")
    assert ">ไม่ระบุอำเภอ</a>" in no_district and cells(no_district)["coverage"] == "20.0%"
    district_page = f"/coordinator/district/{PERIOD}/{quote('พัทลุง')}/unassigned"
    assert f'href="{district_page}"' in no_district
    areas = web.get(district_page).text
    assert 'id="place-name">ไม่ระบุอำเภอ' in areas
    assert re.findall(r'<tr data-level="area" data-area="([^"]+)">', areas) == ["A2"]

    unassigned = web.get(f"/coordinator/province/{PERIOD}/unassigned").text
    assert 'id="place-name">ไม่ระบุจังหวัด' in unassigned
    only = row(unassigned, "district", province="", district="")
    assert f'href="/coordinator/district/{PERIOD}/unassigned/unassigned"' in only
    deepest = web.get(f"/coordinator/district/{PERIOD}/unassigned/unassigned").text
    assert re.findall(r'<tr data-level="area" data-area="([^"]+)">', deepest) == ["A3"]
    english = web.get(f"/coordinator/province/{PERIOD}/unassigned", params={"lang": "en"})
    assert "No province given" in english.text


def test_a_plan_that_places_no_area_shows_the_month_as_before(web_month):
    web = signed_in(web_month)
    page = web.get("/coordinator", params={"period": "2026-11"}).text
    assert "by-province" not in page and "ภาพรวมรายจังหวัด" not in page
    assert "levels" in summary_of(web_month)  # the run rolled up, with nothing placed
    for path in (
        "/coordinator/province/2026-11/unassigned",
        "/coordinator/district/2026-11/unassigned/unassigned",
    ):
        assert web.get(path).status_code == 404, path


def test_text_from_the_plan_is_escaped(tmp_path):
    """A district written with markup reads as text, on its province's page and its own."""
    inputs = tmp_path / "inputs"
    district = "<img src=x onerror=alert(1)>ควน&ขนุน?#"
    write_plan(inputs, [{**plan_item("A1"), "district": district, "province": "พัทลุง"}])
    write_registry(inputs, [agency("AG-A", "A1")])
    settings = Settings(
        inputs=inputs,
        outputs=tmp_path / "outputs",
        state=tmp_path / "state",
        coordinator_password="coordinator-secret",
    )
    run_month(settings, PERIOD, NOW)
    web = signed_in(settings)
    page = web.get(PROVINCE).text
    shown = "อำเภอ&lt;img src=x onerror=alert(1)&gt;ควน&amp;ขนุน?#"
    assert "<img" not in page and shown in page
    link = re.search(r'<a class="place-link" href="([^"]+)">', page).group(1)
    assert link == f"/coordinator/district/{PERIOD}/{quote('พัทลุง')}/{quote(district, safe='')}"
    own = web.get(link)
    assert own.status_code == 200 and "<img" not in own.text and shown in own.text
    assert f'href="{link}?lang=en&amp;period={PERIOD}"' in own.text  # the language switch


@pytest.mark.parametrize(
    "name", ["ควนขนุน", "เมือง/ใหม่", "ร้อยละ 100%", "%2F", "unassigned", "a b?c#d&e"]
)
def test_a_place_name_comes_back_whole_from_its_address(name):
    """What a server reads of a page's address (its path, percent-decoded once) names the
    place again, whatever its name holds; the unassigned group keeps its own word."""
    address = district_page(PERIOD, "พัทลุง", name)
    *_, province, district = unquote(address).split("/")
    assert (named(province), named(district)) == ("พัทลุง", name)
    assert named(unquote(province_page(PERIOD, None).split("/")[-1])) is None
    assert district_page(PERIOD, None, None).endswith("/unassigned/unassigned")
