"""The ledger: what oneplan has seen and what each run found, in an embedded SQLite file.

This first ledger keeps two things: when each file (by content hash) was first seen and
by the run of which period, and each run's figures (per plan item and per agency) so
that the next period's outputs can show the change since the previous one.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from contextlib import closing
from pathlib import Path

from oneplan.intake import FoundFile, ReceivedFile

SCHEMA = [
    # version 1
    """
    CREATE TABLE files (
        sha256 TEXT PRIMARY KEY,
        first_path TEXT NOT NULL,
        size INTEGER NOT NULL,
        first_seen_at TEXT NOT NULL,
        first_run_period TEXT NOT NULL
    );
    CREATE TABLE runs (
        period TEXT PRIMARY KEY,
        fiscal_year INTEGER NOT NULL,
        finished_at TEXT NOT NULL,
        figures TEXT NOT NULL
    );
    """,
]


class Ledger:
    def __init__(self, state_dir: Path):
        state_dir.mkdir(parents=True, exist_ok=True)
        self.path = state_dir / "ledger.sqlite"
        self._migrate()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30)
        connection.execute("PRAGMA journal_mode=WAL")
        return connection

    def _migrate(self) -> None:
        with closing(self._connect()) as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(SCHEMA[version:], start=version + 1):
                with db:
                    db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")

    def receive(
        self, files: list[FoundFile], run_period: str, now: dt.datetime
    ) -> list[ReceivedFile]:
        """Record files not seen before; return every file with its first-seen time."""
        stamp = now.astimezone(dt.UTC).isoformat()
        settled = [f for f in files if f.settled]  # a file still being written is not received yet
        with closing(self._connect()) as db, db:
            db.executemany(
                "INSERT OR IGNORE INTO files VALUES (?, ?, ?, ?, ?)",
                [(f.sha256, f.rel_path, f.size, stamp, run_period) for f in settled],
            )
            seen = dict(db.execute("SELECT sha256, first_seen_at FROM files").fetchall())
        return [
            ReceivedFile(
                **vars(f), first_seen_at=dt.datetime.fromisoformat(seen.get(f.sha256, stamp))
            )
            for f in files
        ]

    def first_run_periods(self) -> dict[str, str]:
        """sha256 -> the period of the run that first received the file."""
        with closing(self._connect()) as db:
            return dict(db.execute("SELECT sha256, first_run_period FROM files").fetchall())

    def record_run(self, period: str, fiscal_year: int, figures: dict, now: dt.datetime) -> None:
        """Keep a run's figures; a re-run of the period replaces them."""
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?)",
                (
                    period,
                    fiscal_year,
                    now.astimezone(dt.UTC).isoformat(),
                    json.dumps(figures, ensure_ascii=False, sort_keys=True),
                ),
            )

    def previous_run(self, period: str, fiscal_year: int) -> tuple[str, dict] | None:
        """The latest earlier run of the same fiscal year: (its period, its figures)."""
        with closing(self._connect()) as db:
            row = db.execute(
                "SELECT period, figures FROM runs WHERE fiscal_year = ? AND period < ? "
                "ORDER BY period DESC LIMIT 1",
                (fiscal_year, period),
            ).fetchone()
        return (row[0], json.loads(row[1])) if row else None
