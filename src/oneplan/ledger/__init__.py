"""The ledger: the record of every file received and of every run, in a SQL database.

SQLite in `state/ledger.sqlite` by default; any SQLAlchemy URL (PostgreSQL for a
deployment) through the `ONEPLAN_LEDGER_URL` setting. The schema changes only through
the Alembic migrations in `migrations/versions/`, applied when the ledger is opened, each
in its own transaction (on PostgreSQL DDL is transactional; SQLite's driver commits DDL
as it goes, so there a migration is as atomic as SQLite allows); an upgrade never loses
a ledger.

Every write is one transaction: a run killed at any point leaves the ledger as it was
before that write or after it, never in between.

SQLite keeps recent writes in a write-ahead log beside the file (`ledger.sqlite-wal`)
while the ledger is open. When a process that opened it ends, its writes are moved into
the file itself and the log emptied (`Ledger.close`, at exit): `ledger.sqlite` alone is
then the whole ledger, and a copy of it is complete. A copy taken while a process writes
is made with SQLite's backup API (`oneplan backup`, `oneplan.backup`).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import functools
import hashlib
import json
import logging
import sqlite3
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    Table,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine

from oneplan.failpoints import checkpoint
from oneplan.ledger.deliveries import (  # noqa: F401  (the ledger's names for its callers)
    DELIVERY_STATUSES,
    Delivery,
    DeliveryOutcome,
    DeliveryRecord,
    MessageKey,
)
from oneplan.ledger.stamps import moment as _moment
from oneplan.ledger.stamps import stamp as _stamp
from oneplan.ledger.tables import (
    file_issues,
    file_lines,
    file_paths,
    files,
    run_counted,
    runs,
)
from oneplan.ledger.web_access import WebAccessRecord
from oneplan.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"

log = logging.getLogger(__name__)

# How long closing a SQLite ledger waits for another process's write to end before it
# leaves the log to that process (which then moves it into the file when it ends).
CHECKPOINT_WAIT_SECONDS = 2


def _first_seen(found, now: dt.datetime) -> dt.datetime:
    """When a file was first seen: by the run started at `now`, or later, when it was
    modified after the run started (and before the run read it: a file is never seen
    before it was written). A time ahead of the reading is a clock ahead, not a sighting."""
    if found.seen_at is None:
        return now
    return max(now, min(found.modified_at, found.seen_at))


def _received(found, now: dt.datetime) -> dt.datetime:
    """The received time a file will have once recorded (as `ReceivedFile.received_at`)."""
    return min(found.modified_at, _first_seen(found, now))


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


@dataclass(frozen=True)
class FileRecord:
    """A received file as the ledger records it (`Ledger.received`): its copy's name in
    the archive, when it was received, and what its last reading made of it (`read_at`
    None: not read yet)."""

    sha256: str
    first_path: str
    archive_path: str | None
    size: int
    first_seen_at: dt.datetime
    modified_at: dt.datetime
    received_seq: int
    first_run_period: str | None
    read_at: str | None
    period: str | None


def _file_record(row) -> FileRecord:
    first_seen = _moment(row.first_seen_at)
    return FileRecord(
        sha256=row.sha256,
        first_path=row.first_path,
        archive_path=row.archive_path,
        size=row.size,
        first_seen_at=first_seen,
        modified_at=_moment(row.modified_at) if row.modified_at else first_seen,
        received_seq=row.received_seq,
        first_run_period=row.first_run_period,
        read_at=row.read_at,
        period=row.period,
    )


class Ledger(DeliveryRecord, WebAccessRecord):
    """The ledger of one database: files, readings and runs here; deliveries and web access
    in their own modules (`deliveries`, `web_access`)."""

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

    # --- files -----------------------------------------------------------------------------

    def receive(
        self,
        found: Iterable,
        archived: dict[str, str],
        run_period: str,
        now: dt.datetime,
    ) -> None:
        """Record files not seen before (by hash) and every path a file was seen under.

        `archived` names each file's copy in the archive (`Archive.name_of`): relative to
        the archive, so that the state folder works wherever it is. New files are numbered
        in the order they were received (`received_seq`), which breaks a tie of received
        times."""
        stamp = _stamp(now)
        # Among byte-identical copies, the one received first stands for them all.
        found = sorted(found, key=lambda f: (_received(f, now), f.rel_path))
        with self.engine.begin() as db:
            known = {row.sha256 for row in db.execute(select(files.c.sha256))}
            last = db.execute(select(func.max(files.c.received_seq))).scalar() or 0
            known_paths = {
                (r.sha256, r.rel_path)
                for r in db.execute(select(file_paths.c.sha256, file_paths.c.rel_path))
            }
            new = {}
            for f in found:
                if f.sha256 not in known and f.sha256 not in new:
                    new[f.sha256] = {
                        "sha256": f.sha256,
                        "first_path": f.rel_path,
                        "size": f.size,
                        "first_seen_at": _stamp(_first_seen(f, now)),
                        "received_seq": last + len(new) + 1,
                        "first_run_period": run_period,
                        "modified_at": _stamp(f.modified_at),
                        "archive_path": archived[f.sha256],
                        "kind": "submission",
                    }
            if new:
                db.execute(insert(files), list(new.values()))
            paths = {
                (f.sha256, f.rel_path): f
                for f in found
                if (f.sha256, f.rel_path) not in known_paths
            }
            if paths:
                db.execute(
                    insert(file_paths),
                    [
                        {
                            "sha256": sha,
                            "rel_path": path,
                            "first_seen_at": stamp,
                            "modified_at": _stamp(f.modified_at),
                        }
                        for (sha, path), f in paths.items()
                    ],
                )

    def received(self) -> list[FileRecord]:
        """Every file ever received, by its first path: where its copy is in the archive,
        when it was received, and what its last reading made of it."""
        with self.engine.connect() as db:
            rows = db.execute(select(files).order_by(files.c.first_path)).all()
        return [_file_record(row) for row in rows]

    def first_paths(self) -> dict[str, str]:
        with self.engine.connect() as db:
            return {
                r.sha256: r.first_path
                for r in db.execute(select(files.c.sha256, files.c.first_path))
            }

    def unread(self) -> dict[str, str]:
        """sha256 -> first path of each file received but not read yet (an intake stopped
        between the two, e.g. by a damaged archive: the next one reads it)."""
        with self.engine.connect() as db:
            return {
                r.sha256: r.first_path
                for r in db.execute(
                    select(files.c.sha256, files.c.first_path)
                    .where(files.c.read_at.is_(None))
                    .order_by(files.c.received_seq)
                )
            }

    def first_run_periods(self) -> dict[str, str]:
        """sha256 -> the period of the run that first received the file."""
        with self.engine.connect() as db:
            return {
                r.sha256: r.first_run_period
                for r in db.execute(select(files.c.sha256, files.c.first_run_period))
            }

    def record_readings(self, submissions: Iterable, now: dt.datetime) -> None:
        """What the latest reading made of each file: identity, verdict, issues, lines."""
        submissions = [s for s in submissions if s.file.settled]
        if not submissions:
            return
        stamp = _stamp(now)
        hashes = [s.file.sha256 for s in submissions]
        verdicts = [
            {
                "key": s.file.sha256,
                "agency_code": s.agency_code or None,
                "area_code": s.area_code or None,
                "period": s.period,
                "identified": s.identified,
                "accepted": not s.rejected,
                "rejected_rows": s.rejected_rows,
                "read_at": stamp,
            }
            for s in submissions
        ]
        issue_rows = [
            (s.file.sha256, ordinal, *(getattr(i, name) for name in FILE_ISSUE_COLUMNS[2:]))
            for s in submissions
            for ordinal, i in enumerate(s.issues)
        ]
        line_rows = [row for s in submissions for row in _line_rows(s)]
        with self.engine.begin() as db:
            for chunk in _chunks(hashes):
                db.execute(delete(file_issues).where(file_issues.c.sha256.in_(chunk)))
                db.execute(delete(file_lines).where(file_lines.c.sha256.in_(chunk)))
            checkpoint("during_ledger")
            values = {name: bindparam(name) for name in verdicts[0] if name != "key"}
            db.execute(
                update(files).where(files.c.sha256 == bindparam("key")).values(values), verdicts
            )
            _insert_rows(db, file_issues, FILE_ISSUE_COLUMNS, issue_rows)
            _insert_rows(db, file_lines, FILE_LINE_COLUMNS, line_rows)

    # --- runs ------------------------------------------------------------------------------

    def record_run(
        self,
        period: str,
        fiscal_year: int,
        figures: dict,
        counted: list[dict],
        inputs: dict,
        started: dt.datetime,
        finished: dt.datetime,
    ) -> int:
        """Keep a run's outcome. The same figures for the same period are one row, whose
        time is updated; different figures are a new row in the period's history."""
        text = json.dumps(figures, ensure_ascii=False, sort_keys=True, default=str)
        digest = hashlib.sha256(text.encode()).hexdigest()
        with self.engine.begin() as db:
            existing = db.execute(
                select(runs.c.id).where(runs.c.period == period, runs.c.figures_sha256 == digest)
            ).scalar()
            if existing is not None:
                # Both times: the row stands for this run too (`periods_behind` reads its start).
                db.execute(
                    update(runs)
                    .where(runs.c.id == existing)
                    .values(started_at=_stamp(started), finished_at=_stamp(finished))
                )
                return existing
            run_id = db.execute(
                insert(runs).values(
                    period=period,
                    fiscal_year=fiscal_year,
                    started_at=_stamp(started),
                    finished_at=_stamp(finished),
                    figures_sha256=digest,
                    figures=text,
                    inputs=json.dumps(inputs, sort_keys=True),
                )
            ).inserted_primary_key[0]
            if counted:
                db.execute(insert(run_counted), [{**row, "run_id": run_id} for row in counted])
            return run_id

    def periods_behind(self) -> list[str]:
        """Periods whose figures miss a file: a file identified as of the period was first
        received after the period's latest run started, or the period was never run.

        A run or intake takes its start once it holds the run lock, and records every file
        it receives as first seen no earlier than that start (`_first_seen`): so a file
        first seen before a run's start was recorded before that run read the ledger, and
        counts in it; one seen after may not, and its period is behind (at worst, one
        re-run more than needed, for a file modified while a run read it)."""
        latest = (
            select(runs.c.period, func.max(runs.c.started_at).label("started_at"))
            .group_by(runs.c.period)
            .subquery()
        )
        query = (
            select(files.c.period)
            .distinct()
            .select_from(files.outerjoin(latest, latest.c.period == files.c.period))
            .where(
                files.c.period.is_not(None),
                files.c.identified.is_(True),
                or_(latest.c.started_at.is_(None), files.c.first_seen_at > latest.c.started_at),
            )
            .order_by(files.c.period)
        )
        with self.engine.connect() as db:
            return [row.period for row in db.execute(query)]

    def previous_run(self, period: str, fiscal_year: int) -> tuple[str, dict] | None:
        """The latest run of the latest earlier period of the same fiscal year: (period, changes)."""
        with self.engine.connect() as db:
            row = db.execute(
                select(runs.c.period, runs.c.figures)
                .where(runs.c.fiscal_year == fiscal_year, runs.c.period < period)
                .order_by(runs.c.period.desc(), runs.c.finished_at.desc(), runs.c.id.desc())
                .limit(1)
            ).first()
        return (row.period, json.loads(row.figures)["changes"]) if row else None

    def history(self, agency: str | None = None) -> dict:
        """Runs, and each agency's files with the runs they counted in."""
        with self.engine.connect() as db:
            run_rows = db.execute(
                select(runs.c.id, runs.c.period, runs.c.started_at, runs.c.finished_at).order_by(
                    runs.c.period, runs.c.finished_at
                )
            ).all()
            query = (
                select(files)
                .where(files.c.agency_code.is_not(None))
                .order_by(
                    files.c.agency_code, files.c.area_code, files.c.period, files.c.received_seq
                )
            )
            if agency:
                query = query.where(files.c.agency_code == agency)
            file_rows = db.execute(query).all()
            counted = db.execute(
                select(run_counted.c.sha256, runs.c.period, runs.c.id).join(
                    runs, runs.c.id == run_counted.c.run_id
                )
            ).all()
        latest_run = {}
        for row in run_rows:
            latest_run[row.period] = row.id
        counted_in: dict[str, list[str]] = {}
        for sha, period, run_id in counted:
            if sha and latest_run.get(period) == run_id:
                counted_in.setdefault(sha, []).append(period)
        return {
            "runs": [
                {"period": r.period, "started_at": r.started_at, "finished_at": r.finished_at}
                for r in run_rows
            ],
            "files": [
                {
                    "agency_code": r.agency_code,
                    "area_code": r.area_code,
                    "period": r.period,
                    "path": r.first_path,
                    "received_at": min(r.first_seen_at, r.modified_at or r.first_seen_at),
                    "accepted": bool(r.accepted),
                    "sha256": r.sha256,
                    "counted_in": sorted(counted_in.get(r.sha256, [])),
                }
                for r in file_rows
            ],
        }


