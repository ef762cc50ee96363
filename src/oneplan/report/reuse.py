"""Outputs kept while what goes into them is unchanged: a hash of each output's inputs,
recorded in the period folder, and the earlier file hard-linked instead of made again.

Every output of a period (a report, a feedback copy, a table, a workbook, summary.json) has
an inputs hash (`digest`), which names its content (two outputs of different content never
share one): a SHA-256 over a canonical serialisation of everything it is made
from (a report's whole context, its template's bytes and language; a feedback copy's source
hash and issues; a table's frame) and `OUTPUTS_VERSION`. The period folder records them in
`.inputs.json` (`MANIFEST`, hidden: it is bookkeeping, not an output), with each file's size
and modification time as written. The next run builds its new folder beside the old one as
before; an output whose inputs hash equals the old folder's record for the same name, and
whose old file is still the one recorded (same size and time: not replaced in place since,
as an intake's feedback copy is), is hard-linked from the old folder (`os.link`; a copy
where the file system has no links) instead of being made again. `--full` ignores the record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import hashlib
import json
import logging
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

from oneplan.atomic import written_whole
from oneplan.report.docx.pictures import Picture

log = logging.getLogger(__name__)

# Part of every inputs hash: raise it whenever what oneplan writes for the same inputs
# changes (a template variable, a workbook's format, a writer's output), so that a new
# release never keeps an output an old one made.
OUTPUTS_VERSION = "2026.1"
MANIFEST = ".inputs.json"


def digest(*parts: object) -> str:
    """The inputs hash of `parts`: SHA-256 of their canonical JSON (records by their
    fields, bytes by their hash, times in ISO form), with `OUTPUTS_VERSION`. A value of a
    type it does not know raises TypeError: an object is never hashed by its identity."""
    text = json.dumps(
        [OUTPUTS_VERSION, *parts],
        default=_plain,
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        allow_nan=True,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _plain(value: object) -> object:
    if isinstance(value, Picture):  # what it shows (not the rendering it is printed in)
        return {"~picture": [hashlib.sha256(value.blob).hexdigest(), int(value.width)]}
    if isinstance(value, SimpleNamespace):
        return {"~record": vars(value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            "~" + type(value).__name__: {
                f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.compare
            }
        }
    if isinstance(value, bytes | bytearray):
        return {"~bytes": hashlib.sha256(value).hexdigest()}
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return {"~time": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"~decimal": str(value)}
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    if value is pd.NA or value is pd.NaT:
        return {"~missing": str(value)}
    if isinstance(value, pd.DataFrame):
        return frame_digest(value)
    raise TypeError(f"no inputs hash for a {type(value).__name__}")


def frame_digest(frame: pd.DataFrame) -> str:
    """A frame's content and schema (columns, their types and values, in order)."""
    values = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    schema = [[str(column), str(dtype)] for column, dtype in frame.dtypes.items()]
    return digest("frame", schema, len(frame), hashlib.sha256(values.tobytes()).hexdigest())


@dataclasses.dataclass(frozen=True)
class Earlier:
    """The period folder a run replaces, and the inputs hashes it recorded (none: every
    output is made)."""

    folder: Path | None = None
    recorded: dict[str, list] = dataclasses.field(default_factory=dict)
    named: dict[str, str] = dataclasses.field(default_factory=dict)  # inputs hash -> name

    def reuse(self, name: str, inputs: str, target: Path) -> bool:
        """Hard-link to `target` the earlier file made from the same inputs, if it is
        still the file recorded: the earlier `name`, else the file of another name made
        from them (a feedback copy renamed when a later file of its agency came); whether
        one was."""
        if self.folder is None:
            return False
        for candidate in (name, self.named.get(inputs)):
            entry = self.recorded.get(candidate) if candidate else None
            if entry is None or entry[0] != inputs:
                continue
            source = self.folder / candidate
            try:
                found = source.stat()
            except OSError:
                continue
            if [found.st_size, found.st_mtime_ns] != entry[1:]:
                continue  # replaced in place since (an intake's feedback copy)
            link_or_copy(source, target)
            return True
        return False


def link_or_copy(source: Path, target: Path) -> None:
    """`target` a hard link to `source`, or a copy where the file system has no links."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def earlier_outputs(folder: Path, full: bool = False) -> Earlier:
    """What `folder` (the period's current outputs) recorded; nothing when `full`, when it
    has no record or one of another version of oneplan, or one that cannot be read."""
    if full:
        return Earlier()
    try:
        record = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if record.get("version") != OUTPUTS_VERSION:
            return Earlier()
        recorded = {
            str(name): [str(entry[0]), int(entry[1]), int(entry[2])]
            for name, entry in record["outputs"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return Earlier()
    return Earlier(folder, recorded, {entry[0]: name for name, entry in recorded.items()})


def record_outputs(
    folder: Path,
    inputs: dict[str, str],
    run_key: str | None = None,
    valid_until: dt.datetime | None = None,
) -> None:
    """Write `folder`'s record: each output's inputs hash, size and modification time
    (outputs that were not written, such as a copy that could not be made, are left out),
    the run key of everything the period was made from (`oneplan.month.unchanged`), when
    the run knows it, and the moment after which the outputs would say something else with
    nothing new (`valid_until`: a pending agency's deadline; none when no such moment)."""
    outputs = {}
    for name, hashed in sorted(inputs.items()):
        try:
            found = (folder / name).stat()
        except OSError:
            continue
        outputs[name] = [hashed, found.st_size, found.st_mtime_ns]
    with written_whole(folder / MANIFEST) as temporary:
        temporary.write_text(
            json.dumps(
                {
                    "version": OUTPUTS_VERSION,
                    "run_key": run_key,
                    "valid_until": valid_until.isoformat() if valid_until else None,
                    "outputs": outputs,
                },
                indent=0,
            )
            + "\n",
            encoding="utf-8",
        )


@dataclasses.dataclass(frozen=True)
class RecordedRun:
    """A period folder's record of the run that made it: its run key, its outputs and
    the moment until which they hold with nothing new (None: no such moment)."""

    folder: Path
    key: str
    outputs: dict[str, list]
    valid_until: dt.datetime | None = None

    def outputs_whole(self) -> bool:
        """Whether every output recorded is still there, as written (size and time)."""
        for name, entry in self.outputs.items():
            try:
                found = (self.folder / name).stat()
            except OSError:
                return False
            if [found.st_size, found.st_mtime_ns] != entry[1:]:
                return False
        return True


def recorded_run(folder: Path) -> RecordedRun | None:
    """The record of the run that made `folder`, if it has one of this version of oneplan
    with a run key."""
    try:
        record = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if record.get("version") != OUTPUTS_VERSION or not record.get("run_key"):
            return None
        until = record.get("valid_until")
        return RecordedRun(
            folder,
            str(record["run_key"]),
            dict(record["outputs"]),
            dt.datetime.fromisoformat(until) if until else None,
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def linked_or_made(earlier: Earlier, name: str, inputs: str, target: Path, make) -> bool:
    """`target` linked from the earlier outputs (`Earlier.reuse`), else made by `make()`;
    True when it was made."""
    if earlier.reuse(name, inputs, target):
        return False
    make()
    return True
