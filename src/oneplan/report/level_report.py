"""What a province's (or district's) report shows (`level_context`): a one-page overview of
its figures, a table of its districts (a district's report: of its areas), its coverage
by category, then the areas that need attention: the weakest, the unfunded plan items of
highest priority, the agencies that sent nothing, and the plan's problems of its areas.

Every figure comes from the roll-ups (`oneplan.rollup`): the report adds nothing up.
"""

from __future__ import annotations

import pandas as pd

from oneplan.reconcile.items import ITEM_STATUSES
from oneplan.report.context import Record, ReportData
from oneplan.report.formats import in_words, money, percent, percent_text
from oneplan.report.headline import items_sentence
from oneplan.report.level_files import level_place
from oneplan.report.problems import issue_groups
from oneplan.rollup.areas import in_place
from oneplan.values.places import UNASSIGNED_DISTRICT, district_words, province_words


def level_context(data: ReportData, kind: str, key: str) -> dict:
    """The context of the `kind` ("province" or "district") report of `key`."""
    rollups = data.result.rollups
    province, district = level_place(key)
    level = _row(rollups.levels[kind], province, district)
    areas = rollups.areas[in_place(rollups.areas, province, district)]
    codes = set(areas["area_code"])
    names = dict(zip(rollups.areas["area_code"], rollups.areas["area_name"], strict=True))
    lang = data.lang
    place = (
        province_words(province)
        if kind == "province"
        else f"{district_words(district, province)} {province_words(province)}"
    )
    return {
        **data.common(data.issuer.for_report(areas=sorted(codes))),
        "place": Record(kind=kind, name=place, province=province, district=district),
        "overview": _overview(level, lang, _districts_in(rollups, province, kind)),
        "parts_title": _parts_title(kind, lang),
        "parts": _districts(rollups, province) if kind == "province" else _areas(areas, names),
        "chart_rows": [
            (row["category"], row["coverage"])
            for row in _rows(rollups.categories, kind, province, district)
        ],
        "weakest": [
            Record(
                area_name=names.get(code) or code,
                district=district_words(_district_of(areas, code), province),
                coverage=percent(_coverage(areas, code)),
                gap=money(int(areas.loc[areas["area_code"] == code, "gap"].iloc[0])),
            )
            for code in [c for c in (level["weakest_areas"] or "").split(", ") if c]
        ],
        "unfunded": [
            Record(
                priority="-" if pd.isna(row["priority"]) else str(int(row["priority"])),
                title=f"{row['plan_item_id']} {row['title']}",
                area_name=names.get(row["area_code"]) or row["area_code"],
                category=row["category"],
                required=money(int(row["required"])),
            )
            for row in _rows(rollups.unfunded, kind, province, district)
        ],
        "not_reporting": _not_reporting(data, rollups.missing, codes, names),
        "plan_issue_files": issue_groups(
            [i for i in data.reference_issues if i.area_code in codes], lang
        ),
    }


def _row(table: pd.DataFrame, province: str, district: str | None) -> dict:
    return table[in_place(table, province, district)].iloc[0].to_dict()


def _rows(table: pd.DataFrame, kind: str, province: str, district: str | None) -> list[dict]:
    rows = table[(table["level"] == kind) & in_place(table, province, district)]
    return rows.to_dict("records")


def _districts_in(rollups, province: str, kind: str) -> int:
    """How many districts a province's report covers (those of its areas that name one);
    0 for a district's report."""
    if kind != "province":
        return 0
    table = rollups.levels["district"]
    return int(((table["province"] == province) & table["district"].notna()).sum())


def _overview(level: dict, lang: str, districts: int) -> Record:
    items = {status: int(level[f"items_{status}"]) for status in ITEM_STATUSES}
    return Record(
        areas=int(level["areas"]),
        districts=districts,
        required=money(level["required"]),
        committed=money(level["committed"]),
        covered=money(level["covered"]),
        gap=money(level["gap"]),
        excess=money(level["excess"]),
        has_excess=int(level["excess"]) > 0,
        required_words=in_words(int(level["required"]), lang),
        committed_words=in_words(int(level["committed"]), lang),
        gap_words=in_words(int(level["gap"]), lang),
        coverage=percent(level["coverage"]),
        coverage_text=percent_text(level["coverage"], lang),
        lowest=percent(level["coverage_lowest"]),
        median=percent(level["coverage_median"]),
        highest=percent(level["coverage_highest"]),
        aligned_share=percent(level["aligned_share"]),
        agencies=int(level["agencies"]),
        areas_without_partners=int(level["areas_without_partners"]),
        items_text=items_sentence(items, int(level["co_funded_items"]), lang),
        reporting=_reporting(level, lang),
    )


