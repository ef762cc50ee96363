"""Opening the ledger: its engine (SQLite's pragmas, or a pooled PostgreSQL engine), the
Alembic migrations applied when it is opened, one `Ledger` per database in a process
(`open_ledger`), and closing SQLite ledgers when the process ends (a checkpoint that
moves the write-ahead log into the database file)."""

from __future__ import annotations

import atexit
import contextlib
import functools
import logging
import sqlite3
import weakref
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine

from oneplan.ledger.closures import ClosuresRecord
from oneplan.ledger.deliveries import DeliveryRecord
from oneplan.ledger.files import ReceivedFilesRecord
from oneplan.ledger.readings import KeptReadingsRecord
from oneplan.ledger.receipts import ReceiptsRecord
from oneplan.ledger.runs import RunsRecord
from oneplan.ledger.web_access import WebAccessRecord
from oneplan.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"

log = logging.getLogger(__name__)

# How long closing a SQLite ledger waits for another process's write to end before it
# leaves the log to that process (which then moves it into the file when it ends).
CHECKPOINT_WAIT_SECONDS = 2


def sqlite_url(state_dir: Path) -> str:
    return f"sqlite:///{state_dir.resolve() / 'ledger.sqlite'}"


def open_ledger(settings: Settings) -> Ledger:
    """The ledger of these settings: one engine per database in a process, upgraded once."""
    return _ledger(settings.ledger_url or sqlite_url(settings.state))


@functools.lru_cache(maxsize=8)
def _ledger(url: str) -> Ledger:
    return Ledger(url)


def forget_open_ledgers() -> None:
    """The next `open_ledger` opens each database anew (a state folder was removed and
    made again under a running process)."""
    _ledger.cache_clear()


class Ledger(
    ReceivedFilesRecord,
    KeptReadingsRecord,
    RunsRecord,
    DeliveryRecord,
    WebAccessRecord,
    ReceiptsRecord,
    ClosuresRecord,
):
    """The ledger of one database: its engine, schema and closing here; files and their
    readings, kept readings, runs, deliveries, web access, receipts and closed periods in
    their own modules (`files`, `readings`, `runs`, `deliveries`, `web_access`, `receipts`,
    `closures`)."""

    def __init__(self, url: str, revision: str = "head"):
        self.url = url
        self.engine = _engine(url)
        self.upgrade(revision)
        if self.sqlite_file is not None:
            _close_at_exit(self)

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite ledger's database file, or None (PostgreSQL, or SQLite in memory)."""
        database = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not database or database == ":memory:":
            return None
        return Path(database)

    def close(self) -> None:
        """Close the ledger's connections. A SQLite ledger's write-ahead log is moved into
        the database file and emptied first (a checkpoint): the file alone is complete.

        Done at the end of every process that opened a SQLite ledger (an exit handler
        registered when it was opened, so it runs before `oneplan.runtime.ending.end_without_teardown`
        ends a command). A ledger used again after `close` opens new connections.
        """
        self.engine.dispose()
        path = self.sqlite_file
        if path is None or not path.is_file():
            return
        # A connection of its own: the checkpoint waits a bounded time for a writer of
        # another process, and closing the last connection also removes the emptied log.
        with contextlib.closing(sqlite3.connect(path, timeout=CHECKPOINT_WAIT_SECONDS)) as db:
            busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            log.info("the ledger %s is in use by another process: its log stays for it", path)

    # --- schema --------------------------------------------------------------------------

    def _alembic(self) -> Config:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        return config

    def upgrade(self, revision: str = "head") -> None:
        """Apply the migrations up to `revision` (each in its own transaction)."""
        config = self._alembic()
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            tables = set(inspect(connection).get_table_names())
            if "files" in tables and "alembic_version" not in tables:
                # A ledger of the first version, made before migrations were tracked.
                command.stamp(config, "0001")
        with self.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                # A batch migration recreates tables; foreign keys would fire half-way.
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.commit()
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")


# SQLite ledgers opened by this process, closed (checkpointed) when it ends.
_to_close: weakref.WeakSet[Ledger] = weakref.WeakSet()
_closing_at_exit = False


def _close_at_exit(ledger: Ledger) -> None:
    """Close `ledger` when the process ends. The handler is registered when the first
    SQLite ledger is opened: after the exit handler that ends a command
    (`oneplan.cli.main`), so it runs before that one."""
    global _closing_at_exit
    if not _closing_at_exit:
        atexit.register(_close_all)
        _closing_at_exit = True
    _to_close.add(ledger)


def _close_all() -> None:
    for ledger in list(_to_close):
        try:
            ledger.close()
        except Exception:  # the process is ending: the others are still closed
            log.exception("closing the ledger %s failed", ledger.url)
    _to_close.clear()


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)
