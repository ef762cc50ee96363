"""A file's reading kept in the ledger: what a run learned about a file on its own, as
plain data, and the key under which it may be used again.

A reading is the checked `Submission` without its `ReceivedFile`: the identity, the info
values, the lines column by column, the file's own issues and whether it was opened. It
depends on the file's bytes (its SHA-256), the plan, the registry and oneplan's code of
reading and checking, and on nothing else: issues that depend on other files (copies,
superseding, a zero-line file replacing a full one, the change since the previous period)
are made afresh by every run, outside it. The ledger keeps it under `ReadingKey` (the
plan's and registry's versions and `READING_VERSION`); while none of them changes, a run
takes the file's reading from there instead of reading the archived copy again.

Kept as zlib-compressed JSON of plain fields (text, numbers, booleans, lists; dates as ISO
text, tagged): loading it runs no code. A reading whose values are not all plain is not
kept (`NotPlain`): its file is read every run, as before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import zlib
from dataclasses import dataclass
from decimal import Decimal

from oneplan.check.columns import ParsedTable
from oneplan.check.submission import Submission
from oneplan.issues import Issue
from oneplan.receive.files import ReceivedFile
from oneplan.values.quantities import Quantity

log = logging.getLogger(__name__)

# Bump when reading or checking a submission changes what a file gives (its identity,
# lines or own issues, a message's words): every kept reading is then read again once.
READING_VERSION = 3  # 2: the lines' results (#29); 3: .xls and .ods read (#30)

_FORMAT = 1  # the layout of the JSON below, checked when a reading is loaded


@dataclass(frozen=True)
class ReadingKey:
    """What a kept reading depends on besides the file's bytes."""

    plan_version: str  # SHA-256 of the plan files' paths and hashes
    registry_version: str  # SHA-256 of the registry file's path and hash
    reading_version: int = READING_VERSION


def reading_key(plan_files: list[str], registry_file: str, versions: dict[str, str]) -> ReadingKey:
    """The key of readings made against this plan and registry; `versions` gives the hash
    of each file by its path (`Intake.reference_versions`)."""
    return ReadingKey(
        _version_of({path: versions[path] for path in plan_files}),
        _version_of({registry_file: versions[registry_file]}),
    )


def _version_of(files: dict[str, str]) -> str:
    text = json.dumps(sorted(files.items()), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


class NotPlain(TypeError):
    """A reading holds a value that is not plain data: it is not kept."""


def kept_form(submission: Submission) -> bytes:
    """The reading of `submission` as kept (raises `NotPlain` for a value it cannot keep)."""
    lines = submission.lines
    document = {
        "format": _FORMAT,
        "source_file": submission.rel_path,
        "agency_code": submission.agency_code,
        "area_code": submission.area_code,
        "period": submission.period,
        "agency_known": submission.agency_known,
        "area_known": submission.area_known,
        "info": submission.info,
        "opened": submission.opened,
        "issues": [_issue(i) for i in submission.issues],
        "lines": None if lines is None else _table(lines),
    }
    return zlib.compress(json.dumps(document, ensure_ascii=False).encode(), 6)


# Issues after which a file is read again at the next run, never kept as its reading: a
# failure of oneplan's own, and the .xls/.ods reader stopping on it (memory or time that
# another run may have).
READ_AGAIN = frozenset({"internal_error", "file_reader_stopped"})


def read_again(submission: Submission) -> bool:
    """Whether the next run must read this file again rather than take its reading."""
    return not submission.file.settled or any(i.code in READ_AGAIN for i in submission.issues)


def readings_to_keep(read: list[Submission]) -> dict[str, bytes]:
    """The kept form of each reading of `read` worth keeping, by its file's hash: a file
    read whole (settled) that is not to be read again (`read_again`: oneplan failed on it,
    or the .xls/.ods reader stopped), whose values are plain (`NotPlain`: logged, and read
    every run)."""
    to_keep = {}
    for submission in read:
        if read_again(submission):
            continue
        try:
            to_keep[submission.file.sha256] = kept_form(submission)
        except NotPlain as reason:
            log.warning("the reading of %s is not kept: %s", submission.rel_path, reason)
    return to_keep


def reading_of(kept: bytes, file: ReceivedFile) -> Submission | None:
    """The submission `file` gave when its reading was kept; None if the reading is not
    one of this file or not in this layout (it is then read again)."""
    document = json.loads(zlib.decompress(kept))
    if document.get("format") != _FORMAT or document["source_file"] != file.rel_path:
        return None
    lines = document["lines"]
    return Submission(
        file=file,
        agency_code=document["agency_code"],
        area_code=document["area_code"],
        period=document["period"],
        agency_known=document["agency_known"],
        area_known=document["area_known"],
        info=document["info"],
        lines=None if lines is None else _parsed_table(lines),
        issues=[_issue_from(i) for i in document["issues"]],
        opened=document["opened"],
    )


_ISSUE_FIELDS = (
    "source_file",
    "severity",
    "code",
    "message_th",
    "message_en",
    "sheet",
    "cell",
    "row",
    "column",
    "agency_code",
    "area_code",
    "whole_file",
)


def _issue(issue: Issue) -> list:
    context = issue.context
    if not all(type(k) is str and type(v) is str for k, v in context.items()):
        raise NotPlain(f"the context of the issue {issue.code} is not text")
    return [*(getattr(issue, name) for name in _ISSUE_FIELDS), context]


def _issue_from(values: list) -> Issue:
    *fields, context = values
    return Issue(**dict(zip(_ISSUE_FIELDS, fields, strict=True)), context=context)


def _table(table: ParsedTable) -> dict:
    return {
        "source_file": table.source_file,
        "sheet": table.sheet,
        "letters": table.letters,
        "numbers": table.numbers,
        "columns": {name: _column(name, values) for name, values in table.columns.items()},
        "issues": [[row, [_issue(i) for i in found]] for row, found in table.issues.items()],
        "errors": table.errors,
    }


def _parsed_table(document: dict) -> ParsedTable:
    return ParsedTable(
        source_file=document["source_file"],
        sheet=document["sheet"],
        letters=document["letters"],
        numbers=document["numbers"],
        columns={name: _column_from(kept) for name, kept in document["columns"].items()},
        issues={row: [_issue_from(i) for i in found] for row, found in document["issues"]},
        errors=document["errors"],
    )


_PLAIN = {type(None), bool, int, str}


def _column(name: str, values: list) -> list | dict:
    """A column of typed values as JSON: plain values as they are, a column of dates (of
    decimals, of lists of text) tagged, anything else `NotPlain`."""
    kinds = set(map(type, values))
    if kinds <= _PLAIN:
        return values
    if kinds <= {type(None), dt.date}:
        return {"dates": [None if v is None else v.isoformat() for v in values]}
    if kinds <= {type(None), Decimal, Quantity}:
        words = [getattr(v, "words", "") for v in values]
        return {"decimals": [None if v is None else str(v) for v in values], "words": words}
    if kinds <= {list} and all(type(x) is str for v in values for x in v):
        return {"lists": values}
    raise NotPlain(f"the column {name} holds {sorted(k.__name__ for k in kinds)}")


def _column_from(kept: list | dict) -> list:
    if isinstance(kept, list):
        return kept
    if "dates" in kept:
        return [None if v is None else dt.date.fromisoformat(v) for v in kept["dates"]]
    if "decimals" in kept:
        return [
            None if v is None else Quantity(v, words) if words else Decimal(v)
            for v, words in zip(kept["decimals"], kept["words"], strict=True)
        ]
    return kept["lists"]
