"""The blank template on the agency's link: by default for the month being reported (last
month until its deadline, then this one), with a choice of recent months by their Thai
names, the chosen month's deadline, and the download for the chosen month; a month typed
in any form a workbook's period cell accepts, anything else answered with the forms."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from oneplan.values.periods import PeriodError, parse_period
from tests.web_support import client, link

BANGKOK = ZoneInfo("Asia/Bangkok")
# A clerk late with November's figures, before November's deadline (10 Dec, 23:59).
SIXTH_OF_DECEMBER = dt.datetime(2026, 12, 6, 10, 0, tzinfo=BANGKOK)
# Just after it: December is now the month being reported.
ELEVENTH_OF_DECEMBER = dt.datetime(2026, 12, 11, 0, 0, 30, tzinfo=BANGKOK)


def options(page: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of the month choice."""
    return [
        (value, label.strip(), bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]+)" (selected)?>([^<]*)</option>', page
        )
    ]


def template_links(page: str) -> list[str]:
    return re.findall(r'class="template-link" href="([^"]+)"', page)


def periods_in(workbook: bytes) -> set[str]:
    """The periods written in the template's info sheet."""
    sheet = load_workbook(io.BytesIO(workbook))["ข้อมูลหน่วยงาน"]
    found = set()
    for (value,) in sheet.iter_rows(min_col=2, max_col=2, values_only=True):
        with contextlib.suppress(PeriodError):
            found.add(parse_period(value))
    return found


def test_on_6_december_the_template_is_novembers_with_its_deadline(web_month):
    web = client(web_month, [], now=SIXTH_OF_DECEMBER)
    path = link(web_month, "AG-A")
    page = web.get(f"{path}/template")
    assert page.status_code == 200
    assert options(page.text) == [
        ("2026-12", "ธันวาคม 2569", False),
        ("2026-11", "พฤศจิกายน 2569 (เดือนที่ต้องรายงานขณะนี้)", True),
        ("2026-10", "ตุลาคม 2569", False),
        ("2026-09", "กันยายน 2569", False),
    ]
    assert "แบบรายงานเปล่า ประจำเดือนพฤศจิกายน 2569" in page.text
    assert "กำหนดส่ง: ภายใน 10 ธ.ค. 2569 23:59 น. (UTC+7)" in page.text
    assert "เลยกำหนดส่งแล้ว" not in page.text
    (href,) = template_links(page.text)
    download = web.get(href)
    assert download.status_code == 200
    assert 'filename="template_AG-A_AREA-1_2026-11.xlsx"' in download.headers["content-disposition"]
    assert periods_in(download.content) == {"2026-11"}

    # The agency's own page offers the same month first, with its deadline.
    own = web.get(path).text
    assert "แบบรายงานเปล่า ประจำเดือนพฤศจิกายน 2569" in own
    assert "กำหนดส่ง: ภายใน 10 ธ.ค. 2569 23:59 น. (UTC+7)" in own
    assert template_links(own) == [f"{path}/template/AREA-1?period=2026-11"]
    assert f'href="{path}/template"' in own  # and the choice of other months


def test_after_novembers_deadline_the_template_is_decembers(web_month):
    web = client(web_month, [], now=ELEVENTH_OF_DECEMBER)
    path = link(web_month, "AG-A")
    page = web.get(f"{path}/template").text
    assert [value for value, _, selected in options(page) if selected] == ["2026-12"]
    assert "กำหนดส่ง: ภายใน 10 ม.ค. 2570 23:59 น. (UTC+7)" in page
    (href,) = template_links(page)
    assert periods_in(web.get(href).content) == {"2026-12"}


def test_a_month_picked_or_typed_the_thai_way_gives_its_template(web_month):
    web = client(web_month, [], now=SIXTH_OF_DECEMBER)
    path = link(web_month, "AG-A")
    for typed in ("2026-10", "2569-10", "10/2569", "ตุลาคม 2569", "ต.ค. 69"):
        page = web.get(f"{path}/template", params={"period": typed})
        assert page.status_code == 200, typed
        assert "แบบรายงานเปล่า ประจำเดือนตุลาคม 2569" in page.text, typed
        assert "กำหนดส่ง: ภายใน 10 พ.ย. 2569 23:59 น. (UTC+7) (เลยกำหนดส่งแล้ว)" in page.text
        download = web.get(f"{path}/template/AREA-1", params={"period": typed})
        assert periods_in(download.content) == {"2026-10"}, typed
    # A month outside the recent ones is offered too, as chosen.
    page = web.get(f"{path}/template", params={"period": "มิ.ย. 69"}).text
    assert ("2026-06", "มิถุนายน 2569", True) in options(page)
    english = web.get(f"{path}/template", params={"period": "11/2569", "lang": "en"}).text
    assert "Blank workbook for November 2026" in english
    assert "Deadline: 10 Dec 2026 23:59 (UTC+7)" in english


def test_a_month_that_cannot_be_read_is_answered_with_the_forms(web_month):
    web = client(web_month, [], now=SIXTH_OF_DECEMBER)
    path = link(web_month, "AG-A")
    for where in (f"{path}/template", f"{path}/template/AREA-1"):
        for typed in ("13/2569", "พฤศจิกา 69", "2569"):
            answer = web.get(where, params={"period": typed})
            assert answer.status_code == 400, (where, typed)
            assert f"อ่านเดือน “{typed}” ไม่ได้" in answer.text
            assert "2569-11, 11/2569, พฤศจิกายน 2569, พ.ย. 69 หรือ 2026-11" in answer.text
    english = web.get(f"{path}/template", params={"period": "Nov", "lang": "en"})
    assert english.status_code == 400
    assert "write it as 2026-11, 2569-11, 11/2569, พฤศจิกายน 2569 or พ.ย. 69" in english.text
    # Not the agency's area, or not a link: nothing to download.
    assert web.get(f"{path}/template/AREA-9", params={"period": "2026-11"}).status_code == 404
    assert web.get(f"{path[:-3]}xyz/template").status_code == 404
