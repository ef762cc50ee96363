"""Reading the drop zone: only its own regular files (a link is never followed), and only
once they have settled (a copy still in progress is left for a later run), by every path
that reads it: a run, an upload's run, intake, the watcher."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import subprocess
import sys
import threading
import time
import types
from pathlib import Path

import pytest

from oneplan.ledger import open_ledger
from oneplan.month import ingest
from oneplan.month.intake import take_in
from oneplan.month.run import run_month
from oneplan.receive import drop_zone as intake
from oneplan.receive.archive import Archive
from oneplan.receive.drop_zone import candidate_files, in_drop_zone, scan_drop_zone
from tests.builders import line, write_submission
from tests.conftest import PERIOD
from tests.web_support import client, link, upload

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def archived(settings) -> list[bytes]:
    return [p.read_bytes() for p in settings.archive_dir.rglob("*") if p.is_file()]


def status(result, agency: str) -> str:
    return result.reconciliation.agencies.set_index("agency_code").loc[agency, "status"]


@pytest.fixture
def outside(tmp_path) -> Path:
    """A valid workbook of AG-C, outside the drop zone, in a folder of its own."""
    return write_submission(
        tmp_path / "elsewhere" / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5_000, "KS-02")]
    )


# --- links ---------------------------------------------------------------------------------


def test_links_out_of_the_drop_zone_are_neither_read_nor_archived_nor_counted(month, outside):
    drop = month.drop_zone
    (drop / "passwd_link.xlsx").symlink_to("/etc/passwd")
    (drop / "c_link.xlsx").symlink_to(outside)
    (drop / "linked_folder").symlink_to(outside.parent, target_is_directory=True)
    (drop / "a_again.xlsx").symlink_to(drop / "a.xlsx")  # inside: not followed either
    result = run_month(month, PERIOD, NOW)
    assert result.summary["files"] == {"received": 2, "accepted": 2, "rejected": 0, "ignored": 0}
    elsewhere = outside.parent.resolve()
    assert {entry.rel_path: entry.reason for entry in result.intake.set_aside} == {
        "a_again.xlsx": "a link to a.xlsx in the drop zone (not followed: read under its own name)",
        "c_link.xlsx": f"a link to {elsewhere / 'c.xlsx'}, outside the drop zone (never read)",
        "linked_folder": f"a link to {elsewhere}, outside the drop zone (never read)",
        "passwd_link.xlsx": "a link to /etc/passwd, outside the drop zone (never read)",
    }
    assert Path("/etc/passwd").read_bytes() not in archived(month)
    assert outside.read_bytes() not in archived(month)
    assert sorted(open_ledger(month).first_paths().values()) == ["a.xlsx", "b/b.xlsx"]
    assert status(result, "AG-C") == "missing"
    assert not [i for i in result.issues if i.code == "duplicate_file"]  # a.xlsx counted once


def test_every_reading_of_the_drop_zone_leaves_links_out(month, outside):
    drop = month.drop_zone
    (drop / "c_link.xlsx").symlink_to(outside)
    (drop / "linked_folder").symlink_to(outside.parent, target_is_directory=True)
    (drop / ".hidden.xlsx").write_bytes(b"hidden")
    # what decides whether helpers start, and what the watcher hands over
    assert sorted(p.relative_to(drop).as_posix() for p in candidate_files(drop)) == [
        "a.xlsx",
        "b/b.xlsx",
    ]
    assert in_drop_zone(drop / "a.xlsx", drop) and in_drop_zone(drop / "b" / "b.xlsx", drop)
    for path in ("c_link.xlsx", "linked_folder/c.xlsx", ".hidden.xlsx", "missing.xlsx"):
        assert not in_drop_zone(drop / path, drop), path
    assert take_in(month) == [PERIOD]  # intake
    assert sorted(open_ledger(month).first_paths().values()) == ["a.xlsx", "b/b.xlsx"]


def test_a_file_made_a_link_after_it_was_found_is_not_archived(month, tmp_path):
    """The name is swapped for a link to the same bytes outside, between the reading and the
    archiving: the archive opens the very file found, or nothing."""
    drop = month.drop_zone
    zone = scan_drop_zone(drop)
    twin = tmp_path / "elsewhere" / "a.xlsx"
    twin.parent.mkdir()
    twin.write_bytes((drop / "a.xlsx").read_bytes())
    (drop / "swap").symlink_to(twin)
    os.replace(drop / "swap", drop / "a.xlsx")
    stored, changed = Archive(month.archive_dir).store_each(zone.files)
    assert [f.rel_path for f in changed] == ["a.xlsx"]
    assert sorted(stored) == [hashlib.sha256((drop / "b" / "b.xlsx").read_bytes()).hexdigest()]


# --- files still arriving ------------------------------------------------------------------


AHEAD_NS = 86_400 * 10**9  # the share's clock is a day ahead of ours


class SlowCopy(threading.Thread):
    """A copy over a slow share: half the file at once, then a byte at a time, the file's
    time moving all along, until told to finish (then the rest at once, with the time of
    its end). The share's clock is ahead of ours, so no reading takes the file for settled
    by its age; and a reading in this process that looks again (after a pause) finds it
    changed, as the copy writes a byte during each pause (`quick` makes the readings'
    pauses do so): the copy never looks still, however slow the machine. (The copy's own
    thread goes on too, for readings in other processes.)"""

    active: set[SlowCopy] = set()

    def __init__(self, content: bytes, target: Path):
        super().__init__(daemon=True)
        self.content, self.target = content, target
        self.started, self.finish = threading.Event(), threading.Event()
        self.lock = threading.Lock()
        self.position = len(content) // 2
        self.out = None

    def run(self) -> None:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        with self.lock:
            self.out = self.target.open("wb")
            self._write(self.content[: self.position])
        self.started.set()
        while not self.finish.wait(0.02):
            self.step()
        with self.lock:
            self.out.write(self.content[self.position :])
            self.out.close()
            os.utime(self.target)  # the copy's end, by our clock

    def step(self) -> None:
        """The copy goes on: one more byte (or, the last byte kept back, a new time)."""
        with self.lock:
            if self.out is None or self.out.closed:
                return
            if self.position < len(self.content) - 1:
                self._write(self.content[self.position : self.position + 1])
                self.position += 1
            else:
                self._write(b"")

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.out.flush()
        moment = time.time_ns() + AHEAD_NS + self.position  # moves with every step
        os.utime(self.target, ns=(moment, moment))

    def __enter__(self) -> SlowCopy:
        self.start()
        assert self.started.wait(60)
        SlowCopy.active.add(self)
        return self

    def __exit__(self, *exc) -> None:
        SlowCopy.active.discard(self)
        self.finish.set()
        self.join(60)


def _pause_while_copies_go_on(seconds: float) -> None:
    for copy in list(SlowCopy.active):
        copy.step()
    time.sleep(seconds)


@pytest.fixture
def quick(monkeypatch):
    """A short quiet period (half a second), and runs that wait two of them at most; a
    reading's pause sees each slow copy go on (`SlowCopy`)."""
    monkeypatch.setattr(ingest, "PATIENCE_IN_QUIET_PERIODS", 2)
    clock = types.SimpleNamespace(
        time=time.time, monotonic=time.monotonic, sleep=_pause_while_copies_go_on
    )
    monkeypatch.setattr(intake, "time", clock)
    return lambda settings: dataclasses.replace(settings, intake_quiet_seconds=0.5)


