"""Named points where a test can kill a run, to prove that a killed run harms nothing.

`ONEPLAN_FAILPOINT=<name>` makes the process kill itself with SIGKILL when it reaches that
point (no clean-up, no `finally`: as a power cut or `kill -9` would);
`ONEPLAN_PAUSE_AT=<name>` makes it wait there until the file `ONEPLAN_PAUSE_UNTIL` exists
(at most two minutes), so that a test can start a second run while the first is inside.
Unset, a checkpoint costs two dictionary lookups.
"""

from __future__ import annotations

import os
import signal
import time


def checkpoint(name: str) -> None:
    if os.environ.get("ONEPLAN_FAILPOINT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get("ONEPLAN_PAUSE_AT") == name:
        release = os.environ.get("ONEPLAN_PAUSE_UNTIL", "")
        deadline = time.monotonic() + 120
        while not os.path.exists(release) and time.monotonic() < deadline:
            time.sleep(0.1)
