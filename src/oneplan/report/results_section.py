"""The reports' sections of results (issue #29), from the month's `results` and
`result_contributions` tables (`oneplan.reconcile.results`) as `ReportData` cuts them.

- The network summary (`network_results`): what the partners achieved together, item by
  item, co-funded items first, then the others, each in the plan's order: target, the
  quantity delivered with each partner's part named, progress against the share of the
  fiscal year elapsed and the item's state; then the items without an indicator whose
  partners wrote what they did. An area with neither says so in one sentence.
- An agency's report (`agency_results`): per plan item it works on in an area, its own part,
  progress and written result, and the item's total against its target with its
  co-funding partners and their parts, so that each partner sees where it stands.

Partners are in Thai dictionary order of the names the reports give them; quantities are
written as `oneplan.values.quantities.quantity_text` writes them (`1,200`, `2.5`).
"""

from __future__ import annotations

from fractions import Fraction

from oneplan.reconcile.results import elapsed_share
from oneplan.report.context import Record, ReportData
from oneplan.report.formats import percent, text
from oneplan.report.results_words import (
    WORDS,
    beneficiaries,
    network_sentence,
    nothing_sentence,
    on_track_meaning,
    progress_label,
    state_label,
)
from oneplan.values.numbers import missing
from oneplan.values.quantities import quantity_text, unit_key

TRACKED = ("on_track", "behind", "not_started")
# The units a plan may give an indicator that counts households or people.
PEOPLE_UNITS = {"households": ("ครัวเรือน", "households"), "people": ("คน", "ราย", "people")}


def quantity(value: object) -> str:
    """A quantity as the reports print it; "-" when missing."""
    return "-" if missing(value) else quantity_text(value)


def elapsed(data: ReportData) -> Fraction:
    return elapsed_share(data.result.period)


def network_results(data: ReportData, area_code: str) -> Record:
    """The network summary's results: `sentence`, `groups` (co-funded items, then the
    others: `title`, `items`), `items` (the same rows in one list), `written` (items
    without an indicator, with the partners' texts) and `expected` (`16.67%`)."""
    rows = _in_plan_order(data, area_code, data.part("results", area_code))
    measured = [row for row in rows if row.indicator]
    items = [_network_item(data, row) for row in measured]
    written = [_written_item(data, row) for row in rows if not row.indicator]
    written = [item for item in written if item.texts]
    words = WORDS[data.lang]
    groups = [
        Record(title=title, items=[item for item in items if item.co_funded == shared])
        for title, shared in ((words["co_funded"], True), (words["single"], False))
    ]
    counts = {state: sum(row.state == state for row in measured) for state in TRACKED}
    untargeted = sum(row.state == "no_target" for row in measured)
    sentence = (
        network_sentence(counts, untargeted, elapsed(data), data.lang)
        if measured
        else nothing_sentence(bool(written), data.lang)
    )
    return Record(
        sentence=sentence,
        groups=[group for group in groups if group.items],
        items=[item for group in groups for item in group.items],
        written=written,
        expected=percent(float(elapsed(data))),
    )


def agency_results(data: ReportData, agency_code: str, area_code: str) -> list[Record]:
    """An agency's results in an area: one row per plan item it works on that is followed
    by results (its aligned lines' items with an indicator, or with results written)."""
    items = {row.plan_item_id: row for row in data.part("results", area_code)}
    own = [c for c in data.part("results_of", (agency_code, area_code)) if c.plan_item_id in items]
    rows = []
    for part in _in_plan_order(data, area_code, own):
        item = items[part.plan_item_id]
        everyone, _ = _item_partners(data, area_code, part.plan_item_id)
        partners = [p for p in everyone if p.agency_code != agency_code]
        not_counted = [p.agency_name for p in partners if not p.counted]
        unit = text(item.unit, "")
        rows.append(
            Record(
                plan_item_id=item.plan_item_id,
                title=item.title,
                indicator=text(item.indicator, ""),
                unit=unit,
                # Its own part; with an indicator and none counted, said in words.
                part=_with_unit(part.quantity, unit)
                if not (item.indicator and missing(part.quantity))
                else WORDS[data.lang]["not_counted"],
                progress=progress_label(part.progress, data.lang),
                result=text(part.results),
                beneficiaries=beneficiaries(part.households, part.people, data.lang),
                **_item_standing(data, item, partners, not_counted),
                item_progress=percent(item.progress),
                standing=_standing(item, data.lang),
                total_text=_total_text(item, unit, data.lang),
            )
        )
    return rows


def agency_results_note(data: ReportData) -> str:
    """What "on track" means this month, said under an agency's results."""
    return on_track_meaning(elapsed(data), data.lang)


