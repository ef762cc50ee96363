"""What the pages show of a period: read from the outputs the monthly run wrote (its
summary as the run's account, tables, reports and feedback) and from the ledger; nothing
is computed again here."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from oneplan.deliver.compose import addresses
from oneplan.ledger import Delivery, Ledger
from oneplan.month.account import account_of
from oneplan.report.charts import coverage_chart
from oneplan.report.labels import label
from oneplan.report.reports import CHART_TEXT
from oneplan.settings import Settings
from oneplan.values.money import baht_text
from oneplan.values.periods import is_period
from oneplan.values.text import in_thai_dictionary_order
from oneplan.values.times import local_time
from oneplan.web.rejections import Rejection

FILE_NAME = re.compile(r"[^/\\]+\.(xlsx|docx|pdf)")


@dataclass
class AgencyStatus:
    agency_code: str
    name: str
    status: str
    status_label: str
    source_period: str
    source_file: str
    rejection: Rejection | None = None  # why its file was rejected (status `rejected`)


@dataclass
class AreaView:
    area_code: str
    area_name: str
    coverage: str
    gap: str
    agencies: list[AgencyStatus] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def output_periods(settings: Settings) -> list[str]:
    """Periods with written outputs, latest first."""
    if not settings.outputs.is_dir():
        return []
    found = [
        p.name
        for p in settings.outputs.iterdir()
        if is_period(p.name) and (p / "summary.json").is_file()
    ]
    return sorted(found, reverse=True)


def table(settings: Settings, period: str, name: str) -> pd.DataFrame | None:
    path = settings.period_outputs(period) / "tables" / f"{name}.parquet"
    return pd.read_parquet(path) if path.is_file() else None


def area_views(
    settings: Settings,
    period: str,
    names: dict,
    area_names: dict,
    lang: str,
    rejections: dict[tuple[str, str], Rejection] | None = None,
):
    """Per area: the run's account of it (`oneplan.month.account`: coverage, gap, counts)
    and each agency's status in the period's run, agencies in Thai dictionary order of
    their names; a rejected agency with why (`rejections`, by agency and area)."""
    rejections = rejections or {}
    summary = json.loads((settings.period_outputs(period) / "summary.json").read_text())
    agencies = table(settings, period, "agencies")
    views = []
    for area in account_of(summary).areas:
        code = area.area_code
        view = AreaView(
            code, area_names.get(code, code), area.coverage, area.gap, counts=area.agencies
        )
        rows = agencies[agencies["area_code"] == code] if agencies is not None else []
        for row in rows.itertuples() if len(rows) else []:
            view.agencies.append(
                AgencyStatus(
                    row.agency_code,
                    names.get(row.agency_code, row.agency_code),
                    row.status,
                    label(row.status, lang),
                    "" if pd.isna(row.source_period) else row.source_period,
                    "" if pd.isna(row.source_file) else row.source_file,
                    rejections.get((row.agency_code, code)),
                )
            )
        view.agencies = in_thai_dictionary_order(view.agencies, name=lambda a: a.name)
        views.append(view)
    return views


def period_files(settings: Settings, period: str) -> dict[str, list[str]]:
    """The period's output files the coordinator may open: workbook, reports, feedback."""
    folder = settings.period_outputs(period)
    listing = {}
    for part in ("reports", "feedback"):
        sub = folder / part
        listing[part] = (
            sorted(p.name for p in sub.iterdir() if p.is_file() and shown_file(p.name))
            if sub.is_dir()
            else []
        )
    listing["main"] = [n for n in ("reconciliation.xlsx",) if (folder / n).is_file()]
    return listing


def shown_file(name: str) -> bool:
    """An output file, not a hidden one (a temporary being written: `oneplan.atomic`)."""
    return FILE_NAME.fullmatch(name) is not None and not name.startswith(".")


# The parts of a period's outputs the coordinator may open, and where each one's files are.
PARTS = {
    "main": (),
    "reports": ("reports",),
    "feedback": ("feedback",),
    "after-close": ("after-close", "feedback"),  # of the files that came after a closing
}


