"""Reading `.xls` and `.ods` workbooks in a child process, within memory and time limits.

python-calamine's readers of these formats parse every sheet as the workbook opens, and a
damaged file can make them panic or ask for more memory than exists, which aborts the
process (a fuzzed `.xls` did both). The guard refuses what it can see
(`oneplan.read.xls_guard`, `oneplan.read.ods_guard`); what it cannot is kept from harming
the run by reading such workbooks in a process of their own
(`oneplan.read.reading_child`):

- on Linux, the child may use at most `Limits.max_reader_memory_bytes` more memory than it
  started with, and bounded CPU time (a child outliving a killed run ends by itself);
- it may send back no more cells than the guard counted (at least `CELLS_ALWAYS_ALLOWED`):
  what the run holds of a workbook is bounded by the guard's count;
- it is stopped when one workbook takes longer than `Limits.max_read_seconds`.

What ends the child while it reads a workbook is told apart. The workbook's doing — an
abort or a crash signal (a failed allocation, a panic gone wrong), or the time limit — is
its rejection, `file_reader_stopped`, read again at the next run (never kept as the file's
reading: `oneplan.month.readings`), and a new child reads the workbooks after it. Anything
else — a child that cannot start or load python-calamine, one killed or stopped by the
system — is the machine's: `ReaderUnavailable` is raised and nothing is recorded of the
file.

One child reads the workbooks of a chunk one after the other
(`oneplan.read.submission.read_in_chunks`), so that starting it (a twentieth of a second)
is paid once. It answers in JSON, never in a pickle: what a damaged file might make of the
child is data, not code, to the run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass

from oneplan.read.limits import Limits, UnreadableWorkbook
from oneplan.read.reading_child import HEADER_BYTES, READY, untagged

log = logging.getLogger(__name__)

# What a workbook may always send back, whatever the guard counted: a workbook's cells are
# few (a form of fifty lines is about a thousand), and a guard that counts a few too few
# must not refuse it.
CELLS_ALWAYS_ALLOWED = 65_536
STARTING_SECONDS = 60  # for the child to start and load python-calamine
# How a child ends when the workbook it reads made it: an abort (a failed allocation), a
# crash; `RLIMIT_CPU` (SIGXCPU) when a workbook keeps it busy past its CPU time.
_THE_FILES_DOING = {signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGFPE}
if hasattr(signal, "SIGXCPU"):
    _THE_FILES_DOING.add(signal.SIGXCPU)


class ReaderUnavailable(RuntimeError):
    """The child that reads .xls and .ods workbooks could not do its work, through no
    fault of a workbook: a broken environment, never a file's rejection."""


@dataclass(frozen=True)
class ReadSheet:
    """One sheet as the child read it: its values from A1, and its merged cells."""

    name: str
    visible: bool
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]]


@dataclass(frozen=True)
class ToRead:
    """A workbook for the child: its bytes, and the cells the guard counted in it."""

    content: bytes
    cells: int


ChildReading = list[ReadSheet] | UnreadableWorkbook


def read_in_child(workbook: ToRead, limits: Limits) -> list[ReadSheet]:
    """Every sheet of one workbook; raises `UnreadableWorkbook` when it is refused."""
    (outcome,) = read_all_in_child([workbook], limits)
    if isinstance(outcome, UnreadableWorkbook):
        raise outcome
    return outcome


def read_all_in_child(workbooks: list[ToRead], limits: Limits) -> list[ChildReading]:
    """Each workbook's sheets, or why it is refused, in order: those read last in this
    process as they were (`RecentlyRead`), the others by as few children as they allow
    (one, unless one of them ends a child)."""
    outcomes: dict[int, ChildReading] = {}
    for at, workbook in enumerate(workbooks):
        if (sheets := RECENTLY_READ.get(workbook.content)) is not None:
            outcomes[at] = sheets
    unread = [at for at in range(len(workbooks)) if at not in outcomes]
    read: list[ChildReading] = []
    while len(read) < len(unread):
        read += _one_child([workbooks[at] for at in unread[len(read) :]], limits)
    for at, outcome in zip(unread, read, strict=True):
        outcomes[at] = outcome
        if not isinstance(outcome, UnreadableWorkbook):
            RECENTLY_READ.put(workbooks[at].content, outcome)
    return [outcomes[at] for at in range(len(workbooks))]


class RecentlyRead:
    """The sheets of the workbooks a child read last in this process, by their bytes'
    hash, up to `RECENT_CELLS` cells: a feedback copy written just after its file was read
    (`oneplan.report.feedback_converted`, in the same batch) takes them instead of
    starting a child again. Each taker gets rows of its own."""

    def __init__(self, cells: int):
        self._cells_held = 0
        self._cells = cells
        self._sheets: OrderedDict[bytes, tuple[list[ReadSheet], int]] = OrderedDict()

    def get(self, content: bytes) -> list[ReadSheet] | None:
        found = self._sheets.get(hashlib.sha256(content).digest())
        if found is None:
            return None
        return [dataclasses.replace(s, rows=[list(row) for row in s.rows]) for s in found[0]]

    def put(self, content: bytes, sheets: list[ReadSheet]) -> None:
        cells = sum(len(row) for sheet in sheets for row in sheet.rows)
        key = hashlib.sha256(content).digest()
        if cells > self._cells or key in self._sheets:
            return
        self._sheets[key] = (sheets, cells)
        self._cells_held += cells
        while self._cells_held > self._cells:
            _, (_, dropped) = self._sheets.popitem(last=False)
            self._cells_held -= dropped


