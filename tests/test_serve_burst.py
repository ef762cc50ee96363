"""Under `serve`, a burst of files dropped one after another into a month: each file gets
its feedback copy as it is taken in, and the period is run once for the burst, giving what
a `--full` run gives (`oneplan.receive.refresh`, `oneplan.receive.watch`,
`oneplan.month.intake`). The real watcher and refresher, without Prefect's server."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import threading
import time
from pathlib import Path

import pytest

from oneplan.ledger import open_ledger
from oneplan.month import ingest as ingest_module
from oneplan.month.intake import take_in, take_in_and_refresh
from oneplan.month.run import run_month
from oneplan.receive.refresh import Refresher
from oneplan.receive.watch import watch_drop_zone
from tests.builders import agency, line, plan_item, write_plan, write_registry, write_submission
from tests.conftest import PERIOD
from tests.test_incremental_outputs import compare
from tests.test_watch import noticing_probe

QUIET = 0.5
GAP = 0.3  # between two files of the burst: less than the quiet period


def _burst(folder: Path) -> list[Path]:
    """Five workbooks, each with a problem (so each has a feedback copy), in dropping order:
    AG-C's file and, last, its corrected resubmission; AG-A's corrected resubmission; AG-B's
    file with a row error (a negative amount); a file of an agency the registry lacks."""
    return [
        write_submission(folder / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 9, "ZZ-9")]),
        write_submission(
            folder / "a-fixed.xlsx",
            "AG-A",
            "AREA-1",
            PERIOD,
            [line(1, 65_000, "KS-01"), line(2, 12_500, "ZZ-9")],
        ),
        write_submission(
            folder / "b-errors.xlsx",
            "AG-B",
            "AREA-1",
            PERIOD,
            [line(1, 40_000, "KS-01"), line(2, -5, "KS-02")],
        ),
        write_submission(folder / "d.xlsx", "AG-D", "AREA-1", PERIOD, [line(1, 7, "KS-01")]),
        write_submission(
            folder / "c-later.xlsx",
            "AG-C",
            "AREA-1",
            PERIOD,
            [line(1, 1_000, "KS-01"), line(2, 9, "ZZ-9")],
        ),
    ]


def _watching(settings, monkeypatch, stop: threading.Event, on_files, settling) -> threading.Thread:
    """The watcher, started and seen watching (a hidden file's change reaches it)."""
    probe = settings.drop_zone / ".probe"  # hidden: never handed over
    seen = noticing_probe(monkeypatch, probe)
    watcher = threading.Thread(
        target=watch_drop_zone,
        args=(settings.drop_zone, on_files, QUIET, stop),
        kwargs={"settling": settling},
    )
    watcher.start()
    deadline = time.monotonic() + 60
    touches = 0
    while not seen.wait(0.1):
        assert time.monotonic() < deadline, "the watcher never started"
        touches += 1
        probe.write_text(str(touches))
    return watcher


def test_a_burst_gets_each_files_feedback_and_one_run_of_its_period(month, tmp_path, monkeypatch):
    settings = dataclasses.replace(month, intake_quiet_seconds=QUIET)
    run_month(settings, PERIOD)
    feedback = settings.outputs / PERIOD / "feedback"
    files = _burst(tmp_path / "burst")

    runs: list[str] = []
    copies_before_the_run: list[dict[str, float]] = []

    def run_period(period: str) -> None:
        copies_before_the_run.append({p.name: p.stat().st_mtime for p in feedback.iterdir()})
        runs.append(period)
        run_month(settings, period)

    intakes: list[list[str]] = []

    def take_in_files(settings) -> list[str]:
        intakes.append(take_in(settings))
        return intakes[-1]

    refresher = Refresher(
        lambda: take_in_and_refresh(
            settings, run_period, take_in_files, burst_goes_on=refresher.burst_goes_on
        ),
        first_delay=0.05,
        longest_burst=60,
    ).start()
    stop = threading.Event()
    watcher = _watching(
        settings, monkeypatch, stop, lambda _: refresher.request(), refresher.settling
    )
    try:
        began = time.time()
        for file in files:  # dropped one after another, each written now (received now)
            shutil.copyfile(file, settings.drop_zone / file.name)
            time.sleep(GAP)
        deadline = time.monotonic() + 120
        while not (runs and refresher.succeeded and not refresher.settling.busy()):
            assert refresher.failure is None, refresher.failure
            assert time.monotonic() < deadline, "the burst was never refreshed"
            time.sleep(0.05)
        time.sleep(4 * QUIET)  # long enough for any run more to begin
        received = {f["path"] for f in open_ledger(settings).history()["files"]}
    finally:
        stop.set()
        watcher.join(10)
        refresher.stop(60)
    assert runs == [PERIOD]  # one run for the burst
    assert len(intakes) >= 2  # taken in as they settled: more than one intake
    assert {f.name for f in files} <= received
    # Each file's copy was written by an intake, before the period's run.
    (copies,) = copies_before_the_run
    written = {name for name, mtime in copies.items() if mtime >= began}
    unknown = hashlib.sha256(files[3].read_bytes()).hexdigest()[:8]  # AG-D: not registered
    expected = {f"{agency}_AREA-1_2026-11.xlsx" for agency in ("AG-A", "AG-B", "AG-C")}
    assert expected | {f"unidentified_{unknown}.xlsx"} <= written
    assert open_ledger(settings).periods_behind() == []
    # What the burst's one run gives is what a full run gives.
    kept = tmp_path / "after-the-burst"
    shutil.copytree(settings.outputs / PERIOD, kept)
    run_month(settings, PERIOD, full=True)
    assert compare(kept, settings.outputs / PERIOD) == []


def test_an_intake_reads_only_the_new_files(month, monkeypatch):
    run_month(month, PERIOD)
    write_submission(month.drop_zone / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, -5, "KS-01")])
    given: list[list[str]] = []
    real = ingest_module.read_or_reuse

    def spying(files, *args, **kwargs):
        given.append([f.rel_path for f in files])
        return real(files, *args, **kwargs)

    monkeypatch.setattr(ingest_module, "read_or_reuse", spying)
    assert take_in(month) == [PERIOD]
    assert given == [["c.xlsx"]]  # a.xlsx and b/b.xlsx, read by the run, are not loaded again
    assert (month.outputs / PERIOD / "feedback" / "AG-C_AREA-1_2026-11.xlsx").is_file()
    assert open_ledger(month).unread() == {}
    given.clear()
    assert take_in(month) == []  # nothing new: nothing read
    assert given == [[]]
    run_month(month, PERIOD)  # the run reads the rest, as before
    assert sorted(given[-1]) == ["a.xlsx", "b/b.xlsx", "c.xlsx"]


