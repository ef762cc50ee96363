"""An agency's upload, checked by the monthly run's own stages and, once accepted, handed
into the drop zone and taken in exactly as a file dropped there.

1. The bytes are checked with `oneplan.month.ingest.validate_files` (the guard, the reading, the batch
   checks against the plan and registry: what the monthly run applies), from a private
   copy in `state/web/checks/<agency>/`; the annotated feedback copy is written there.
2. A workbook naming another agency, or an area that is not the agency's, is refused and
   its copy removed: nothing is recorded.
3. A rejected workbook is shown with its problems and not handed in (the clerk corrects it
   and uploads again). An accepted one is written into the drop zone under a generated name
   (`web/<agency>_<area>_<period>_<time>_<sha8>.xlsx`, or `.xls`/`.ods` as it was sent;
   never the uploaded name) and
   `oneplan.month.intake.take_in` archives it byte for byte, records it in the ledger with its received
   time and writes its feedback, as for a dropped file; its period is then re-run.
4. If the state folder's archive is damaged (`ArchiveDamaged`), the intake stops before it
   reads anything: the workbook stays in the drop zone, received but not checked in
   (`received_unchecked`), nothing is recorded as rejected, and the intake or run that
   follows the archive's restoring takes it in.

Uploads at the same moment (a double click, several clerks of one agency) are each checked
from a private copy, and handed in one at a time: the same workbook is entered once (the
others are told it is already received), and each workbook entered gets a received time of
its own, in the order they were entered (its file's modification time, to the microsecond).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from oneplan.check.submission import Submission
from oneplan.ledger import open_ledger
from oneplan.month.ingest import validate_files
from oneplan.month.intake import take_in
from oneplan.month.reference import Reference
from oneplan.read.guard import ACCEPTED_SUFFIXES, DEFAULT_LIMITS
from oneplan.receive.archive import ArchiveDamaged
from oneplan.reconcile.lines import lines_alignment
from oneplan.report.feedback import feedback_names, write_feedback
from oneplan.settings import Settings
from oneplan.values.money import format_baht
from oneplan.values.periods import fiscal_year
from oneplan.web.upload_results import ResultLineView, result_views

MAX_UPLOAD_BYTES = DEFAULT_LIMITS.max_file_bytes  # the drop zone's limit (20 MiB)
SUFFIXES = ACCEPTED_SUFFIXES  # the drop zone's: .xlsx, .xlsm, .xls, .ods
WEB_FOLDER = "web"  # the drop zone's sub-folder for uploaded workbooks

# One accepted upload is handed in at a time (see the module), each at a moment of its own.
_HANDING_IN = threading.Lock()
_last_entered_us = 0


@dataclass(frozen=True)
class LineView:
    """One counted line as the reconciliation will count it."""

    line_no: int
    plan_item_id: str
    title: str
    activity: str
    category: str
    budget: str  # baht, formatted
    alignment: str  # aligned | unknown_item | unaligned
    row: int


@dataclass
class UploadResult:
    outcome: str  # refused | rejected | accepted | already_received | received_unchecked
    refusal: str = ""  # code of words.REFUSALS when refused
    details: dict = field(default_factory=dict)
    submission: Submission | None = None
    lines: list[LineView] = field(default_factory=list)
    results: list[ResultLineView] = field(default_factory=list)  # lines reporting results
    check_id: str = ""  # names the feedback copy: /a/<token>/check/<check_id>/feedback.xlsx
    has_feedback: bool = False
    drop_path: str = ""  # where it entered the drop zone (relative)
    periods: list[str] = field(default_factory=list)  # periods to re-run
    # What stopped the intake of an accepted workbook (`received_unchecked`): the state
    # folder's archive is damaged. The workbook waits in the drop zone until it is restored.
    damage: ArchiveDamaged | None = None


def refusal_before_reading(filename: str, size: int) -> UploadResult | None:
    """Refuse by the name's type and by size before anything is read."""
    suffix = Path(filename or "").suffix.lower()
    if not filename:
        return UploadResult("refused", "no_file")
    if suffix not in SUFFIXES:
        return UploadResult("refused", "not_workbook", {"suffix": suffix or "-"})
    if size > MAX_UPLOAD_BYTES:
        return UploadResult("refused", "too_large", {"limit_mb": MAX_UPLOAD_BYTES // 2**20})
    if size == 0:
        return UploadResult("refused", "empty")
    return None


def check_upload(
    settings: Settings,
    reference: Reference,
    agency_code: str,
    data: bytes,
    suffix: str,
    now: dt.datetime,
) -> UploadResult:
    """Check an agency's workbook; hand it in when it is accepted (see the module)."""
    sha = hashlib.sha256(data).hexdigest()
    check_id = sha[:16]
    folder = check_folder(settings, agency_code, check_id)
    folder.mkdir(parents=True, exist_ok=True)
    # This request's own copy: the same workbook sent twice at once is checked twice,
    # neither copy written over while the other is read.
    private = Path(tempfile.mkdtemp(prefix=".upload-", dir=folder))
    try:
        copy = private / f"upload{suffix}"
        copy.write_bytes(data)
        (submission,) = validate_files(reference, [copy], now)
        refused = _identity_refusal(submission, reference, agency_code)
        if refused is not None:
            (folder / "feedback.xlsx").unlink(missing_ok=True)
            return refused
        lines = line_views(submission, reference)
        result = UploadResult(
            "rejected" if submission.rejected else "accepted",
            submission=submission,
            lines=lines,
            results=result_views(submission, reference, [line.alignment for line in lines]),
            check_id=check_id,
            has_feedback=_write_check_feedback(submission, folder / "feedback.xlsx"),
        )
    finally:  # the folder stays: another upload of the same workbook may be using it
        shutil.rmtree(private, ignore_errors=True)
    if not submission.rejected:
        hand_in(settings, result, data, suffix, now)
    return result


def hand_in(
    settings: Settings, result: UploadResult, data: bytes, suffix: str, now: dt.datetime
) -> None:
    """Enter an accepted workbook into the drop zone and take it in, unless it was received
    already (by an upload at the same moment, or dropped): one at a time."""
    sha = hashlib.sha256(data).hexdigest()
    with _HANDING_IN:
        first_paths = open_ledger(settings).first_paths()
        if sha in first_paths:
            result.outcome, result.drop_path = "already_received", first_paths[sha]
            return
        result.drop_path = enter_drop_zone(settings, data, result.submission, suffix, now)
        # Written whole by us: no need to wait for it to settle. A file still being copied
        # into the drop zone by someone else is left to the watcher.
        try:
            periods = take_in(settings, now, complete={sha}, patience=0)
        except ArchiveDamaged as damage:
            # The file is in the drop zone (and maybe recorded as received, not read):
            # nothing is rejected, and the next intake or run after the restore takes it in.
            result.outcome, result.damage = "received_unchecked", damage
            return
    result.periods = sorted({*periods, result.submission.period})


def check_folder(settings: Settings, agency_code: str, check_id: str) -> Path:
    return Path(settings.state) / "web" / "checks" / _safe(agency_code) / check_id


def _identity_refusal(
    submission: Submission, reference: Reference, agency_code: str
) -> UploadResult | None:
    """A workbook for another agency, or for an area that is not this agency's."""
    if submission.agency_code and submission.agency_code != agency_code:
        return UploadResult("refused", "other_agency", {"named": submission.agency_code})
    agencies = reference.registry.agencies.set_index("agency_code")
    areas = agencies.loc[agency_code, "areas"] or []
    if submission.area_code and submission.area_code not in areas:
        return UploadResult("refused", "other_area", {"named": submission.area_code})
    return None


def _write_check_feedback(submission: Submission, target: Path) -> bool:
    """The annotated copy, for the workbooks the monthly run would annotate."""
    if not feedback_names([submission]):
        return False
    return write_feedback(submission.file.path, submission.issues, target)


def line_views(submission: Submission, reference: Reference) -> list[LineView]:
    """The lines that count, with the plan item each funds and its alignment."""
    if not submission.period:
        return []
    items = reference.plan.items_of(fiscal_year(submission.period))
    keys = zip(items["area_code"], items["plan_item_id"], strict=True)
    titles = dict(zip(keys, items["title"], strict=True))
    rows = submission.counted_rows
    lines = pd.DataFrame(
        {
            "area_code": [submission.area_code] * len(rows),
            "plan_item_id": [row["plan_item_id"] for row in rows],
        },
        dtype=object,
    )
    views = []
    for row, alignment in zip(rows, lines_alignment(lines, items), strict=True):
        item = row["plan_item_id"] or ""
        views.append(
            LineView(
                line_no=row["line_no"],
                plan_item_id=item,
                title=titles.get((submission.area_code, item), ""),
                activity=row["activity"] or "",
                category=row["category"] or "",
                budget=format_baht(row["budget"]),
                alignment=alignment,
                row=row["_row"],
            )
        )
    return views


def enter_drop_zone(
    settings: Settings, data: bytes, submission: Submission, suffix: str, now: dt.datetime
) -> str:
    """Write an accepted upload into the drop zone under a generated name, whole at once
    (written hidden, then renamed: the watcher never sees half a file). Its path there."""
    folder = settings.drop_zone / WEB_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now.astimezone(ZoneInfo(settings.timezone)).strftime("%Y%m%d-%H%M%S")
    sha8 = hashlib.sha256(data).hexdigest()[:8]
    name = (
        f"{_safe(submission.agency_code)}_{_safe(submission.area_code)}_"
        f"{submission.period}_{stamp}_{sha8}{suffix}"
    )
    partial = folder / f".{name}.part"
    with partial.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    moment = _entering_moment()
    os.utime(partial, ns=(moment, moment))
    os.replace(partial, folder / name)
    return f"{WEB_FOLDER}/{name}"


def _entering_moment() -> int:
    """Now, in nanoseconds, later by a microsecond at least than the upload entered before
    (a file's time is kept to the microsecond): uploads' received times are distinct and
    in the order they were entered. Called while handing in (one at a time)."""
    global _last_entered_us
    _last_entered_us = max(time.time_ns() // 1000, _last_entered_us + 1)
    return _last_entered_us * 1000


def _safe(code: str) -> str:
    """A code as a file-name part: letters, digits and dashes only."""
    return re.sub(r"[^A-Za-z0-9-]", "-", code) or "-"