# Rows of these tables are written as tuples in the order of their columns: the columns
# after the file's hash (and an issue's ordinal) are named as the values they hold.
FILE_ISSUE_COLUMNS = file_issues.columns.keys()
FILE_LINE_COLUMNS = file_lines.columns.keys()


def _line_rows(submission) -> list[tuple]:
    """A submission's counted lines as `file_lines` rows."""
    columns = submission.counted_columns()
    if not columns:
        return []
    columns["sha256"] = [submission.file.sha256] * len(columns["row"])
    return list(zip(*(columns[name] for name in FILE_LINE_COLUMNS), strict=True))


def _insert_rows(db: Connection, table: Table, columns: list[str], rows: list[tuple]) -> None:
    """Insert rows given as tuples of `columns` (all of the table's, in its order: the order
    of a compiled insert's parameters), through the driver's executemany.

    SQLAlchemy's own executemany builds and processes a dict of parameters per row: for a
    month's half a million lines that costs more than the database's work. The columns
    here are plain text and integers, which need no processing on the way in. A driver
    with named parameters (PostgreSQL's) gets the dicts it needs.
    """
    if not rows:
        return
    statement = insert(table).compile(dialect=db.dialect, column_keys=columns)
    if statement.positional:
        db.exec_driver_sql(str(statement), rows)
    else:
        db.exec_driver_sql(str(statement), [dict(zip(columns, row, strict=True)) for row in rows])


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


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
