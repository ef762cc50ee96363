"""The roll-ups (`oneplan.rollup`) of a small two-province network, every figure written
by hand (amounts in baht here, satang in the frames: × 100).

    province พัทลุง   district ควนขนุน      A1  X1 เกษตร 100 (prio 1)   X2 สุขภาพ 50 (prio 2)
                      district ศรีนครินทร์   A2  Y1 เกษตร 200 (prio 1)
                                            A3  Z1 สุขภาพ 80 (prio 1)   Z2 เกษตร 40 (prio 3)
    province สงขลา    district หาดใหญ่       A4  W1 เกษตร 100 (prio 2)
                      (no district)         A5  V1 สุขภาพ 60 (no priority)

    AG1 (two provinces): A1 X1 120 + 30 unaligned; A4 W1 50
    AG2: A1 X2 20; A2 Y1 200        AG5: A2 Y1 100 (co-funds Y1)
    AG3: A3, sends nothing (A3 has no submissions)
    AG4: A5, 40 unaligned only

    on time: AG1-A1, AG2-A1, AG2-A2, AG4-A5; late: AG1-A4, AG5-A2; missing: AG3-A3
"""

from __future__ import annotations

import pandas as pd
import pytest

from oneplan.check.hierarchy import AreaPlace, Hierarchy
from oneplan.rollup import roll_up
from tests.test_reconcile import P, day, line, run, sub

B = 100  # satang a baht

PLAN_ROWS = [
    ("A1", "X1", "เกษตร", 100, 1),
    ("A1", "X2", "สุขภาพ", 50, 2),
    ("A2", "Y1", "เกษตร", 200, 1),
    ("A3", "Z1", "สุขภาพ", 80, 1),
    ("A3", "Z2", "เกษตร", 40, 3),
    ("A4", "W1", "เกษตร", 100, 2),
    ("A5", "V1", "สุขภาพ", 60, None),
]
HIERARCHY = Hierarchy(
    {
        "A1": AreaPlace("ควนขนุน", "พัทลุง", "930516"),
        "A2": AreaPlace("ศรีนครินทร์", "พัทลุง"),
        "A3": AreaPlace("ศรีนครินทร์", "พัทลุง"),
        "A4": AreaPlace("หาดใหญ่", "สงขลา"),
        "A5": AreaPlace(None, "สงขลา"),
    }
)
TIMELINESS = {
    ("AG1", "A1"): "on_time",
    ("AG2", "A1"): "on_time",
    ("AG2", "A2"): "on_time",
    ("AG4", "A5"): "on_time",
    ("AG1", "A4"): "late",
    ("AG5", "A2"): "late",
    ("AG3", "A3"): "missing",
}


def _plan() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "area_code": area,
                "plan_item_id": item,
                "category": category,
                "required_budget": baht * B,
                "fiscal_year": 2570,
                "title": f"โครงการ {item}",
                "priority": pd.NA if priority is None else priority,
            }
            for area, item, category, baht, priority in PLAN_ROWS
        ]
    ).astype({"priority": "Int64"})


def _month():
    subs = [
        sub("ag1-a1", "AG1", "A1", P, day(1)),
        sub("ag1-a4", "AG1", "A4", P, day(1)),
        sub("ag2-a1", "AG2", "A1", P, day(1)),
        sub("ag2-a2", "AG2", "A2", P, day(1)),
        sub("ag5-a2", "AG5", "A2", P, day(1)),
        sub("ag4-a5", "AG4", "A5", P, day(1)),
    ]
    lines = [
        line("ag1-a1", 1, 120 * B, "X1"),
        line("ag1-a1", 2, 30 * B),
        line("ag1-a4", 1, 50 * B, "W1"),
        line("ag2-a1", 1, 20 * B, "X2"),
        line("ag2-a2", 1, 200 * B, "Y1"),
        line("ag5-a2", 1, 100 * B, "Y1"),
        line("ag4-a5", 1, 40 * B),
    ]
    result = run(_plan(), subs, lines, pairs=list(TIMELINESS))
    result.timeliness = pd.DataFrame(
        [{"agency_code": a, "area_code": r, "status": s} for (a, r), s in TIMELINESS.items()]
    )
    return result