RECENT_CELLS = 500_000  # about 50 MB: a batch's worth of usual workbooks
RECENTLY_READ = RecentlyRead(RECENT_CELLS)


def _one_child(workbooks: list[ToRead], limits: Limits) -> list[ChildReading]:
    """What one child reads of `workbooks`: all of them, or those before the one that
    ended it, and that one refused (at least one outcome)."""
    cpu_seconds = STARTING_SECONDS + limits.max_read_seconds * len(workbooks)
    # -P: not the working folder first on the path (a folder named `oneplan` there must
    # not be imported in the package's place).
    command = [sys.executable, "-P", "-m", "oneplan.read.reading_child"]
    with tempfile.TemporaryFile() as errors:
        try:
            child = subprocess.Popen(
                [*command, str(limits.max_reader_memory_bytes), str(cpu_seconds)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
            )
        except OSError as exc:
            raise ReaderUnavailable(f"the .xls/.ods reader cannot start: {exc}") from exc
        lines: queue.Queue[bytes] = queue.Queue()
        threads = [
            threading.Thread(target=_feed, args=(child.stdin, workbooks, limits), daemon=True),
            threading.Thread(target=_collect, args=(child.stdout, lines), daemon=True),
        ]
        for thread in threads:
            thread.start()
        try:
            return _answers(child, lines, workbooks, limits, errors)
        finally:
            child.kill()  # done with, or stopped: it reads nothing more
            child.wait()
            for thread in threads:
                thread.join()


def _answers(child, lines: queue.Queue, workbooks, limits: Limits, errors) -> list[ChildReading]:
    if _next_line(lines, STARTING_SECONDS) != READY:
        child.kill()
        raise ReaderUnavailable(_what_it_said(child, errors, "did not start"))
    outcomes: list[ChildReading] = []
    for _ in workbooks:
        line = _next_line(lines, limits.max_read_seconds)
        if line is None:  # the time limit: the workbook's doing
            outcomes.append(_stopped(f"reading took longer than {limits.max_read_seconds} s"))
            return outcomes
        if not line:  # the child ended
            child.wait()
            if -child.returncode not in _THE_FILES_DOING:
                raise ReaderUnavailable(_what_it_said(child, errors, "stopped"))
            log.warning("%s", _what_it_said(child, errors, "stopped on a workbook"))
            outcomes.append(_stopped(f"the reader stopped on it ({_signal_name(child)})"))
            return outcomes
        outcomes.append(_outcome(json.loads(line, object_hook=untagged)))
    return outcomes


def _feed(stdin, workbooks: list[ToRead], limits: Limits) -> None:
    """Write the workbooks to the child (a thread: the child answers as it reads). When
    the child ends early, what it answered is read and the rest goes to a new one."""
    with contextlib.suppress(OSError), stdin:
        for workbook in workbooks:
            allowed = min(max(workbook.cells, CELLS_ALWAYS_ALLOWED), limits.max_cells)
            stdin.write(len(workbook.content).to_bytes(HEADER_BYTES, "little"))
            stdin.write(allowed.to_bytes(HEADER_BYTES, "little"))
            stdin.write(workbook.content)


def _collect(stdout, lines: queue.Queue) -> None:
    """Each line the child writes, without its newline; b"" when it ends (a thread: the
    parent waits for a line with a time limit, on every system)."""
    with stdout:
        for line in stdout:
            lines.put(line.rstrip(b"\n"))
    lines.put(b"")


def _next_line(lines: queue.Queue, seconds: float) -> bytes | None:
    try:
        return lines.get(timeout=seconds)
    except queue.Empty:
        return None


def _outcome(answer: dict) -> ChildReading:
    if "refused" in answer:
        return UnreadableWorkbook(answer["refused"], **answer["details"])
    return [
        ReadSheet(s["name"], s["visible"], s["rows"], [tuple(m) for m in s["merged"]])
        for s in answer["sheets"]
    ]


def _stopped(reason: str) -> UnreadableWorkbook:
    return UnreadableWorkbook("file_reader_stopped", reason=reason)


def _signal_name(child) -> str:
    try:
        return signal.Signals(-child.returncode).name
    except ValueError:
        return f"exit {child.returncode}"


def _what_it_said(child, errors, what: str) -> str:
    errors.seek(0)
    said = errors.read()[-2000:].decode("utf-8", "replace").strip()
    code = child.poll()
    return f"the .xls/.ods reader {what} (exit {code}): {said or 'it said nothing'}"
