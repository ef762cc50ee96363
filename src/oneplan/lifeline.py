"""Processes a command starts end with it, even when it is killed (`kill -9`, a power cut
of the parent alone, the out-of-memory killer).

A process killed with SIGKILL runs no clean-up: its helpers (`oneplan.parallel`) and the
Prefect server it started (`oneplan.prefect_env`) would live on, a helper rendering into
the dead run's staging folder. So each of them watches its parent: `end_with(parent)`
starts a thread that checks every `POLL_SECONDS` whether the process that started it is
still its parent (a process whose parent dies is handed to another, usually init), and
ends the process at once when it is not.

Polling the parent's id is one system call and does not depend on which of the parent's
threads started the child (Linux's parent-death signal fires when that *thread* ends, and
`serve` starts runs in threads that end before the server would). A command started
through `python -m oneplan.lifeline PARENT_PID (-m MODULE | PROGRAM.py) ARGS...` runs
the module (or script) in the same process, watched the same way.
"""

from __future__ import annotations

import os
import runpy
import signal
import sys
import threading
import time

POLL_SECONDS = 0.25


def end_with(parent: int) -> None:
    """End this process as soon as `parent` is no longer its parent (it died)."""
    if os.getppid() != parent:  # died before we could start watching
        _end()
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="oneplan-lifeline").start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    _end()


def _end() -> None:
    os.kill(os.getpid(), signal.SIGKILL)  # as the parent was: nothing of ours to clean up


def watched(command: list[str]) -> list[str]:
    """`command` (a Python module run with `-m`, by this interpreter) as run through this
    module, so that it ends with this process: for `subprocess.Popen`."""
    if command[:2] != [sys.executable, "-m"]:
        raise ValueError("only `python -m module ...` commands can be watched")
    return [sys.executable, "-m", __name__, str(os.getpid()), *command[1:]]


def main(arguments: list[str]) -> None:
    """`PARENT_PID -m MODULE ARGS...`: run MODULE as `python -m` would, ending with PARENT."""
    parent, flag, module, *rest = arguments
    if flag != "-m":
        raise SystemExit("usage: python -m oneplan.lifeline PARENT_PID -m MODULE ARGS...")
    end_with(int(parent))
    sys.argv = [module, *rest]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
