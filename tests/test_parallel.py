"""The same month read and rendered in batches: in this process, in local processes, on Dask."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from oneplan.demo import DEMO_PERIOD, write_demo_inputs
from oneplan.demo.receipts import record_demo_receipts
from oneplan.month.run import run_month
from oneplan.runtime.batches import batched, in_process
from oneplan.runtime.processes import LocalProcesses, start_method_ahead
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
    from oneplan.month import batches

    monkeypatch.setattr(batches, "MIN_FILES_PER_BATCH", 2)  # the demo's 12 files in batches
    monkeypatch.setattr(batches, "MIN_REPORTS_PER_BATCH", 2)
    inputs = tmp_path / "inputs"
    write_demo_inputs(inputs)
    one = load_settings(inputs=inputs, outputs=tmp_path / "one", state=tmp_path / "s1")
    two = dataclasses.replace(one, outputs=tmp_path / "two", state=tmp_path / "s2")
    for settings in (one, two):  # each file arrived at its story's time, not at the run's
        record_demo_receipts(settings, inputs)
    run_month(one, DEMO_PERIOD, map_batches=in_process)
    with LocalProcesses(2) as workers:
        _started(workers)  # the helper takes batches from the first stage on
        run_month(two, DEMO_PERIOD, map_batches=workers)
    assert _outputs(tmp_path / "two") == _outputs(tmp_path / "one")


def test_a_month_on_a_local_dask_cluster_gives_the_single_process_figures(tmp_path):
    inputs = tmp_path / "inputs"
    write_demo_inputs(inputs)
    single = load_settings(inputs=inputs, outputs=tmp_path / "single", state=tmp_path / "s1")
    for state in ("s1", "s2"):  # each file arrived at its story's time, not at the run's
        record_demo_receipts(dataclasses.replace(single, state=tmp_path / state), inputs)
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
    assert "Scheduler at" not in completed.stderr  # the local cluster's chatter stays quiet
    single_outputs = _outputs(tmp_path / "single")
    # The roll-ups of the demo's province and districts among them (#28).
    assert {"provinces.parquet", "districts.parquet", "network.parquet"} <= set(single_outputs)
    assert "province_พัทลุง.docx/word/document.xml" in single_outputs
    assert _outputs(tmp_path / "dask") == single_outputs


def _started(workers: LocalProcesses) -> None:
    workers.start()
    deadline = time.monotonic() + 120
    while not workers.started:
        assert time.monotonic() < deadline, "the helper process did not start"
        time.sleep(0.05)


def _helpers_running() -> int:
    import multiprocessing

    return len(multiprocessing.active_children())


def _where_and_whether_reports_loaded(batch: list) -> tuple[int, bool]:
    return os.getpid(), "oneplan.report.reports" in sys.modules  # not imported by this module


def test_spawned_helpers_have_loaded_the_functions_before_their_first_batch():
    from oneplan.report.reports import render_batch

    with LocalProcesses(3) as workers:
        workers.start(render_batch)
        assert _helpers_running() == 2  # this process is the third
        _started(workers)
        ran = workers(_where_and_whether_reports_loaded, [[1], [2], [3]])
    assert [loaded for _, loaded in ran] == [True, True, True]
    assert os.getpid() not in {pid for pid, _ in ran}  # handed out: the helpers had room
    assert _helpers_running() == 0


def test_helpers_started_ahead_are_forked_while_no_other_thread_runs_else_spawned():
    alone = "from oneplan.runtime.processes import start_method_ahead; print(start_method_ahead())"
    completed = subprocess.run([sys.executable, "-c", alone], capture_output=True, text=True)
    assert completed.stdout.strip() == ("fork" if sys.platform == "linux" else "spawn")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert start_method_ahead() == "spawn"  # a fork would copy the other thread mid-step
    finally:
        stop.set()
        other.join()


_set_here: list[str] = []


def _where_and_what_was_set(batch: list) -> tuple[int, list[str]]:
    return os.getpid(), list(_set_here)


def test_a_forked_helper_starts_as_a_copy_of_this_process():
    if sys.platform != "linux":
        pytest.skip("helpers are forked on Linux only")
    _set_here.append("before the helper started")  # a spawned helper would not see it
    try:
        with LocalProcesses(2, start_method="fork") as workers:
            workers.start()
            assert _helpers_running() == 1
            _started(workers)
            helper, here = workers(_where_and_what_was_set, [[1], [2]])
    finally:
        _set_here.clear()
    assert helper[0] != os.getpid() and here[0] == os.getpid()
    assert helper[1] == ["before the helper started"]
    assert _helpers_running() == 0


def test_two_batches_go_one_to_the_helper_and_one_here():
    with LocalProcesses(2) as workers:
        _started(workers)
        ran = workers(_where_and_whether_reports_loaded, [[1], [2]])
    assert ran[0][0] != os.getpid()
    assert ran[1][0] == os.getpid()


def test_batches_run_here_while_the_helper_is_still_starting():
    with LocalProcesses(2) as workers:  # spawned: slow to start, it imports
        ran = workers(_where_and_whether_reports_loaded, [[1], [2], [3]])
        assert [pid for pid, _ in ran] == [os.getpid()] * 3
        assert _helpers_running() == 1  # started by the first call, for the next ones


class _NoteAtTeardown:
    """Writes its file when Python's shutdown of the process frees it."""

    def __init__(self, path: str):
        self.path = path

    def __del__(self):
        Path(self.path).write_text("torn down")


