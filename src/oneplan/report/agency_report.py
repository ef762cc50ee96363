"""What an agency's report shows (`agency_context`): formatted text in records, per agency
one entry per area it reports in (its lines, co-funded items, results, open items, issues).

Plan items are in the order people read them (`oneplan.report.order`: categories as the
plan lists them, priority within); the agency's areas and partners by Thai dictionary
order of their names; the agency's lines in its own order. Info rows are not listed as the agency's problems.

Values are formatted by `oneplan.report.formats`, so that templates hold no logic beyond
loops; text from agencies' workbooks is escaped by the renderer (it prints as text).
"""

from __future__ import annotations

from oneplan.report.agency_footprint import agency_footprint
from oneplan.report.agency_record import agency_record
from oneplan.report.context import Record, ReportData
from oneplan.report.formats import in_words, money, percent, percent_text, period_text, text
from oneplan.report.labels import label
from oneplan.report.order import in_name_order
from oneplan.report.problems import issue_groups, issue_rows
from oneplan.report.results_section import agency_results, agency_results_note
from oneplan.values.times import short_date

# The statuses of an area a file was received for this month.
RECEIVED = ("submitted", "resubmitted", "rejected")


def agency_context(data: ReportData, agency_code: str) -> dict:
    shares = data.shares
    registry_row = data.registry_rows.get(agency_code)
    areas = []
    # Areas as people read them (and the agency's e-mail lists them): by Thai dictionary
    # order of their names.
    rows = in_name_order(
        data.part("agencies", agency_code),
        name=lambda row: data.area_names.get(row.area_code, row.area_code),
    )
    for row in rows:
        lines = data.part("lines", (agency_code, row.area_code))
        items = data.part("plan_items", row.area_code)
        co_funded = [
            data.item_row(
                item,
                partners_text=", ".join(
                    f"{p.agency_name} ({p.share})"
                    for p in shares[(row.area_code, item.plan_item_id)]
                ),
            )
            for item in data.co_funded_items(row.area_code)
            if agency_code in item.agencies.split(", ")
        ]
        categories = list(registry_row["categories"] or []) if registry_row is not None else []
        if not categories:
            funded = {line.plan_item_id for line in lines if line.alignment == "aligned"}
            categories = {i.category for i in items if i.plan_item_id in funded}
        waiting = [i for i in data.open_items(row.area_code) if i.category in categories]
        area_issues = data.issues_of.get((agency_code, row.area_code), [])
        areas.append(
            Record(
                area_code=row.area_code,
                area_name=data.area_names.get(row.area_code, row.area_code),
                status=label(row.status, data.lang),
                status_code=row.status,
                # A file came for this month (counted or not): its problems are told.
                file_received=row.status in RECEIVED,
                source_period=period_text(row.source_period, data.lang),
                source_file=text(row.source_file),
                lines_count=int(row.lines),
                rejected_rows=int(row.rejected_rows),
                total_budget=money(row.total_budget),
                total_budget_words=in_words(int(row.total_budget), data.lang),
                aligned_budget=money(row.aligned_budget),
                unaligned_budget=money(row.unaligned_budget),
                alignment_ratio=percent(row.alignment_ratio),
                alignment_text=percent_text(row.alignment_ratio, data.lang),
                disbursed=money(row.disbursed),
                disbursement_rate=percent(row.disbursement_rate),
                disbursement_text=percent_text(row.disbursement_rate, data.lang),
                previous_status=label(row.previous_status, data.lang),
                closed_on=closed_day_of(data, row.area_code),
                lines=[
                    Record(
                        line_no=str(int(line.line_no)),
                        plan_item_id=text(line.plan_item_id),
                        activity=line.activity,
                        category=text(line.category),
                        budget=money(line.budget),
                        disbursed=money(line.disbursed),
                        support_type=label(line.support_type, data.lang),
                        support_type_code=text(line.support_type, ""),
                        alignment=label(line.alignment, data.lang),
                    )
                    for line in lines
                ],
                co_funded=co_funded,
                results=agency_results(data, agency_code, row.area_code),
                opportunities=[data.item_row(item) for item in waiting],
                issues=issue_rows(area_issues, data.lang),
                issue_files=issue_groups(area_issues, data.lang),
            )
        )
    return {
        **data.common(data.issuer.for_report(agency_code, [row.area_code for row in rows])),
        "agency": Record(
            code=agency_code,
            name=data.agency_full_name(agency_code),
            short_name=data.agency_name(agency_code),
            contact=(registry_row["contact"] or "") if registry_row is not None else "",
        ),
        "footprint": agency_footprint(data, rows),
        "areas": areas,
        "results_note": agency_results_note(data),
        "record": agency_record(data, agency_code),
    }


def closed_day_of(data: ReportData, area_code: str) -> str:
    """The day the area's month was closed (the period's closing, or the area's own), as
    the report prints it; "" while it is open."""
    day = data.issuer.closed_on or data.issuer.closed_areas.get(area_code)
    return short_date(day, data.lang) if day else ""
