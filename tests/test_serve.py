"""`oneplan serve` as a coordinator runs it: files that arrived while it was stopped are taken
in when it starts, on the one Prefect server it shows, and killed it leaves nothing running."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

from flows.prefect_setup import free_port
from oneplan.ledger import open_ledger, tables
from tests.conftest import PERIOD
from tests.test_lifeline import _assert_ended_within_5_s, _clean_environment, _terminate

ONEPLAN = str(Path(sys.executable).with_name("oneplan"))


def _flow_runs(api_url: str, flow_name: str) -> list[dict]:
    body = {"flows": {"name": {"any_": [flow_name]}}}
    return _call(api_url, "/flow_runs/filter", time.monotonic() + 120, body)


def test_serve_takes_in_files_dropped_while_stopped_on_its_own_server_and_dies_whole(month):
    # a.xlsx and b/b.xlsx were dropped before serve starts (the month fixture).
    log_path = month.state.parent / "serve.log"
    folders = ["--inputs", str(month.inputs), "--outputs", str(month.outputs)]
    folders += ["--state", str(month.state)]
    prefect_home = str(month.state.parent / "prefect")  # its own runs only, none of the user's
    env = _clean_environment(ONEPLAN_INTAKE_QUIET_SECONDS="0.5", PREFECT_HOME=prefect_home)
    with log_path.open("wb") as log:  # not a pipe: see test_lifeline
        serve = subprocess.Popen(
            [ONEPLAN, "serve", "--no-web", *folders], env=env, stdout=log, stderr=log
        )
    feedback = month.outputs / PERIOD / "feedback" / "AG-A_AREA-1_2026-11.xlsx"
    summary = month.outputs / PERIOD / "summary.json"
    descendants: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 300
        while not (feedback.is_file() and summary.is_file()):
            assert serve.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        shown = re.search(r"Prefect server \(local\) at (http://\S+)", log_path.read_text())
        assert shown, log_path.read_text()
        api = f"{shown[1]}/api"
        while (states := [r["state"]["type"] for r in _flow_runs(api, "oneplan-intake")]) != [
            "COMPLETED"
        ]:  # the intake's run on the server shown, and no other
            # Not there yet, or on its way (a loaded machine may show it pending)
            assert states in ([], ["SCHEDULED"], ["PENDING"], ["RUNNING"]), states
            assert time.monotonic() < deadline, states
            time.sleep(0.2)
        descendants = psutil.Process(serve.pid).children(recursive=True)
        servers = [p for p in descendants if "prefect" in " ".join(p.cmdline())]
        assert len(servers) == 1, [p.cmdline() for p in servers]  # no temporary second one
    finally:
        os.kill(serve.pid, signal.SIGKILL)
        serve.wait()
    _assert_ended_within_5_s(descendants)
    files = open_ledger(month).history()["files"]
    assert sorted(f["path"] for f in files) == ["a.xlsx", "b/b.xlsx"]
    assert "Traceback" not in log_path.read_text()


def _start_serve(settings, log_path: Path, web: bool = False, **env: str) -> subprocess.Popen:
    folders = ["--inputs", str(settings.inputs), "--outputs", str(settings.outputs)]
    folders += ["--state", str(settings.state)]
    prefect_home = str(settings.state.parent / "prefect")  # its own runs only
    environment = _clean_environment(PREFECT_HOME=prefect_home, **env)
    with log_path.open("wb") as log:  # not a pipe: see test_lifeline
        return subprocess.Popen(
            [ONEPLAN, "serve", *([] if web else ["--no-web"]), *folders],
            env=environment,
            stdout=log,
            stderr=log,
        )


def _api_shown(serve: subprocess.Popen, log_path: Path, deadline: float) -> str:
    while not (
        shown := re.search(r"Prefect server \(local\) at (http://\S+)", log_path.read_text())
    ):
        assert serve.poll() is None and time.monotonic() < deadline, log_path.read_text()
        time.sleep(0.2)
    return f"{shown[1]}/api"


def _call(api_url: str, path: str, deadline: float, body: dict | None = None) -> dict:
    """An API call, asked again while the answer is 404 (not made yet) or 503 (busy)."""
    request = urllib.request.Request(
        f"{api_url}{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="GET" if body is None else "POST",
    )
    while True:
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            assert error.code in (404, 503) and time.monotonic() < deadline, error
            time.sleep(0.2)


def test_a_flow_run_that_serve_started_in_a_process_of_its_own_dies_with_serve(month):
    """The scheduled monthly run, started by Prefect's runner in a process of its own (here
    asked through the API rather than waiting for its date), ends when serve is killed."""
    for dropped in month.drop_zone.rglob("*.xlsx"):
        dropped.unlink()  # nothing waiting: serve's own intake at start runs no period
    log_path = month.state.parent / "serve.log"
    never = str(month.state.parent / "never-released")
    serve = _start_serve(
        month,
        log_path,
        ONEPLAN_PAUSE_AT="during_outputs",  # reached by a period's run only
        ONEPLAN_PAUSE_UNTIL=never,
        PREFECT_RUNNER_POLL_FREQUENCY="1",
        # On a cron, the scheduled flow runs the month just ended whatever the day (by
        # default it runs only the day after a deadline).
        ONEPLAN_SCHEDULE="0 7 1 * *",
    )
    descendants: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 300
        api = _api_shown(serve, log_path, deadline)
        # The deployment is made once the runner starts (404 until then; 503 while the
        # server is busy on a loaded machine).
        deployment = _call(api, "/deployments/name/oneplan-monthly-and-send/monthly", deadline)
        _call(api, f"/deployments/{deployment['id']}/create_flow_run", deadline, {})
        # The run renders its outputs into a hidden staging folder, then waits at the
        # failpoint: oneplan's code is loaded in its process by then.
        while not list(month.outputs.glob(".*")):
            assert serve.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        descendants = psutil.Process(serve.pid).children(recursive=True)
        commands = [" ".join(p.cmdline()) for p in descendants]
        assert any("prefect.engine" in c for c in commands), commands  # the flow run
    finally:
        os.kill(serve.pid, signal.SIGKILL)
        serve.wait()
    _assert_ended_within_5_s(descendants)


def _ledger_alone(state: Path, copy: Path) -> tuple[set[str], int]:
    """The tables, and the files received, of a copy of `ledger.sqlite` alone (no -wal)."""
    shutil.copyfile(state / "ledger.sqlite", copy)
    with sqlite3.connect(copy) as db:
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        files = db.execute("SELECT count(*) FROM files").fetchone()[0] if "files" in names else 0
    return names, files


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def test_serve_stopped_with_sigterm_shuts_down_cleanly_and_leaves_a_complete_ledger(month):
    """As systemd, `kill` or `docker stop` stop it: as Ctrl-C does."""
    log_path = month.state.parent / "serve.log"
    port = free_port()
    pages = f"http://127.0.0.1:{port}/"
    serve = _start_serve(
        month, log_path, web=True, ONEPLAN_INTAKE_QUIET_SECONDS="0.5", ONEPLAN_WEB_PORT=str(port)
    )
    feedback = month.outputs / PERIOD / "feedback" / "AG-A_AREA-1_2026-11.xlsx"
    summary = month.outputs / PERIOD / "summary.json"
    descendants: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 300
        api = _api_shown(serve, log_path, deadline)
        while not (feedback.is_file() and summary.is_file()):
            assert serve.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        while [r["state"]["type"] for r in _flow_runs(api, "oneplan-intake")] != ["COMPLETED"]:
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        assert _answers(pages)
        descendants = psutil.Process(serve.pid).children(recursive=True)
    finally:
        _terminate(serve)
    assert serve.returncode == 0, log_path.read_text()
    assert "oneplan serve: stopped." in log_path.read_text()
    assert not _answers(pages)
    _assert_ended_within_5_s(descendants)
    names, files = _ledger_alone(month.state, month.state.parent / "copy.sqlite")
    assert {t.name for t in tables.metadata.sorted_tables} <= names
    assert files == 2
    assert "Traceback" not in log_path.read_text()
