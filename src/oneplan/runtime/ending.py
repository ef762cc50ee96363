"""Ending a process that holds a month without Python's teardown.

At the end of a process that holds a month, Python's own teardown frees every object and
module one by one (0.5 s and more) when everything is already written and closed:
`end_without_teardown` ends it without.
"""

from __future__ import annotations

import logging
import os
import sys


def end_without_teardown(status: int = 0) -> None:
    """End the process now with `status`, without Python's teardown: called last, from an
    exit handler registered first, once the others have run. Log handlers and the
    terminal are flushed first; exit handlers registered before the caller's are skipped."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
