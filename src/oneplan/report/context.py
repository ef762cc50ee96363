"""The month's results as the reports' contexts read them (`ReportData`): the tables cut
once by agency and area, names, partner shares and issues, shared by every report.

What the templates see is built from it in `oneplan.report.agency_report` and
`oneplan.report.network_report`; values are formatted in `oneplan.report.formats`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import defaultdict, namedtuple
from operator import attrgetter
from types import SimpleNamespace

import numpy as np
import pandas as pd

from oneplan.issues import Issue
from oneplan.reconcile import Reconciliation
from oneplan.reconcile.shares import partner_shares
from oneplan.report.formats import date_text, missing, money, percent, period_text
from oneplan.report.labels import label
from oneplan.values.money import ratio

# A row of a report as a template reads it (`line.budget`): a record with attributes, not a
# dict. Jinja looks an attribute up first, and on a dict that lookup fails with an exception
# before the key is found, a third of the time of rendering a report of 250 lines; a
# record's attribute is found at once, and `line["budget"]` still works in a template.
Record = SimpleNamespace


def _rows_by(frame: pd.DataFrame, *by: str) -> dict:
    """The frame's rows (named tuples as `itertuples` gives them, in order), by the
    value(s) of the columns `by`.

    Read once for the whole month: a report then takes its rows from a dict, where pandas
    would spend a millisecond a report on each filter. Built from whole columns: iterating
    a text column value by value costs several times more.
    """
    row_type = namedtuple("Row", ["Index", *frame.columns], rename=True)
    columns = [frame.index.tolist(), *(frame[name].tolist() for name in frame.columns)]
    key = attrgetter(*by)
    rows: dict = defaultdict(list)
    for row in map(row_type._make, zip(*columns, strict=True)):
        rows[key(row)].append(row)
    return dict(rows)


def _records_by(frame: pd.DataFrame, key: str) -> dict:
    """The frame's rows as dicts of their other columns, by the value of `key` (what
    `set_index(key).to_dict("index")` gives, built from whole columns)."""
    names = [name for name in frame.columns if name != key]
    columns = [frame[name].tolist() for name in names]
    return {
        value: dict(zip(names, row, strict=True))
        for value, *row in zip(frame[key].tolist(), *columns, strict=True)
    }


def _positions_by(values: list) -> dict:
    """The positions at which each value occurs, in order (as numpy arrays)."""
    positions: dict = defaultdict(list)
    for position, value in enumerate(values):
        positions[value].append(position)
    return {value: np.array(found) for value, found in positions.items()}


def by_priority(item) -> tuple:
    """Plan items in the order of their priority (none last), then of their code."""
    unset = missing(item.priority)
    return (unset, 0 if unset else item.priority, item.plan_item_id)


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
    ):
        self.result = result
        self.plan_items = plan_items
        self.reference_files = reference_files
        # Problems of the plan and the registry (shown in every network summary).
        self.reference_issues = [
            i for i in issues if i.source_file in reference_files and i.severity != "info"
        ]
        self.lang = lang
        self.today = today
        self.registry = registry
        # Looked up once per report line and partner: plain dicts, not DataFrame.loc.
        if registry_rows is None:
            registry_rows = _records_by(registry, "agency_code")
        self.registry_rows = registry_rows
        self._names = {
            code: (row["name_en"] if lang == "en" and row["name_en"] else row["name_th"])
            for code, row in self.registry_rows.items()
        }
        self.area_names = (
            plan_items.dropna(subset=["area_name"])
            .drop_duplicates("area_code")
            .set_index("area_code")["area_name"]
            .to_dict()
        )
        self.issues = issues
        self.issues_of: dict[tuple[str, str], list[Issue]] = {}
        for issue in issues:
            self.issues_of.setdefault((issue.agency_code, issue.area_code), []).append(issue)
        self._shares = shares
        self._row_positions: dict[str, tuple[dict, dict]] = {}
        # Per area, shared by the reports of every agency working there.
        self._co_funded: dict[str, list] = {}
        self._open: dict[str, list] = {}

    def co_funded_items(self, area_code: str) -> list:
        """The area's plan items funded by several agencies (rows as named tuples)."""
        if area_code not in self._co_funded:
            items = self.part("plan_items", area_code)
            self._co_funded[area_code] = [i for i in items if i.co_funded]
        return self._co_funded[area_code]

    def open_items(self, area_code: str) -> list:
        """The area's plan items still unfunded or partly funded, by priority then code."""
        if area_code not in self._open:
            items = self.part("plan_items", area_code)
            waiting = [i for i in items if i.status in ("unfunded", "partial")]
            self._open[area_code] = sorted(waiting, key=by_priority)
        return self._open[area_code]

    def part(self, table: str, key) -> list:
        """The rows of `table` (named tuples) for one agency, area, or (agency, area)."""
        return self._parts[table].get(key, [])

    def index(self) -> None:
        """Cut the tables for the reports now (else at the first report that needs them)."""
        self._parts  # noqa: B018 (a cached property, computed here)

    @functools.cached_property
    def _parts(self) -> dict[str, dict]:
        # Each report needs a slice of the month's tables: cut them once, not per report.
        result = self.result
        return {
            "agencies": _rows_by(result.agencies, "agency_code"),
            "agencies_in_area": _rows_by(result.agencies, "area_code"),
            "lines": _rows_by(result.lines, "agency_code", "area_code"),
            "plan_items": _rows_by(result.plan_items, "area_code"),
            "categories": _rows_by(result.categories, "area_code"),
        }

    def part_for(self, agencies: set[str], areas: set[str]) -> ReportData:
        """The part of the month that the reports of `agencies` and the network summaries
        of `areas` show: what a batch of them needs, to be rendered in another process.

        Partner shares are the whole month's (an agency's report shows its partners'
        shares of the items it co-funds), cut to the areas concerned.
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
            shares={
                key: self.shares[key] for area in places for key in self._share_keys.get(area, [])
            },
            registry_rows=self.registry_rows,
        )

    def prepare_parts(self) -> None:
        """Find now what `part_for` cuts from: the partner shares by area and where each
        agency's and area's rows are (else at the first batch)."""
        self._share_keys  # noqa: B018 (a cached property, computed here)
        for table in ("agencies", "lines"):
            self._positions(table)

    @functools.cached_property
    def _share_keys(self) -> dict[str, list[tuple[str, str]]]:
        """The (area, plan item) keys of the partner shares, by area (grouped once)."""
        keys = defaultdict(list)
        for key in self.shares:
            keys[key[0]].append(key)
        return keys

    def _rows_of(self, table: str, agencies: set[str], areas: set[str]) -> pd.DataFrame:
        """The rows of the result's `table` ("agencies" or "lines") of any of `agencies` or
        `areas`, in order: taken by position (a filter would read every row per batch)."""
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
                _positions_by(frame["agency_code"].tolist()),
                _positions_by(frame["area_code"].tolist()),
            )
        return self._row_positions[table]

    @property
    def shares(self) -> dict[tuple[str, str], list[Record]]:
        """Each plan item's partners and their shares, as the reports print them (by area
        and plan item; all at once, the first time a report asks)."""
        if self._shares is None:
            self._shares = defaultdict(list)
            for key, partners in partner_shares(self.result.lines).items():
                self._shares[key] = [
                    Record(
                        agency_code=p.agency_code,
                        agency_name=self.agency_name(p.agency_code),
                        budget=money(p.budget),
                        share=percent(ratio(p.budget, p.committed)),  # rounded half up
                    )
                    for p in partners
                ]
        return self._shares

    def agency_name(self, code: str) -> str:
        return self._names.get(code, code)

    def common(self) -> dict:
        return {
            "period": self.result.period,
            "period_text": period_text(self.result.period, self.lang),
            "fiscal_year": self.result.fiscal_year,
            "generated": date_text(self.today, self.lang),
            "previous_period_text": period_text(self.result.previous_period, self.lang),
            "has_previous": self.result.previous_period is not None,
        }

    def issue_rows(self, issues: list[Issue]) -> list[Record]:
        return [
            Record(
                source_file=i.source_file,
                place=" ".join(p for p in (i.sheet, i.cell or (str(i.row) if i.row else "")) if p)
                or "-",
                severity=label(i.severity, self.lang),
                code=i.code,
                message=i.message_th if self.lang == "th" else i.message_en,
            )
            for i in issues
        ]

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
            coverage=percent(item.coverage),
            status=label(item.status, self.lang),
            agencies=item.agencies or "-",
            **more,
        )
