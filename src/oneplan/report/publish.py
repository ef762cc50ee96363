"""Writing a period's outputs atomically.

Everything is written into a hidden temporary folder beside `outputs/<period>/` and then
swapped in whole by renames, so a reader never sees a half-written period. A re-run
replaces the period's outputs, except `outbox/`, which records what was sent; an output
whose inputs have not changed is hard-linked from the folder it replaces
(`oneplan.report.reuse`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from oneplan.failpoints import checkpoint
from oneplan.report.context import ReportData
from oneplan.report.feedback_ahead import copies_ahead, remove_copies_ahead
from oneplan.report.issuer import report_issuer
from oneplan.report.outputs import (
    convert_reports,
    write_feedback_copies,
    write_summary,
    write_tables,
)
from oneplan.report.reuse import earlier_outputs, record_outputs

log = logging.getLogger(__name__)


def write_period_outputs(
    settings,
    result,
    reference,
    issues,
    summary,
    period_files: list,
    render_reports: Callable[..., list[tuple[str, str, bool]]],
    today: dt.date,
    in_parts: bool = False,
    full: bool = False,
    run_key: str | None = None,
    valid_until: dt.datetime | None = None,
    closed_on: dt.date | None = None,
    closed_areas: dict[str, dt.date] | None = None,
) -> list[str]:
    """Write every output of the period into `outputs/<period>/`; notes for the user.

    `period_files` are the submissions of the period: those with problems get feedback
    copies. `render_reports(data, reports_dir=folder, earlier=…)` renders the Word reports
    into the folder (the month renders them in batches) and says which it rendered
    (`oneplan.month.batches.render_reports`); `today` is the reports' date (the month's
    local date, `oneplan.month.today`); `in_parts` says it will cut the month into parts.
    A report is dated by the latest time a file it reflects was received
    (`Issuer.for_report`), and carries the centre's details from `settings`.

    An output whose inputs are those the period's current outputs recorded is hard-linked
    from them, not made again (`oneplan.report.reuse`); `full` makes every output. A
    feedback copy made ahead as its file was read is linked (`oneplan.report.feedback_ahead`);
    the copies made ahead are removed at the end, whether the outputs were swapped in or not.
    The folder records `run_key`, what the whole period was made from
    (`oneplan.month.unchanged`), and `valid_until`, when its timeliness would change.
    `closed_on`: the period is being closed that day (`oneplan close`): the reports say so;
    `closed_areas`: the day each area closed on its own was closed, for its reports.
    """
    settings.outputs.mkdir(parents=True, exist_ok=True)
    final = settings.period_outputs(result.period)
    remove_leftovers(settings.outputs)
    earlier = earlier_outputs(final, full)
    received = [(s.agency_code, s.area_code, s.file.received_at) for s in period_files]
    issuer, notes = report_issuer(settings, received, dt.datetime.now(dt.UTC))
    issuer = dataclasses.replace(issuer, closed_on=closed_on, closed_areas=closed_areas or {})
    staging = Path(tempfile.mkdtemp(prefix=f".{result.period}.", dir=settings.outputs))
    try:
        inputs = write_summary(summary, staging, earlier)
        data = ReportData(
            result,
            reference.plan.items,
            reference.registry.agencies,
            issues,
            settings.lang,
            today,
            frozenset([*reference.plan.files, reference.registry.file]),
            issuer=issuer,
            district_reports=settings.district_reports,
        )
        if in_parts and not earlier.recorded:
            # What report batches are cut from, found before the tables' thread starts: its
            # writer (Rust) keeps the GIL for up to a second at a time, and the numpy calls
            # of this work let go of the GIL and then wait that long for it (3.2 s in all at
            # 10,000 submissions, while the helpers ran out of batches). A re-run renders
            # only the reports whose data changed: their parts find their own shares.
            data.prepare_parts()
        # The tables are made and written in a thread while the reports render: the
        # writer's work is mostly Rust, and this process takes report batches only when
        # the helpers have enough in hand (or all of them, in one process).
        with ThreadPoolExecutor(1) as background:
            tables = background.submit(write_tables, result, issues, staging, earlier)
            reports = render_reports(data, reports_dir=staging / "reports", earlier=earlier)
            inputs |= tables.result()  # its exception, if writing failed
        inputs |= {name: hashed for name, hashed, _ in reports}
        if settings.pdf:
            note, pdfs = convert_reports(staging / "reports", reports, earlier)
            notes.append(note)
            inputs |= pdfs
        checkpoint("during_outputs")
        ahead = copies_ahead(settings.state, result.period)
        inputs |= write_feedback_copies(period_files, staging / "feedback", earlier, ahead)
        record_outputs(staging, inputs, run_key, valid_until)
        made = sum(made for _, _, made in reports)
        log.info("%s: %d of %d reports rendered", result.period, made, len(reports))
        swap_in(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        remove_copies_ahead(settings.state)  # used, or of no use after this run
    return notes


def remove_leftovers(outputs: Path, period: str | None = None) -> None:
    """Folders of a run killed before or during its swap, of `period` or of every period
    (only under the run lock, `oneplan.runtime.runlock`: a live run's staging folder is its own).

    A staging folder (`.<period>.<random>`) is unfinished: it goes. A retired folder
    (`.<period>.old-<pid>`) is the period's previous outputs: back in place if the swap
    was killed before the new ones took it, else it goes, its outbox (the record of what
    was sent) put back first."""
    if not outputs.is_dir():
        return
    pattern = f".{period}.*" if period else ".*"
    for leftover in sorted(outputs.glob(pattern), key=_retired_first):
        found = _LEFTOVER.fullmatch(leftover.name)
        if found is None or not leftover.is_dir():
            continue
        final = outputs / found["period"]
        if found["retired"] and not final.exists():
            os.replace(leftover, final)
            continue
        _keep_outbox(leftover / "outbox", final / "outbox")
        shutil.rmtree(leftover, ignore_errors=True)


_LEFTOVER = re.compile(r"\.(?P<period>\d{4}-\d{2})\.(?P<retired>old-\d+)?.*")


def _retired_first(path: Path) -> tuple[bool, str]:
    return (".old-" not in path.name, path.name)


def _keep_outbox(source: Path, target: Path) -> None:
    if not source.is_dir():
        return
    target.mkdir(parents=True, exist_ok=True)
    for message in source.iterdir():
        if not (target / message.name).exists():
            os.replace(message, target / message.name)


def swap_in(staging: Path, final: Path) -> None:
    """Replace `final` by `staging` by renames; the outbox of `final` moves over last.

    Killed at any point, the outbox is either in `final` or in the retired folder, where
    the next run's `remove_leftovers` finds it.
    """
    if final.exists():
        retired = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.replace(final, retired)
        os.replace(staging, final)
        _keep_outbox(retired / "outbox", final / "outbox")
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(staging, final)
    os.chmod(final, 0o755)
