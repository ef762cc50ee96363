"""A run of a closed period (`oneplan close`): its outputs are frozen.

Files arriving for it are received as usual (archived, recorded, read and checked: the
ledger knows them, and `oneplan reopen` lets them count at the next run), but they change
no figure and no output of the period. Those that arrived after the closing get their
feedback copies in `outputs/P/after-close/feedback/`, listed in `after-close/arrived.json`;
the folder is replaced whole by each such run (built beside it, then swapped in), and the
rest of the period's folder is never touched.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from oneplan.atomic import written_whole
from oneplan.ledger.closures import ClosingsInForce
from oneplan.month.ingest import Intake, ingest_or_damage
from oneplan.month.period import files_of_period
from oneplan.month.reference import Reference
from oneplan.month.unchanged import Unchanged
from oneplan.receive.archive import ArchiveDamaged
from oneplan.report.feedback import feedback_names, write_feedback, write_feedback_files
from oneplan.runtime.batches import BatchMapper
from oneplan.settings import Settings
from oneplan.values.times import local_stamp

log = logging.getLogger(__name__)

AFTER_CLOSE = "after-close"


def after_close(
    settings: Settings,
    reference: Reference,
    period: str,
    closings: ClosingsInForce,
    now: dt.datetime,
    map_batches: BatchMapper,
) -> Unchanged:
    """Take in the drop zone as any run does, and give the files of the closed `period`
    that arrived after their area's closing (the period's, or an area's earlier one) their
    feedback in `after-close/`; the period's figures as its frozen outputs have them."""
    intake = ingest_or_damage(settings, reference, period, now, map_batches, False)
    if isinstance(intake, ArchiveDamaged):
        raise intake
    late = arrived_after(intake, period, closings)
    folder = settings.period_outputs(period)
    write_after_close(folder, late, settings.timezone)
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    closure = closings.period_closing
    return Unchanged(summary, closure.recorded_at, closure, tuple(s.rel_path for s in late))


def arrived_after(intake: Intake, period: str, closings: ClosingsInForce) -> list:
    """The files of `period` first seen after their area's closing, in the order received."""
    late = [
        s
        for s in files_of_period(intake, period)
        if closings.came_after(s.area_code, s.file.first_seen_at)
    ]
    return sorted(late, key=lambda s: s.file.received_order)


def write_after_close(folder: Path, late: list, timezone: str) -> None:
    """`folder/after-close/`: the feedback copies of `late` and their list, swapped in
    whole; none when nothing arrived after the closing. Leftovers of a run killed while
    it made them go first."""
    for leftover in folder.glob(f".{AFTER_CLOSE}.*"):
        shutil.rmtree(leftover, ignore_errors=True)
    target = folder / AFTER_CLOSE
    if not late:
        shutil.rmtree(target, ignore_errors=True)
        return
    staging = Path(tempfile.mkdtemp(prefix=f".{AFTER_CLOSE}.", dir=folder))
    try:
        write_feedback_files(late, staging / "feedback")
        rows = [
            {
                "file": s.rel_path,
                "agency_code": s.agency_code or None,
                "area_code": s.area_code or None,
                "first_seen_at": s.file.first_seen_at,
                "accepted": not s.rejected,
            }
            for s in late
        ]
        write_arrived_list(staging, rows, timezone)
        os.chmod(staging, 0o755)
        retired = folder / f".{AFTER_CLOSE}.old-{os.getpid()}"
        if target.exists():
            os.replace(target, retired)
        os.replace(staging, target)
        shutil.rmtree(retired, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_arrived_list(folder: Path, rows: list[dict], timezone: str) -> None:
    """`folder/arrived.json`: each file that arrived after the closing (path, agency, area,
    when it arrived, whether it was accepted), written whole."""
    listing = [
        {
            "file": row["file"],
            "agency_code": row["agency_code"],
            "area_code": row["area_code"],
            "arrived_at": local_stamp(row["first_seen_at"], timezone),
            "accepted": row["accepted"],
        }
        for row in rows
    ]
    with written_whole(folder / "arrived.json") as temporary:
        temporary.write_text(
            json.dumps(listing, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )


def arrived_after_closing(ledger, period: str, closings: ClosingsInForce) -> list[dict]:
    """The ledger's files of `period` first seen after their area's closing, in the order
    received, as `write_arrived_list` takes them (the intake's list, between runs)."""
    return [
        {
            "file": row["first_path"],
            "agency_code": row["agency_code"],
            "area_code": row["area_code"],
            "first_seen_at": row["first_seen_at"],
            "accepted": row["accepted"],
            "sha256": row["sha256"],
        }
        for row in ledger.arrivals([period])
        if closings.came_after(row["area_code"], row["first_seen_at"])
    ]


def write_late_copies(late: list, folder: Path) -> None:
    """The intake's feedback copies of `late` files (first seen after their area's closing)
    into `folder` (`after-close/feedback/`), named as `feedback_names` names them; a name an
    earlier late file's copy holds (until a run of the period names them all) is not
    overwritten: the new copy takes its own `_<sha8>` name."""
    folder.mkdir(parents=True, exist_ok=True)
    for submission, name in feedback_names(late):
        target = folder / name
        own = f"{target.stem}_{submission.file.sha256[:8]}.xlsx"
        if target.exists() and name != own:
            target = folder / own
        try:
            write_feedback(submission.file.path, submission.issues, target)
        except Exception:  # one odd workbook never stops the intake
            log.exception("feedback copy of %s failed", submission.rel_path)