_kept: list[_NoteAtTeardown] = []


def _keep_until_teardown(batch: list[str]) -> int:
    _kept.append(_NoteAtTeardown(batch[0]))  # lives until the process ends
    return os.getpid()


def test_a_helper_ends_without_python_tearing_down_its_modules(tmp_path):
    notes = [str(tmp_path / "helper"), str(tmp_path / "here")]
    with LocalProcesses(2) as workers:
        _started(workers)
        pids = workers(_keep_until_teardown, [[note] for note in notes])
    assert pids[0] != os.getpid() and pids[1] == os.getpid()  # two batches: one each
    assert _helpers_running() == 0
    assert not Path(notes[0]).exists()  # the helper ended at once: nothing freed
    _kept.clear()  # this process's own
    assert Path(notes[1]).exists()  # what the check relies on: freeing it writes its file


def _wait_for_file(path: str, what: str) -> None:
    deadline = time.monotonic() + 120
    while not os.path.exists(path):
        assert time.monotonic() < deadline, f"{what} never happened"
        time.sleep(0.01)


class _ChangedHere:
    """Shared data that the batch run here changes (as a cache filled on first use), and
    that marks that moment with a file. Pickled by another thread than the caller's (as
    the pool's own thread would pickle it, later), it waits for that moment first: a copy
    taken after the hand-out shows the change, whatever the machine's speed."""

    def __init__(self, changed: Path):
        self.seen: list[int] = []
        self.changed = str(changed)
        self.caller = threading.get_ident()

    def __getstate__(self) -> dict:
        if threading.get_ident() != self.caller:
            _wait_for_file(self.changed, "the batch run here")
        return {"seen": list(self.seen), "changed": self.changed, "caller": None}


def _note(batch: list[int], shared: _ChangedHere) -> list[int]:
    if batch != [3]:  # the helper's batches: in hand (not done) until 3 has run here
        _wait_for_file(shared.changed, "the batch run here")
    shared.seen += batch
    if batch == [3]:
        Path(shared.changed).touch()
    return list(shared.seen)


def test_a_helper_gets_the_shared_data_as_it_was_when_its_batch_was_handed_out(tmp_path):
    with LocalProcesses(2) as workers:
        _started(workers)
        # 1 and 2 go to the helper, which holds them until 3 has run here (it has two in
        # hand, so 3 runs here) and changed `seen`: the helper's copies are as handed out
        results = workers(_note, [[1], [2], [3]], _ChangedHere(tmp_path / "changed"))
    assert results == [[1], [2], [3]]


