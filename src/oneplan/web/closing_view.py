"""What the pages show of a period's closing (`oneplan close`, `oneplan reopen`, or the
coordinator's buttons): whether the period is closed (since when, by whom) or was reopened
(when, by whom, why), the same for each area closed on its own, and the files that arrived
after a closing (`outputs/P/after-close/arrived.json`) with their feedback copies."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from oneplan.ledger import Ledger
from oneplan.ledger.closures import ClosureRecord
from oneplan.month.after_close import AFTER_CLOSE
from oneplan.settings import Settings
from oneplan.values.times import local_time
from oneplan.web import period_view

# Who a closing or reopening made with the coordinator's buttons is recorded as.
BY_THE_PAGES = "coordinator (web)"


@dataclass(frozen=True)
class Closing:
    """The last closing or reopening of a period, or of one area of it (`area_code`), as
    people read it: `closed` (else reopened), when (local, with its zone), by whom, why."""

    closed: bool
    at: str
    by: str
    reason: str
    area_code: str | None


@dataclass(frozen=True)
class LateFile:
    """A file that arrived after a closing: its path, agency, area, arrival (local, with
    its zone), whether it was accepted, and the name of its feedback copy in
    `after-close/feedback/` ('' when it has none, or when which copy is its cannot be told)."""

    file: str
    agency_code: str
    area_code: str
    arrived: str
    accepted: bool
    feedback: str


@dataclass(frozen=True)
class AfterClose:
    """The files that arrived after a closing, and the feedback copies not told apart by
    file (`other_feedback`: two late files of one agency and area share a name's stem)."""

    files: list[LateFile] = field(default_factory=list)
    other_feedback: list[str] = field(default_factory=list)


def closings(
    ledger: Ledger, period: str, timezone: str, lang: str, by_the_pages: str
) -> tuple[Closing | None, dict[str, Closing]]:
    """The period's last closing or reopening (None when it was never closed), and each
    area's that was ever closed on its own, by area code."""
    whole: Closing | None = None
    areas: dict[str, Closing] = {}
    for record in ledger.closures(period):
        shown = _shown(record, timezone, lang, by_the_pages)
        if record.area_code is None:
            whole = shown
        else:
            areas[record.area_code] = shown
    return whole, dict(sorted(areas.items()))


def in_force(whole: Closing | None, areas: dict[str, Closing], area: str) -> Closing | None:
    """The closing that holds `area` closed now (the period's, else the area's own), or None."""
    for closing in (whole, areas.get(area)):
        if closing is not None and closing.closed:
            return closing
    return None


def _shown(record: ClosureRecord, timezone: str, lang: str, by_the_pages: str) -> Closing:
    who = by_the_pages if record.recorded_by == BY_THE_PAGES else record.recorded_by
    return Closing(
        record.action == "close",
        local_time(record.recorded_at, timezone, lang),
        who,
        record.reason or "",
        record.area_code,
    )


def after_close(settings: Settings, ledger: Ledger, period: str, lang: str) -> AfterClose:
    """The period's files that arrived after its closing or their area's, as its last
    closed run or intake listed them, each with its feedback copy when it can be told."""
    folder = settings.period_outputs(period) / AFTER_CLOSE
    listed = folder / "arrived.json"
    if not listed.is_file():
        return AfterClose()
    rows = json.loads(listed.read_text(encoding="utf-8"))
    copies = feedback_copies(settings, period)
    names = _copies_by_row(rows, copies, period, ledger)
    files = [
        LateFile(
            row["file"],
            row.get("agency_code") or "",
            row.get("area_code") or "",
            period_view.stamp_time(row.get("arrived_at"), settings.timezone, lang),
            bool(row.get("accepted")),
            name,
        )
        for row, name in zip(rows, names, strict=True)
    ]
    return AfterClose(files, sorted(set(copies) - set(names)))


def feedback_copies(settings: Settings, period: str) -> list[str]:
    """The feedback copies in the period's `after-close/feedback/` the coordinator may open."""
    folder = settings.period_outputs(period) / AFTER_CLOSE / "feedback"
    if not folder.is_dir():
        return []
    return sorted(
        p.name for p in folder.iterdir() if p.is_file() and period_view.shown_file(p.name)
    )


def _copies_by_row(rows: list[dict], copies: list[str], period: str, ledger: Ledger) -> list[str]:
    """Each row's feedback copy, by the names `report.feedback.feedback_names` gives: of an
    agency's late files in an area, each earlier one with a copy has
    `<agency>_<area>_<period>_<sha8>.xlsx` (an unidentified file `unidentified_<sha8>.xlsx`),
    found by the file's hash in the ledger, and the latest with a copy has
    `<agency>_<area>_<period>.xlsx`: the row's when it is the only one of them without a
    copy named by its hash. '' when none is its, or which is its cannot be told."""
    present = set(copies)
    shas: dict[str, list[str]] = {}
    for sha, path in ledger.first_paths().items():
        shas.setdefault(path, []).append(sha)
    names = []
    for row in rows:
        stem = _stem(row, period)
        found = [
            name
            for sha in shas.get(row["file"], [])
            for name in (f"{stem}_{sha[:8]}.xlsx" if stem else "", f"unidentified_{sha[:8]}.xlsx")
            if name in present
        ]
        names.append(found[0] if found else "")
    for stem in {_stem(row, period) for row in rows} - {""}:
        unnamed = [i for i, row in enumerate(rows) if _stem(row, period) == stem and not names[i]]
        if len(unnamed) == 1 and f"{stem}.xlsx" in present:
            names[unnamed[0]] = f"{stem}.xlsx"
    return names


def _stem(row: dict, period: str) -> str:
    """`<agency>_<area>_<period>` of an identified file; '' of another."""
    if not (row.get("agency_code") and row.get("area_code")):
        return ""
    return f"{row['agency_code']}_{row['area_code']}_{period}"