@pytest.fixture(scope="module")
def rollups():
    return roll_up(_month(), HIERARCHY, {"A1": "ตำบลหนึ่ง"})


def _money(**baht) -> dict:
    return {name: value * B for name, value in baht.items()}


# This month's plan has no indicators: no item is tracked (results roll up in test_results).
NO_RESULTS = {"items_on_track": 0, "items_behind": 0, "items_not_started": 0}


KHUAN_KHANUN = {
    "areas": 1, "areas_without_partners": 0, "plan_items": 2,
    **_money(required=150, committed=140, covered=120, gap=30, excess=20),
    "coverage": 0.8, "coverage_lowest": 0.8, "coverage_median": 0.8, "coverage_highest": 0.8,
    "weakest_areas": "A1",
    "items_unfunded": 0, "items_partial": 1, "items_funded": 0, "items_over": 1,
    "items_no_budget_needed": 0, "co_funded_items": 0, "agencies": 2,
    **_money(total_budget=170, aligned_budget=140), "aligned_share": 0.8235,
    "expected": 2, "reported": 2, "on_time": 2, "late": 0, "pending": 0, "missing": 0,
    "reporting_rate": 1.0, "on_time_rate": 1.0,
    **NO_RESULTS,
}  # fmt: skip
SRINAGARINDRA = {
    "areas": 2, "areas_without_partners": 1, "plan_items": 3,
    **_money(required=320, committed=300, covered=200, gap=120, excess=100),
    "coverage": 0.625, "coverage_lowest": 0.0, "coverage_median": 0.5, "coverage_highest": 1.0,
    "weakest_areas": "A3, A2",
    "items_unfunded": 2, "items_partial": 0, "items_funded": 0, "items_over": 1,
    "items_no_budget_needed": 0, "co_funded_items": 1, "agencies": 2,
    **_money(total_budget=300, aligned_budget=300), "aligned_share": 1.0,
    "expected": 3, "reported": 2, "on_time": 1, "late": 1, "pending": 0, "missing": 1,
    "reporting_rate": 0.6667, "on_time_rate": 0.3333,
    **NO_RESULTS,
}  # fmt: skip
HAT_YAI = {
    "areas": 1, "areas_without_partners": 0, "plan_items": 1,
    **_money(required=100, committed=50, covered=50, gap=50, excess=0),
    "coverage": 0.5, "coverage_lowest": 0.5, "coverage_median": 0.5, "coverage_highest": 0.5,
    "weakest_areas": "A4",
    "items_unfunded": 0, "items_partial": 1, "items_funded": 0, "items_over": 0,
    "items_no_budget_needed": 0, "co_funded_items": 0, "agencies": 1,
    **_money(total_budget=50, aligned_budget=50), "aligned_share": 1.0,
    "expected": 1, "reported": 1, "on_time": 0, "late": 1, "pending": 0, "missing": 0,
    "reporting_rate": 1.0, "on_time_rate": 0.0,
    **NO_RESULTS,
}  # fmt: skip
SONGKHLA_WITHOUT_DISTRICT = {
    "areas": 1, "areas_without_partners": 0, "plan_items": 1,
    **_money(required=60, committed=0, covered=0, gap=60, excess=0),
    "coverage": 0.0, "coverage_lowest": 0.0, "coverage_median": 0.0, "coverage_highest": 0.0,
    "weakest_areas": "A5",
    "items_unfunded": 1, "items_partial": 0, "items_funded": 0, "items_over": 0,
    "items_no_budget_needed": 0, "co_funded_items": 0, "agencies": 1,
    **_money(total_budget=40, aligned_budget=0), "aligned_share": 0.0,
    "expected": 1, "reported": 1, "on_time": 1, "late": 0, "pending": 0, "missing": 0,
    "reporting_rate": 1.0, "on_time_rate": 1.0,
    **NO_RESULTS,
}  # fmt: skip
PHATTHALUNG = {
    "areas": 3, "areas_without_partners": 1, "plan_items": 5,
    **_money(required=470, committed=440, covered=320, gap=150, excess=120),
    "coverage": 0.6809, "coverage_lowest": 0.0, "coverage_median": 0.8, "coverage_highest": 1.0,
    "weakest_areas": "A3, A1, A2",
    "items_unfunded": 2, "items_partial": 1, "items_funded": 0, "items_over": 2,
    "items_no_budget_needed": 0, "co_funded_items": 1, "agencies": 3,
    **_money(total_budget=470, aligned_budget=440), "aligned_share": 0.9362,
    "expected": 5, "reported": 4, "on_time": 3, "late": 1, "pending": 0, "missing": 1,
    "reporting_rate": 0.8, "on_time_rate": 0.6,
    **NO_RESULTS,
}  # fmt: skip
SONGKHLA = {
    "areas": 2, "areas_without_partners": 0, "plan_items": 2,
    **_money(required=160, committed=50, covered=50, gap=110, excess=0),
    "coverage": 0.3125, "coverage_lowest": 0.0, "coverage_median": 0.25, "coverage_highest": 0.5,
    "weakest_areas": "A5, A4",
    "items_unfunded": 1, "items_partial": 1, "items_funded": 0, "items_over": 0,
    "items_no_budget_needed": 0, "co_funded_items": 0, "agencies": 2,
    **_money(total_budget=90, aligned_budget=50), "aligned_share": 0.5556,
    "expected": 2, "reported": 2, "on_time": 1, "late": 1, "pending": 0, "missing": 0,
    "reporting_rate": 1.0, "on_time_rate": 0.5,
    **NO_RESULTS,
}  # fmt: skip
NETWORK = {
    "areas": 5, "areas_without_partners": 1, "plan_items": 7,
    **_money(required=630, committed=490, covered=370, gap=260, excess=120),
    "coverage": 0.5873, "coverage_lowest": 0.0, "coverage_median": 0.5, "coverage_highest": 1.0,
    "weakest_areas": "A3, A5, A4, A1, A2",
    "items_unfunded": 3, "items_partial": 2, "items_funded": 0, "items_over": 2,
    "items_no_budget_needed": 0, "co_funded_items": 1,
    # AG1 works in both provinces: one agency of the network, one of each province.
    "agencies": 4,
    **_money(total_budget=560, aligned_budget=490), "aligned_share": 0.875,
    "expected": 7, "reported": 6, "on_time": 4, "late": 2, "pending": 0, "missing": 1,
    "reporting_rate": 0.8571, "on_time_rate": 0.5714,
    **NO_RESULTS,
}  # fmt: skip


