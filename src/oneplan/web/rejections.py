"""What the coordinator's page says of a month beyond its figures: why each rejected
agency's file was rejected (its first error, and its feedback workbook), and which agencies'
figures a zero-line file emptied (summary.json's `zero_line_replacements`).

Read from the period's outputs (the `issues` table, summary.json, the feedback folders) and
the ledger (which file of the agency was rejected, and its period); nothing is checked
again here."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pandas as pd

from oneplan.ledger import Ledger
from oneplan.settings import Settings
from oneplan.values.periods import fiscal_year_start


@dataclass(frozen=True)
class Rejection:
    """Why an agency's file for an area was rejected, and where its feedback is."""

    file: str  # the rejected file, as the drop zone named it
    reason: str  # its first error, in the page's language ("" when none is recorded)
    feedback_period: str  # the period whose outputs hold its feedback workbook
    feedback: str  # the feedback workbook's name ("" when none was written)


@dataclass(frozen=True)
class ZeroLineReplacement:
    """A file with no lines that took the place of one with lines: the agency's figures
    of the period are now empty."""

    agency_code: str
    area_code: str
    file_name: str
    replaced_file_name: str


def zero_line_replacements(settings: Settings, period: str) -> list[ZeroLineReplacement]:
    """summary.json's `zero_line_replacements` of the period (none when it has none)."""
    path = settings.period_outputs(period) / "summary.json"
    if not path.is_file():
        return []
    summary = json.loads(path.read_text(encoding="utf-8"))
    return [
        ZeroLineReplacement(
            r["agency_code"], r["area_code"], r["file_name"], r["replaced_file_name"]
        )
        for r in summary.get("zero_line_replacements") or []
    ]


def rejections(
    settings: Settings,
    ledger: Ledger,
    period: str,
    rejected: list[tuple[str, str]],
    lang: str,
) -> dict[tuple[str, str], Rejection]:
    """For each rejected (agency, area) of the period: its latest rejected file of the
    fiscal year up to the period (what gives it the status), that file's first error and
    its feedback workbook."""
    path = settings.period_outputs(period) / "tables" / "issues.parquet"
    issues = pd.read_parquet(path) if path.is_file() else None
    found = {}
    for agency, area in rejected:
        files = [
            f
            for f in ledger.history(agency)["files"]
            if f["area_code"] == area
            and not f["accepted"]
            and f["period"]
            and fiscal_year_start(period) <= f["period"] <= period
        ]
        if not files:
            continue
        file = max(files, key=lambda f: f["received_at"])
        found[(agency, area)] = Rejection(
            file["path"],
            _first_error(issues, agency, area, file["path"], lang),
            file["period"],
            _feedback_name(settings, agency, area, file["period"], file["sha256"]),
        )
    return found


def _first_error(issues: pd.DataFrame | None, agency: str, area: str, file: str, lang: str) -> str:
    if issues is None:
        return ""
    errors = issues[
        (issues["agency_code"] == agency)
        & (issues["area_code"] == area)
        & (issues["severity"] == "error")
    ]
    own = errors[errors["source_file"] == file]
    chosen = own if len(own) else errors
    if chosen.empty:
        return ""
    return str(chosen.iloc[0]["message_th" if lang == "th" else "message_en"])


def _feedback_name(settings: Settings, agency: str, area: str, period: str, sha: str) -> str:
    """The file's feedback workbook (`<agency>_<area>_<period>[_<sha8>].xlsx`: the latest
    file of its agency, area and period has the name without `_<sha8>`), if written."""
    folder = settings.period_outputs(period) / "feedback"
    stem = f"{agency}_{area}_{period}"
    for name in (f"{stem}_{sha[:8]}.xlsx", f"{stem}.xlsx"):
        if re.fullmatch(r"[A-Za-z0-9_\-]+\.xlsx", name) and (folder / name).is_file():
            return name
    return ""
