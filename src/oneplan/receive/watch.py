"""Watching the drop zone: hand over files once they have settled.

A file being copied into the drop zone grows for a while; it is handed over only when its
size and modification time have not changed for `quiet` seconds, so it is never read half
written (the same rule as every reading of the drop zone: `oneplan.receive.drop_zone`, with the same
quiet period, the `intake_quiet_seconds` setting). Only the drop zone's own regular files
are handed over: a link, and anything under a linked folder, is not. Changes are gathered
into bursts (watchfiles' debounce), so twelve files dropped at once make one hand-over.
While it holds files not handed over yet, the watcher says so (`Settling`): a refresh
waits for them before it runs the periods (`oneplan.receive.refresh`).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import watchfiles

from oneplan.receive.drop_zone import in_drop_zone

log = logging.getLogger(__name__)


class Settling:
    """Whether the watcher holds files it saw change and has not handed over yet: from the
    moment it sees them until it has handed them over (or found nothing to hand over), and
    for `GRACE` seconds after, the time watchfiles takes to report changes made meanwhile
    (two of its 100 ms steps, and a margin)."""

    GRACE = 0.5

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holding = False
        self._ended = float("-inf")

    @contextlib.contextmanager
    def holding(self) -> Iterator[None]:
        with self._lock:
            self._holding = True
        try:
            yield
        finally:
            with self._lock:
                self._holding, self._ended = False, time.monotonic()

    def busy(self) -> bool:
        with self._lock:
            return self._holding or time.monotonic() - self._ended < self.GRACE


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.lstat()  # a link is not followed (nor handed over: `in_drop_zone`)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def wait_until_settled(paths: set[Path], quiet: float, patience: float = 600.0) -> list[Path]:
    """The files of `paths` that still exist, once none of them changed for `quiet` seconds."""
    deadline = time.monotonic() + patience
    before = {p: _signature(p) for p in paths}
    while True:
        time.sleep(quiet)
        now = {p: _signature(p) for p in paths}
        if now == before or time.monotonic() > deadline:
            return sorted(p for p, signature in now.items() if signature is not None)
        before = now


def watch_drop_zone(
    drop_zone: Path,
    on_files: Callable[[list[Path]], None],
    quiet: float = 3.0,
    stop: threading.Event | None = None,
    settling: Settling | None = None,
) -> None:
    """Call `on_files` with each settled burst of new or changed files, until `stop` is set;
    `settling` is told while files seen are not handed over yet."""
    settling = settling or Settling()
    drop_zone.mkdir(parents=True, exist_ok=True)
    drop_zone = drop_zone.resolve()  # watchfiles reports absolute paths
    handed_over: dict[Path, tuple[int, int] | None] = {}  # what each file was when handed over
    for changes in watchfiles.watch(
        drop_zone,
        debounce=int(quiet * 1000),
        step=100,
        stop_event=stop,
        recursive=True,
        raise_interrupt=False,
    ):
        candidates = {
            Path(name)
            for change, name in changes
            if change != watchfiles.Change.deleted and in_drop_zone(Path(name), drop_zone)
        }
        if not candidates:
            continue
        with settling.holding():
            _hand_over(candidates, quiet, handed_over, on_files)


def _hand_over(candidates: set[Path], quiet: float, handed_over: dict, on_files) -> None:
    # Events of a copy that went on while we waited arrive again: hand a file over once.
    files = [
        p for p in wait_until_settled(candidates, quiet) if handed_over.get(p) != _signature(p)
    ]
    handed_over.update({p: _signature(p) for p in files})
    if files:
        try:
            on_files(files)
        except Exception:  # the watcher keeps watching; the failure is in the log
            log.exception("handling %d new files failed", len(files))
