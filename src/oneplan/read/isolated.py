"""Reading `.xls` and `.ods` workbooks in a child process, within memory and time limits.

python-calamine's readers of these formats parse every sheet as the workbook opens, and a
damaged file can make them panic or ask for more memory than exists, which aborts the
process (a fuzzed `.xls` did both). The guard refuses what it can see
(`oneplan.read.xls_guard`, `oneplan.read.ods_guard`); what it cannot is kept from harming
the run by reading such workbooks in a process of their own
(`oneplan.read.reading_child`):

- the child may use at most `Limits.max_reader_memory_bytes` more memory than it started
  with (an allocation beyond fails in the child, not in the run);
- it is stopped when one workbook takes longer than `Limits.max_read_seconds`;
- whatever ends it early (an abort, a signal, the time limit) is the rejection,
  `file_unreadable`, of the workbook it was reading, with the reason; the workbooks after
  it are read by a new child.

One child reads all the workbooks it is given, one after the other (a chunk of a month's
files: `oneplan.read.submission.read_in_chunks`), so that starting it (a tenth of a
second) is paid once. It answers in JSON, never in a pickle: what a damaged file might
make of the child is data, not code, to the run.
"""

from __future__ import annotations

import json
import logging
import os
import selectors
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

from oneplan.read.limits import Limits, UnreadableWorkbook
from oneplan.read.reading_child import LENGTH_BYTES, untagged

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadSheet:
    """One sheet as the child read it: its values from A1, and its merged cells."""

    name: str
    visible: bool
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]]


ReadOutcome = list[ReadSheet] | UnreadableWorkbook


def read_in_child(content: bytes, limits: Limits) -> list[ReadSheet]:
    """Every sheet of one workbook; raises `UnreadableWorkbook` when it is refused."""
    (outcome,) = read_all_in_child([content], limits)
    if isinstance(outcome, UnreadableWorkbook):
        raise outcome
    return outcome


def read_all_in_child(contents: list[bytes], limits: Limits) -> list[ReadOutcome]:
    """Each workbook's sheets, or why it is refused, in order: as few children as the
    workbooks allow (one, unless one of them ends a child)."""
    outcomes: list[ReadOutcome] = []
    while len(outcomes) < len(contents):
        outcomes += _one_child(contents[len(outcomes) :], limits)
    return outcomes


def _one_child(contents: list[bytes], limits: Limits) -> list[ReadOutcome]:
    """What one child reads of `contents`: all of them, or those before the one that
    ended it, and that one refused (at least one outcome)."""
    # -P: not the working folder first on the path (a folder named `oneplan` there must
    # not be imported in the package's place).
    command = [sys.executable, "-P", "-m", "oneplan.read.reading_child"]
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(
            [*command, str(limits.max_reader_memory_bytes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        feeder = threading.Thread(target=_feed, args=(child.stdin, contents), daemon=True)
        feeder.start()
        outcomes: list[ReadOutcome] = []
        ended = False
        try:
            for line in _lines(child.stdout, limits.max_read_seconds, len(contents)):
                if line is _TOO_SLOW:
                    outcomes.append(_too_slow(limits.max_read_seconds))
                    break
                if line is _ENDED:
                    ended = True
                    break
                outcomes.append(_outcome(json.loads(line, object_hook=untagged)))
        finally:
            child.kill()  # done with, or stopped: it reads nothing more
            child.wait()
            child.stdout.close()
            feeder.join()
        if ended:
            outcomes.append(_stopped(child.returncode, errors))
    return outcomes


def _feed(stdin, contents: list[bytes]) -> None:
    """Write the workbooks to the child (a thread: the child answers as it reads)."""
    try:
        for content in contents:
            stdin.write(len(content).to_bytes(LENGTH_BYTES, "little"))
            stdin.write(content)
        stdin.close()
    except OSError:  # the child ended: what it answered is read, the rest goes to a new one
        pass


_TOO_SLOW, _ENDED = object(), object()


def _lines(stdout, seconds: int, count: int):
    """The child's `count` answers, a line each, as they come; `_TOO_SLOW` (and no more)
    when one takes longer than `seconds`, `_ENDED` when the child ends before."""
    buffer = b""
    with selectors.DefaultSelector() as selector:
        selector.register(stdout, selectors.EVENT_READ)
        for _ in range(count):
            deadline = time.monotonic() + seconds
            while b"\n" not in buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    yield _TOO_SLOW
                    return
                chunk = os.read(stdout.fileno(), 1 << 20)
                if not chunk:
                    yield _ENDED
                    return
                buffer += chunk
            line, buffer = buffer.split(b"\n", 1)
            yield line


def _outcome(answer: dict) -> ReadOutcome:
    if "refused" in answer:
        return UnreadableWorkbook(answer["refused"], **answer["details"])
    return [
        ReadSheet(s["name"], s["visible"], s["rows"], [tuple(m) for m in s["merged"]])
        for s in answer["sheets"]
    ]


def _too_slow(seconds: int) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        "file_unreadable",
        reason=f"อ่านนานเกิน {seconds} วินาที / reading took longer than {seconds} s",
    )


def _stopped(exit_code: int | None, errors) -> UnreadableWorkbook:
    errors.seek(0)
    said = errors.read()[-2000:].decode("utf-8", "replace").strip()
    log.warning("the reader of .xls/.ods files stopped (exit %s): %s", exit_code, said)
    return UnreadableWorkbook(
        "file_unreadable",
        reason=f"โปรแกรมอ่านไฟล์หยุดทำงาน / the reader stopped (exit {exit_code})",
    )
