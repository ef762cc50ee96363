"""Intake: a file dropped into the drop zone is read once, whole, and its feedback appears."""

from __future__ import annotations

import threading
import time

from oneplan.pipeline import open_ledger, take_in
from oneplan.watch import watch_drop_zone
from tests.builders import line, write_submission
from tests.conftest import PERIOD


def test_a_file_written_slowly_is_read_once_whole_and_its_feedback_appears(month, tmp_path):
    content = write_submission(
        tmp_path / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, -5, "KS-01")]
    ).read_bytes()
    calls: list[list] = []
    periods: list[list[str]] = []

    def on_files(paths):
        calls.append(paths)
        periods.append(take_in(month))

    stop = threading.Event()
    watcher = threading.Thread(target=watch_drop_zone, args=(month.drop_zone, on_files, 1.0, stop))
    watcher.start()
    try:
        time.sleep(0.5)
        target = month.drop_zone / "slow" / "c.xlsx"
        target.parent.mkdir()
        with target.open("wb") as handle:  # a copy over a slow network share
            third = len(content) // 3
            for start in (0, third, 2 * third):
                handle.write(
                    content[start : start + third] if start < 2 * third else content[start:]
                )
                handle.flush()
                time.sleep(0.5)
        feedback = month.outputs / PERIOD / "feedback" / "AG-C_AREA-1_2026-11.xlsx"
        deadline = time.monotonic() + 30
        while not feedback.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert feedback.exists()
    finally:
        stop.set()
        watcher.join(10)
    assert calls == [[target]]  # handed over once, after the copy ended
    assert periods == [[PERIOD]]
    history = open_ledger(month).history("AG-C")["files"]
    assert [(f["path"], f["accepted"]) for f in history] == [("slow/c.xlsx", True)]
    import hashlib

    assert history[0]["sha256"] == hashlib.sha256(content).hexdigest()  # the whole file
