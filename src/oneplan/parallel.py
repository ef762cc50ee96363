"""Running one function over batches of work: here, in local processes, or on Dask.

Stages that have much independent work (files to read, reports to render) cut it into
batches and hand them to a `BatchMapper`: `mapper(function, batches, *shared)` returns
`[function(batch, *shared) for batch in batches]`, in order. Which mapper runs them is the
caller's choice (`oneplan run --workers N`, or `--dask`/`--dask-address`, where the flow
hands each batch to its Dask task runner: `flows.monthly.AsPrefectTasks`); the stage and
its functions are the same either way. A batch holds many items, so that the cost of handing
work to another process (or a Prefect task, or a Dask task) is paid per batch, not per item.

Functions and their arguments must be picklable (module-level functions, plain data): the
workers are other processes, possibly on other machines (which then need the same paths).
"""

from __future__ import annotations

import math
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

Item = TypeVar("Item")


class BatchMapper(Protocol):
    workers: int  # how many batches can run at once: stages cut their work in as many

    def __call__(
        self, function: Callable[..., Any], batches: Sequence[Any], *shared: Any
    ) -> list[Any]: ...


@dataclass(frozen=True)
class InProcess:
    """Every batch in turn, in this process."""

    workers: int = 1

    def __call__(
        self, function: Callable[..., Any], batches: Sequence[Any], *shared: Any
    ) -> list[Any]:
        return [function(batch, *shared) for batch in batches]


in_process = InProcess()


@dataclass(frozen=True)
class LocalProcesses:
    """Batches spread over `workers` processes of this machine.

    Started with spawn, not fork: the calling process may run threads (Prefect's), which
    fork does not copy safely. Starting a process costs about a second (imports), so a
    single batch runs here.
    """

    workers: int

    def __call__(
        self, function: Callable[..., Any], batches: Sequence[Any], *shared: Any
    ) -> list[Any]:
        if self.workers < 2 or len(batches) < 2:
            return in_process(function, batches, *shared)
        with ProcessPoolExecutor(
            min(self.workers, len(batches)), mp_context=multiprocessing.get_context("spawn")
        ) as pool:
            futures = [pool.submit(function, batch, *shared) for batch in batches]
            return [future.result() for future in futures]


def batched(
    items: Sequence[Item], *, at_most: int, parts: int = 1, at_least: int = 1
) -> list[list[Item]]:
    """`items` cut into consecutive batches of `at_least` to `at_most` items, and into
    `parts` batches when there are enough items (so that every worker gets work)."""
    if not items:
        return []
    size = max(at_least, 1, min(at_most, math.ceil(len(items) / max(parts, 1))))
    return [list(items[start : start + size]) for start in range(0, len(items), size)]
