"""Period runs started from the pages (an accepted upload, the coordinator's buttons), one
at a time in the background, so that a page never waits for a reconciliation. A run may be
the one that closes the period, or one area of it (the coordinator's "close" button): it
carries who closes and which area through to the monthly run."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunAsk:
    """A run asked for: its period and, for the run that closes it, by whom (`closing_by`)
    and, when only one area is closed, which (`closing_area`)."""

    period: str
    closing_by: str | None = None
    closing_area: str | None = None

    @property
    def closing(self) -> bool:
        return self.closing_by is not None


class PeriodRuns:
    """Runs `run(period)` in a background thread, or `run(period, closing_by=…,
    closing_area=…)` for a closing; a run asked for again while it is waiting is queued once.

    `lock` guards the queue, `running` (the run under way, or None) and the worker;
    `failures` holds the last failure of each period whose latest run failed."""

    def __init__(self, run: Callable[..., object]):
        self._run = run
        self.lock = threading.Lock()
        self._waiting: list[RunAsk] = []
        self.running: RunAsk | None = None
        self._worker: threading.Thread | None = None
        self.failures: dict[str, str] = {}

    def start(
        self, period: str, closing_by: str | None = None, closing_area: str | None = None
    ) -> None:
        ask = RunAsk(period, closing_by, closing_area)
        with self.lock:
            if ask not in self._waiting:
                self._waiting.append(ask)
            # The worker clears `_worker` under the lock as it ends, so a thread still alive
            # but past its last look at the queue is never counted on to run this period.
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(
                    target=self._work, daemon=True, name="oneplan-web-runs"
                )
                self._worker.start()

    @property
    def asked(self) -> list[RunAsk]:
        """The run under way and those waiting, in order."""
        with self.lock:
            return ([self.running] if self.running else []) + list(self._waiting)

    @property
    def busy(self) -> list[str]:
        """The periods of the run under way and of those waiting, each once."""
        return list(dict.fromkeys(ask.period for ask in self.asked))

    def closing(self, period: str) -> list[RunAsk]:
        """The closings of `period` (or of an area of it) asked for and not done yet."""
        return [ask for ask in self.asked if ask.period == period and ask.closing]

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
            ask = self.running
            try:
                if ask.closing:
                    self._run(ask.period, closing_by=ask.closing_by, closing_area=ask.closing_area)
                else:
                    self._run(ask.period)
                self.failures.pop(ask.period, None)
            except Exception as problem:  # shown on the coordinator's page, kept in the log
                log.exception("the run of %s failed", ask.period)
                self.failures[ask.period] = f"{type(problem).__name__}: {problem}"
