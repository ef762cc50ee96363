"""Intake between runs: new files taken in at once, with their feedback, and the periods
they change run again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection

from oneplan.ledger import open_ledger
from oneplan.month.after_close import (
    AFTER_CLOSE,
    arrived_after_closing,
    write_arrived_list,
    write_late_copies,
)
from oneplan.month.ingest import ingest, start_under_the_lock
from oneplan.month.reference import kept_reference
from oneplan.month.today import this_month
from oneplan.report.feedback import write_feedback_files
from oneplan.runtime.runlock import exclusive_run
from oneplan.settings import Settings

log = logging.getLogger(__name__)


def take_in(
    settings: Settings,
    now: dt.datetime | None = None,
    *,
    complete: Collection[str] = (),
    patience: float | None = None,
) -> list[str]:
    """Intake of new files, at once: archive and record every new settled file of the drop
    zone, check it, and write its feedback workbook into its period's outputs. Returns the
    periods that the new files concern, for the caller to re-run. Only the new files are
    read and checked, whatever the ledger holds (`ingest`'s `only_new`), against the plan and
    registry this process keeps while their files are unchanged (`kept_reference`).

    A file still arriving is waited for up to `patience` seconds (default: one quiet period,
    the watcher hands over the rest when they settle), then left; `complete` as `ingest`."""
    reference = kept_reference(settings)
    month_now = this_month(settings)
    wait = settings.intake_quiet_seconds if patience is None else patience
    with exclusive_run(settings.state, "intake", log.warning):
        now = now or start_under_the_lock()
        # Only the new files are read: those not read before (a file received by an intake
        # that stopped before reading it, as a damaged archive stops one, gets its feedback
        # from the intake that reads it). Of the files read before, only the archived
        # copies are checked: their readings are the period run's.
        intake = ingest(
            settings, reference, month_now, now, patience=wait, complete=complete, only_new=True
        )
    new = intake.submissions
    ledger = open_ledger(settings)
    for period in sorted({s.period or month_now for s in new}):
        of_period = [s for s in new if (s.period or month_now) == period]
        # A closed period's folder is frozen, and a closed area's files do not count: the
        # feedback of a file that came after its area's closing goes beside the period's
        # (`after_close`).
        closings = ledger.closings_in_force(period)
        came_after = [closings.came_after(s.area_code, s.file.first_seen_at) for s in of_period]
        late = [s for s, after in zip(of_period, came_after, strict=True) if after]
        counted = [s for s, after in zip(of_period, came_after, strict=True) if not after]
        write_feedback_files(counted, settings.period_outputs(period) / "feedback")
        if late:
            after = settings.period_outputs(period) / AFTER_CLOSE
            write_late_copies(late, after / "feedback")
            rows = arrived_after_closing(ledger, period, closings)
            write_arrived_list(after, rows, settings.timezone)
    return sorted({s.period for s in new if s.period and s.identified})


def take_in_and_refresh(
    settings: Settings,
    run_period: Callable[[str], object],
    take_in_files: Callable[[Settings], list[str]] = take_in,
    burst_goes_on: Callable[[], bool] | None = None,
) -> list[str]:
    """Take in the drop zone's new files (`take_in`), then run again every period whose
    figures miss a file (`Ledger.periods_behind`): the periods of the new files, and those
    of files taken in by an intake that failed before its period's run ended, or by a
    monthly run of another period. Returns the periods run. Raises what a step raised: a
    caller retries, and the periods still behind are run then.

    While `burst_goes_on()` (`oneplan.receive.refresh.Refresher.burst_goes_on`: more files
    of the same burst settled, or on their way), their files are taken in too, each with its
    feedback, before the periods run: once for the burst."""
    take_in_files(settings)
    while burst_goes_on is not None and burst_goes_on():
        take_in_files(settings)
    ledger = open_ledger(settings)
    # A closed period stays as it was closed: its new files had their feedback above.
    periods = [p for p in ledger.periods_behind() if ledger.closure(p) is None]
    for period in periods:
        run_period(period)
    return periods