def _reporting(level: dict, lang: str) -> str:
    """Who reported: counts and rates of the (agency, area) pairs expected, or ''."""
    if pd.isna(level["expected"]) or not level["expected"]:
        return ""
    expected, reported, on_time = (int(level[k]) for k in ("expected", "reported", "on_time"))
    late, missing, pending = (int(level[k]) for k in ("late", "missing", "pending"))
    if lang == "th":
        parts = [
            f"ภาคีต้องส่งแบบรายงาน {expected} ฉบับ ส่งแล้ว {reported} ฉบับ"
            f" ({percent(level['reporting_rate'])})",
            f"ทันกำหนด {on_time} ฉบับ ({percent(level['on_time_rate'])})",
        ]
        parts += [f"ส่งหลังกำหนด {late} ฉบับ"] if late else []
        parts += [f"ไม่ส่ง {missing} ฉบับ"] if missing else []
        parts += [f"ยังไม่ถึงกำหนดส่ง {pending} ฉบับ"] if pending else []
        return " ".join(parts)
    parts = [
        f"{reported} of {expected} reports expected from partners arrived"
        f" ({percent(level['reporting_rate'])}),",
        f"{on_time} on time ({percent(level['on_time_rate'])})",
    ]
    parts += [f", {late} late"] if late else []
    parts += [f", {missing} missing"] if missing else []
    parts += [f", {pending} not yet due"] if pending else []
    return " ".join(parts).replace(" ,", ",")


def _parts_title(kind: str, lang: str) -> str:
    if lang == "th":
        return "ภาพรวมรายอำเภอ" if kind == "province" else "ภาพรวมรายพื้นที่"
    return "By district" if kind == "province" else "By area"


def _districts(rollups, province: str) -> list[Record]:
    table = rollups.levels["district"]
    rows = table[table["province"] == province].to_dict("records")
    return [
        Record(
            # Under the header อำเภอ: the bare name (ควนขนุน), or that none was given.
            name=row["district"] if isinstance(row["district"], str) else UNASSIGNED_DISTRICT,
            areas=str(int(row["areas"])),
            required=money(row["required"]),
            committed=money(row["committed"]),
            coverage=percent(row["coverage"]),
            gap=money(row["gap"]),
            reporting=percent(row["reporting_rate"]),
        )
        for row in rows
    ]


def _areas(areas: pd.DataFrame, names: dict) -> list[Record]:
    return [
        Record(
            name=names.get(row["area_code"]) or row["area_code"],
            areas=row["area_code"],
            required=money(row["required"]),
            committed=money(row["committed"]),
            coverage=percent(row["coverage"]),
            gap=money(row["gap"]),
            reporting=percent(row.get("reporting_rate")),
        )
        for row in areas.to_dict("records")
    ]


def _district_of(areas: pd.DataFrame, code: str) -> str | None:
    value = areas.loc[areas["area_code"] == code, "district"].iloc[0]
    return None if pd.isna(value) else value


def _coverage(areas: pd.DataFrame, code: str) -> float | None:
    return areas.loc[areas["area_code"] == code, "coverage"].iloc[0]


def _not_reporting(data: ReportData, missing, codes: set, names: dict) -> list[Record] | None:
    """Per area, the agencies past their deadline with nothing received; None when the
    month's timeliness is not known (the report then says nothing of it)."""
    if missing is None:
        return None
    rows = missing[missing["area_code"].isin(codes)]
    by_area: dict[str, list[str]] = {}
    for agency, area in zip(rows["agency_code"], rows["area_code"], strict=True):
        by_area.setdefault(area, []).append(data.agency_name(agency))
    return [
        Record(area_name=names.get(area) or area, agencies=", ".join(sorted(agencies)))
        for area, agencies in sorted(by_area.items())
    ]