@pytest.fixture
def plan_reads(monkeypatch) -> list[int]:
    """One entry per reading of the plan's workbooks (`read_plan`) from now on."""
    from oneplan.month import reference as reference_module

    reads: list[int] = []
    real = reference_module.read_plan

    def counting(*args):
        reads.append(1)
        return real(*args)

    monkeypatch.setattr(reference_module, "read_plan", counting)
    return reads


def test_the_intakes_plan_and_registry_are_read_again_only_when_a_file_of_them_changes(
    month, plan_reads
):
    from oneplan.month.reference import kept_reference, load_reference

    reads = plan_reads
    first = kept_reference(month)
    assert kept_reference(month) is first and len(reads) == 1  # the same files: kept
    plain = load_reference(month)
    assert first.plan.items.equals(plain.plan.items) and first.plan.files == plain.plan.files
    assert first.registry.agencies.equals(plain.registry.agencies)
    # The plan changes (one item more): read again, as the plain path reads it.
    write_plan(month.inputs, [plan_item(item="KS-01", required=1), plan_item(item="KS-04")])
    changed = kept_reference(month)
    assert len(reads) == 3 and changed is not first
    assert list(changed.plan.items["plan_item_id"]) == ["KS-01", "KS-04"]
    assert kept_reference(month) is changed
    # So does the registry (AG-D is added).
    write_registry(month.inputs, [agency("AG-A", "AREA-1"), agency("AG-D", "AREA-1")])
    again = kept_reference(month)
    assert again is not changed and list(again.registry.agencies["agency_code"]) == [
        "AG-A",
        "AG-D",
    ]
    # An intake uses it: the new file is checked against the plan as it is now.
    write_submission(month.drop_zone / "d.xlsx", "AG-D", "AREA-1", PERIOD, [line(1, 5, "KS-04")])
    assert take_in(month) == [PERIOD]
    history = open_ledger(month).history("AG-D")["files"]
    assert [(f["path"], f["accepted"]) for f in history] == [("d.xlsx", True)]


def test_the_period_runs_of_serve_use_the_plan_and_registry_its_intake_read(month, plan_reads):
    """`take_in_and_refresh` in one process (as `serve` runs it): the intake reads the plan
    and registry, and the period's run uses them, not a reading of its own; a run after the
    plan changed reads it again, and its figures follow the new plan."""
    reads = plan_reads
    write_submission(month.drop_zone / "a.xlsx", "AG-A", "AREA-1", PERIOD, [line(1, 5, "KS-01")])
    assert take_in_and_refresh(month, lambda period: run_month(month, period)) == [PERIOD]
    assert len(reads) == 1
    write_plan(month.inputs, [plan_item(item="KS-01", required=7)])
    result = run_month(month, PERIOD)
    assert len(reads) == 2
    assert result.reconciliation.plan_items["required"].tolist() == [700]


def test_a_drop_zone_that_never_rests_still_has_its_periods_run():
    """`burst_goes_on` takes a request made meanwhile, waits while the watcher holds files,
    and gives up waiting after `longest_burst` seconds from the refresh's start."""
    answers: list[bool] = []
    refresher = Refresher(lambda: None, longest_burst=0.5)
    with refresher.settling.holding():  # the watcher holds files, and never hands them over
        refresher.request()
        answers.append(refresher.burst_goes_on())  # more files settled: taken in first
        began = time.monotonic()
        answers.append(refresher.burst_goes_on())  # waits, then runs the periods anyway
        waited = time.monotonic() - began
    assert answers == [True, False]
    assert 0.3 <= waited < 5
    assert not Refresher(lambda: None).burst_goes_on()  # nothing held, nothing asked
