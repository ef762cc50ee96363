"""One run at a time per state folder.

Two runs started at once would both archive, record and publish; their writes are each
safe, but the second would redo the first's work against a ledger that changes under it.
`exclusive_run` takes an exclusive lock on `state/run.lock`; a second run waits until the
first has finished (its caller is told who holds the lock), then runs on the new state.
The lock is the operating system's (flock): a killed run releases it at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def exclusive_run(state: Path, period: str, on_wait: Callable[[str], None]) -> Iterator[None]:
    state.mkdir(parents=True, exist_ok=True)
    path = state / "run.lock"
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "{}"
            try:
                info = json.loads(holder)
            except json.JSONDecodeError:
                info = {}
            on_wait(
                f"another oneplan run (pid {info.get('pid', '?')}, period {info.get('period', '?')}, "
                f"since {info.get('since', '?')}) is using {state}; waiting for it to finish"
            )
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(
            json.dumps(
                {
                    "pid": os.getpid(),
                    "period": period,
                    "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                }
            )
        )
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
