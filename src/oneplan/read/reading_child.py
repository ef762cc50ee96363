"""The child process that reads `.xls` and `.ods` workbooks (`oneplan.read.isolated`).

Run as `python -m oneplan.read.reading_child <memory allowance>`. On its standard input,
workbooks one after the other, each as its length (8 bytes, little-endian) and its bytes;
on its standard output, one line of JSON for each, in order: its sheets (values tagged by
type where JSON has none) or why it was refused. It imports little, so that it starts in
a few hundredths of a second.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys

from oneplan.failpoints import checkpoint

LENGTH_BYTES = 8


def read_sheets(content: bytes) -> list[dict]:
    """Every sheet of the workbook in `content`, read by python-calamine: its name,
    whether it is visible, its values from A1 and its merged cells."""
    import python_calamine as calamine

    book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    sheets = []
    for metadata in book.sheets_metadata:
        raw = book.get_sheet_by_name(metadata.name)
        ranges = raw.merged_cell_ranges or []
        sheets.append(
            {
                "name": metadata.name,
                "visible": str(metadata.visible).rsplit(".", 1)[-1] == "Visible",
                "rows": raw.to_python(skip_empty_area=False),
                "merged": [[r0, c0, r1, c1] for (r0, c0), (r1, c1) in ranges],
            }
        )
    return sheets


def answer(content: bytes) -> dict:
    """The child's answer for one workbook: {"sheets": …}, or {"refused": code, "details": …}."""
    import python_calamine as calamine

    try:
        return {"sheets": read_sheets(content)}
    except calamine.PasswordError:
        return {"refused": "file_encrypted", "details": {"found": "xls/ods"}}
    except calamine.CalamineError as exc:
        return _corrupt(str(exc))
    except BaseException as exc:  # a panic of the parser (not an Exception): the file's
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return _corrupt(f"{type(exc).__name__}: {exc}")


def _corrupt(reason: str) -> dict:
    return {"refused": "file_unreadable", "details": {"reason": f"ไฟล์เสียหาย / corrupt: {reason}"}}


# Values other than text, numbers and booleans, tagged in the JSON.
_TYPES = {"datetime": dt.datetime, "date": dt.date, "time": dt.time}


def tagged(value: object) -> object:
    """A cell value JSON has no type for, as {"$": type, "v": text or seconds}."""
    if isinstance(value, dt.timedelta):
        return {"$": "timedelta", "v": value.total_seconds()}
    for tag, kind in _TYPES.items():  # datetime before date: a datetime is a date too
        if isinstance(value, kind):
            return {"$": tag, "v": value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not a cell value")


def untagged(document: dict) -> object:
    """`tagged` undone (a `json.loads` object hook)."""
    tag = document.get("$")
    if tag is None:
        return document
    if tag == "timedelta":
        return dt.timedelta(seconds=document["v"])
    return _TYPES[tag].fromisoformat(document["v"])


def limit_memory(allowance: int) -> None:
    """At most `allowance` bytes more address space than the process has now (Linux)."""
    try:
        import resource

        with open("/proc/self/statm") as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return  # no way to tell or to limit: the parent's time limit still holds
    resource.setrlimit(resource.RLIMIT_AS, (in_use + allowance, in_use + allowance))


def main() -> None:
    limit_memory(int(sys.argv[1]))
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while length := source.read(LENGTH_BYTES):
        content = source.read(int.from_bytes(length, "little"))
        checkpoint("reading_child")
        line = json.dumps(answer(content), default=tagged, ensure_ascii=False)
        sink.write(line.encode() + b"\n")
        sink.flush()


if __name__ == "__main__":
    main()
