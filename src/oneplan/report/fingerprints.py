"""Each report's inputs hash, found from the month's data area by area, before any report
is built (`ReportInputs`): a re-run then builds and renders only the reports whose data
changed, and links the others from the outputs it replaces (`oneplan.report.reuse`).

A report reads the rows of its areas (an agency's report: the areas it reports in, where
it also shows its partners' shares; a network summary: its area), so its hash is made of:

- what every report reads: the templates and language, the period and the one measured
  against, the whole plan and registry, the plan's and registry's problems, the centre's
  details and logo;
- for each of its areas, the rows of the month's results in that area (`TABLES`, by
  `pandas.util.hash_pandas_object`, in their order: the plan items' figures, each agency's
  status, totals and counted file, the categories, who reported on time; and
  `RESULT_TABLES`, what each item delivered and each partner's part of it), the area's
  figures, and the problems of every agency there;
- an agency report, also the agency's problems not tied to an area;
- a province's or district's report, its rows of the roll-ups instead of an area's;
- the moment its data date from (`oneplan.report.issuer.data_moment`).

Building a report's context costs milliseconds; these hashes cost microseconds a report.
They are tested equal in effect to hashing each report's whole context: the incremental
path's reports equal those `--full` renders (tests/test_incremental_*.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import defaultdict

import numpy as np
import pandas as pd

from oneplan.report.context import ReportData
from oneplan.report.indexes import positions_by
from oneplan.report.issuer import data_moment
from oneplan.report.level_files import level_areas, level_place
from oneplan.report.reuse import digest
from oneplan.rollup.areas import in_place

# The month's tables whose rows of an area go into its hash. Not `lines` (half a million
# rows at national scale): an area's lines are those of the files counted there, which its
# `agencies` rows name (`submission_id`, a file's SHA-256), read against the plan and the
# registry, which every report's hash holds whole.
TABLES = ("plan_items", "agencies", "categories", "timeliness", "timeliness_record")
# And what the partners delivered (`oneplan.reconcile.results.Results.tables`): the items'
# results and each partner's part, which the results sections of both reports show.
RESULT_TABLES = ("results", "result_contributions")


class ReportInputs:
    """The inputs hash of every report of `data` (`agency`, `network`, and `level` for a
    province's or a district's)."""

    def __init__(self, data: ReportData, template_hashes: dict[str, list]):
        result = data.result
        self._data = data
        # Each report's own closing day is in its digest (`Issuer.for_report`).
        static_issuer = dataclasses.replace(
            data.issuer, as_of=None, run_at=None, closed_on=None, closed_areas={}
        )
        self._templates = template_hashes  # by kind: each report reads its own
        self._common = digest(
            "reports",
            data.lang,
            result.period,
            result.fiscal_year,
            result.previous_period,
            _frame_hash(data.plan_items),
            _frame_hash(data.registry),
            data.reference_issues,
            static_issuer,
            {name: _schema(frame) for name, frame in _tables_of(result).items()},
        )
        self._areas = _areas_hashed(data)
        self._agency_issues = defaultdict(list)
        for issue in data.issues:
            if issue.shown_to_agency and issue.agency_code and not issue.area_code:
                self._agency_issues[issue.agency_code].append(issue)
        self._areas_of = {
            code: sorted(set(areas))
            for code, areas in _grouped(result.agencies, "agency_code", "area_code").items()
        }

    def agency(self, code: str) -> str:
        areas = self._areas_of.get(code, [])
        issuer = self._data.issuer.for_report(code, areas)
        return digest(
            self._common,
            "agency",
            self._templates["agency"],
            code,
            [[area, self._areas.get(area, "")] for area in areas],
            self._agency_issues.get(code, []),
            data_moment(issuer),
            str(issuer.closed_on),
        )

    def network(self, area: str) -> str:
        issuer = self._data.issuer.for_report(areas=[area])
        return digest(
            self._common,
            "network",
            self._templates["network"],
            area,
            self._areas.get(area, ""),
            data_moment(issuer),
            str(issuer.closed_on),
        )

    def level(self, kind: str, key: str) -> str:
        """A province's or district's report: its rows of the roll-ups (its figures, its
        districts', categories', unfunded items', areas' and missing reports')."""
        rollups = self._data.result.rollups
        areas = level_areas(rollups, key)
        issuer = self._data.issuer.for_report(areas=areas)
        province, district = level_place(key)
        # A province's report shows its districts' rows too; a district's, only its own.
        frames = [rollups.levels["province"]] if kind == "province" else []
        frames += [rollups.levels["district"], rollups.categories, rollups.unfunded, rollups.areas]
        rows = [_frame_hash(frame[in_place(frame, province, district)]) for frame in frames]
        missing = rollups.missing
        if missing is not None:
            rows.append(_frame_hash(missing[missing["area_code"].isin(areas)]))
        return digest(
            self._common,
            kind,
            self._templates["level"],
            key,
            rows,
            data_moment(issuer),
            str(issuer.closed_on),
        )


def _areas_hashed(data: ReportData) -> dict[str, str]:
    """Each area's hash: its rows of every table in order, its figures, its problems."""
    parts: dict[str, list] = defaultdict(list)
    for name, frame in _tables_of(data.result).items():
        hashes = _row_hashes(frame)
        for area, positions in positions_by(frame["area_code"].tolist()).items():
            parts[area].append(hashlib.sha256(hashes[np.asarray(positions)].tobytes()).hexdigest())
            parts[area].append(name)
    for area in data.result.areas:
        parts[area["area_code"]].append(area)
    issues = defaultdict(list)
    for issue in data.issues:
        if issue.shown_to_agency and issue.area_code:
            issues[issue.area_code].append(issue)
    return {area: digest("area", found, issues.get(area, [])) for area, found in parts.items()}


def _tables_of(result) -> dict[str, pd.DataFrame]:
    """The `TABLES` the month has (`timeliness` is made by a month's run, not by every
    caller of the reports), then its `RESULT_TABLES` when it has results."""
    tables = {name: getattr(result, name) for name in TABLES}
    if result.results is not None:
        tables |= {name: result.results.tables()[name] for name in RESULT_TABLES}
    return {name: frame for name, frame in tables.items() if frame is not None}


def _frame_hash(frame: pd.DataFrame) -> str:
    rows = _row_hashes(frame)
    return digest("frame", _schema(frame), len(frame), hashlib.sha256(rows.tobytes()).hexdigest())


def _row_hashes(frame: pd.DataFrame) -> np.ndarray:
    """A hash of each row, in order; a column of records or lists by their JSON text."""
    try:
        return pd.util.hash_pandas_object(frame, index=False).to_numpy()
    except TypeError:  # a column holding dicts or lists: hashed by their canonical text
        plain = frame.copy()
        for name in [c for c, kind in plain.dtypes.items() if pd.api.types.is_object_dtype(kind)]:
            try:
                pd.util.hash_pandas_object(plain[name], index=False)
            except TypeError:
                plain[name] = [_canonical(value) for value in plain[name].tolist()]
        return pd.util.hash_pandas_object(plain, index=False).to_numpy()


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _grouped(frame: pd.DataFrame, key: str, value: str) -> dict[str, list]:
    grouped = defaultdict(list)
    for k, v in zip(frame[key].tolist(), frame[value].tolist(), strict=True):
        grouped[k].append(v)
    return grouped


def _schema(frame: pd.DataFrame) -> list:
    return [[str(column), str(dtype)] for column, dtype in frame.dtypes.items()]
