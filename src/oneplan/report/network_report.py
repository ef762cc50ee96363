"""What an area's network summary shows: formatted text in records, per area
(`network_context`): the headline figures, categories, plan items, co-funding, spending
outside the plan, every agency's submission and the changes since the previous period.

Values are formatted by `oneplan.report.formats`; the month's data comes from `ReportData`.
"""

from __future__ import annotations

from oneplan.report.context import Record, ReportData, by_priority
from oneplan.report.formats import change, in_words, missing, money, percent, period_text
from oneplan.report.labels import label


def network_context(data: ReportData, area: dict) -> dict:
    result = data.result
    code = area["area_code"]
    items = sorted(data.part("plan_items", code), key=by_priority)
    agencies = data.part("agencies_in_area", code)
    shares = data.shares
    outside = []
    for agency in (a for a in agencies if a.unaligned_budget > 0):
        own = [
            line
            for line in data.part("lines", (agency.agency_code, code))
            if line.alignment != "aligned"
        ]
        outside.append(
            Record(
                agency_code=agency.agency_code,
                agency_name=data.agency_name(agency.agency_code),
                lines_count=len(own),
                unaligned_budget=money(agency.unaligned_budget),
                activities=", ".join(line.activity for line in own),
            )
        )
    changes = [
        data.item_row(
            item,
            committed_change=change(item.committed_change),
            disbursed_change=change(item.disbursed_change),
        )
        for item in items
        if (not missing(item.committed_change) and item.committed_change != 0)
        or (not missing(item.disbursed_change) and item.disbursed_change != 0)
    ]
    status_changes = [
        Record(
            agency_name=data.agency_name(a.agency_code),
            previous_status=label(a.previous_status, data.lang),
            status=label(a.status, data.lang),
        )
        for a in agencies
        if result.previous_period and a.previous_status != a.status
    ]
    area_categories = data.part("categories", code)
    return {
        **data.common(),
        "chart_rows": [(c.category, c.coverage) for c in area_categories],
        "plan_issues": data.issue_rows(data.reference_issues),
        "area": Record(code=code, name=data.area_names.get(code, code)),
        "headline": Record(
            required=money(area["required"]),
            committed=money(area["committed"]),
            covered=money(area["covered"]),
            gap=money(area["gap"]),
            coverage=percent(area["coverage"]),
            aligned_share=percent(area["aligned_share"]),
            required_words=in_words(area["required"], data.lang),
            committed_words=in_words(area["committed"], data.lang),
            gap_words=in_words(area["gap"], data.lang),
            co_funded_items=area["co_funded_items"],
            item_counts=Record(**area["items"]),
            agency_counts=Record(**area["agencies"]),
        ),
        "categories": [
            Record(
                category=c.category,
                required=money(c.required),
                committed=money(c.committed),
                covered=money(c.covered),
                gap=money(c.gap),
                coverage=percent(c.coverage),
            )
            for c in area_categories
        ],
        "items": [data.item_row(item) for item in items],
        "co_funded": [
            data.item_row(
                item,
                partners_text=", ".join(
                    f"{p.agency_name} {p.budget} ({p.share})"
                    for p in shares[(code, item.plan_item_id)]
                ),
            )
            for item in items
            if item.co_funded
        ],
        "outside_plan": outside,
        "submissions": [
            Record(
                agency_code=a.agency_code,
                agency_name=data.agency_name(a.agency_code),
                status=label(a.status, data.lang),
                source_period=period_text(a.source_period, data.lang),
                lines_count=int(a.lines),
                total_budget=money(a.total_budget),
                alignment_ratio=percent(a.alignment_ratio),
            )
            for a in agencies
        ],
        "changes": changes,
        "status_changes": status_changes,
    }
