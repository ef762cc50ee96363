"""The runs the pages ask for (an upload, "run now") are never lost, even when one is asked
at the moment the background worker is ending."""

from __future__ import annotations

import threading

from oneplan.web.runs import PeriodRuns


def test_a_period_asked_while_the_worker_is_ending_is_still_run():
    ran: list[str] = []
    runs = PeriodRuns(ran.append)
    ending, asked = threading.Event(), threading.Event()
    lock = runs.lock

    class HoldTheEndingWorker:
        """The worker's lock, which holds the worker just after its last look at the queue
        (found empty) until the test has asked for another period."""

        def __enter__(self):
            lock.acquire()

        def __exit__(self, *_):
            lock.release()
            worker = threading.current_thread().name == "oneplan-web-runs"
            if worker and runs.running is None and not asked.is_set():
                ending.set()
                asked.wait(30)

    runs.lock = HoldTheEndingWorker()
    runs.start("2026-10")
    assert ending.wait(30)  # the worker has run 2026-10 and found nothing more to do
    runs.start("2026-11")
    asked.set()
    runs.wait(30)
    assert ran == ["2026-10", "2026-11"]


def test_a_closing_run_carries_who_closes_and_which_area():
    asked: list = []
    runs = PeriodRuns(lambda period, **closing: asked.append((period, closing)))
    runs.start("2026-11", closing_by="coordinator (web)", closing_area="AREA-2")
    runs.start("2026-11")
    runs.wait(30)
    assert asked == [
        ("2026-11", {"closing_by": "coordinator (web)", "closing_area": "AREA-2"}),
        ("2026-11", {}),
    ]
    assert runs.busy == [] and runs.closing("2026-11") == []
