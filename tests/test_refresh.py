"""Intake under `serve` is retried until it succeeds, and its failure is shown meanwhile:
nothing a failed intake left undone is lost (`oneplan.receive.refresh`, `take_in_and_refresh`)."""

from __future__ import annotations

import dataclasses
import time

from starlette.testclient import TestClient

from oneplan.ledger import open_ledger
from oneplan.month.intake import take_in, take_in_and_refresh
from oneplan.month.run import run_month
from oneplan.receive.refresh import Refresher
from oneplan.web.app import create_app
from tests.builders import line, write_submission
from tests.conftest import PERIOD
from tests.web_support import sign_in

FEEDBACK_C = "AG-C_AREA-1_2026-11.xlsx"


def _until(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"no {what} after {timeout} s"
        time.sleep(0.05)


def _drop_c(settings) -> None:
    write_submission(  # a line that cannot count: its feedback workbook says so
        settings.drop_zone / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, -5, "KS-01")]
    )


def test_a_failing_intake_is_shown_to_the_coordinator_and_succeeds_by_itself_later(month):
    settings = dataclasses.replace(month, coordinator_password="coordinator-secret")
    run_month(settings, PERIOD)
    _drop_c(settings)
    outputs = settings.outputs
    outputs.rename(outputs.with_name("kept"))
    outputs.write_text("a file where the outputs folder should be")  # nothing can be written

    refresher = Refresher(
        lambda: take_in_and_refresh(settings, lambda period: run_month(settings, period)),
        first_delay=0.05,
        longest_delay=0.2,
    ).start()
    try:
        refresher.request()
        _until(lambda: refresher.failure and refresher.failure.tries >= 2, "retry")
        # The file was taken in (archived, recorded) by the intake that failed after it.
        files = open_ledger(settings).history("AG-C")["files"]
        assert [f["path"] for f in files] == ["c.xlsx"]
        web = TestClient(create_app(settings, refresher=refresher), follow_redirects=False)
        sign_in(web)
        page = web.get("/coordinator?lang=en").text
        assert 'id="refresh-failed"' in page
        assert "has failed since" in page and "(UTC+7)" in page
        assert 'data-cause="not_writable"' in page  # told in words a coordinator can act on
        assert "cannot write into the outputs or state folder" in page
        assert "FileExistsError" in page or "NotADirectoryError" in page  # and the detail

        outputs.unlink()
        outputs.with_name("kept").rename(outputs)  # the fault cleared: no new request
        _until(lambda: refresher.failure is None and refresher.succeeded == 1, "recovery")
    finally:
        refresher.stop()
    assert (outputs / PERIOD / "feedback" / FEEDBACK_C).is_file()
    summary = (outputs / PERIOD / "summary.json").read_text()
    assert '"submitted": 3' in summary
    assert 'id="refresh-failed"' not in web.get("/coordinator").text
    assert open_ledger(settings).periods_behind() == []


def test_a_period_whose_figures_miss_a_file_taken_in_is_behind_until_it_runs(month):
    ledger = open_ledger(month)
    assert ledger.periods_behind() == []  # nothing received yet
    run_month(month, PERIOD)
    assert ledger.periods_behind() == []  # the run counted what it received
    _drop_c(month)
    assert take_in(month) == [PERIOD]
    # Say the intake was killed here, before its period ran: the next one knows.
    assert ledger.periods_behind() == [PERIOD]
    ran: list[str] = []
    assert take_in_and_refresh(month, ran.append) == [PERIOD]
    assert ran == [PERIOD]  # nothing new to take in, the period behind still runs
    run_month(month, PERIOD)
    assert ledger.periods_behind() == []
    run_month(month, PERIOD)  # the same figures again: still not behind
    assert ledger.periods_behind() == []


def test_requests_while_refreshing_make_one_more_refresh_and_a_success_ends_the_retries():
    calls: list[int] = []
    outcomes = iter([ValueError("first"), None, None, None])

    def refresh() -> None:
        calls.append(1)
        problem = next(outcomes)
        if problem:
            raise problem

    refresher = Refresher(refresh, first_delay=0.01, longest_delay=0.01).start()
    try:
        refresher.request()
        _until(lambda: refresher.succeeded == 1, "a success after one failure")
        assert refresher.failure is None and len(calls) == 2
        refresher.request()
        refresher.request()
        _until(lambda: refresher.succeeded >= 2, "the refresh asked for")
    finally:
        refresher.stop()
    assert len(calls) in (3, 4)  # two requests at once: one or two more refreshes, never lost


def test_a_failure_is_told_by_what_the_coordinator_can_do_about_it():
    import errno

    from oneplan.receive.archive import ArchiveDamaged
    from oneplan.receive.refresh import cause_of

    assert [
        cause_of(problem)
        for problem in (
            OSError(errno.ENOSPC, "No space left on device"),
            PermissionError(errno.EACCES, "Permission denied"),
            OSError(errno.EROFS, "Read-only file system"),
            OSError(errno.EIO, "Input/output error"),
            ArchiveDamaged("state/archive/ab/ab.xlsx", "it is missing"),
            ZeroDivisionError("a bug of ours"),
        )
    ] == ["disk_full", "not_writable", "not_writable", "file_system", "state_damaged", "unexpected"]
