"""Keeping the figures fresh under `oneplan serve`: intake of new files, retried until done.

Each request (a burst of files settled in the drop zone, `serve` starting with files
waiting) runs the refresh (`oneplan.month.intake.take_in_and_refresh`: intake, then the periods behind)
in one background thread, one at a time; requests made meanwhile make one more run.

A burst of files (dropped one after another, each settling on its own) makes one run of
its periods, not one per file: the refresh asks `burst_goes_on` between taking files in and
running the periods. While the watcher holds files it saw change and has not handed over
(`oneplan.receive.watch.Settling`), it waits for them; a request made meanwhile (more files
settled) is taken by the refresh itself, which takes them in (their feedback) before it
runs the periods, once, when the watcher holds nothing. It waits `longest_burst` seconds
at most: a drop zone that never rests still has its periods run.

A refresh that fails (outputs not writable, a full disk, the Prefect server unreachable, any
exception) is kept as `failure` (what, since when; the coordinator's page shows it) and tried
again by itself after a back-off: `first_delay` seconds, doubling up to `longest_delay`,
until one succeeds. Nothing a failed refresh left undone is lost: the next one finds it
(files not recorded, periods behind).
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from oneplan.receive.watch import Settling

log = logging.getLogger(__name__)


# What a coordinator can do something about, told apart from the rest (`cause_of`).
_DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST, errno.EISDIR}


def cause_of(problem: Exception) -> str:
    """The kind of a refresh's failure, in words the coordinator's page has for it:
    `state_damaged`, `disk_full`, `not_writable` (a folder oneplan writes cannot be written:
    permissions, a read-only disk, a file where a folder should be), `file_system` (another
    error of the file system) or `unexpected` (the log has the rest)."""
    from oneplan.receive.archive import ArchiveDamaged

    if isinstance(problem, ArchiveDamaged):
        return "state_damaged"
    if isinstance(problem, OSError):
        if problem.errno in _DISK_FULL:
            return "disk_full"
        if problem.errno in _NOT_WRITABLE:
            return "not_writable"
        return "file_system"
    return "unexpected"


@dataclass(frozen=True)
class Failure:
    """Why refreshing fails (its kind, `cause_of`, and the error itself), since when (UTC),
    how many tries failed, and the next try (UTC)."""

    cause: str
    error: str
    since: dt.datetime
    tries: int
    next_try: dt.datetime


class Refresher:
    """Runs `refresh()` in a background thread whenever asked, retrying it while it fails."""

    def __init__(
        self,
        refresh: Callable[[], object],
        first_delay: float = 5.0,
        longest_delay: float = 300.0,
        longest_burst: float = 30.0,
    ):
        self._refresh = refresh
        self.first_delay = first_delay
        self.longest_delay = max(longest_delay, first_delay)
        self.settling = Settling()  # the watcher's files not handed over yet
        self.longest_burst = longest_burst
        self._began = time.monotonic()  # when the running refresh began
        self._wanted = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.failure: Failure | None = None
        self.succeeded = 0  # refreshes that ended well (for tests and the log)

    def start(self) -> Refresher:
        self._thread = threading.Thread(target=self._work, daemon=True, name="oneplan-refresh")
        self._thread.start()
        return self

    def request(self) -> None:
        """Refresh as soon as the one running (if any) ends (or within it: `burst_goes_on`)."""
        self._wanted.set()

    def burst_goes_on(self) -> bool:
        """Asked by the running refresh before it runs the periods: True when more files of
        the burst have settled meanwhile (a request, which this answer takes: the refresh
        takes them in, then asks again); False when none is on its way, after waiting while
        the watcher holds files not handed over (`settling`), for `longest_burst` seconds
        from the refresh's start at most."""
        while True:
            if self._stopping.is_set():
                return False
            if self._wanted.is_set():
                self._wanted.clear()
                return True
            if not self.settling.busy() or time.monotonic() - self._began > self.longest_burst:
                return False
            self._wanted.wait(0.05)

    def stop(self, timeout: float = 10) -> None:
        self._stopping.set()
        self._wanted.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _work(self) -> None:
        delay = self.first_delay
        while True:
            # Waiting for a request, or, while failing, for the next try.
            self._wanted.wait(None if self.failure is None else delay)
            if self._stopping.is_set():
                return
            self._wanted.clear()
            self._began = time.monotonic()
            try:
                self._refresh()
            except Exception as problem:  # kept for the page and retried; the log has the rest
                log.exception("refreshing the figures failed; trying again in %g s", delay)
                self._failed(problem, delay)
                delay = min(delay * 2, self.longest_delay)
            else:
                if self.failure is not None:
                    log.warning("refreshing the figures works again")
                self.failure, delay = None, self.first_delay
                self.succeeded += 1

    def _failed(self, problem: Exception, delay: float) -> None:
        now = dt.datetime.now(dt.UTC)
        earlier = self.failure
        self.failure = Failure(
            cause=cause_of(problem),
            error=f"{type(problem).__name__}: {problem}",
            since=earlier.since if earlier else now,
            tries=(earlier.tries if earlier else 0) + 1,
            next_try=now + dt.timedelta(seconds=delay),
        )
