"""The results of the plan items as the coordinator's page shows them, area by area: each
item with a target, what its partners delivered of it so far (in the unit of its
indicator), its progress against the share of the fiscal year elapsed, its state, and
which partners reported it and which funded it without reporting yet; co-funded items
first. Read from the run's `results` and `result_contributions` tables
(`oneplan.reconcile.results`); nothing is computed again here. A period whose outputs have
no results table (written before results were reported) shows none."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from oneplan.reconcile.results import TRACKED_STATES
from oneplan.settings import Settings
from oneplan.values.numbers import missing, percent
from oneplan.values.quantities import plain_decimal, quantity_text
from oneplan.values.text import in_thai_dictionary_order
from oneplan.web.period_view import table

TRACKED = TRACKED_STATES  # the states of an item with a target


@dataclass(frozen=True)
class Partner:
    agency_code: str
    name: str
    quantity: str  # its counted part, in the item's unit ("" when it reported none)


@dataclass(frozen=True)
class ItemResult:
    plan_item_id: str
    title: str
    indicator: str
    unit: str
    delivered: str
    target: str
    progress: str  # "36.7%"
    bar: float  # the progress bar's length, 0–100 (progress beyond the target stops at 100)
    state: str  # one of TRACKED
    co_funded: bool
    reporting: list[Partner]  # the partners whose quantities count, by name
    silent: list[Partner]  # the partners funding the item who reported no quantity
    households: str
    people: str


@dataclass
class AreaResults:
    expected: str  # the share of the fiscal year elapsed, "16.7" (a percentage)
    expected_bar: float  # where the bar marks it, 0–100
    items: list[ItemResult] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # items by state, in TRACKED order


def area_results(settings: Settings, period: str, names: dict) -> dict[str, AreaResults]:
    """By area code, the results of its plan items with a target; {} when the period's
    outputs have no results table, or no item has a target."""
    items = table(settings, period, "results")
    if items is None:
        return {}
    items = items[items["state"].isin(TRACKED)]
    contributions = table(settings, period, "result_contributions")
    parts = {}
    if contributions is not None:
        for key, rows in contributions.groupby(["area_code", "plan_item_id"]):
            parts[key] = [_partner(r, names) for r in rows.itertuples()]
    found: dict[str, AreaResults] = {}
    ordered = items.sort_values(
        ["area_code", "co_funded", "plan_item_id"], ascending=[True, False, True]
    )
    for row in ordered.itertuples():
        expected = float(row.expected_progress)
        area = found.setdefault(
            row.area_code, AreaResults(percent(expected).removesuffix("%"), _bar(expected))
        )
        partners = parts.get((row.area_code, row.plan_item_id), [])
        area.items.append(_item(row, partners))
    for area in found.values():
        area.counts = {s: sum(i.state == s for i in area.items) for s in TRACKED}
    return found


def _item(row, partners: list[Partner]) -> ItemResult:
    def by_name(found: list[Partner]) -> list[Partner]:
        return in_thai_dictionary_order(found, name=lambda p: p.name)

    return ItemResult(
        plan_item_id=row.plan_item_id,
        title=_text(row.title),
        indicator=_text(row.indicator),
        unit=_text(row.unit),
        delivered=shown_quantity(row.delivered) or "0",
        target=shown_quantity(row.target),
        progress=percent(row.progress),
        bar=_bar(0 if missing(row.progress) else float(row.progress)),
        state=row.state,
        co_funded=bool(row.co_funded),
        reporting=by_name([p for p in partners if p.quantity]),
        silent=by_name([p for p in partners if not p.quantity]),
        households=_count(row.households),
        people=_count(row.people),
    )


def _partner(row, names: dict) -> Partner:
    code = row.agency_code
    return Partner(code, names.get(code, code), shown_quantity(row.quantity))


def shown_quantity(value: object) -> str:
    """A quantity as people read it (`1,200`, `2.5`), from the plan's `Decimal` or a
    table's float; "" when there is none."""
    if missing(value):
        return ""
    number = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return quantity_text(plain_decimal(number))


def _count(value: object) -> str:
    return "" if missing(value) else f"{int(value):,}"


def _text(value: object) -> str:
    return "" if missing(value) else str(value)


def _bar(ratio: float) -> float:
    return round(min(max(ratio, 0.0), 1.0) * 100, 1)
