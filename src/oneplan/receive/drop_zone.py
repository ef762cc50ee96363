"""Finding the files in the drop zone and establishing when each was received.

Only the drop zone's own regular files are read: a link (to a file or a folder) is never
followed, and is listed with its reason instead; lock and hidden files are ignored
silently. The walk holds each folder open and opens each entry relative to it, refusing a
link (`O_NOFOLLOW`), so that a name swapped for a link while the drop zone is read is not
followed either; a file opened again later (to wait for it, or to archive it) must be the
very file found by the walk (same device and inode: `oneplan.receive.files.open_found`).

A file is read only once it has settled, the watcher's rule: its size and modification
time have been still for the quiet period (`intake_quiet_seconds`), which a modification
time older than the quiet period shows at once. A file not settled yet is left for a later
run, or waited for a while (`patience`); a file whose content is already known to be whole
(received before, or written by oneplan's own upload) needs no waiting.

A file's received time is its modification time, or the time oneplan first saw it if that
is earlier (a clock set in the future never wins for ever). Files are identified by the
SHA-256 of their bytes: a byte-identical copy is the same submission (a file found, its
fingerprint and opening it again: `oneplan.receive.files`).
"""

from __future__ import annotations

import logging
import os
import stat
import time
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from oneplan.receive.files import OPEN_FLAGS, FoundFile, open_found, reading, size_and_mtime

log = logging.getLogger(__name__)

_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW


@dataclass(frozen=True)
class SetAside:
    """An entry of the drop zone that is not read, and why (for the run's account)."""

    rel_path: str
    reason: str  # in English, for the log and the terminal


@dataclass(frozen=True)
class DropZone:
    files: list[FoundFile]  # settled files, read whole
    ignored: list[str]  # lock and hidden files
    set_aside: list[SetAside] = field(default_factory=list)  # links and special files
    arriving: list[str] = field(default_factory=list)  # not settled: left for a later run


def is_ignored(path: Path) -> bool:
    """Excel lock files (`~$…`) and hidden files are ignored silently."""
    return path.name.startswith(("~$", "."))


def in_drop_zone(path: Path, drop_zone: Path) -> bool:
    """Whether `path` is a regular file of the drop zone that a scan would read: not a
    link, under no linked folder, not a lock or hidden file (the watcher's test)."""
    root = drop_zone.resolve()
    try:
        rel = Path(os.path.abspath(path)).relative_to(root)
        info = os.lstat(path)
    except (ValueError, OSError):
        return False
    if any(is_ignored(Path(part)) for part in rel.parts) or not stat.S_ISREG(info.st_mode):
        return False
    return Path(os.path.realpath(path)) == root / rel  # no link on the way


def candidate_files(drop_zone: Path) -> Iterator[Path]:
    """The files a scan of the drop zone fingerprints (lock and hidden files and folders,
    and links, apart), found by name alone and in no set order: for counting them cheaply."""
    for folder, subfolders, names in os.walk(drop_zone):
        subfolders[:] = [
            name
            for name in subfolders
            if not is_ignored(Path(name)) and not os.path.islink(os.path.join(folder, name))
        ]
        for name in names:
            path = Path(folder, name)
            if not is_ignored(path) and not path.is_symlink():
                yield path


def scan_drop_zone(
    drop_zone: Path,
    quiet: float = 0.0,
    patience: float = 0.0,
    complete: Collection[str] = (),
) -> DropZone:
    """Every settled file under the drop zone (sub-folders included), read whole.

    A file is settled when it did not change while it was read and its modification time
    is `quiet` seconds old, or its content is one of `complete` (hashes known to be whole).
    Files not settled are watched for up to `patience` seconds (settled once still for
    `quiet` seconds); those still changing then are listed as `arriving`, not read.
    """
    scan = _Scan(drop_zone.resolve() if drop_zone.is_dir() else drop_zone, quiet, complete)
    if drop_zone.is_dir():
        scan.walk()
    scan.wait_for_young(patience)
    return scan.result()


