"""What the reports' results sections (`oneplan.report.results_section`) print of a plan
item itself, the same in every report that shows it: its figures against its target, its
state, and its partners with their parts. An item is shown in the network summary of its
area and in the report of each of its partners, so this is made once per item
(`ReportData.results_shown`), and an agency's report adds only the agency's own part.
"""

from __future__ import annotations

from typing import NamedTuple

from oneplan.report.context import Record, ReportData
from oneplan.report.formats import percent, text
from oneplan.report.results_words import WORDS, state_label
from oneplan.values.numbers import missing
from oneplan.values.quantities import quantity_text


def quantity(value: object) -> str:
    """A quantity as the reports print it; "-" when missing."""
    return "-" if missing(value) else quantity_text(value)


def with_unit(value: object, unit: str) -> str:
    """A quantity and its unit (`55 ครัวเรือน`); "-" when missing."""
    if missing(value):
        return "-"
    return f"{quantity_text(value)} {unit}".strip()


class Partners(NamedTuple):
    """Every partner of a plan item by name (`agency_code`, `agency_name`, `quantity`: its
    counted part, "-" when it has none, `counted`), each as the reports list it
    (`พอช. 30`), and each one's place in the list."""

    records: list[Record]
    labels: list[str]
    places: dict[str, int]
    all_counted: bool

    def without(self, agency_code: str) -> tuple[list[Record], list[str], str]:
        """The partners but one (an agency's report names the others), their labels, and
        the names of those with no counted part."""
        n = self.places.get(agency_code)
        if n is None:
            records, labels = list(self.records), list(self.labels)
        else:
            records = self.records[:n] + self.records[n + 1 :]
            labels = self.labels[:n] + self.labels[n + 1 :]
        if self.all_counted:
            return records, labels, ""
        return records, labels, ", ".join(p.agency_name for p in records if not p.counted)


class ShownItem(NamedTuple):
    """What both reports print of a plan item's results, the same in every report:
    `figures` (its target, what was delivered, its state, whether it is co-funded), its
    `partners`, and the agency report's words of it."""

    figures: dict
    partners: Partners
    indicator: str
    unit: str
    item_progress: str
    standing: str
    total_text: str


def shown_item(data: ReportData, item) -> ShownItem:
    """A plan item's `ShownItem`, made once for all the reports that show it."""
    key = ("item", item.area_code, item.plan_item_id)
    found = data.results_shown.get(key)
    if found is None:
        unit = text(item.unit, "")
        figures = {
            "target": quantity(item.target),
            "delivered": quantity(item.delivered),
            "delivered_of_target": _delivered_of_target(item, data.lang),
            "state": state_label(item.state, data.lang),
            "state_code": item.state,
            "co_funded": bool(item.co_funded),
        }
        found = data.results_shown[key] = ShownItem(
            figures=figures,
            partners=item_partners(data, item.area_code, item.plan_item_id),
            indicator=text(item.indicator, ""),
            unit=unit,
            item_progress=percent(item.progress),
            standing=_standing(item, data.lang),
            total_text=_total_text(item, unit, data.lang),
        )
    return found


def item_partners(data: ReportData, area: str, item: str) -> Partners:
    """Every partner of the plan item by name (`Partners`), made once per item: each of
    its partners' reports shows them."""
    key = ("partners", area, item)
    found = data.results_shown.get(key)
    if found is None:
        records = [
            Record(
                agency_code=part.agency_code,
                agency_name=data.agency_name(part.agency_code),
                quantity=quantity(part.quantity),
                counted=not missing(part.quantity),
            )
            for part in data.in_name_order(data.part("result_parts", (area, item)))
        ]
        labels = [f"{p.agency_name} {p.quantity}" for p in records]
        places = {p.agency_code: n for n, p in enumerate(records)}
        found = data.results_shown[key] = Partners(
            records, labels, places, all(p.counted for p in records)
        )
    return found


def _delivered_of_target(row, lang: str) -> str:
    """`55 จาก 150` (`55 of 150`); the delivered quantity alone without a target."""
    if missing(row.target):
        return quantity(row.delivered)
    return f"{quantity(row.delivered)} {WORDS[lang]['of']} {quantity(row.target)}"


def _total_text(item, unit: str, lang: str) -> str:
    """`55 จาก 150 คน (36.67%) ตามเป้า`; `รวม 55 คน` without a target; "-" without an
    indicator."""
    words = WORDS[lang]
    if not item.indicator:
        return "-"
    if item.state == "no_target":
        return f"{words['total']} {with_unit(item.delivered, unit)}"
    delivered = quantity(item.delivered)
    target = with_unit(item.target, unit)
    state = state_label(item.state, lang)
    separator = " " if lang == "th" else ", "
    return f"{delivered} {words['of']} {target} ({percent(item.progress)}){separator}{state}"


def _standing(item, lang: str) -> str:
    """`36.67% ตามเป้า`; the state alone without a target; "-" without an indicator."""
    if not item.indicator:
        return "-"
    state = state_label(item.state, lang)
    return state if item.state == "no_target" else f"{percent(item.progress)} {state}"
