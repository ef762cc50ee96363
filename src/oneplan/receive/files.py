"""The files of the drop zone: a file found (`FoundFile`) and received (`ReceivedFile`),
its fingerprint (the SHA-256 of its bytes, its size, modification time and identity, and
whether it changed while it was read), and opening a found file again, checked to be the
very file that was found. How the drop zone is read, and when a file counts as settled:
`oneplan.receive.drop_zone`."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

# How a file is opened: never through a link, and never waiting on a pipe.
OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK


@dataclass(frozen=True)
class FoundFile:
    path: Path
    rel_path: str  # relative to the drop zone, with '/'
    sha256: str
    size: int
    modified_at: dt.datetime  # UTC
    settled: bool = True  # False when the file changed while it was being read
    seen_at: dt.datetime | None = None  # UTC, when its bytes were read (None: not known)
    identity: tuple[int, int] | None = None  # (device, inode) of the file that was read


@dataclass(frozen=True, kw_only=True)
class ReceivedFile(FoundFile):
    first_seen_at: dt.datetime  # UTC, from the ledger
    # `path` is the archive's copy, whose bytes must still be those of `sha256` when read
    # (else the state folder is damaged: `oneplan.receive.archive.ArchiveDamaged`).
    archived: bool = False
    received_seq: int = 0  # the ledger's order of receiving: breaks a tie of received times

    @property
    def received_at(self) -> dt.datetime:
        return min(self.modified_at, self.first_seen_at)

    @property
    def received_order(self) -> tuple[dt.datetime, int]:
        """What decides which of two files was received later."""
        return self.received_at, self.received_seq


class NotTheFileFound(OSError):
    """The name now holds another file than the one found (replaced, or made a link)."""


def sha256_of(path: Path) -> str:
    handle = os.open(path, os.O_RDONLY)
    try:
        return hash_open_file(handle)
    finally:
        os.close(handle)


def hash_open_file(handle: int) -> str:
    """The SHA-256 (hex) of the bytes of the file open as `handle`, from its current
    offset to its end, read a mebibyte at a time."""
    digest = hashlib.sha256()
    while chunk := os.read(handle, 1 << 20):
        digest.update(chunk)
    return digest.hexdigest()


def fingerprint(path: Path, rel_path: str) -> FoundFile:
    """Hash a file, noticing whether it changed meanwhile (a copy still in progress)."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        return _fingerprint(handle, path, rel_path)
    finally:
        os.close(handle)


def _fingerprint(handle: int, path: Path, rel_path: str) -> FoundFile:
    return reading(handle, path, rel_path)[0]


def reading(handle: int, path: Path, rel_path: str) -> tuple[FoundFile, tuple[int, int]]:
    """The file open as `handle`, hashed, with its `size_and_mtime` after the hashing."""
    before = os.fstat(handle)
    if not stat.S_ISREG(before.st_mode):
        raise NotTheFileFound(f"{rel_path} is not a regular file")
    digest = hash_open_file(handle)
    after = os.fstat(handle)
    found = FoundFile(
        path=path,
        rel_path=rel_path,
        sha256=digest,
        size=after.st_size,
        modified_at=_utc(after.st_mtime_ns),
        settled=size_and_mtime(before) == size_and_mtime(after),
        seen_at=dt.datetime.now(dt.UTC),
        identity=(after.st_dev, after.st_ino),
    )
    return found, size_and_mtime(after)


def open_found(file: FoundFile) -> int:
    """A read-only handle on `file`, checked to be the very file that was found."""
    try:
        handle = os.open(file.path, OPEN_FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP:  # the name was made a link
            raise NotTheFileFound(f"{file.rel_path} is a link now") from error
        raise
    try:
        info = os.fstat(handle)
        if file.identity is not None and (info.st_dev, info.st_ino) != file.identity:
            raise NotTheFileFound(f"{file.rel_path} is not the file that was found")
    except BaseException:
        os.close(handle)
        raise
    return handle


def unrecorded(file: FoundFile, now: dt.datetime) -> ReceivedFile:
    """A file looked at without being received (`oneplan validate` records nothing)."""
    return ReceivedFile(**vars(file), first_seen_at=now)


def _utc(nanoseconds: int) -> dt.datetime:
    """A file time in UTC, to the microsecond, exactly (no float rounding)."""
    seconds, rest = divmod(nanoseconds, 1_000_000_000)
    return dt.datetime.fromtimestamp(seconds, dt.UTC).replace(microsecond=rest // 1000)


def size_and_mtime(info: os.stat_result) -> tuple[int, int]:
    """A file's (size, modification time in nanoseconds): unchanged while it is still."""
    return info.st_size, info.st_mtime_ns
