"""The child process that reads `.xls` and `.ods` workbooks (`oneplan.read.isolated`).

Run as `python -P -m oneplan.read.reading_child <memory allowance> <cpu seconds>`. It
limits its own memory and CPU time, loads python-calamine and says `ready` (a line): what
fails before that is the machine's, never a file's. Then, on its standard input, workbooks
one after the other, each as its length and the cells it may hold (8 bytes each,
little-endian) and its bytes; on its standard output, one line of JSON for each, in
order: its sheets (values tagged by type where JSON has none) or why it was refused. A
workbook whose sheets span more cells than it may hold is refused before its values are
taken: the guard counted fewer, so its structure misled the guard.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys

from oneplan.failpoints import checkpoint

HEADER_BYTES = 8  # each of a workbook's two numbers
READY = b"ready"


class TooManyCells(Exception):
    """The workbook's sheets span more cells than the guard counted."""


def read_sheets(content: bytes, cells_allowed: int) -> list[dict]:
    """Every sheet of the workbook in `content`, read by python-calamine: its name,
    whether it is visible, its values from A1 and its merged cells."""
    import python_calamine as calamine

    book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    sheets = [
        (metadata, book.get_sheet_by_name(metadata.name)) for metadata in book.sheets_metadata
    ]
    cells = sum(grid_cells(raw) for _, raw in sheets)
    if cells > cells_allowed:
        raise TooManyCells(f"the sheets span {cells:,} cells; the guard counted fewer")
    return [
        {
            "name": metadata.name,
            "visible": metadata.visible == calamine.SheetVisibleEnum.Visible,
            "rows": raw.to_python(skip_empty_area=False),
            "merged": [[r0, c0, r1, c1] for (r0, c0), (r1, c1) in raw.merged_cell_ranges or []],
        }
        for metadata, raw in sheets
    ]


def grid_cells(raw) -> int:
    """The cells of a sheet's grid as `to_python(skip_empty_area=False)` gives it: A1 to
    its last cell."""
    return 0 if raw.end is None else (raw.end[0] + 1) * (raw.end[1] + 1)


def answer(content: bytes, cells_allowed: int) -> dict:
    """The answer for one workbook: {"sheets": …}, or {"refused": code, "details": …}."""
    import python_calamine as calamine

    try:
        return {"sheets": read_sheets(content, cells_allowed)}
    except calamine.PasswordError:
        return {"refused": "file_encrypted", "details": {"found": "xls/ods"}}
    except TooManyCells as exc:
        return {"refused": "file_bomb", "details": {"reason": str(exc)}}
    except calamine.CalamineError as exc:
        return _corrupt(str(exc))
    except MemoryError:
        return TOO_MUCH_MEMORY
    except BaseException as exc:  # a panic of the parser (not an Exception)
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return _corrupt(f"{type(exc).__name__}: {exc}")


TOO_MUCH_MEMORY = {
    "refused": "file_reader_stopped",
    "details": {"reason": "it needs more memory than the reader is allowed"},
}


def answer_line(content: bytes, cells_allowed: int) -> bytes:
    """The answer as the line the parent reads (its values' memory is the file's too)."""
    try:
        text = json.dumps(answer(content, cells_allowed), default=tagged, ensure_ascii=False)
        return text.encode() + b"\n"
    except MemoryError:
        return json.dumps(TOO_MUCH_MEMORY).encode() + b"\n"


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


def limit_resources(memory: int, cpu_seconds: int) -> None:
    """At most `memory` bytes more address space than the process has now, and
    `cpu_seconds` of CPU (a child left behind by a killed run ends by itself). Soft limits
    only, never above the hard ones: lowering them is always allowed. Where the system
    gives no way (no `resource`, no /proc), none is set: the parent's time limit holds."""
    try:
        import resource

        with open("/proc/self/statm") as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return
    for kind, wanted in ((resource.RLIMIT_AS, in_use + memory), (resource.RLIMIT_CPU, cpu_seconds)):
        _, hard = resource.getrlimit(kind)
        resource.setrlimit(
            kind, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard)
        )


def main() -> None:
    limit_resources(int(sys.argv[1]), int(sys.argv[2]))
    import python_calamine  # noqa: F401  (loaded before `ready`: failing to is the machine's)

    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sink.write(READY + b"\n")
    sink.flush()
    while header := source.read(2 * HEADER_BYTES):
        length = int.from_bytes(header[:HEADER_BYTES], "little")
        cells_allowed = int.from_bytes(header[HEADER_BYTES:], "little")
        content = source.read(length)
        checkpoint("reading_child")
        sink.write(answer_line(content, cells_allowed))
        sink.flush()


if __name__ == "__main__":
    main()