def _rows(frame: pd.DataFrame, keys: list[str]) -> dict:
    return {tuple(row.pop(k) for k in keys): row for row in frame.to_dict("records")}


def test_every_figure_of_each_district(rollups):
    assert _rows(rollups.levels["district"], ["province", "district"]) == {
        ("พัทลุง", "ควนขนุน"): KHUAN_KHANUN,
        ("พัทลุง", "ศรีนครินทร์"): SRINAGARINDRA,
        ("สงขลา", "หาดใหญ่"): HAT_YAI,
        ("สงขลา", None): SONGKHLA_WITHOUT_DISTRICT,  # the area without a district
    }
    # Machine order: by province, then district, the unassigned last.
    assert list(rollups.levels["district"]["district"]) == ["ควนขนุน", "ศรีนครินทร์", "หาดใหญ่", None]


def test_every_figure_of_each_province_and_the_network(rollups):
    assert _rows(rollups.levels["province"], ["province"]) == {
        ("พัทลุง",): PHATTHALUNG,
        ("สงขลา",): SONGKHLA,
    }
    assert _rows(rollups.levels["network"], []) == {(): NETWORK}


SUMMED = [
    "areas", "areas_without_partners", "plan_items", "required", "committed", "covered",
    "gap", "excess", "items_unfunded", "items_partial", "items_funded", "items_over",
    "items_no_budget_needed", "co_funded_items", "total_budget", "aligned_budget",
    "expected", "reported", "on_time", "late", "pending", "missing",
]  # fmt: skip


def test_districts_add_up_to_their_province_and_provinces_to_the_network(rollups):
    districts = rollups.levels["district"].groupby("province")[SUMMED].sum()
    provinces = rollups.levels["province"].set_index("province")[SUMMED]
    assert districts.astype("int64").equals(provinces.astype("int64"))
    network = rollups.levels["network"][SUMMED].iloc[0].astype("int64")
    assert provinces.sum().astype("int64").equals(network)
    # Distinct agencies are not added up: AG1 counts once in the network.
    assert rollups.levels["province"]["agencies"].sum() == 5 > NETWORK["agencies"]


