"""Reading an `.xls` or `.ods` workbook in a child process, within memory and time limits.

python-calamine's readers of these formats parse every sheet as the workbook opens, and a
damaged file can make them panic or ask for more memory than exists, which aborts the
process (a fuzzed `.xls` did both). The guard refuses what it can see
(`oneplan.read.xls_guard`, `oneplan.read.ods_guard`); what it cannot is kept from harming
the run by reading such a workbook in a process of its own
(`python -m oneplan.read.isolated`, the file's bytes on its standard input):

- the child may use at most `Limits.max_reader_memory_bytes` more memory than it started
  with (an allocation beyond fails in the child, not in the run);
- it is stopped after `Limits.max_read_seconds`;
- whatever ends it early (an abort, a signal, the time limit) is the file's rejection,
  `file_unreadable`, with the reason; a panic of the parser is too.

The child answers in JSON (values tagged by type, as kept readings are), never in a
pickle: what a damaged file might make of the child is data, not code, to the run. Its
sheets are then walked as an `.xlsx`'s are. A child costs about a tenth of a second:
these formats are the few.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass

from oneplan.failpoints import checkpoint
from oneplan.read.limits import Limits, UnreadableWorkbook


@dataclass(frozen=True)
class ReadSheet:
    """One sheet as the child read it: its values from A1, and its merged cells."""

    name: str
    visible: bool
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]]


def read_in_child(content: bytes, limits: Limits) -> list[ReadSheet]:
    """Every sheet of the workbook in `content`, read by python-calamine in a child
    process; raises `UnreadableWorkbook` when the child refuses the file or ends early."""
    command = [sys.executable, "-m", "oneplan.read.isolated", str(limits.max_reader_memory_bytes)]
    try:
        child = subprocess.run(
            command, input=content, capture_output=True, timeout=limits.max_read_seconds
        )
    except subprocess.TimeoutExpired:  # the child is killed by `run`
        seconds = limits.max_read_seconds
        raise UnreadableWorkbook(
            "file_unreadable",
            reason=f"อ่านนานเกิน {seconds} วินาที / reading took longer than {seconds} s",
        ) from None
    if child.returncode != 0 or not child.stdout:
        raise UnreadableWorkbook(
            "file_unreadable",
            reason=f"โปรแกรมอ่านไฟล์หยุดทำงาน / the reader stopped (exit {child.returncode})",
        )
    answer = json.loads(child.stdout, object_hook=_untagged)
    if "refused" in answer:
        raise UnreadableWorkbook(answer["refused"], **answer["details"])
    return [
        ReadSheet(s["name"], s["visible"], s["rows"], [tuple(m) for m in s["merged"]])
        for s in answer["sheets"]
    ]


def read_sheets(content: bytes) -> list[ReadSheet]:
    """Every sheet of the workbook in `content` (python-calamine, in this process)."""
    import python_calamine as calamine

    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheets = []
        for metadata in book.sheets_metadata:
            raw = book.get_sheet_by_name(metadata.name)
            merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (raw.merged_cell_ranges or [])]
            visible = str(metadata.visible).rsplit(".", 1)[-1] == "Visible"
            rows = raw.to_python(skip_empty_area=False)
            sheets.append(ReadSheet(metadata.name, visible, rows, merged))
        return sheets
    except calamine.PasswordError:
        raise UnreadableWorkbook("file_encrypted", found="xls/ods") from None
    except calamine.CalamineError as exc:
        raise UnreadableWorkbook("file_unreadable", reason=f"ไฟล์เสียหาย / corrupt: {exc}") from None


# Values other than text, numbers and booleans, tagged in the child's JSON.
_TAGS = {dt.datetime: "datetime", dt.date: "date", dt.time: "time"}


def _tagged(value: object) -> object:
    if isinstance(value, dt.timedelta):
        return {"$": "timedelta", "v": value.total_seconds()}
    for kind, tag in _TAGS.items():
        if isinstance(value, kind):
            return {"$": tag, "v": value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not a cell value")


def _untagged(document: dict) -> object:
    tag = document.get("$")
    if tag is None:
        return document
    if tag == "timedelta":
        return dt.timedelta(seconds=document["v"])
    return {"datetime": dt.datetime, "date": dt.date, "time": dt.time}[tag].fromisoformat(
        document["v"]
    )


def _answer(content: bytes) -> dict:
    try:
        sheets = read_sheets(content)
    except UnreadableWorkbook as refused:
        return {"refused": refused.code, "details": refused.details}
    except BaseException as exc:  # a panic of the parser (not an Exception): the file's
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        reason = f"ไฟล์เสียหาย / corrupt: {type(exc).__name__}: {exc}"
        return {"refused": "file_unreadable", "details": {"reason": reason}}
    return {"sheets": [s.__dict__ for s in sheets]}


def _limit_memory(allowance: int) -> None:
    """At most `allowance` bytes more address space than the process has now (Linux)."""
    try:
        import resource

        with open("/proc/self/statm") as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return  # no way to tell or to limit: the time limit still holds
    resource.setrlimit(resource.RLIMIT_AS, (in_use + allowance, in_use + allowance))


def main() -> None:
    """The child: the workbook's bytes on standard input, its sheets (or why not) in
    JSON on standard output."""
    _limit_memory(int(sys.argv[1]))
    checkpoint("reading_child")
    content = sys.stdin.buffer.read()
    answer = _answer(content)
    sys.stdout.buffer.write(json.dumps(answer, default=_tagged, ensure_ascii=False).encode())


if __name__ == "__main__":
    main()
