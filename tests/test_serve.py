"""`oneplan serve` as a coordinator runs it: files that arrived while it was stopped are taken
in when it starts, on the one Prefect server it shows, and killed it leaves nothing running."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

from oneplan.pipeline import open_ledger
from tests.conftest import PERIOD
from tests.test_lifeline import _clean_environment, _still_alive_after

ONEPLAN = str(Path(sys.executable).with_name("oneplan"))


def _flow_runs(api_url: str, flow_name: str) -> list[dict]:
    body = json.dumps({"flows": {"name": {"any_": [flow_name]}}}).encode()
    request = urllib.request.Request(
        f"{api_url}/flow_runs/filter",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


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
    alive = _still_alive_after(descendants, 5)
    left = [" ".join(p.cmdline()) for p in alive]
    for process in alive:
        process.kill()
    assert left == []
    files = open_ledger(month).history()["files"]
    assert sorted(f["path"] for f in files) == ["a.xlsx", "b/b.xlsx"]
    assert "Traceback" not in log_path.read_text()