def test_coverage_by_category_at_each_level(rollups):
    figures = ["required", "committed", "covered", "gap", "coverage"]
    categories = {
        (row["level"], row["province"], row["district"], row["category"]): {
            name: row[name] for name in figures
        }
        for row in rollups.categories.to_dict("records")
    }
    # เกษตร: X1 100/120 (covers 100), Y1 200/300 (200), Z2 40/0, W1 100/50 (50)
    assert categories[("network", None, None, "เกษตร")] == {
        **_money(required=440, committed=470, covered=350, gap=90),
        "coverage": 0.7955,
    }
    assert categories[("network", None, None, "สุขภาพ")] == {
        **_money(required=190, committed=20, covered=20, gap=170),
        "coverage": 0.1053,
    }
    assert categories[("province", "สงขลา", None, "เกษตร")]["coverage"] == 0.5
    assert categories[("province", "สงขลา", None, "สุขภาพ")]["coverage"] == 0.0
    # The area without a district: its own group of สงขลา, with its one category.
    assert [key[3] for key in categories if key[:3] == ("district", "สงขลา", None)] == ["สุขภาพ"]


def test_unfunded_items_of_highest_priority_first_at_each_level(rollups):
    listed = {
        key: list(zip(group["area_code"], group["plan_item_id"], group["rank"], strict=True))
        for key, group in rollups.unfunded.fillna("-").groupby(
            ["level", "province", "district"], sort=False
        )
    }
    assert listed == {
        # Priority 1 first; an item without priority last.
        ("network", "-", "-"): [("A3", "Z1", 1), ("A3", "Z2", 2), ("A5", "V1", 3)],
        ("province", "พัทลุง", "-"): [("A3", "Z1", 1), ("A3", "Z2", 2)],
        ("province", "สงขลา", "-"): [("A5", "V1", 1)],
        ("district", "พัทลุง", "ศรีนครินทร์"): [("A3", "Z1", 1), ("A3", "Z2", 2)],
        ("district", "สงขลา", "-"): [("A5", "V1", 1)],
    }


def test_areas_without_any_place_are_the_unassigned_group_of_every_level():
    result = _month()
    rollups = roll_up(result, Hierarchy({}), {})
    assert not rollups.assigned
    (province,) = rollups.levels["province"].to_dict("records")
    assert province["province"] is None and province["required"] == NETWORK["required"]
    (district,) = rollups.levels["district"].to_dict("records")
    assert (district["province"], district["district"]) == (None, None)
    assert rollups.levels["network"].iloc[0].to_dict() == NETWORK


def test_a_month_without_timeliness_leaves_its_rates_empty():
    result = _month()
    result.timeliness = None
    network = roll_up(result, HIERARCHY, {}).levels["network"].iloc[0]
    assert network["expected"] is None and network["on_time_rate"] is None
    assert network["required"] == NETWORK["required"]


def test_a_month_of_no_plan_item_of_its_year_rolls_up_to_an_empty_network():
    plan = _plan().assign(fiscal_year=2569)  # the previous year's plan only
    rollups = roll_up(run(plan, [], []), HIERARCHY, {})
    network = rollups.levels["network"].iloc[0]
    assert network["areas"] == 0 and network["required"] == 0 and network["coverage"] is None
    assert rollups.levels["province"].empty and rollups.levels["district"].empty
    assert rollups.unfunded.empty and rollups.categories.empty


def test_places_are_in_thai_dictionary_order_unassigned_last():
    places = {
        "A1": AreaPlace("เมืองลำปาง", "ลำปาง"),
        "A2": AreaPlace("แม่ริม", "เชียงใหม่"),
        "A3": AreaPlace("ควนขนุน", "พัทลุง"),
        "A4": AreaPlace("กันตัง", "ตรัง"),
    }  # by code point: ควนขนุน's พัทลุง, ตรัง, ลำปาง, then เชียงใหม่ (เ sorts after)
    rollups = roll_up(_month(), Hierarchy(places), {})
    assert list(rollups.levels["province"]["province"]) == [
        "เชียงใหม่",
        "ตรัง",
        "พัทลุง",
        "ลำปาง",
        None,  # A5, placed nowhere here
    ]
