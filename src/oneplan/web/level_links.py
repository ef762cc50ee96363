"""The drill-down's places as the pages name and link them: a province's and a district's
name as people read it, the addresses of their pages, of the areas' cards on the month's
page, and of the Word reports of the period when their files are there (named by
`oneplan.report.level_files` and `oneplan.report.reports`, never otherwise).

A place's part of an address is its name; areas without a province (or a district) are
`UNASSIGNED` there, and named "ไม่ระบุจังหวัด" ("ไม่ระบุอำเภอ") on the pages."""

from __future__ import annotations

from urllib.parse import quote, unquote

from oneplan.report.level_files import level_key, report_file
from oneplan.settings import Settings
from oneplan.values.places import district_words, province_words
from oneplan.web import period_view
from oneplan.web.words import words

UNASSIGNED = "unassigned"  # a place's part of an address when the plan gives none


def token(name: str | None) -> str:
    """A place's part of an address: its name, with `%` and `/` written as `%25` and `%2F`
    (a server reads an address's `%2F` as a `/`, which would end the part), and a place
    named as `UNASSIGNED` is written with its first letter so (`%75nassigned`)."""
    if not name:
        return UNASSIGNED
    if name == UNASSIGNED:
        return f"%{ord(name[0]):02X}{name[1:]}"
    return name.replace("%", "%25").replace("/", "%2F")


def named(part: str) -> str | None:
    """The place a part of an address names (None: the unassigned group)."""
    return None if part == UNASSIGNED else unquote(part)


def province_name(province: str | None, lang: str) -> str:
    """`จังหวัดพัทลุง` or `ไม่ระบุจังหวัด` (Thai); `พัทลุง province` (English)."""
    if lang == "th":
        return province_words(province)
    w = words(lang)
    return w["province_of"].format(name=province) if province else w["no_province"]


def district_name(province: str | None, district: str | None, lang: str) -> str:
    """`อำเภอควนขนุน` or `ไม่ระบุอำเภอ` (Thai); `ควนขนุน district` (English)."""
    if lang == "th":
        return district_words(district, province)
    w = words(lang)
    return w["district_of"].format(name=district) if district else w["no_district"]


def province_page(period: str, province: str | None) -> str:
    return f"/coordinator/province/{period}/{quote(token(province), safe='')}"


def district_page(period: str, province: str | None, district: str | None) -> str:
    parts = (quote(token(province), safe=""), quote(token(district), safe=""))
    return f"/coordinator/district/{period}/{parts[0]}/{parts[1]}"


def area_page(period: str, area_code: str) -> str:
    """An area's card on the month's page."""
    return f"/coordinator?period={period}#area-{quote(area_code, safe='')}"


def report_link(settings: Settings, period: str, name: str) -> str:
    """The address of a report of the period, '' when its file is not there."""
    if period_view.output_file(settings, period, "reports", name) is None:
        return ""
    return f"/coordinator/files/{period}/reports/{quote(name, safe='')}"


def province_report(settings: Settings, period: str, province: str | None) -> str:
    """A province's report, '' when it has none (areas without a province have none)."""
    if province is None:
        return ""
    return report_link(settings, period, report_file("province", level_key(province)))


def district_report(
    settings: Settings, period: str, province: str | None, district: str | None
) -> str:
    """A district's report (written only when the settings ask), '' when it has none."""
    if province is None:
        return ""
    return report_link(settings, period, report_file("district", level_key(province, district)))


def area_report(settings: Settings, period: str, area_code: str) -> str:
    """An area's own report (`network_<AREA>.docx`, as `oneplan.report.reports` writes it)."""
    return report_link(settings, period, f"network_{area_code}.docx")
