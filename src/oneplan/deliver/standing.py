"""What is true of an agency's files in each of its areas, as its message must say it.

A message speaks of the agency's *current* file of the period in each area: the one it
received last. That is the counted file, unless a file received after it did not pass the
checks (a rejected file never hides an older valid one: the older one still counts). Files
superseded by a later one are history; their problems are not the agency's to fix any
more, and their feedback copies are not attached.

The situation of an area (`AreaStanding.situation`) decides what the message says:

- `clean`: the current file counts in full; nothing to do.
- `warnings`: it counts in full, with points to check; adjust next month, no need to resend.
- `emptied`: it has no lines and replaced a file that had some (a blank form sent by
  mistake?): the agency reports nothing in the area; if that is a mistake, resend.
- `errors`: it counts, except rows with errors; correct them and resend by the deadline.
- `rejected`: no file counts (the current one did not pass the checks); correct, resend.
- `latest_rejected`: the file sent last did not pass the checks; an earlier one counts.
- `carried_forward`: nothing for this month; the figures are last counted month's.
- `missing`: nothing received; send the month's workbook by the deadline.

Issues of severity `info` are recorded, never shown to an agency as problems
(`oneplan.issues.shown_to_agency`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from oneplan.issues import shown_to_agency
from oneplan.values.numbers import missing
from oneplan.values.text import in_thai_dictionary_order

# The situations that ask the agency to do something by the deadline.
TO_DO = frozenset(
    {"errors", "emptied", "rejected", "latest_rejected", "carried_forward", "missing"}
)
# The warning a file of no lines gets when it replaces one with lines (the issue catalogue).
EMPTIED = "zero_line_replacement"
COUNTED = frozenset({"submitted", "resubmitted", "carried_forward"})


@dataclass(frozen=True)
class Problem:
    severity: str  # error | warning
    code: str
    sheet: str
    cell: str
    row: int | None
    message_th: str
    message_en: str


@dataclass(frozen=True)
class AreaStanding:
    """One area of an agency in the period, as its message tells it."""

    area_code: str
    area_name: str
    status: str  # the agency's status in the area (agencies.parquet)
    situation: str  # see the module docstring
    current_file: str | None = None  # the file received last for the period
    counted_file: str | None = None
    source_period: str | None = None  # of the counted file
    figures: dict = field(default_factory=dict)  # the counted figures (empty: none count)
    problems: tuple[Problem, ...] = ()  # of the current file, errors first
    feedback: Path | None = None  # its feedback copy, when it has problems

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


def area_standings(
    period: str,
    rows: pd.DataFrame,
    issues: pd.DataFrame,
    received: dict[str, tuple[dt.datetime, int]],
    feedback_dir: Path,
    area_names: dict[str, str],
) -> list[AreaStanding]:
    """The standing of each of the agency's areas (`rows`: its rows of agencies.parquet;
    `issues`: its rows of issues.parquet; `received`: when each file of the period was
    received, by its path, to order them), areas in Thai dictionary order of their names."""
    standings = []
    for row in rows.sort_values("area_code").itertuples():
        area = str(row.area_code)
        own = issues[
            (issues["area_code"] == area) & issues["severity"].map(shown_to_agency).astype(bool)
        ]
        counted = None if missing(row.source_file) else str(row.source_file)
        source_period = None if missing(row.source_period) else str(row.source_period)
        candidates = list(dict.fromkeys(own["source_file"]))
        if counted is not None and source_period == period:
            candidates.append(counted)
        current = _latest(candidates, received, counted)
        problems = tuple(_problems(own[own["source_file"] == current]))
        target = feedback_dir / f"{row.agency_code}_{area}_{period}.xlsx"
        standings.append(
            AreaStanding(
                area_code=area,
                area_name=area_names.get(area) or area,
                status=str(row.status),
                situation=_situation(str(row.status), current, counted, problems),
                current_file=current,
                counted_file=counted,
                source_period=source_period,
                figures=_figures(row) if row.status in COUNTED else {},
                problems=problems,
                feedback=target if problems and target.is_file() else None,
            )
        )
    return in_thai_dictionary_order(standings, name=lambda s: s.area_name)


def _latest(candidates: list[str], received: dict, counted: str | None) -> str | None:
    """The file received last of `candidates`; a file the ledger does not order (none
    should be) is taken as received before those it does, the counted one last of them."""
    if not candidates:
        return None
    never = (dt.datetime.min.replace(tzinfo=dt.UTC), -1)
    return max(
        candidates,
        key=lambda name: (received.get(name, never), name == counted),
    )


def _situation(status: str, current, counted, problems: tuple[Problem, ...]) -> str:
    if status == "missing":
        return "missing"
    if status == "rejected":
        return "rejected"
    if current is not None and current != counted:
        # Received after the counted file and not counted: it did not pass the checks.
        return "latest_rejected"
    if status == "carried_forward":
        return "carried_forward"
    if any(p.severity == "error" for p in problems):
        return "errors"
    if any(p.code == EMPTIED for p in problems):
        return "emptied"
    return "warnings" if problems else "clean"


def _problems(issues: pd.DataFrame):
    ordered = issues.assign(_first=issues["severity"] != "error").sort_values(
        ["_first", "row"], kind="stable", na_position="first"
    )
    for issue in ordered.itertuples():
        yield Problem(
            severity=str(issue.severity),
            code=str(issue.code),
            sheet="" if missing(issue.sheet) else str(issue.sheet),
            cell="" if missing(issue.cell) else str(issue.cell),
            row=None if missing(issue.row) else int(issue.row),
            message_th=str(issue.message_th),
            message_en=str(issue.message_en),
        )


def _figures(row) -> dict:
    return {
        "total_budget": row.total_budget,
        "aligned_budget": row.aligned_budget,
        "alignment_ratio": row.alignment_ratio,
        "disbursed": row.disbursed,
    }
