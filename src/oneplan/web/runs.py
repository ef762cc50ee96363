"""Period runs started from the pages (an accepted upload, the coordinator's button), one at
a time in the background, so that a page never waits for a reconciliation."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class PeriodRuns:
    """Runs `run(period)` in a background thread; a period asked for again while it is
    waiting is queued once.

    `lock` guards the queue, `running` (the period being run, or None) and the worker;
    `failures` holds the last failure of each period whose latest run failed."""

    def __init__(self, run: Callable[[str], object]):
        self._run = run
        self.lock = threading.Lock()
        self._waiting: list[str] = []
        self.running: str | None = None
        self._worker: threading.Thread | None = None
        self.failures: dict[str, str] = {}

    def start(self, period: str) -> None:
        with self.lock:
            if period not in self._waiting:
                self._waiting.append(period)
            # The worker clears `_worker` under the lock as it ends, so a thread still alive
            # but past its last look at the queue is never counted on to run this period.
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(
                    target=self._work, daemon=True, name="oneplan-web-runs"
                )
                self._worker.start()

    @property
    def busy(self) -> list[str]:
        """The period being run and those waiting."""
        with self.lock:
            return ([self.running] if self.running else []) + list(self._waiting)

    def wait(self, timeout: float = 300) -> None:
        """Until every asked run has finished (for tests and scripts)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def _work(self) -> None:
        while True:
            with self.lock:
                if not self._waiting:
                    self.running = None
                    self._worker = None
                    return
                self.running = self._waiting.pop(0)
            period = self.running
            try:
                self._run(period)
                self.failures.pop(period, None)
            except Exception as problem:  # shown on the coordinator's page, kept in the log
                log.exception("the run of %s failed", period)
                self.failures[period] = f"{type(problem).__name__}: {problem}"
