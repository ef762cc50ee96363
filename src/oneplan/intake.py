"""Finding the files in the drop zone and establishing when each was received.

A file's received time is its modification time, or the time oneplan first saw it if
that is earlier (a clock set in the future never wins for ever). Files are identified by
the SHA-256 of their bytes: a byte-identical copy is the same submission.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FoundFile:
    path: Path
    rel_path: str  # relative to the drop zone, with '/'
    sha256: str
    size: int
    modified_at: dt.datetime  # UTC
    settled: bool = True  # False when the file changed while it was being read


@dataclass(frozen=True, kw_only=True)
class ReceivedFile(FoundFile):
    first_seen_at: dt.datetime  # UTC, from the ledger
    # `path` is the archive's copy, whose bytes must still be those of `sha256` when read
    # (else the state folder is damaged: `oneplan.archive.ArchiveDamaged`).
    archived: bool = False

    @property
    def received_at(self) -> dt.datetime:
        return min(self.modified_at, self.first_seen_at)


@dataclass(frozen=True)
class DropZone:
    files: list[FoundFile]
    ignored: list[str]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def is_ignored(path: Path) -> bool:
    """Excel lock files (`~$…`) and hidden files are ignored silently."""
    return path.name.startswith(("~$", "."))


def _hidden(path: Path, root: Path) -> bool:
    return any(is_ignored(Path(part)) for part in path.relative_to(root).parts)


def candidate_files(drop_zone: Path) -> Iterator[Path]:
    """The files a scan of the drop zone fingerprints (lock and hidden files and folders
    apart), found by name alone and in no set order: for counting them cheaply."""
    for folder, subfolders, names in os.walk(drop_zone):
        subfolders[:] = [name for name in subfolders if not is_ignored(Path(name))]
        yield from (Path(folder, name) for name in names if not is_ignored(Path(name)))


def scan_drop_zone(drop_zone: Path) -> DropZone:
    """Every file under the drop zone (sub-folders included), lock and hidden files apart."""
    files: list[FoundFile] = []
    ignored: list[str] = []
    if not drop_zone.is_dir():
        return DropZone(files, ignored)
    for path in sorted(drop_zone.rglob("*")):
        if not path.is_file():
            continue
        rel_path = path.relative_to(drop_zone).as_posix()
        if _hidden(path, drop_zone):
            ignored.append(rel_path)
            continue
        try:
            files.append(fingerprint(path, rel_path))
        except FileNotFoundError:  # moved away while the folder was read: not here any more
            continue
        except OSError as error:  # unreadable now (permissions, a sync client): next run
            log.warning(
                "cannot read %s now (%s); it will be tried again at the next run", rel_path, error
            )
    return DropZone(files, ignored)


def fingerprint(path: Path, rel_path: str) -> FoundFile:
    """Hash a file, noticing whether it changed meanwhile (a copy still in progress)."""
    before = path.stat()
    digest = sha256_of(path)
    after = path.stat()
    return FoundFile(
        path=path,
        rel_path=rel_path,
        sha256=digest,
        size=after.st_size,
        modified_at=dt.datetime.fromtimestamp(after.st_mtime, dt.UTC),
        settled=(before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns),
    )


def unrecorded(file: FoundFile, now: dt.datetime) -> ReceivedFile:
    """A file looked at without being received (`oneplan validate` records nothing)."""
    return ReceivedFile(**vars(file), first_seen_at=now)