class _Scan:
    """One reading of the drop zone (see `scan_drop_zone`)."""

    def __init__(self, root: Path, quiet: float, complete: Collection[str]):
        self.root, self.quiet, self.complete = root, quiet, complete
        self.files: list[FoundFile] = []
        self.ignored: list[str] = []
        self.set_aside: list[SetAside] = []
        # Files not settled yet: the last reading, and since when (monotonic) it is so.
        self.young: dict[str, tuple[FoundFile, tuple[int, int], float]] = {}

    def result(self) -> DropZone:
        def by_parts(rel_path: str) -> list[str]:
            return rel_path.split("/")

        for entry in self.set_aside:
            log.warning("not read: %s: %s", entry.rel_path, entry.reason)
        arriving = sorted(self.young, key=by_parts)
        if arriving:
            log.warning("still arriving, left for the next run: %s", ", ".join(arriving))
        return DropZone(
            sorted(self.files, key=lambda f: by_parts(f.rel_path)),
            sorted(self.ignored, key=by_parts),
            sorted(self.set_aside, key=lambda s: by_parts(s.rel_path)),
            arriving,
        )

    def walk(self) -> None:
        try:
            handle = os.open(self.root, _FOLDER_FLAGS)
        except OSError as error:
            log.warning("cannot read the drop zone %s now (%s)", self.root, error)
            return
        try:
            self._folder(handle, "", hidden=False)
        finally:
            os.close(handle)

    def _folder(self, handle: int, prefix: str, hidden: bool) -> None:
        with os.scandir(handle) as listing:
            entries = [(entry.name, entry) for entry in listing]
        for name, entry in entries:
            rel_path = prefix + name
            try:
                info = entry.stat(follow_symlinks=False)
            except FileNotFoundError:  # went while the folder was read
                continue
            if stat.S_ISDIR(info.st_mode):
                self._subfolder(handle, name, rel_path, hidden or is_ignored(Path(name)))
            elif hidden or is_ignored(Path(name)):
                self.ignored.append(rel_path)
            elif stat.S_ISLNK(info.st_mode):
                self.set_aside.append(SetAside(rel_path, self._link_reason(rel_path)))
            elif not stat.S_ISREG(info.st_mode):
                self.set_aside.append(SetAside(rel_path, "not a regular file"))
            else:
                self._read(handle, name, rel_path)

    def _subfolder(self, handle: int, name: str, rel_path: str, hidden: bool) -> None:
        try:
            sub = os.open(name, _FOLDER_FLAGS, dir_fd=handle)
        except OSError as error:  # made a link meanwhile (ELOOP), gone, or not readable
            if not hidden:
                log.warning("cannot read the folder %s now (%s)", rel_path, error)
            return
        try:
            self._folder(sub, rel_path + "/", hidden)
        finally:
            os.close(sub)

    def _link_reason(self, rel_path: str) -> str:
        target = Path(os.path.realpath(self.root / rel_path))
        if target == self.root or self.root in target.parents:
            inside = target.relative_to(self.root).as_posix() or "."
            return f"a link to {inside} in the drop zone (not followed: read under its own name)"
        return f"a link to {target}, outside the drop zone (never read)"

    def _read(self, folder: int, name: str, rel_path: str) -> None:
        try:
            handle = os.open(name, OPEN_FLAGS, dir_fd=folder)
        except FileNotFoundError:  # moved away while the folder was read: not here any more
            return
        except OSError as error:  # a link by now (ELOOP), or unreadable now: a later run
            log.warning(
                "cannot read %s now (%s); it will be tried again at the next run", rel_path, error
            )
            return
        try:
            found, signature = reading(handle, self.root / rel_path, rel_path)
        except OSError as error:
            log.warning("cannot read %s now (%s); it will be tried again", rel_path, error)
            return
        finally:
            os.close(handle)
        self._keep(found, signature, None)

    def _keep(
        self, found: FoundFile, signature: tuple[int, int], still_since: float | None
    ) -> None:
        """Keep `found` as settled, or as young (with since when it is seen still)."""
        known = found.sha256 in self.complete
        if found.settled and (known or self._still_for_quiet(found, still_since)):
            self.young.pop(found.rel_path, None)
            self.files.append(found)
        else:
            since = still_since if still_since is not None else time.monotonic()
            self.young[found.rel_path] = (found, signature, since)

    def _still_for_quiet(self, found: FoundFile, still_since: float | None) -> bool:
        """Still for the quiet period: by its modification time, or as watched here (a
        clock ahead of ours, as a file share's may be, makes the time say nothing)."""
        age = time.time() - found.modified_at.timestamp()
        watched = time.monotonic() - still_since if still_since is not None else 0.0
        return max(age, watched) >= self.quiet

    def wait_for_young(self, patience: float) -> None:
        """Watch the files not settled yet for up to `patience` seconds (see the module)."""
        deadline = time.monotonic() + patience
        while self.young and time.monotonic() < deadline:
            time.sleep(max(0.05, min(self.quiet / 4, deadline - time.monotonic())))
            for found, signature, since in list(self.young.values()):
                self._look_again(found, signature, since)

    def _look_again(self, found: FoundFile, signature: tuple[int, int], since: float) -> None:
        try:
            handle = open_found(found)
        except OSError:  # gone, replaced or made a link: the next scan sees what is there
            self.young.pop(found.rel_path, None)
            return
        try:
            if found.settled and size_and_mtime(os.fstat(handle)) == signature:
                self._keep(found, signature, since)  # still: settled once quiet long enough
                return
            again, signature = reading(handle, found.path, found.rel_path)
        except OSError:
            self.young.pop(found.rel_path, None)
            return
        finally:
            os.close(handle)
        self._keep(again, signature, time.monotonic())
