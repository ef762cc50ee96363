"""The archive: every file received, byte for byte, by content hash; never deleted.

`state/archive/ab/abcdef…0123.xlsx` holds the file whose SHA-256 is `abcdef…0123`. A file
is copied in before anything else happens to it, through a temporary name and an atomic
rename once its bytes are on disk, so the archive never holds a partial file; storing the
same content again is a no-op. The drop zone is never touched.

The ledger names an archived file by its place in the archive (`ab/abcdef…0123.xlsx`,
`Archive.name_of`), never by a path of the machine: the state folder can be moved, copied
or restored anywhere, and used from any working folder. An archived copy that is missing,
unreadable or no longer the bytes of its hash is a damaged state folder (`ArchiveDamaged`):
a broken environment, never a bad submission.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from oneplan.receive.files import FoundFile, NotTheFileFound, open_found

# Files handled at once when many arrive: copying and syncing a file is mostly waiting for
# the disk, and the waits overlap.
FILES_AT_ONCE = 8
_ARCHIVED_NAME = re.compile(r"([0-9a-f]{64})(\.[^./]*)?")  # <sha256><suffix>
INCOMING = ".incoming-"  # the name of a copy on its way in starts so


class ArchiveDamaged(Exception):
    """An archived copy is missing, unreadable, or no longer the bytes of its hash: the
    state folder is damaged. A run stops (nothing written, nothing recorded as rejected)
    until it is restored. Plain arguments, so that it crosses process boundaries."""

    def __init__(self, path: str, problem: str):
        super().__init__(path, problem)
        self.path = path
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


class Archive:
    def __init__(self, root: Path):
        self.root = root
        self._folders: set[Path] = set()  # made (or found) by this archive already
        # Hashes whose copy this archive wrote and checked as it wrote it (this run): their
        # bytes need no second check when they are read.
        self.checked: set[str] = set()

    def remove_incoming(self) -> int:
        """Remove the temporary copies (`.incoming-*`) of a run killed while archiving; how
        many. Only under the run lock (`oneplan.runtime.runlock`): a live run's copies are its own."""
        removed = 0
        for temporary in self.root.glob(f"*/{INCOMING}*"):
            _discard(temporary)
            removed += 1
        return removed

    def files(self) -> Iterator[FoundFile]:
        """Every file the archive holds (`ab/<sha256><suffix>`), its temporaries apart."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("??/*")):
            match = _ARCHIVED_NAME.fullmatch(path.name)
            if match is None or path.parent.name != match.group(1)[:2] or not path.is_file():
                continue  # `.incoming-…` of a run under way, or nothing of the archive's
            stat = path.stat()
            yield FoundFile(
                path=path,
                rel_path=self.name_of(path),
                sha256=match.group(1),
                size=stat.st_size,
                modified_at=dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC),
            )

    def path_for(self, sha256: str, suffix: str) -> Path:
        return self.root / archive_name(sha256, suffix)

    def name_of(self, path: Path) -> str:
        """An archived file's name in the archive (`ab/abcdef….xlsx`): what the ledger keeps."""
        return path.relative_to(self.root).as_posix()

    def resolve(self, name: str) -> Path:
        """The file the archive holds under `name` (as `name_of` gave it)."""
        return self.root.joinpath(*name.split("/"))

    def store(self, source: Path, sha256: str) -> Path:
        """Copy `source` in (if not there yet) and return its archived path.

        The copy is hashed again: if the source changed since it was fingerprinted, nothing
        is archived under the wrong name (the caller sees a ValueError).
        """
        target = self.path_for(sha256, source.suffix)
        if target.exists():
            return target
        temporary = self._copy_in(source, sha256, target)
        try:
            sync_to_disk(temporary)
            _publish(temporary, target)
        finally:
            _discard(temporary)
        return target

    def store_each(self, found: list[FoundFile]) -> tuple[dict[str, Path], list[FoundFile]]:
        """Store every settled file of `found`: one copy per content, many at a time.

        Every copy is written first, then all are synced, then renamed into place: syncing
        files one after another, each sync waiting for the disk, is what makes ten thousand
        files slow (10 s here, against 2 s in these three steps).

        Returns the archived path of each content (by hash), and the files that changed or
        went while being copied, marked unsettled (a byte-identical copy may stand in).
        """
        copies: dict[str, list[FoundFile]] = defaultdict(list)
        for file in found:
            if file.settled:
                copies[file.sha256].append(file)
        # A content archived before (every file of a month's re-run but the new ones) is
        # known by one look at its place: only the others go through the copying threads.
        copied, to_copy = [], []
        for sha256, same in copies.items():
            target = self.path_for(sha256, same[0].path.suffix)
            if target.exists():
                copied.append((sha256, None, target, []))
            else:
                to_copy.append(same)
        with ThreadPoolExecutor(FILES_AT_ONCE) as pool:
            copied += pool.map(self._copy_first, to_copy)
            incoming = [(temporary, target) for _, temporary, target, _ in copied if temporary]
            published = 0
            try:
                list(pool.map(sync_to_disk, [temporary for temporary, _ in incoming]))
                for temporary, target in incoming:
                    _publish(temporary, target)
                    published += 1
            finally:
                for temporary, _ in incoming[published:]:
                    _discard(temporary)
        archived = {sha256: target for sha256, _, target, _ in copied if target}
        changed = [file for *_, failed in copied for file in failed]
        return archived, changed

    def _copy_first(
        self, copies: list[FoundFile]
    ) -> tuple[str, Path | None, Path | None, list[FoundFile]]:
        """The first of byte-identical `copies` that copies in whole: (its hash, its
        temporary copy or None if archived already, its archived path or None if every
        copy changed, the copies that changed before it)."""
        failed = []
        for file in copies:
            target = self.path_for(file.sha256, file.path.suffix)
            if target.exists():
                return file.sha256, None, target, failed
            try:
                return file.sha256, self._copy_in(file, file.sha256, target), target, failed
            except (ValueError, FileNotFoundError, NotTheFileFound):  # changed, gone, replaced
                failed.append(dataclasses.replace(file, settled=False))
        return copies[0].sha256, None, None, failed

    def _copy_in(self, source: Path | FoundFile, sha256: str, target: Path) -> Path:
        """A temporary copy of `source` beside `target`, checked against `sha256`. A file
        found in the drop zone is opened as the very file that was found (never a link).

        Copied through bare file descriptors: Python's file objects add a few system calls
        per file (size, position, terminal checks), which for ten thousand small files are
        most of the copying.
        """
        self._make_folder(target.parent)
        handle, temporary = tempfile.mkstemp(prefix=INCOMING, dir=target.parent)
        try:
            digest = hashlib.sha256()
            original = (
                open_found(source)
                if isinstance(source, FoundFile)
                else os.open(source, os.O_RDONLY)
            )
            try:
                while chunk := os.read(original, 1 << 20):
                    digest.update(chunk)
                    _write_all(handle, chunk)
            finally:
                os.close(original)
            if digest.hexdigest() != sha256:
                raise ValueError(f"{_name(source)} changed while it was archived")
        except BaseException:
            os.close(handle)
            _discard(Path(temporary))
            raise
        os.close(handle)
        self.checked.add(sha256)
        return Path(temporary)

    def _make_folder(self, folder: Path) -> None:
        if folder not in self._folders:
            folder.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)


