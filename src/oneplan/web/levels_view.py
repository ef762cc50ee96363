"""What the coordinator's drill-down shows of a period (province → district → area): the
roll-ups its last run wrote (summary.json's `levels`: `oneplan.report.levels_summary`),
each figure as text, each place with the address of its page and of its Word report when
that file is there (`level_links`).

Nothing is added up here. summary.json does not say which areas a district holds (its
`weakest_areas` name at most five), so a district's list of areas is the run's area
figures (`areas`) placed by the plan's hierarchy (`reference.plan.hierarchy`), as the run
placed them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from oneplan.check.hierarchy import Hierarchy
from oneplan.reconcile.items import ITEM_STATUSES
from oneplan.settings import Settings
from oneplan.timeliness.status import rates
from oneplan.values.money import baht_text
from oneplan.values.numbers import percent
from oneplan.values.text import in_thai_dictionary_order
from oneplan.web import period_view
from oneplan.web.level_links import (
    area_page,
    area_report,
    district_name,
    district_page,
    district_report,
    named,
    province_name,
    province_page,
    province_report,
)
from oneplan.web.words import words

AMOUNTS = ("required", "committed", "covered", "gap", "total_budget", "aligned_budget")
RATIOS = ("coverage", "coverage_lowest", "coverage_median", "coverage_highest")
RATIOS += ("aligned_share", "reporting_rate", "on_time_rate")
COUNTS = ("areas", "areas_without_partners", "agencies", "plan_items")
COUNTS += ("expected", "reported", "on_time", "late", "pending", "missing")


@dataclass(frozen=True)
class LevelView:
    """The network, a province or a district: its name as people read it, the addresses of
    its page and report ('' when it has none), its figures as text (`figures`)."""

    name: str
    page: str
    report: str
    figures: dict
    province: str | None = None
    district: str | None = None


@dataclass(frozen=True)
class PlaceView:
    """A province's or a district's page: the place, the rows under it (a province's
    districts, a district's areas), its coverage by category, weakest areas and unfunded
    plan items of highest priority."""

    level: LevelView
    rows: list = field(default_factory=list)
    categories: list[dict] = field(default_factory=list)
    weakest: list[dict] = field(default_factory=list)
    unfunded: list[dict] = field(default_factory=list)
    province: LevelView | None = None  # a district's province


def summary(settings: Settings, period: str) -> dict | None:
    """The period's summary.json, None when it has none."""
    path = settings.period_outputs(period) / "summary.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def placed(levels: dict | None) -> bool:
    """Whether the run placed some area in a province or district."""
    if not levels:
        return False
    return any(p["province"] for p in levels["provinces"]) or any(
        d["district"] for d in levels["districts"]
    )


def figures(entry: dict) -> dict:
    """A level's figures as the pages print them: baht with separators, ratios as
    percentages ("-" when missing), counts as they are (None when unknown), and its plan
    items by status (`items`)."""
    shown = {name: baht_text(entry.get(name)) for name in AMOUNTS}
    shown |= {name: percent(entry.get(name)) for name in RATIOS}
    shown |= {name: entry.get(name) for name in COUNTS}
    shown["items"] = {status: entry.get(f"items_{status}", 0) for status in ITEM_STATUSES}
    return shown


def province_view(settings: Settings, period: str, entry: dict, lang: str) -> LevelView:
    province = entry["province"]
    return LevelView(
        province_name(province, lang),
        province_page(period, province),
        province_report(settings, period, province),
        figures(entry),
        province,
    )


def district_view(settings: Settings, period: str, entry: dict, lang: str) -> LevelView:
    province, district = entry["province"], entry["district"]
    return LevelView(
        district_name(province, district, lang),
        district_page(period, province, district),
        district_report(settings, period, province, district),
        figures(entry),
        province,
        district,
    )


def by_province(settings: Settings, period: str, lang: str) -> dict | None:
    """The period page's section: the network's line and each province's; None when the
    run placed no area (every area unassigned), or the period has no roll-ups."""
    levels = (summary(settings, period) or {}).get("levels")
    if not placed(levels):
        return None
    network = LevelView(words(lang)["network_total"], "", "", figures(levels["network"]))
    provinces = [province_view(settings, period, p, lang) for p in levels["provinces"]]
    return {"network": network, "provinces": provinces}


def _details(settings: Settings, period: str, entry: dict, names: dict) -> dict:
    """A place's coverage by category, weakest areas and unfunded priorities, as text."""
    categories = [
        {
            "category": c["category"],
            **{k: baht_text(c[k]) for k in ("required", "committed", "covered", "gap")},
            "coverage": percent(c["coverage"]),
        }
        for c in entry["categories"]
    ]
    weakest = [
        {
            "area_code": a["area_code"],
            "area_name": a["area_name"] or names.get(a["area_code"], a["area_code"]),
            "coverage": percent(a["coverage"]),
            "page": area_page(period, a["area_code"]),
            "report": area_report(settings, period, a["area_code"]),
        }
        for a in entry["weakest_areas"]
    ]
    unfunded = [
        {
            **u,
            "area_name": names.get(u["area_code"], u["area_code"]),
            "page": area_page(period, u["area_code"]),
            "required": baht_text(u["required"]),
            "priority": "-" if u["priority"] is None else u["priority"],
        }
        for u in entry["unfunded_priorities"]
    ]
    return {"categories": categories, "weakest": weakest, "unfunded": unfunded}


def province_details(
    settings: Settings, period: str, part: str, names: dict, lang: str
) -> PlaceView | None:
    """A province's page (`part`: its part of the address); None when the period's run
    has no such province."""
    levels = (summary(settings, period) or {}).get("levels")
    if not placed(levels):
        return None
    province = named(part)
    entry = next((p for p in levels["provinces"] if p["province"] == province), None)
    if entry is None:
        return None
    districts = [
        district_view(settings, period, d, lang)
        for d in levels["districts"]
        if d["province"] == province
    ]
    level = province_view(settings, period, entry, lang)
    return PlaceView(level, districts, **_details(settings, period, entry, names))


def district_details(
    settings: Settings,
    period: str,
    parts: tuple[str, str],
    names: dict,
    hierarchy: Hierarchy,
    lang: str,
) -> PlaceView | None:
    """A district's page, with its areas (placed by `hierarchy`); None when the period's
    run has no such district."""
    found = summary(settings, period) or {}
    levels = found.get("levels")
    if not placed(levels):
        return None
    province, district = (named(part) for part in parts)
    entry = next(
        (d for d in levels["districts"] if (d["province"], d["district"]) == (province, district)),
        None,
    )
    if entry is None:
        return None
    of_province = next((p for p in levels["provinces"] if p["province"] == province), None)
    if of_province is None:  # not written by a run: a district's province is listed
        return None
    reporting = _area_rates(settings, period)
    areas = [
        _area(settings, period, a, names, reporting.get(a["area_code"], {}))
        for a in found["areas"]
        if _place(hierarchy, a) == (province, district)
    ]
    return PlaceView(
        district_view(settings, period, entry, lang),
        in_thai_dictionary_order(areas, name=lambda a: a["area_name"]),
        province=province_view(settings, period, of_province, lang),
        **_details(settings, period, entry, names),
    )


def _place(hierarchy: Hierarchy, area: dict) -> tuple[str | None, str | None]:
    """Where the run placed the area (summary.json's `areas`); for a summary written before
    the areas carried their place, where the plan places it now."""
    if "province" in area:
        return area["province"], area["district"]
    place = hierarchy.of(area["area_code"])
    return place.province, place.district


def _area_rates(settings: Settings, period: str) -> dict[str, dict]:
    """Each area's reporting and on-time rates, as the run's `timeliness` table has them."""
    table = period_view.table(settings, period, "timeliness")
    if table is None:
        return {}
    return {row["area_code"]: row for row in rates(table, ["area_code"]).to_dict("records")}


def _area(settings: Settings, period: str, area: dict, names: dict, reporting: dict) -> dict:
    code = area["area_code"]
    return {
        "area_code": code,
        "area_name": area.get("area_name") or names.get(code, code),
        "page": area_page(period, code),
        "report": area_report(settings, period, code),
        **{k: baht_text(area.get(k)) for k in ("required", "committed", "gap")},
        "coverage": percent(area.get("coverage")),
        **{k: percent(reporting.get(k)) for k in ("reporting_rate", "on_time_rate")},
    }
