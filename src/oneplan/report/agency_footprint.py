"""An agency's footprint across the areas it works in (`agency_footprint`): where it is
expected (each area with its district and province), what it brings to each, and how much
of what all partners commit to the area's plan is its own.

Shown at the head of an agency's report when it works in more than one area; the area's
plan figures are its plan items' (`reconciliation.md`), the places the plan's
(`oneplan.check.hierarchy`).
"""

from __future__ import annotations

from oneplan.report.context import Record, ReportData
from oneplan.report.formats import money, percent, percent_text
from oneplan.report.labels import label
from oneplan.values.money import ratio
from oneplan.values.places import district_words, province_words


def agency_footprint(data: ReportData, rows: list) -> Record | None:
    """The footprint of an agency from its `rows` (its agencies rows, in the report's
    order of areas); None when it works in one area only."""
    if len(rows) < 2:
        return None
    places = _places(data)
    total = sum(int(row.total_budget) for row in rows)
    aligned = sum(int(row.aligned_budget) for row in rows)
    areas = []
    for row in rows:
        committed = sum(int(item.committed) for item in data.part("plan_items", row.area_code))
        district, province = places.get(row.area_code, (None, None))
        areas.append(
            Record(
                area_name=data.area_names.get(row.area_code, row.area_code),
                place=_place_words(district, province),
                status=label(row.status, data.lang),
                total_budget=money(row.total_budget),
                aligned_budget=money(row.aligned_budget),
                # Of what every partner commits to the area's plan, this agency's part.
                share=percent(ratio(int(row.aligned_budget), committed)),
            )
        )
    known = [places.get(row.area_code, (None, None)) for row in rows]
    districts = {place for place in known if place[0]}
    provinces = {place[1] for place in known if place[1]}
    return Record(
        areas=areas,
        sentence=_sentence(len(rows), len(districts), len(provinces), total, aligned, data.lang),
    )


def _places(data: ReportData) -> dict[str, tuple[str | None, str | None]]:
    rollups = data.result.rollups
    if rollups is None:
        return {}
    frame = rollups.areas
    return {
        code: (_text(district), _text(province))
        for code, district, province in zip(
            frame["area_code"], frame["district"], frame["province"], strict=True
        )
    }


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _place_words(district: str | None, province: str | None) -> str:
    if not district and not province:
        return "-"
    if not district:
        return province_words(province)
    return f"{district_words(district, province)} {province_words(province)}"


def _sentence(areas: int, districts: int, provinces: int, total: int, aligned: int, lang) -> str:
    share = ratio(aligned, total)
    if lang == "th":
        where = f"{areas} พื้นที่"
        where += f" ใน {districts} อำเภอ" if districts else ""
        where += f" {provinces} จังหวัด" if provinces else ""
        return (
            f"หน่วยงานทำงานร่วมกับแผนชุมชน {where} งบประมาณที่สนับสนุนรวม {money(total)} บาท "
            f"สอดคล้องกับแผนชุมชน {money(aligned)} บาท ({percent_text(share, lang)})"
        )
    where = f"{areas} areas"
    where += f" in {districts} districts" if districts else ""
    where += f" of {provinces} provinces" if provinces else ""
    return (
        f"The agency works with the community plans of {where}: {money(total)} baht in all, "
        f"{money(aligned)} baht of it aligned with the plans ({percent(share)})"
    )