def test_new_files_read_in_batches_start_the_workers_before_archiving(tmp_path, monkeypatch):
    from oneplan.month import batches
    from oneplan.receive.archive import Archive

    class Recording:
        workers = 2

        def __init__(self):
            self.calls = []

        def start(self, *functions):
            self.calls.append(("start", [f.__name__ for f in functions]))

        def __call__(self, function, batches, *shared):
            self.calls.append(("map", function.__name__))
            return in_process(function, batches, *shared)

        def close(self):
            pass

    mapper = Recording()
    store_each = Archive.store_each

    def archiving(archive, files):
        mapper.calls.append(("archive", "store_each"))
        return store_each(archive, files)

    monkeypatch.setattr(Archive, "store_each", archiving)
    monkeypatch.setattr(batches, "MIN_FILES_PER_BATCH", 2)  # the demo's 12 files
    write_demo_inputs(tmp_path / "inputs")
    settings = load_settings(
        inputs=tmp_path / "inputs", outputs=tmp_path / "out", state=tmp_path / "state"
    )
    run_month(settings, DEMO_PERIOD, map_batches=mapper)
    assert mapper.calls[:2] == [
        ("start", ["read_checked_batch", "render_batch"]),
        ("archive", "store_each"),
    ]
    assert ("map", "read_checked_batch") in mapper.calls and ("map", "render_batch") in mapper.calls

    mapper.calls.clear()  # the month again in full: its files were received, none is new
    run_month(settings, DEMO_PERIOD, map_batches=mapper, full=True)
    assert mapper.calls[0] == ("archive", "store_each")
    assert all(call[0] != "start" for call in mapper.calls)

    monkeypatch.setattr(batches, "MIN_FILES_PER_BATCH", 100)  # 12 new files: read here
    settings = dataclasses.replace(settings, state=tmp_path / "another state")
    mapper.calls.clear()
    run_month(settings, DEMO_PERIOD, map_batches=mapper)
    assert mapper.calls[0] == ("archive", "store_each")
    assert all(call[0] != "start" for call in mapper.calls)


def test_helpers_started_ahead_serve_the_run_that_asks_for_as_many(tmp_path):
    from oneplan.runtime.processes import close_ahead, local_processes, start_ahead

    start_ahead(2, _where_and_whether_reports_loaded)
    assert _helpers_running() == 1  # starting while the command waits for something else
    workers = local_processes(2)
    try:
        _started(workers)
        assert local_processes(2) is not workers  # taken once
        ran = workers(_where_and_whether_reports_loaded, [[1], [2]])
        assert ran[0][0] != os.getpid()
    finally:
        workers.close()
    start_ahead(2)
    other = local_processes(3)  # another count: those started ahead end, new ones serve
    assert other.workers == 3 and _helpers_running() == 0
    start_ahead(2)
    close_ahead()  # no run took them
    assert _helpers_running() == 0


def test_helpers_start_ahead_only_for_a_drop_zone_read_in_batches(tmp_path, monkeypatch):
    from oneplan.month.batches import start_helpers_ahead

    monkeypatch.setattr(
        "oneplan.month.batches.start_ahead", lambda workers, *_: started.append(workers)
    )
    zone = tmp_path / "inputs" / "submissions"
    for number in range(60):
        folder = zone / f"area-{number % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"s{number}.xlsx").write_bytes(b"")
        (folder / f"~$s{number}.xlsx").write_bytes(b"")  # lock files do not count
    (zone / ".hidden").mkdir()
    for number in range(100):
        (zone / ".hidden" / f"h{number}.xlsx").write_bytes(b"")  # nor hidden folders
    settings = load_settings(inputs=tmp_path / "inputs", workers=2)
    started: list = []
    start_helpers_ahead(settings)
    assert started == []  # 60 files: read in one process
    for number in range(60, 120):
        (zone / f"s{number}.xlsx").write_bytes(b"")
    start_helpers_ahead(settings)
    assert started == [2]
    start_helpers_ahead(dataclasses.replace(settings, workers=1))
    start_helpers_ahead(dataclasses.replace(settings, dask=True))
    assert started == [2]
