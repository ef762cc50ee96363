"""The same month read and rendered in batches: in this process, in local processes, on Dask."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from oneplan.demo_data import DEMO_PERIOD, write_demo_inputs
from oneplan.parallel import LocalProcesses, batched, in_process
from oneplan.pipeline import run_month
from oneplan.settings import load_settings

ONEPLAN = str(Path(sys.executable).with_name("oneplan"))


def _outputs(folder: Path) -> dict[str, bytes]:
    """The figures, and what each report says (its XML and pictures; a zip's dates vary)."""
    period = folder / DEMO_PERIOD
    files = [period / "summary.json", *sorted((period / "tables").glob("*.parquet"))]
    outputs = {f.name: f.read_bytes() for f in files}
    for report in sorted((period / "reports").glob("*.docx")):
        with zipfile.ZipFile(report) as document:
            for name in document.namelist():
                if name == "word/document.xml" or name.startswith("word/media/"):
                    outputs[f"{report.name}/{name}"] = document.read(name)
    return outputs


def test_batches_are_consecutive_and_every_worker_gets_one():
    assert batched(list(range(10)), at_most=4) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert batched(list(range(10)), at_most=100, parts=3) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert batched([], at_most=5, parts=2) == []
    assert batched(list(range(10)), at_most=100, parts=2, at_least=8) == [list(range(8)), [8, 9]]


def test_local_processes_give_the_same_figures_as_one_process(tmp_path, monkeypatch):
    from oneplan.render import reports
    from oneplan.validate import submission

    monkeypatch.setattr(submission, "MIN_FILES_PER_BATCH", 2)  # the demo's 12 files in batches
    monkeypatch.setattr(reports, "MIN_REPORTS_PER_BATCH", 2)
    inputs = tmp_path / "inputs"
    write_demo_inputs(inputs)
    one = load_settings(inputs=inputs, outputs=tmp_path / "one", state=tmp_path / "s1")
    two = dataclasses.replace(one, outputs=tmp_path / "two", state=tmp_path / "s2")
    run_month(one, DEMO_PERIOD, map_batches=in_process)
    with LocalProcesses(2) as workers:
        run_month(two, DEMO_PERIOD, map_batches=workers)
    assert _outputs(tmp_path / "two") == _outputs(tmp_path / "one")


def test_a_month_on_a_local_dask_cluster_gives_the_single_process_figures(tmp_path):
    inputs = tmp_path / "inputs"
    write_demo_inputs(inputs)
    single = load_settings(inputs=inputs, outputs=tmp_path / "single", state=tmp_path / "s1")
    run_month(single, DEMO_PERIOD, map_batches=in_process)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEPLAN_")}
    folders = ["--inputs", str(inputs), "--outputs", str(tmp_path / "dask")]
    folders += ["--state", str(tmp_path / "s2")]
    completed = subprocess.run(
        [ONEPLAN, "run", "--period", DEMO_PERIOD, "--dask", "--workers", "2", *folders],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    assert _outputs(tmp_path / "dask") == _outputs(tmp_path / "single")
