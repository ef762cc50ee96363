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
from oneplan.report.results_items import item_partners, quantity, shown_item, with_unit
from oneplan.report.results_words import (
    WORDS,
    beneficiaries,
    network_sentence,
    nothing_sentence,
    on_track_meaning,
    progress_label,
)
from oneplan.values.numbers import missing
from oneplan.values.quantities import unit_key

TRACKED = ("on_track", "behind", "not_started")
# The units a plan may give an indicator that counts households or people.
PEOPLE_UNITS = {"households": ("ครัวเรือน", "households"), "people": ("คน", "ราย", "people")}


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
    by results (its aligned lines' items with an indicator, or with results written).

    What a row says of the item itself (its figures, its partners) is made once per item
    for all its partners' reports (`_shown_item`); only the agency's own part is made here."""
    items = _items_of(data, area_code)
    own = [c for c in data.part("results_of", (agency_code, area_code)) if c.plan_item_id in items]
    rows = []
    for part in _in_plan_order(data, area_code, own):
        item = items[part.plan_item_id]
        shown = shown_item(data, item)
        partners, labels, not_counted = shown.partners.without(agency_code)
        rows.append(
            Record(
                plan_item_id=item.plan_item_id,
                title=item.title,
                indicator=shown.indicator,
                unit=shown.unit,
                # Its own part; with an indicator and none counted, said in words.
                part=with_unit(part.quantity, shown.unit)
                if not (item.indicator and missing(part.quantity))
                else WORDS[data.lang]["not_counted"],
                progress=progress_label(part.progress, data.lang),
                result=text(part.results),
                beneficiaries=beneficiaries(part.households, part.people, data.lang),
                **shown.figures,
                partners=partners,
                partners_text=", ".join(labels),
                not_counted=not_counted,
                item_progress=shown.item_progress,
                standing=shown.standing,
                total_text=shown.total_text,
            )
        )
    return rows


def agency_results_note(data: ReportData) -> str:
    """What "on track" means this month, said under an agency's results."""
    return on_track_meaning(elapsed(data), data.lang)


def _network_item(data: ReportData, row) -> Record:
    partners = item_partners(data, row.area_code, row.plan_item_id)
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
        **shown_item(data, row).figures,
        partners=partners.records,
        partners_text=", ".join(partners.labels),
        not_counted=", ".join(p.agency_name for p in partners.records if not p.counted),
    )


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


def _items_of(data: ReportData, area_code: str) -> dict:
    """The area's rows of the `results` table by plan item (made once per area)."""
    key = ("items", area_code)
    if key not in data.results_shown:
        rows = data.part("results", area_code)
        data.results_shown[key] = {row.plan_item_id: row for row in rows}
    return data.results_shown[key]


def _in_plan_order(data: ReportData, area_code: str, rows: list) -> list:
    """Rows with a `plan_item_id` in the order the reports list the area's plan items."""
    key = ("places", area_code)
    places = data.results_shown.get(key)
    if places is None:
        items = data.items_in_order(area_code)
        places = data.results_shown[key] = {item.plan_item_id: n for n, item in enumerate(items)}
    return sorted(rows, key=lambda row: places.get(row.plan_item_id, len(places)))
