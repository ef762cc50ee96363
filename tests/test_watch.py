"""Intake: a file dropped into the drop zone is read once, whole, and its feedback appears."""

from __future__ import annotations

import dataclasses
import hashlib
import threading
import time
import types
from pathlib import Path

from oneplan.ledger import open_ledger
from oneplan.month.intake import take_in
from oneplan.receive import watch
from oneplan.receive.watch import watch_drop_zone
from tests.builders import line, write_submission
from tests.conftest import PERIOD

QUIET = 1.0


class PacedCopy:
    """A copy over a slow share whose every pause is shorter than the quiet period, however
    slow the machine: its next chunk arrives while the watcher waits for the file to be
    still (the watcher's `time.sleep`, here), so each look finds it changed until the copy
    has ended. Then the watcher's waits are real."""

    def __init__(self, content: bytes, target: Path, chunks: int = 3):
        size = -(-len(content) // chunks)
        self.chunks = [content[i : i + size] for i in range(0, len(content), size)]
        self.target = target
        self.handle = None

    def begin(self) -> None:
        self.handle = self.target.open("wb")
        self._next()

    def _next(self) -> None:
        self.handle.write(self.chunks.pop(0))
        self.handle.flush()
        if not self.chunks:
            self.handle.close()

    def pause(self, seconds: float) -> None:
        if self.chunks:
            self._next()  # the copy went on during the quiet period
        else:
            time.sleep(seconds)


def test_a_file_written_slowly_is_read_once_whole_and_its_feedback_appears(
    month, tmp_path, monkeypatch
):
    month = dataclasses.replace(month, intake_quiet_seconds=QUIET)
    content = write_submission(
        tmp_path / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, -5, "KS-01")]
    ).read_bytes()
    target = month.drop_zone / "slow" / "c.xlsx"
    copy = PacedCopy(content, target)
    monkeypatch.setattr(
        watch, "time", types.SimpleNamespace(sleep=copy.pause, monotonic=time.monotonic)
    )
    target.parent.mkdir()
    # Set once the watcher reports a change in the copy's folder: it watches it then.
    probe = target.parent / ".probe"  # hidden: never handed over
    watching = noticing_probe(monkeypatch, probe)
    calls: list[list] = []
    periods: list[list[str]] = []
    handled = threading.Event()

    def on_files(paths):
        calls.append(paths)
        periods.append(take_in(month))
        handled.set()

    stop = threading.Event()
    watcher = threading.Thread(
        target=watch_drop_zone, args=(month.drop_zone, on_files, QUIET, stop)
    )
    watcher.start()
    try:
        deadline = time.monotonic() + 120
        touches = 0
        while not watching.wait(0.1):  # until the watcher sees the folder change
            assert time.monotonic() < deadline, "the watcher never started"
            touches += 1
            probe.write_text(str(touches))  # a change each time (its size, its bytes)
        copy.begin()
        assert handled.wait(120), "the file was never handed over"
        feedback = month.outputs / PERIOD / "feedback" / "AG-C_AREA-1_2026-11.xlsx"
        assert feedback.exists()
        # The events of the copy's later chunks arrive again: the watcher looks once more,
        # and hands nothing over (the file is as it was handed over).
        watching.clear()
        while not watching.wait(0.1):
            assert time.monotonic() < deadline, "the watcher stopped watching"
            touches += 1
            probe.write_text(f"after {touches}")
    finally:
        stop.set()
        watcher.join(10)
    assert calls == [[target]]  # handed over once, after the copy ended
    assert periods == [[PERIOD]]
    history = open_ledger(month).history("AG-C")["files"]
    assert [(f["path"], f["accepted"]) for f in history] == [("slow/c.xlsx", True)]
    assert history[0]["sha256"] == hashlib.sha256(content).hexdigest()  # the whole file


def noticing_probe(monkeypatch, probe: Path) -> threading.Event:
    """An event set whenever the watcher sees a change to `probe` (a hidden file, never
    handed over): how a test knows the watcher is watching its folder."""
    seen = threading.Event()
    real_in_drop_zone = watch.in_drop_zone

    def noticing(path: Path, drop_zone: Path) -> bool:
        if path.name == probe.name:
            seen.set()
        return real_in_drop_zone(path, drop_zone)

    monkeypatch.setattr(watch, "in_drop_zone", noticing)
    return seen
