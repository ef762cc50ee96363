"""Named points where a test can kill a run, to prove that a killed run harms nothing.

`ONEPLAN_FAILPOINT=<name>` makes the process kill itself with SIGKILL when it reaches that
point (no clean-up, no `finally`: as a power cut or `kill -9` would). Unset, a checkpoint
costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

POINTS = ("after_archive", "during_ledger", "during_outputs")


def checkpoint(name: str) -> None:
    if os.environ.get("ONEPLAN_FAILPOINT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
