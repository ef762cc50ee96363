"""Keeping Python's cycle collector off long-lived data: a month, a batch.

A worker rendering a batch of reports holds the batch's part of the month (tens of
thousands of rows) while it makes millions of short-lived objects (each report's text);
the run's own process holds the month's submissions while it reconciles and writes.
The cycle collector's full collections walk every tracked object each time, a large share
of the rendering. None of that data is cyclic garbage (reference counting frees it), so
what exists when the block starts is set aside from collection (`gc.freeze`) until it ends:
new objects are still collected as usual.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_open_blocks = 0
_lock = threading.Lock()


@contextmanager
def collecting_only_new_objects() -> Iterator[None]:
    """Within the block, the cycle collector looks only at objects made in it.

    Blocks nest (a run renders its reports in its own process; `serve` runs flows in
    threads): `gc.freeze` and `gc.unfreeze` act on the whole process, so when an inner
    block ends while another is open, what exists then is set aside again until the
    last block ends.
    """
    global _open_blocks
    with _lock:
        gc.freeze()
        _open_blocks += 1
    try:
        yield
    finally:
        with _lock:
            _open_blocks -= 1
            gc.unfreeze()
            if _open_blocks:
                gc.freeze()


_pauses = 0
_was_enabled = True


@contextmanager
def collecting_nothing() -> Iterator[None]:
    """No automatic cycle collection within the block, for one that makes many long-lived
    objects (a month's submissions as they are read): each full collection would walk
    everything made so far, again and again. Collection resumes when the last such block
    ends; cyclic garbage made meanwhile waits until then.
    """
    global _pauses, _was_enabled
    with _lock:
        if not _pauses:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if not _pauses and _was_enabled:
                gc.enable()