def _network_item(data: ReportData, row) -> Record:
    partners, not_counted = _item_partners(data, row.area_code, row.plan_item_id)
    return Record(
        plan_item_id=row.plan_item_id,
        title=row.title,
        category=row.category,
        indicator=row.indicator,
        unit=text(row.unit, ""),
        baseline=quantity(row.baseline),
        progress=percent(row.progress),
        progress_status=progress_label(row.progress_status, data.lang),
        beneficiaries=_reached(row, data.lang),
        **_item_standing(data, row, partners, not_counted),
    )


def _item_standing(data: ReportData, item, partners: list[Record], not_counted: list[str]) -> dict:
    """What both reports say of a plan item's results: its target, what was delivered, its
    state, whether it is co-funded and its partners with their parts."""
    return {
        "target": quantity(item.target),
        "delivered": quantity(item.delivered),
        "delivered_of_target": _delivered_of_target(item, data.lang),
        "state": state_label(item.state, data.lang),
        "state_code": item.state,
        "co_funded": bool(item.co_funded),
        "partners": partners,
        "partners_text": ", ".join(f"{p.agency_name} {p.quantity}" for p in partners),
        "not_counted": ", ".join(not_counted),
    }


def _delivered_of_target(row, lang: str) -> str:
    """`55 จาก 150` (`55 of 150`); the delivered quantity alone without a target."""
    if missing(row.target):
        return quantity(row.delivered)
    return f"{quantity(row.delivered)} {WORDS[lang]['of']} {quantity(row.target)}"


def _reached(row, lang: str) -> str:
    """The households and people the partners reported reaching, less a count that only
    repeats the delivered quantity (an indicator counted in households or people)."""
    counts = {"households": row.households, "people": row.people}
    for kind, count in counts.items():
        same = unit_key(row.unit) in {unit_key(unit) for unit in PEOPLE_UNITS[kind]}
        if same and not missing(count) and count == row.delivered:
            counts[kind] = None
    return beneficiaries(counts["households"], counts["people"], lang)


def _written_item(data: ReportData, row) -> Record:
    """An item without an indicator: what each partner wrote it did (and for whom)."""
    parts = data.in_name_order(data.part("result_parts", (row.area_code, row.plan_item_id)))
    texts = []
    for part in parts:
        if missing(part.results) or not part.results:
            continue
        reached = beneficiaries(part.households, part.people, data.lang)
        texts.append(
            Record(
                agency_name=data.agency_name(part.agency_code),
                text=part.results + (f" ({reached})" if reached else ""),
            )
        )
    return Record(plan_item_id=row.plan_item_id, title=row.title, texts=texts)


def _item_partners(data: ReportData, area: str, item: str) -> tuple[list[Record], list[str]]:
    """Every partner of the plan item by name (`agency_code`, `agency_name`, `quantity`: its
    counted part, "-" when it has none, `counted`), and the names of those without one.
    Made once per item: each of its partners' reports shows them."""
    found = data.result_partners.get((area, item))
    if found is None:
        partners = [
            Record(
                agency_code=part.agency_code,
                agency_name=data.agency_name(part.agency_code),
                quantity=quantity(part.quantity),
                counted=not missing(part.quantity),
            )
            for part in data.in_name_order(data.part("result_parts", (area, item)))
        ]
        found = data.result_partners[(area, item)] = (
            partners,
            [p.agency_name for p in partners if not p.counted],
        )
    return found


def _total_text(item, unit: str, lang: str) -> str:
    """`55 จาก 150 คน (36.67%) ตามเป้า`; `รวม 55 คน` without a target; "-" without an
    indicator."""
    words = WORDS[lang]
    if not item.indicator:
        return "-"
    if item.state == "no_target":
        return f"{words['total']} {_with_unit(item.delivered, unit)}"
    delivered = quantity(item.delivered)
    target = _with_unit(item.target, unit)
    state = state_label(item.state, lang)
    separator = " " if lang == "th" else ", "
    return f"{delivered} {words['of']} {target} ({percent(item.progress)}){separator}{state}"


def _standing(item, lang: str) -> str:
    """`36.67% ตามเป้า`; the state alone without a target; "-" without an indicator."""
    if not item.indicator:
        return "-"
    state = state_label(item.state, lang)
    return state if item.state == "no_target" else f"{percent(item.progress)} {state}"


def _with_unit(value: object, unit: str) -> str:
    if missing(value):
        return "-"
    return f"{quantity_text(value)} {unit}".strip()


def _in_plan_order(data: ReportData, area_code: str, rows: list) -> list:
    """Rows with a `plan_item_id` in the order the reports list the area's plan items."""
    places = {item.plan_item_id: n for n, item in enumerate(data.items_in_order(area_code))}
    return sorted(rows, key=lambda row: places.get(row.plan_item_id, len(places)))
