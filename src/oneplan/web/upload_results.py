"""The results of an upload's lines as they will count (the agency's page, after an
upload): each counted line that reports a result (a progress, a quantity, beneficiaries
or a written result), with its plan item, its quantity in its unit, and whether the
quantity will be added to the item's. Whether it is added is the reconciliation's own
rule (`oneplan.check.results.counts_for_item`, for the lines aligned with the plan);
where it is not, the reason is the code of the warning the checks gave the line
(`unit_mismatch`, `result_without_indicator`), or the line's alignment (`unknown_item`,
`unaligned`)."""

from __future__ import annotations

from dataclasses import dataclass

from oneplan.check.results import ItemMeasure, counts_for_item
from oneplan.check.submission import Submission
from oneplan.month.reference import Reference
from oneplan.reconcile.result_shares import RESULT_COLUMNS
from oneplan.values.periods import fiscal_year
from oneplan.values.quantities import line_unit
from oneplan.web.results_view import shown_quantity


@dataclass(frozen=True)
class ResultLineView:
    """One counted line's results, as the reconciliation will count them."""

    line_no: int
    plan_item_id: str
    title: str
    indicator: str
    target: str  # the item's target, formatted ("" when it has none)
    item_unit: str
    quantity: str  # formatted; "" when the line gives none
    unit: str  # the line's unit, else the item's
    counting: str  # counted | unit_mismatch | result_without_indicator | unknown_item | unaligned | "" (no quantity)
    progress: str  # not_started | ongoing | done | ""
    households: str
    people: str
    result: str
    row: int


def result_views(
    submission: Submission, reference: Reference, alignments: list[str]
) -> list[ResultLineView]:
    """The counted lines that report results, in their order; `alignments` are the
    counted lines' alignments with the plan (`upload.line_views`), in the same order."""
    if not submission.period:
        return []
    items = reference.plan.items_of(fiscal_year(submission.period))
    items = items[items["area_code"] == submission.area_code]
    plan = {i.plan_item_id: i for i in items.itertuples()}
    views = []
    for row, alignment in zip(submission.counted_rows, alignments, strict=True):
        if all(row.get(c) in (None, "") for c in RESULT_COLUMNS):
            continue
        item = plan.get(row["plan_item_id"]) if alignment == "aligned" else None
        measure = None if item is None else ItemMeasure.of(item.indicator, item.unit)
        views.append(
            ResultLineView(
                line_no=row["line_no"],
                plan_item_id=row["plan_item_id"] or "",
                title="" if item is None else _text(item.title),
                indicator="" if measure is None else measure.indicator or "",
                target="" if item is None else shown_quantity(item.target),
                item_unit="" if measure is None else measure.unit or "",
                quantity=shown_quantity(row["quantity"]),
                unit=_text(line_unit(row["quantity"], row["unit"]))
                or ("" if measure is None else measure.unit or ""),
                counting=_counting(row, alignment, measure),
                progress=row["progress"] or "",
                households=_count(row["households"]),
                people=_count(row["people"]),
                result=_text(row["result"]),
                row=row["_row"],
            )
        )
    return views


def _counting(row: dict, alignment: str, measure: ItemMeasure | None) -> str:
    """Whether the line's quantity is added to its item's, else why not."""
    if row["quantity"] is None:
        return ""
    if alignment != "aligned":
        return alignment
    if counts_for_item(measure, line_unit(row["quantity"], row["unit"])):
        return "counted"
    return "result_without_indicator" if not measure.indicator else "unit_mismatch"


def _count(value: object) -> str:
    return "" if value is None else f"{int(value):,}"


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
