"""How a command of the `oneplan` command line ends: stopped by Ctrl-C or SIGTERM (a
one-line message, status 130 or 143, its clean-up run on the way out), and the process's
end itself (its exit status kept, Python's teardown skipped once the exit handlers ran)."""

from __future__ import annotations

import atexit
import logging
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from oneplan.cli.shell import err_console
from oneplan.cli.words import say
from oneplan.runtime.ending import end_without_teardown


def run_to_the_end(app: typer.Typer) -> None:
    """Run the command line `app` as the `oneplan` process: SIGTERM stops it as Ctrl-C
    does, and the process ends with the status its command gave."""
    # Registered first, so run last: once every other exit handler has, the process ends
    # without Python's teardown (`oneplan.runtime.ending.end_without_teardown`), with its status.
    atexit.register(lambda: end_without_teardown(_exit_status))
    logging.basicConfig(level=logging.WARNING, format="oneplan: %(message)s")
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        app()
    except SystemExit as done:
        _set_exit_status(done.code if isinstance(done.code, int) else int(done.code is not None))
        raise
    except BaseException:  # a traceback: the status Python would give
        _set_exit_status(1)
        raise


_terminated = False


@contextmanager
def stopped_cleanly(lang: str = "th") -> Iterator[None]:
    """A command stopped by Ctrl-C or SIGTERM ends with a one-line message and the status a
    shell gives a command stopped by that signal (130, 143). Its clean-up has run on the way
    out (the run lock released, a staging folder removed, helpers ended), and the exit
    handlers close the ledger (checkpointed): nothing half-done counts."""
    try:
        yield
    except KeyboardInterrupt:
        stopped_by = signal.SIGTERM if _terminated else signal.SIGINT
        how = "SIGTERM" if _terminated else "Ctrl-C"
        err_console.print(say(lang, "stopped", how=how), markup=False)
        raise typer.Exit(128 + stopped_by) from None


def _interrupt(signum: int, frame) -> None:
    """SIGTERM (systemd, `kill`, `docker stop`) stops a command as Ctrl-C does, so that it
    ends through its clean-up and exit handlers (the ledger checkpointed), not at once."""
    global _terminated
    _terminated = True
    ctrl_c = signal.getsignal(signal.SIGINT)  # Python's, or asyncio's while a loop runs
    if callable(ctrl_c):
        ctrl_c(signal.SIGINT, frame)
    else:  # Ctrl-C ignored (a background job): SIGTERM still stops
        raise KeyboardInterrupt


_exit_status = 0


def _set_exit_status(status: int) -> None:
    global _exit_status
    _exit_status = status
