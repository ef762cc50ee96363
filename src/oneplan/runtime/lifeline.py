"""Processes a command starts end with it, even when it is killed (`kill -9`, a power cut
of the parent alone, the out-of-memory killer).

A process killed with SIGKILL runs no clean-up: its helpers (`oneplan.runtime.processes`) and the
Prefect server it started (`flows.prefect_setup`) would live on, a helper rendering into
the dead run's staging folder. So each of them watches its parent: `end_with(parent)`
starts a thread that checks every `POLL_SECONDS` whether the process that started it is
still its parent (a process whose parent dies is handed to another, usually init), and
ends the process at once when it is not.

Polling the parent's id is one system call and does not depend on which of the parent's
threads started the child (Linux's parent-death signal fires when that *thread* ends, and
`serve` starts runs in threads that end before the server would). A command started
through `python -m oneplan.runtime.lifeline PARENT_PID -m MODULE ARGS...` runs the module in the
same process, watched the same way.

Processes that others start for us cannot be wrapped so: `serve`'s flow runs are started by
Prefect's runner (`python -m prefect.engine`). So `serve` names itself in the environment
its children inherit (`children_end_with_me`), and every process that imports oneplan with
that variable set honours it (`end_with_named_parent`, called when the package loads).
"""

from __future__ import annotations

import os
import runpy
import signal
import sys
import threading
import time

POLL_SECONDS = 0.25
# The process id of a parent whose children must end with it, for children started by code
# that is not ours (Prefect's runner): set by the parent, honoured as oneplan loads.
PARENT_VARIABLE = "ONEPLAN_END_WITH"


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


def children_end_with_me() -> None:
    """Every process started from now on by this one (by any library) that loads oneplan
    ends with this process (`end_with_named_parent`)."""
    os.environ[PARENT_VARIABLE] = str(os.getpid())


def end_with_named_parent() -> None:
    """End with the process `PARENT_VARIABLE` names, when this one loads oneplan: it is our
    parent, or it was and has died (we end at once). A grandchild that inherited the name
    (its parent did not load oneplan first) is not ours to end, nor is the named process
    itself. Taken out of the environment: what this process starts watches it instead."""
    named = os.environ.pop(PARENT_VARIABLE, "")
    if not named.isdigit() or int(named) == os.getpid():
        return
    parent = int(named)
    if os.getppid() == parent or not _alive(parent):
        end_with(parent)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


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
        raise SystemExit("usage: python -m oneplan.runtime.lifeline PARENT_PID -m MODULE ARGS...")
    end_with(int(parent))
    sys.argv = [module, *rest]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