def archive_name(sha256: str, suffix: str) -> str:
    """The name in the archive of the file with this hash and suffix."""
    return f"{sha256[:2]}/{sha256}{suffix.lower()}"


def check_archived_bytes(path: Path, sha256: str, content: bytes) -> None:
    """Raise ArchiveDamaged unless `content`, read from the archived copy `path`, is the
    bytes of `sha256` (hashed in memory: no second read)."""
    if hashlib.sha256(content).hexdigest() != sha256:
        raise ArchiveDamaged(str(path), "its bytes no longer match its SHA-256 (its name)")


def check_archived_file(path: Path, sha256: str) -> None:
    """Raise ArchiveDamaged unless the archived copy `path` can be read and is the bytes of
    `sha256`."""
    digest = hashlib.sha256()
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            while chunk := os.read(handle, 1 << 20):
                digest.update(chunk)
        finally:
            os.close(handle)
    except FileNotFoundError:
        raise ArchiveDamaged(str(path), "it is missing") from None
    except OSError as error:
        raise ArchiveDamaged(str(path), f"it cannot be read ({error.strerror})") from None
    if digest.hexdigest() != sha256:
        raise ArchiveDamaged(str(path), "its bytes no longer match its SHA-256 (its name)")


def _name(source: Path | FoundFile) -> str:
    return source.rel_path if isinstance(source, FoundFile) else str(source)


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


def sync_to_disk(path: Path) -> None:
    """Wait until the bytes of the file (or the entries of the folder) `path` are on disk."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _publish(temporary: Path, target: Path) -> None:
    os.chmod(temporary, 0o444)
    os.replace(temporary, target)


def _discard(temporary: Path) -> None:
    if temporary.exists():
        temporary.unlink()
