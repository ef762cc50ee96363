"""The one interface of the run's machinery: batches of work, and whoever runs them.

Stages that have much independent work (files to read, reports to render) give it as a
plain function of one batch, and never import this module. The month cuts the work into batches (`batched`) and hands them to a
`BatchMapper`: `mapper(function, batches, *shared)` returns
`[function(batch, *shared) for batch in batches]`, in order. Which mapper runs them is the
caller's choice: `in_process` here, helper processes of this machine
(`oneplan.runtime.processes.LocalProcesses`, `oneplan run --workers N`), or the flow's Dask
task runner (`flows.monthly.AsPrefectTasks`, `--dask`); the stage and its functions are the
same either way. A batch holds many items, so that the cost of handing work to another
process (or a Prefect task, or a Dask task) is paid per batch, not per item. Whoever makes
a mapper closes it when the run ends.

Functions and their arguments must be picklable (module-level functions, plain data): the
workers are other processes, possibly on other machines (which then need the same paths).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

Item = TypeVar("Item")


class BatchMapper(Protocol):
    workers: int  # how many batches can run at once: stages cut their work in as many

    def __call__(
        self, function: Callable[..., Any], batches: Iterable[Any], *shared: Any
    ) -> list[Any]: ...

    def start(self, *functions: Callable[..., Any]) -> None:
        """Get ready to run `functions`, before the first batch: a stage that knows much
        work is coming says so ahead of its own work, so that workers slow to start
        (processes importing modules) start meanwhile."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class InProcess:
    """Every batch in turn, in this process."""

    workers: int = 1

    def __call__(
        self, function: Callable[..., Any], batches: Iterable[Any], *shared: Any
    ) -> list[Any]:
        return [function(batch, *shared) for batch in batches]

    def start(self, *functions: Callable[..., Any]) -> None:
        pass

    def close(self) -> None:
        pass


in_process = InProcess()


def batched(
    items: Sequence[Item], *, at_most: int, parts: int = 1, at_least: int = 1
) -> list[list[Item]]:
    """`items` cut into consecutive batches of `at_least` to `at_most` items, and into
    `parts` batches when there are enough items (so that every worker gets work)."""
    if not items:
        return []
    size = max(at_least, 1, min(at_most, math.ceil(len(items) / max(parts, 1))))
    return [list(items[start : start + size]) for start in range(0, len(items), size)]
