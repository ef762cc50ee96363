"""The month's results as the reports' contexts read them (`ReportData`): the tables cut
once by agency and area, names, partner shares and issues, shared by every report.

What the templates see is built from it in `oneplan.report.agency_report` and
`oneplan.report.network_report`; values are formatted in `oneplan.report.formats`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import defaultdict
from types import SimpleNamespace

import numpy as np
import pandas as pd

from oneplan.issues import Issue
from oneplan.reconcile import Reconciliation
from oneplan.report.formats import (
    date_text,
    fiscal_year_text,
    missing,
    money,
    percent,
    period_text,
)
from oneplan.report.indexes import area_names, month_parts, positions_by, records_by, results_in
from oneplan.report.issuer import Issuer, data_day, issuer_context
from oneplan.report.labels import label
from oneplan.report.order import categories_in_plan_order, in_name_order, items_in_plan_order
from oneplan.report.partners import partners_as_printed

# A row of a report as a template reads it (`line.budget`): a record with attributes, not a
# dict. Jinja looks an attribute up first, and on a dict that lookup fails with an exception
# before the key is found, a third of the time of rendering a report of 250 lines; a
# record's attribute is found at once, and `line["budget"]` still works in a template.
Record = SimpleNamespace


class ReportData:
    """Indexes over one period's results (or a part of them), shared by the reports."""

    def __init__(
        self,
        result: Reconciliation,
        plan_items: pd.DataFrame,
        registry: pd.DataFrame,
        issues: list[Issue],
        lang: str,
        today: dt.date,
        reference_files: frozenset[str] = frozenset(),
        shares: dict | None = None,
        registry_rows: dict | None = None,
        issuer: Issuer | None = None,
        district_reports: bool = False,
    ):
        self.result = result
        self.district_reports = district_reports  # a report per district, not only province
        self.plan_items = plan_items
        self.reference_files = reference_files
        # Problems of the plan and the registry (shown in every network summary).
        self.reference_issues = [
            i for i in issues if i.source_file in reference_files and i.shown_to_agency
        ]
        self.lang = lang
        self.today = today
        self.registry = registry
        # Looked up once per report line and partner: plain dicts, not DataFrame.loc.
        if registry_rows is None:
            registry_rows = records_by(registry, "agency_code")
        self.registry_rows = registry_rows
        self.issuer = issuer or Issuer()
        self._full_names = {
            code: (row["name_en"] if lang == "en" and row["name_en"] else row["name_th"])
            for code, row in self.registry_rows.items()
        }
        # The name people read in lists and tables: the agency's usual short name
        # (อบต.แพรกหา), else its name; in English its English name first.
        self._names = {
            code: (
                (row["name_en"] if lang == "en" else "")
                or row.get("short_name")
                or self._full_names[code]
            )
            for code, row in self.registry_rows.items()
        }
        self.area_names = area_names(plan_items)
        self.issues = issues
        # The problems an agency is shown: not the info rows (a total or note row skipped,
        # a duplicate copy found), which are recorded but are no problem of the agency's.
        self.issues_of: dict[tuple[str, str], list[Issue]] = {}
        for issue in issues:
            if issue.shown_to_agency:
                self.issues_of.setdefault((issue.agency_code, issue.area_code), []).append(issue)
        self._shares = shares
        self._row_positions: dict[str, tuple[dict, dict]] = {}
        # Per area, shared by the reports of every agency working there.
        self._co_funded: dict[str, list] = {}
        # What the results sections print of an area or plan item, made once for all the
        # reports that show it (`oneplan.report.results_section`).
        self.results_shown: dict[tuple, object] = {}
        self._open: dict[str, list] = {}

    def co_funded_items(self, area_code: str) -> list:
        """The area's plan items funded by several agencies (rows as named tuples)."""
        if area_code not in self._co_funded:
            items = self.items_in_order(area_code)
            self._co_funded[area_code] = [i for i in items if i.co_funded]
        return self._co_funded[area_code]

    def open_items(self, area_code: str) -> list:
        """The area's plan items still unfunded or partly funded, in the plan's order."""
        if area_code not in self._open:
            items = self.items_in_order(area_code)
            self._open[area_code] = [i for i in items if i.status in ("unfunded", "partial")]
        return self._open[area_code]

    def items_in_order(self, area_code: str) -> list:
        """The area's plan items (rows as named tuples) as people read them: by category
        in the order the plan first lists it, by priority within a category."""
        return items_in_plan_order(self.part("plan_items", area_code), self.places(area_code))

    def places(self, area_code: str) -> dict[str, int]:
        """The area's categories and their places in the plan's order."""
        return self._category_places.get(area_code, {})

    @functools.cached_property
    def _category_places(self) -> dict[str, dict[str, int]]:
        return categories_in_plan_order(self.plan_items)

    def in_name_order(self, rows: list) -> list:
        """Rows with an `agency_code` by Thai dictionary order of the agency's name."""
        return in_name_order(rows, name=lambda row: self.agency_name(row.agency_code))

    def part(self, table: str, key) -> list:
        """The rows of `table` (named tuples) for one agency, area, or (agency, area)."""
        return self._parts.get(table, {}).get(key, [])

    def index(self) -> None:
        """Cut the tables for the reports now (else at the first report that needs them)."""
        self._parts  # noqa: B018 (a cached property, computed here)

    @functools.cached_property
    def _parts(self) -> dict[str, dict]:
        # Each report needs a slice of the month's tables: cut them once, not per report.
        return month_parts(self.result)

    def part_for(self, agencies: set[str], areas: set[str]) -> ReportData:
        """The part of the month that the reports of `agencies` and the network summaries
        of `areas` show: what a batch of them needs, to be rendered in another process.

        Partner shares are the whole month's (an agency's report shows its partners'
        shares of the items it co-funds), cut to the areas concerned; the roll-ups go
        whole (a few rows a district: a province's report reads its own).
        """
        result = self.result
        agency_rows = self._rows_of("agencies", agencies, areas)
        places = set(agency_rows["area_code"]) | areas
        part = dataclasses.replace(
            result,
            plan_items=result.plan_items[result.plan_items["area_code"].isin(places)],
            agencies=agency_rows,
            lines=self._rows_of("lines", agencies, areas),
            categories=result.categories[result.categories["area_code"].isin(places)],
            areas=[area for area in result.areas if area["area_code"] in areas],
            results=results_in(result.results, places),
            **{
                name: None
                if getattr(result, name) is None
                else self._rows_of(name, agencies, areas)
                for name in ("timeliness", "timeliness_record")
            },
        )
        issues = [
            i
            for i in self.issues
            if i.agency_code in agencies or i.source_file in self.reference_files
        ]
        return ReportData(
            part,
            self.plan_items[self.plan_items["area_code"].isin(places)],
            self.registry,
            issues,
            self.lang,
            self.today,
            self.reference_files,
            shares=self._shares_in(places),
            registry_rows=self.registry_rows,
            issuer=self.issuer,
            district_reports=self.district_reports,
        )

    def prepare_parts(self) -> None:
        """Find now what `part_for` cuts from: the partner shares by area and where each
        agency's and area's rows are (else at the first batch)."""
        self._share_keys  # noqa: B018 (a cached property, computed here)
        for table in ("agencies", "lines"):
            self._positions(table)

    def _shares_in(self, places: set[str]) -> dict:
        """The partner shares of the plan items of `places` (areas): cut from the month's,
        when they were found (`prepare_parts`), else found from those areas' lines alone
        (a share is of one area's item: the same figures)."""
        if self._shares is not None:
            return {
                key: self._shares[key] for area in places for key in self._share_keys.get(area, [])
            }
        return self._shares_from(self._rows_of("lines", set(), places))

    @functools.cached_property
    def _share_keys(self) -> dict[str, list[tuple[str, str]]]:
        """The (area, plan item) keys of the partner shares, by area (grouped once)."""
        keys = defaultdict(list)
        for key in self.shares:
            keys[key[0]].append(key)
        return keys

    def _rows_of(self, table: str, agencies: set[str], areas: set[str]) -> pd.DataFrame:
        """The rows of the result's `table` (one with agency and area codes: "agencies",
        "lines", "timeliness", "timeliness_record") of any of `agencies` or `areas`, in
        order: taken by position (a filter would read every row per batch)."""
        frame = getattr(self.result, table)
        by_agency, by_area = self._positions(table)
        found = [by_agency[code] for code in agencies if code in by_agency]
        found += [by_area[code] for code in areas if code in by_area]
        if not found:
            return frame.iloc[0:0]
        return frame.iloc[np.unique(np.concatenate(found))]

    def _positions(self, table: str) -> tuple[dict, dict]:
        """The positions of the table's rows by agency and by area (found once)."""
        if table not in self._row_positions:
            frame = getattr(self.result, table)
            self._row_positions[table] = (
                positions_by(frame["agency_code"].tolist()),
                positions_by(frame["area_code"].tolist()),
            )
        return self._row_positions[table]

    @property
    def shares(self) -> dict[tuple[str, str], list[Record]]:
        """Each plan item's partners and their shares, as the reports print them (by area
        and plan item; all at once, the first time a report asks)."""
        if self._shares is None:
            self._shares = self._shares_from(self.result.lines)
        return self._shares

    def _shares_from(self, lines: pd.DataFrame) -> dict[tuple[str, str], list[Record]]:
        return partners_as_printed(lines, self.agency_name, self.in_name_order)

    def agency_name(self, code: str) -> str:
        """The name people read in lists: the short name, else the name, else the code."""
        return self._names.get(code, code)

    def agency_full_name(self, code: str) -> str:
        return self._full_names.get(code, code)

    def common(self, issuer: Issuer | None = None) -> dict:
        """What every report shows; `issuer` of the report (`Issuer.for_report`)."""
        return {
            "period": self.result.period,
            "period_text": period_text(self.result.period, self.lang),
            "fiscal_year": self.result.fiscal_year,
            "fiscal_year_text": fiscal_year_text(self.result.fiscal_year, self.lang),
            # The day the report's data date from (not the day it was rendered: a report
            # made again from the same data is the same document).
            "generated": date_text(data_day(issuer or self.issuer), self.lang),
            "previous_period_text": period_text(self.result.previous_period, self.lang),
            "has_previous": self.result.previous_period is not None,
            **issuer_context(issuer or self.issuer, self.result.period, self.lang),
        }

    def item_row(self, item, **more: object) -> Record:
        """A plan item row as the reports print it (templates/README.md), with `more` fields."""
        return Record(
            priority="-" if missing(item.priority) else str(int(item.priority)),
            plan_item_id=item.plan_item_id,
            title=item.title,
            category=item.category,
            required=money(item.required),
            committed=money(item.committed),
            disbursed=money(item.disbursed),
            gap=money(item.gap),
            excess=money(item.excess),
            coverage=percent(item.coverage),
            status=label(item.status, self.lang),
            status_code=item.status,
            agencies=item.agencies or "-",
            co_funded=bool(item.co_funded),
            partners=self.shares.get((item.area_code, item.plan_item_id), []),
            **more,
        )
