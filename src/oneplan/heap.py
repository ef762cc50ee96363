"""Keeping Python's cycle collector off the month's data.

A run holds millions of long-lived objects (a month's lines, issues, report rows) while it
makes millions of short-lived ones (each report's text). The cycle collector's full
collections walk every tracked object each time; with a month in memory that is a large
share of reading and rendering. None of the month's data is cyclic garbage (reference
counting frees it), so what exists when a stage starts is set aside from collection
(`gc.freeze`) until the stage ends: new objects are still collected as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collecting_only_new_objects() -> Iterator[None]:
    """Within the block, the cycle collector looks only at objects made in it."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
