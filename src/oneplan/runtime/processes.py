"""Helper processes of this machine that run batches for a month (`LocalProcesses`), and
the helpers a command starts ahead of its run (`start_ahead`, taken by `local_processes`).

They implement `oneplan.runtime.batches.BatchMapper`, the interface the stages know; nothing here
knows a stage. A helper ends with the run's process, even when that is killed
(`oneplan.runtime.lifeline`), and skips Python's teardown at its end
(`oneplan.runtime.ending`).
"""

from __future__ import annotations

import atexit
import importlib
import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any

from oneplan.runtime.batches import in_process
from oneplan.runtime.ending import end_without_teardown
from oneplan.runtime.lifeline import end_with


class LocalProcesses:
    """Batches spread over `workers` processes of this machine: this one, and `workers - 1`
    helpers started for the run, serving every stage (`close` ends them).

    This process takes a batch whenever the helpers have two each in hand (running or
    waiting), or none of them has started yet, and the second of just two; it would
    otherwise only wait. Each helper it does without saves a process (and, spawned, its
    second of imports), and its own batches are not copied between processes. A single
    batch runs here.

    Helpers are spawned (a fresh interpreter importing the modules), unless `start_method`
    says "fork": forked, they start at once with the modules loaded here, but also hold a
    copy of everything open here (`start_ahead` forks them, before a run opens anything).
    Batches may come from a generator: what is handed out ahead stays small.
    """

    def __init__(self, workers: int, start_method: str = "spawn"):
        self.workers = workers
        self.start_method = start_method
        self._pool: ProcessPoolExecutor | None = None
        self._loading: list[Future] = []

    def __call__(
        self, function: Callable[..., Any], batches: Iterable[Any], *shared: Any
    ) -> list[Any]:
        batches = iter(batches)
        first = list(islice(batches, 3))
        if self.workers < 2 or len(first) < 2:
            return in_process(function, chain(first, batches), *shared)
        self.start()
        # Two batches go one each: a started helper has room for both.
        kept_here = 1 if len(first) == 2 else None
        handed_out: list[Future] = []
        results: list[Future] = []
        for index, batch in enumerate(chain(first, batches)):
            handed_out = [future for future in handed_out if not future.done()]
            helpers_have_room = len(handed_out) < 2 * self._helpers
            if self.started and helpers_have_room and index != kept_here:
                # Pickled now, not later by the pool's thread: the batches run here may
                # meanwhile change the shared objects (their caches, filled on first use).
                work = pickle.dumps((function, batch, shared), pickle.HIGHEST_PROTOCOL)
                handed_out.append(self._pool.submit(_run_pickled, work))
                results.append(handed_out[-1])
            else:  # the helpers have enough in hand, or are still starting
                results.append(_finished(function(batch, *shared)))
        return [result.result() for result in results]

    @property
    def _helpers(self) -> int:
        return self.workers - 1

    def start(self, *functions: Callable[..., Any]) -> None:
        """Start the helper processes now, in the background, each loading `functions`
        as it starts (unpickling a function imports its module: most of a process's start).
        The start then overlaps the caller's own work instead of delaying the first batch."""
        if self.workers < 2 or self._pool is not None:
            return
        self._pool = self._new_pool(initializer=_begin_helper, initargs=(functions, os.getpid()))
        # The pool starts a process for each task handed out while none is idle.
        self._loading = [self._pool.submit(_load, ()) for _ in range(self._helpers)]

    @property
    def started(self) -> bool:
        """Whether a helper process has started (loaded its modules) and takes batches."""
        return any(loading.done() for loading in self._loading)

    def _new_pool(self, **options: Any) -> ProcessPoolExecutor:
        context = multiprocessing.get_context(self.start_method)
        return ProcessPoolExecutor(self._helpers, mp_context=context, **options)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool, self._loading = None, []

    def __enter__(self) -> LocalProcesses:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# Helpers a command started ahead of its run (`start_ahead`), until the run takes them.
_started_ahead: LocalProcesses | None = None


def start_ahead(workers: int, *functions: Callable[..., Any]) -> None:
    """Start the helpers of a run that will ask for `workers` local processes now, with
    `functions`: a command does it before it starts anything that runs threads (Prefect)
    and before the run opens anything, so that they are forked, sharing the modules
    already loaded (`start_method_ahead`), and ready when the run begins. The run takes them
    (`local_processes`); helpers that no run took end with `close_ahead`."""
    global _started_ahead
    if workers < 2 or _started_ahead is not None:
        return
    _started_ahead = LocalProcesses(workers, start_method_ahead())
    _started_ahead.start(*functions)


@contextmanager
def helpers_ahead(sharing: Sequence[str] = ()) -> Iterator[None]:
    """A block within which a command starts helpers ahead of its run (`start_ahead`); the
    run takes them (`local_processes`), and those no run took end with the block.

    The modules named in `sharing` are imported first, so that helpers forked in the block
    share them. Enter it before anything has started a thread (importing Prefect does):
    helpers are then forked at once (`start_method_ahead`); after a thread has started they
    are spawned instead, which takes a second longer and gives the same results."""
    for module in sharing:
        importlib.import_module(module)
    try:
        yield
    finally:
        close_ahead()  # the run's own, had it failed before taking them


def local_processes(workers: int) -> LocalProcesses:
    """`workers` local processes: those started ahead for this many, else new ones."""
    global _started_ahead
    ahead, _started_ahead = _started_ahead, None
    if ahead is not None and ahead.workers == workers:
        return ahead
    if ahead is not None:
        ahead.close()
    return LocalProcesses(workers)


def close_ahead() -> None:
    """End helpers started ahead that no run took."""
    global _started_ahead
    ahead, _started_ahead = _started_ahead, None
    if ahead is not None:
        ahead.close()


def start_method_ahead() -> str:
    """How helpers started ahead start: forked from this process while it runs no other
    thread (they then share the modules it has loaded, and start at once), else spawned
    (a fresh interpreter importing them: about a second and a half of work here).

    A thread would be copied mid-step (a lock it holds stays held in the copy), so fork
    is used only while this process has no thread but its main one: before Prefect
    starts its own. Only helpers started ahead are forked, before the run takes its lock
    or opens the ledger: a copy would hold them open as long as it lives. Where fork is
    not offered (Windows), or not safe for system libraries (macOS), helpers are spawned.
    """
    forkable = "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
    return "fork" if forkable and threading.active_count() == 1 else "spawn"


def _run_pickled(work: bytes) -> Any:
    function, batch, shared = pickle.loads(work)
    return function(batch, *shared)


def _finished(value: Any) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


def _begin_helper(functions: tuple[Callable[..., Any], ...], parent: int) -> None:
    """A helper process's start: `functions`, and so their modules, were loaded to call this.

    It ends with `parent`, the run's process, even when that is killed (`oneplan.runtime.lifeline`):
    the pool's pipes would keep it waiting for work, or rendering, for ever.

    Its end skips Python's teardown (`end_without_teardown`), which the run would wait for
    (the pool joins its processes): a batch's files are written and closed within the
    batch, and the pool reads a helper's end from its process, not from its exit status.
    """
    end_with(parent)
    atexit.register(end_without_teardown)


def _load(functions: tuple[Callable[..., Any], ...]) -> None:
    """Nothing more to do: `functions`, and so their modules, were loaded to call this."""