def test_a_run_during_a_slow_copy_leaves_the_file_and_counts_it_whole_once_it_settled(
    month, quick, outside
):
    month = quick(month)
    content = outside.read_bytes()
    with SlowCopy(content, month.drop_zone / "slow" / "c.xlsx"):
        result = run_month(month, PERIOD, NOW)
    assert result.intake.arriving == ["slow/c.xlsx"]
    assert result.summary["files"]["received"] == 2  # not a rejected file: not received
    assert status(result, "AG-C") == "missing"
    assert not [i for i in result.issues if i.source_file == "slow/c.xlsx"]
    assert sorted(open_ledger(month).first_paths().values()) == ["a.xlsx", "b/b.xlsx"]
    assert not [data for data in archived(month) if content.startswith(data)]  # no part of it
    result = run_month(month, PERIOD, NOW)  # the copy has ended; settled within the wait
    assert result.intake.arriving == []
    assert result.summary["files"] == {"received": 3, "accepted": 3, "rejected": 0, "ignored": 0}
    assert status(result, "AG-C") == "submitted"
    sha = hashlib.sha256(content).hexdigest()
    assert open_ledger(month).first_paths()[sha] == "slow/c.xlsx"


def test_an_uploads_run_during_a_slow_copy_leaves_the_file_for_later(
    web_month, quick, tmp_path, outside
):
    settings = quick(web_month)
    web = client(settings)  # the upload's run runs for real, in the background
    corrected = write_submission(
        tmp_path / "b2.xlsx", "AG-B", "AREA-1", PERIOD, [line(1, 90_000, "KS-01")]
    ).read_bytes()
    with SlowCopy(corrected, settings.drop_zone / "slow" / "b2.xlsx"):
        page = upload(web, link(settings, "AG-C"), outside)
        web.app.state.web.runs.wait()
    assert 'class="card result accepted"' in page.text
    paths = sorted(open_ledger(settings).first_paths().values())
    assert [p for p in paths if not p.startswith("web/")] == ["a.xlsx", "b/b.xlsx"]
    assert not [data for data in archived(settings) if corrected.startswith(data)]
    summary = (settings.outputs / PERIOD / "summary.json").read_text()
    assert '"received": 3' in summary  # a, b and the upload; the copy was still arriving
    result = run_month(settings, PERIOD, NOW)  # once settled, the whole file counts
    assert result.summary["files"]["received"] == 4
    assert result.reconciliation.agencies.set_index("agency_code").loc["AG-B", "status"] == (
        "resubmitted"
    )
    assert open_ledger(settings).first_paths()[hashlib.sha256(corrected).hexdigest()] == (
        "slow/b2.xlsx"
    )


def test_the_run_command_lists_links_ignored_and_files_still_arriving(month, outside):
    drop = month.drop_zone
    (drop / "passwd_link.xlsx").symlink_to("/etc/passwd")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEPLAN_")}
    env["ONEPLAN_INTAKE_QUIET_SECONDS"] = "0.5"
    env["ONEPLAN_LANG"] = "en"  # the run's account in English
    folders = [f"--{name}={getattr(month, name)}" for name in ("inputs", "outputs", "state")]
    with SlowCopy(outside.read_bytes(), drop / "slow" / "c.xlsx"):
        completed = subprocess.run(
            [str(Path(sys.executable).with_name("oneplan")), "run", "--period", PERIOD, *folders],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    out = completed.stdout
    assert "Files of 2026-11: 2 received, 2 accepted, 0 rejected, 0 ignored" in out
    assert "ignored passwd_link.xlsx: a link to /etc/passwd, outside the drop zone" in out
    assert "still arriving slow/c.xlsx: left for the next run (not received yet" in out
