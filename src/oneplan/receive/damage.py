"""What a damaged state folder stopped, kept for the coordinator's page until it is restored.

An intake, a run or an upload's hand-in that meets an archived copy missing, unreadable or
altered (`oneplan.receive.archive.ArchiveDamaged`) stops and records nothing as rejected. Whatever
ran it reports the damage here (`DamageReports.watching` wraps it); each damaged copy is
kept with since when it was first seen, and is shown until it reads back as the bytes of
its hash (the name it has in the archive) again: it is checked again each time the reports
are asked for, so a copy put back from a backup drops out by itself.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from oneplan.receive.archive import ArchiveDamaged, check_archived_file

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Damage:
    """One damaged archived copy: where, what is wrong with it now, and since when (UTC)."""

    path: str
    problem: str  # ArchiveDamaged's words (English, for the log)
    kind: str  # missing | unreadable | altered (for the pages' words)
    since: dt.datetime


class DamageReports:
    """The damaged archived copies seen by anything `watching` runs (thread-safe)."""

    def __init__(self, clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)):
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: dict[str, Damage] = {}

    def report(self, damage: ArchiveDamaged) -> None:
        """Keep `damage` (a copy seen damaged before keeps its first time)."""
        with self._lock:
            earlier = self._seen.get(damage.path)
            self._seen[damage.path] = Damage(
                damage.path,
                damage.problem,
                kind_of(damage.problem),
                earlier.since if earlier else self._clock(),
            )

    def watching(self, function: Callable[P, R]) -> Callable[P, R]:
        """`function`, reporting here the damage that stops it (and raising it on)."""

        @functools.wraps(function)
        def watched(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return function(*args, **kwargs)
            except ArchiveDamaged as damage:
                self.report(damage)
                raise

        return watched

    def current(self) -> list[Damage]:
        """The copies still damaged now, by path: each is read again (a restored one is
        forgotten; one damaged otherwise now says so)."""
        with self._lock:
            seen = sorted(self._seen.values(), key=lambda d: d.path)
        still = []
        for damage in seen:
            problem = _still_damaged(damage.path)
            with self._lock:
                if problem is None:
                    self._seen.pop(damage.path, None)
                    continue
                now = Damage(damage.path, problem, kind_of(problem), damage.since)
                self._seen[damage.path] = now
            still.append(now)
        return still


def kind_of(problem: str) -> str:
    """The kind of damage `ArchiveDamaged.problem` describes."""
    if "missing" in problem:
        return "missing"
    if "cannot be read" in problem:
        return "unreadable"
    return "altered"


def _still_damaged(path: str) -> str | None:
    """What is wrong with the archived copy `path` now, or None if it is the bytes of its
    hash again. A path not named by a hash cannot be checked: it stays damaged."""
    sha256 = Path(path).name.split(".")[0]
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        return "it is not named by its SHA-256 and cannot be checked"
    try:
        check_archived_file(Path(path), sha256)
    except ArchiveDamaged as damage:
        return damage.problem
    return None
