"""A killed command takes every process it started with it, and the next run removes what
the killed one left (`oneplan.runtime.lifeline`, `Pipeline.remove_what_killed_runs_left`)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from oneplan.ledger import tables
from tests.builders import line, write_submission
from tests.conftest import PERIOD

ONEPLAN = str(Path(sys.executable).with_name("oneplan"))
FILES_READ_IN_BATCHES = 110  # above MIN_FILES_PER_BATCH: two workers read in two batches


def _alive(process: psutil.Process) -> bool:
    """Running, and not merely a zombie waiting for its (new) parent to reap it."""
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _wait_for(condition, what: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"the run ended before {what}"
        assert time.monotonic() < deadline, f"no {what} after {timeout} s"
        time.sleep(0.1)


def _assert_ended_within_5_s(processes: list[psutil.Process], context: str = "") -> None:
    """Every process of `processes` ends within 5 s (item 4 of issue #23); those still
    alive then are killed, not to leave them running when the test fails."""
    deadline = time.monotonic() + 5
    while (alive := [p for p in processes if _alive(p)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [" ".join(p.cmdline()) for p in alive]
    for process in alive:
        process.kill()
    assert left == [], context


def _many_submissions(month) -> None:
    for number in range(FILES_READ_IN_BATCHES):
        write_submission(
            month.drop_zone / "many" / f"s{number:03}.xlsx",
            "AG-C",
            "AREA-1",
            PERIOD,
            [line(1, 1_000 + number, "KS-01")],
        )


def _clean_environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEPLAN_")}
    env.pop("PREFECT_API_URL", None)  # the run starts its own server
    return {**env, "ONEPLAN_LANG": "en", **extra}  # the CLI's lines in English


@pytest.mark.skipif(sys.platform != "linux", reason="helpers are forked ahead on Linux")
def _terminate(process: subprocess.Popen) -> None:
    """Stop `process` as systemd or `kill` would (SIGTERM) and wait for it; killed only if
    it has not ended within two minutes, not to leave it running when the test fails."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _next_run(folders: list[str]) -> subprocess.CompletedProcess:
    """The run after the one that was stopped, in one process; it must complete."""
    done = subprocess.run(
        [ONEPLAN, "run", "--period", PERIOD, "--workers", "1", *folders],
        env=_clean_environment(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_a_killed_run_takes_its_helpers_and_server_along_and_the_next_run_cleans_up(month):
    _many_submissions(month)
    folders = ["--inputs", str(month.inputs), "--outputs", str(month.outputs)]
    folders += ["--state", str(month.state)]
    never = str(month.state.parent / "never-released")
    paused = _clean_environment(ONEPLAN_PAUSE_AT="after_archive", ONEPLAN_PAUSE_UNTIL=never)
    command = [ONEPLAN, "run", "--period", PERIOD, "--workers", "2", *folders]
    # Its output to a file: a pipe would stay open while anything it started lives.
    log = (month.state.parent / "killed-run.log").open("wb")
    run = subprocess.Popen(command, env=paused, stdout=log, stderr=subprocess.STDOUT)
    archive = month.state / "archive"
    try:
        _wait_for(
            lambda: len(list(archive.glob("*/*.xlsx"))) >= FILES_READ_IN_BATCHES + 2,
            "archived files",
            run,
        )
        descendants = psutil.Process(run.pid).children(recursive=True)
        commands = [" ".join(p.cmdline()) for p in descendants]
        assert any("oneplan.runtime.lifeline" in c and "uvicorn" in c for c in commands), commands
        assert len(descendants) >= 2, commands  # the server and the helper (forked)
        # What a run killed while archiving and while writing leaves behind.
        some_folder = next(archive.glob("*/"))
        (some_folder / ".incoming-k1ll3d").write_bytes(b"half a workbook")
        staging = month.outputs / f".{PERIOD}.k1ll3d00"
        (staging / "reports").mkdir(parents=True)
        (staging / "summary.json").write_text("{")
    finally:
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        log.close()
    assert run.returncode == -signal.SIGKILL
    _assert_ended_within_5_s(descendants)

    done = _next_run(folders)
    assert list(archive.glob("*/.incoming-*")) == []
    assert [p.name for p in month.outputs.iterdir()] == [PERIOD]  # no staging folder left
    assert f"{FILES_READ_IN_BATCHES + 2} received" in done.stdout


def test_the_leftovers_of_a_killed_swap_give_back_the_previous_outputs(tmp_path):
    from oneplan.report.publish import remove_leftovers

    # Killed between its two renames: the previous outputs retired, the new ones staged.
    retired = tmp_path / f".{PERIOD}.old-4242"
    (retired / "outbox").mkdir(parents=True)
    (retired / "summary.json").write_text("previous")
    (retired / "outbox" / "AG-A_2026-11_abcd1234.eml").write_text("sent")
    staged = tmp_path / f".{PERIOD}.x7_q2abc"
    staged.mkdir()
    (staged / "summary.json").write_text("new, never recorded")
    other = tmp_path / ".2026-10.abcdefgh"  # another period's staging: removed too
    other.mkdir()
    (tmp_path / ".not-a-staging-folder").mkdir()  # not ours: left alone
    remove_leftovers(tmp_path)
    assert (tmp_path / PERIOD / "summary.json").read_text() == "previous"
    assert (tmp_path / PERIOD / "outbox" / "AG-A_2026-11_abcd1234.eml").read_text() == "sent"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".not-a-staging-folder", PERIOD]


@pytest.mark.skipif(sys.platform != "linux", reason="processes of a local cluster, on Linux")
def test_a_killed_run_on_a_local_dask_cluster_takes_the_cluster_along(month):
    """The cluster's worker processes (started when the first batch is handed to it: files
    enough to be read in batches) end with the run; the run waits at the failpoint after
    they have read the month."""
    pytest.importorskip("prefect_dask", reason="prefect-dask is not installed")
    _many_submissions(month)
    folders = ["--inputs", str(month.inputs), "--outputs", str(month.outputs)]
    folders += ["--state", str(month.state)]
    never = str(month.state.parent / "never-released")
    paused = _clean_environment(ONEPLAN_PAUSE_AT="during_ledger", ONEPLAN_PAUSE_UNTIL=never)
    command = [ONEPLAN, "run", "--period", PERIOD, "--dask", "--workers", "2", *folders]
    log_path = month.state.parent / "killed-run.log"
    with log_path.open("wb") as log:
        run = subprocess.Popen(command, env=paused, stdout=log, stderr=subprocess.STDOUT)

    def workers() -> list[psutil.Process]:
        started = psutil.Process(run.pid).children(recursive=True)
        return [p for p in started if "multiprocessing.spawn" in " ".join(p.cmdline())]

    try:
        _wait_for(lambda: len(workers()) >= 2, "Dask workers", run)
        descendants = psutil.Process(run.pid).children(recursive=True)
    finally:
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
    _assert_ended_within_5_s(descendants, log_path.read_text())


def _loading_oneplan(end_with: int) -> subprocess.CompletedProcess:
    """A process that loads oneplan with `end_with` named in its environment."""
    show = "import os, oneplan; print(os.environ.get('ONEPLAN_END_WITH'))"
    return subprocess.run(
        [sys.executable, "-c", show],
        env={**_clean_environment(), "ONEPLAN_END_WITH": str(end_with)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_process_ends_with_the_parent_named_in_its_environment_and_no_other():
    # Its living parent: watched; the name is not handed down to what it starts.
    ours = _loading_oneplan(os.getpid())
    assert (ours.returncode, ours.stdout) == (0, "None\n"), ours.stderr
    # A living process that is not its parent (it inherited the name): not its to end with.
    grandparent = _loading_oneplan(os.getppid())
    assert (grandparent.returncode, grandparent.stdout) == (0, "None\n"), grandparent.stderr
    # Its parent died before it loaded oneplan: it ends at once.
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    orphan = _loading_oneplan(ended.pid)
    assert orphan.returncode == -signal.SIGKILL


def test_a_run_stopped_with_sigterm_ends_cleanly_and_the_next_run_counts_everything(month):
    folders = ["--inputs", str(month.inputs), "--outputs", str(month.outputs)]
    folders += ["--state", str(month.state)]
    never = str(month.state.parent / "never-released")
    paused = _clean_environment(ONEPLAN_PAUSE_AT="after_archive", ONEPLAN_PAUSE_UNTIL=never)
    log_path = month.state.parent / "stopped-run.log"
    with log_path.open("wb") as log:
        run = subprocess.Popen(
            [ONEPLAN, "run", "--period", PERIOD, "--workers", "1", *folders],
            env=paused,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    archive = month.state / "archive"
    try:
        _wait_for(lambda: len(list(archive.glob("*/*.xlsx"))) >= 4, "archived files", run)
        descendants = psutil.Process(run.pid).children(recursive=True)
    finally:
        _terminate(run)
    said = log_path.read_text()
    assert run.returncode == 128 + signal.SIGTERM, said
    assert "oneplan: stopped by SIGTERM" in said and "Traceback" not in said, said
    _assert_ended_within_5_s(descendants)
    alone = month.state.parent / "copy.sqlite"
    shutil.copyfile(month.state / "ledger.sqlite", alone)  # the ledger file alone
    with sqlite3.connect(alone) as db:
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {t.name for t in tables.metadata.sorted_tables} <= names
    assert not month.outputs.exists() or list(month.outputs.iterdir()) == []

    done = _next_run(folders)
    assert "2 received, 2 accepted" in done.stdout