def output_file(settings: Settings, period: str, part: str, name: str) -> Path | None:
    """A file of a period's outputs, or None: never a path outside them (a known period,
    one of `PARTS`, and a plain file name)."""
    if not is_period(period) or part not in PARTS:
        return None
    if not shown_file(name):
        return None
    path = settings.period_outputs(period).joinpath(*PARTS[part], name)
    return path if path.is_file() else None


def stamp_time(stamp: object, timezone: str, lang: str) -> str:
    """A time an output writes (`values.times.local_stamp`: `2026-12-06 15:04:05 +07:00`)
    as people read it, local with its zone; '' when there is none."""
    if stamp is None or pd.isna(stamp) or not str(stamp):
        return ""
    moment = dt.datetime.strptime(str(stamp), "%Y-%m-%d %H:%M:%S %z")
    return local_time(moment, timezone, lang)


def chart(settings: Settings, period: str, area_code: str, lang: str) -> bytes | None:
    """The network report's coverage-by-category chart of one area."""
    categories = table(settings, period, "categories")
    if categories is None:
        return None
    rows = categories[categories["area_code"] == area_code]
    if rows.empty:
        return None
    data = tuple(
        (c.category, None if pd.isna(c.coverage) else float(c.coverage)) for c in rows.itertuples()
    )
    return _chart(data, lang)


@functools.lru_cache(maxsize=32)
def _chart(rows: tuple, lang: str) -> bytes:
    title, axis = CHART_TEXT[lang]
    return coverage_chart(list(rows), title, axis)


def agency_outputs(settings: Settings, agency_code: str, areas: list[str]):
    """The agency's reports and feedback workbooks, latest period first."""
    stems = tuple(f"{agency_code}_{area}_" for area in areas)
    found = []
    for period in output_periods(settings):
        files = period_files(settings, period)
        report = f"{agency_code}.docx"
        found.append(
            {
                "period": period,
                "report": report if report in files["reports"] else "",
                "feedback": [n for n in files["feedback"] if _own_feedback(n, stems, period)],
            }
        )
    return [f for f in found if f["report"] or f["feedback"]]


def _own_feedback(name: str, stems: tuple[str, ...], period: str) -> bool:
    """`<agency>_<area>_<period>[_<sha8>].xlsx` of this agency (outputs.md)."""
    return any(
        re.fullmatch(re.escape(f"{stem}{period}") + r"(_[0-9a-f]{8})?\.xlsx", name)
        for stem in stems
    )


def plan_needs(settings: Settings, period: str, area_code: str, lang: str, limit: int = 8):
    """The area's plan items still short of budget in the latest run, most important first."""
    items = table(settings, period, "plan_items")
    if items is None:
        return []
    short = items[(items["area_code"] == area_code) & (items["gap"] > 0)]
    short = short.sort_values(["priority", "plan_item_id"], na_position="last").head(limit)
    return [
        {
            "plan_item_id": i.plan_item_id,
            "title": i.title,
            "category": i.category,
            "gap": baht_text(i.gap),
            "status": label(i.status, lang),
        }
        for i in short.itertuples()
    ]


def undelivered(ledger: Ledger, period: str, registry: pd.DataFrame) -> list[Delivery]:
    """The period's e-mails not known to have reached an address the registry still lists:
    each address's latest delivery, when it was refused or is unconfirmed."""
    current = {
        code: set(addresses(cell)[0])
        for code, cell in zip(registry["agency_code"], registry["email"], strict=True)
    }
    latest: dict[tuple[str, str], Delivery] = {}
    for delivery in sorted(ledger.deliveries(period), key=lambda d: (d.last_attempt_at, d.id)):
        latest[(delivery.agency_code, delivery.recipient)] = delivery
    return [
        d
        for d in latest.values()
        if d.status != "sent" and d.recipient in current.get(d.agency_code, set())
    ]
