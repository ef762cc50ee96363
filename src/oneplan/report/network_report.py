"""What an area's network summary shows: formatted text in records, per area
(`network_context`): the headline figures and sentences, categories with their plan items,
co-funding, the partners' results, spending outside the plan, every agency's submission and the changes since
the previous period.

Categories are in the order the plan first lists them, plan items by priority within a
category, agencies by Thai dictionary order of their names (`oneplan.report.order`).
Values are formatted by `oneplan.report.formats`; the month's data comes from `ReportData`.
"""

from __future__ import annotations

from oneplan.report.context import Record, ReportData
from oneplan.report.formats import (
    change,
    in_words,
    missing,
    money,
    percent,
    percent_text,
    period_text,
)
from oneplan.report.headline import (
    agencies_sentence,
    follow_up_sentence,
    items_sentence,
    timeliness_sentence,
)
from oneplan.report.labels import label
from oneplan.report.order import category_key
from oneplan.report.problems import issue_groups, issue_rows
from oneplan.report.results_section import network_results

# Statuses of an agency whose figures are not counted this month.
NOTHING_COUNTS = ("missing", "rejected")


def network_context(data: ReportData, area: dict) -> dict:
    result = data.result
    code = area["area_code"]
    items = data.items_in_order(code)
    agencies = data.in_name_order(data.part("agencies_in_area", code))
    item_rows = [data.item_row(item) for item in items]
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
    area_categories = sorted(
        data.part("categories", code), key=lambda c: category_key(data.places(code))(c.category)
    )
    follow_up = [
        (data.agency_name(a.agency_code), a.status)
        for a in agencies
        if a.status in ("missing", "rejected")
    ]
    timeliness = data.part("timeliness_in_area", code)
    return {
        **data.common(data.issuer.for_report(areas=[code])),
        "chart_rows": [(c.category, c.coverage) for c in area_categories],
        "plan_issues": issue_rows(data.reference_issues, data.lang),
        "plan_issue_files": issue_groups(data.reference_issues, data.lang),
        "area": Record(code=code, name=data.area_names.get(code, code)),
        "headline": Record(
            required=money(area["required"]),
            committed=money(area["committed"]),
            covered=money(area["covered"]),
            gap=money(area["gap"]),
            coverage=percent(area["coverage"]),
            coverage_text=percent_text(area["coverage"], data.lang),
            aligned_share=percent(area["aligned_share"]),
            aligned_share_text=percent_text(area["aligned_share"], data.lang),
            required_words=in_words(area["required"], data.lang),
            committed_words=in_words(area["committed"], data.lang),
            gap_words=in_words(area["gap"], data.lang),
            co_funded_items=area["co_funded_items"],
            item_counts=Record(**area["items"]),
            agency_counts=Record(**area["agencies"]),
            items_text=items_sentence(area["items"], area["co_funded_items"], data.lang),
            agencies_text=agencies_sentence(area["agencies"], data.lang),
            follow_up=follow_up_sentence(follow_up, data.lang),
            timeliness=timeliness_sentence(
                timeliness,
                {row.agency_code: data.agency_name(row.agency_code) for row in timeliness},
                data.lang,
            ),
        ),
        "categories": [
            Record(
                category=c.category,
                required=money(c.required),
                committed=money(c.committed),
                covered=money(c.covered),
                gap=money(c.gap),
                coverage=percent(c.coverage),
                items=[row for row in item_rows if row.category == c.category],
            )
            for c in area_categories
        ],
        "items": item_rows,
        "co_funded": [
            data.item_row(
                item,
                partners_text=", ".join(
                    f"{p.agency_name} {p.budget} ({p.share})"
                    for p in data.shares[(code, item.plan_item_id)]
                ),
            )
            for item in items
            if item.co_funded
        ],
        # What the partners achieved together, item by item (`results_section`).
        "results": network_results(data, code),
        "outside_plan": outside,
        "submissions": [
            Record(
                agency_code=a.agency_code,
                agency_name=data.agency_name(a.agency_code),
                status=label(a.status, data.lang),
                status_code=a.status,
                source_period=period_text(a.source_period, data.lang),
                # Nothing counts of a rejected or missing file: no zeros that read as
                # "no budget", a dash.
                lines_count="-" if a.status in NOTHING_COUNTS else str(int(a.lines)),
                total_budget="-" if a.status in NOTHING_COUNTS else money(a.total_budget),
                alignment_ratio=percent(a.alignment_ratio),
            )
            for a in agencies
        ],
        "changes": changes,
        "status_changes": status_changes,
    }
