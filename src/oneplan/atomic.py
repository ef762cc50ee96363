"""Files written in place whole or not at all: under a hidden temporary name beside the
target, then renamed over it.

Feedback workbooks an intake writes into a period's outputs and the `.eml` files `send`
writes into its outbox are written so. A process killed while writing one (`kill -9`, a
power cut) leaves its temporary (`.writing-…`): hidden, so that no coordinator, page or
`send` takes it for a finished file, and removed by the next run (`remove_unfinished`,
under the run lock: a live writer's temporary is its own).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

WRITING = ".writing-"


@contextmanager
def written_whole(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` for the block to write; it becomes `target` when
    the block ends, and is removed if the block raises."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=WRITING, suffix=target.suffix, dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def remove_unfinished(folder: Path) -> int:
    """Remove the temporaries that processes killed while writing left in `folder`; how
    many. Only under the run lock (`oneplan.runtime.runlock`)."""
    removed = 0
    for temporary in folder.glob(f"{WRITING}*"):
        temporary.unlink(missing_ok=True)
        removed += 1
    return removed
