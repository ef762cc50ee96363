"""Runs that are killed, or started twice at once, harm nothing.

A run is killed with SIGKILL at named points (`oneplan.failpoints`) in a subprocess; the
next run must complete and write exactly what an uninterrupted run writes.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from oneplan.settings import Settings
from tests.builders import line, write_submission
from tests.conftest import PERIOD, built_once, fresh_postgres_database

RUN = """
import datetime as dt, sys
from pathlib import Path
from oneplan.settings import Settings
from oneplan.month.run import run_month
inputs, outputs, state, url = sys.argv[1:5]
settings = Settings(inputs=Path(inputs), outputs=Path(outputs), state=Path(state), ledger_url=url)
run_month(settings, "2026-11", dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
"""


def run_process(settings, failpoint: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("ONEPLAN_FAILPOINT", None)
    if failpoint:
        env["ONEPLAN_FAILPOINT"] = failpoint
    args = [
        sys.executable,
        "-c",
        RUN,
        str(settings.inputs),
        str(settings.outputs),
        str(settings.state),
        settings.ledger_url,
    ]
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)


def written(settings) -> dict[str, bytes]:
    folder = settings.outputs / PERIOD
    files = [folder / "summary.json", *sorted((folder / "tables").iterdir())]
    return {p.name: p.read_bytes() for p in files}


@pytest.fixture
def month_on(month, ledger_url):
    return dataclasses.replace(month, ledger_url=ledger_url)


@pytest.fixture
def uninterrupted(month_on, month_inputs, tmp_path_factory, request):
    """What a run that nobody interrupts writes for the same inputs (its own state), on the
    same kind of ledger: run once in the session for each kind, on the inputs `month` copies."""
    kind = "postgresql" if month_on.ledger_url else "sqlite"

    def run(root: Path) -> None:
        ledger_url = ""
        if month_on.ledger_url:
            # A second, fresh database: the killed run must not find the files read already.
            ledger_url = fresh_postgres_database(request.getfixturevalue("postgres_server"))
        other = Settings(
            inputs=month_inputs,
            outputs=root / "outputs",
            state=root / "state",
            ledger_url=ledger_url,
        )
        assert run_process(other).returncode == 0

    root = built_once(tmp_path_factory, f"safe-runs-uninterrupted-{kind}", run)
    return written(Settings(outputs=root / "outputs"))


@pytest.mark.parametrize("failpoint", ["after_archive", "during_ledger", "during_outputs"])
def test_a_run_killed_at_any_point_is_completed_by_the_next(month_on, uninterrupted, failpoint):
    killed = run_process(month_on, failpoint)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not (month_on.outputs / PERIOD).exists()  # nothing half-written is visible
    recovered = run_process(month_on)
    assert recovered.returncode == 0, recovered.stderr
    assert written(month_on) == uninterrupted
    assert [p.name for p in month_on.outputs.iterdir()] == [PERIOD]  # no staging left behind


def test_a_run_killed_while_writing_leaves_the_previous_outputs_whole(month_on):
    assert run_process(month_on).returncode == 0
    before = written(month_on)
    write_submission(
        month_on.drop_zone / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5_000, "KS-02")]
    )
    assert run_process(month_on, "during_outputs").returncode == -signal.SIGKILL
    assert written(month_on) == before  # readers still see the last complete month
    assert run_process(month_on).returncode == 0
    summary = json.loads(written(month_on)["summary.json"])
    assert summary["areas"][0]["agencies"]["submitted"] == 3


def test_two_runs_started_at_once(month):
    """The second run waits for the first, says so, and the month comes out right, once."""
    import time

    oneplan = str(Path(sys.executable).with_name("oneplan"))
    args = [
        oneplan,
        "run",
        "--period",
        PERIOD,
        "--inputs",
        str(month.inputs),
        "--outputs",
        str(month.outputs),
        "--state",
        str(month.state),
        "--lang",
        "en",
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEPLAN_")}
    release = month.state.parent / "release"
    slow = {**env, "ONEPLAN_PAUSE_AT": "during_outputs", "ONEPLAN_PAUSE_UNTIL": str(release)}
    first = subprocess.Popen(
        args, env=slow, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    lock = month.state / "run.lock"
    deadline = time.monotonic() + 120
    while not (lock.exists() and lock.read_text().strip()):  # the first run is inside
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.2)
    second = subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    seen = []
    for output_line in second.stdout:  # until the second run says it waits
        seen.append(output_line)
        if "waiting for it to finish" in output_line:
            break
    release.touch()
    rest, _ = second.communicate(timeout=600)
    outputs = [first.communicate(timeout=600), ("".join(seen) + rest, "")]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    assert "Traceback" not in "".join(out + err for out, err in outputs)
    waited = outputs[1][0] + outputs[1][1]
    assert (
        f"another oneplan run (pid {first.pid}, period {PERIOD}" in waited
        and "waiting for it to finish" in waited
    )
    for out, _ in outputs:
        assert "Files of 2026-11: 2 received, 2 accepted, 0 rejected" in out
    from tests.test_ledger import row_counts

    assert row_counts(month)["runs"] == 1
    summary = json.loads((month.outputs / PERIOD / "summary.json").read_text())
    assert summary["areas"][0]["agencies"] == {
        "submitted": 2,
        "resubmitted": 0,
        "carried_forward": 0,
        "rejected": 0,
        "missing": 1,
    }


def test_an_outbox_left_in_a_retired_folder_is_put_back(tmp_path):
    from oneplan.report.publish import remove_leftovers

    retired = tmp_path / f".{PERIOD}.old-4242" / "outbox"
    retired.mkdir(parents=True)
    (retired / "AG-A_2026-11_abcd1234.eml").write_text("sent")
    (tmp_path / PERIOD).mkdir()
    remove_leftovers(tmp_path, PERIOD)
    assert (tmp_path / PERIOD / "outbox" / "AG-A_2026-11_abcd1234.eml").read_text() == "sent"
    assert [p.name for p in tmp_path.iterdir()] == [PERIOD]
