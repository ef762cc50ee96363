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

from oneplan.archive import Archive
from oneplan.failpoints import checkpoint
from oneplan.intake import FoundFile, ReceivedFile
from oneplan.ledger.tables import (
    agency_links,
    coordinator_sessions,
    deliveries,
    file_issues,
    file_lines,
    file_paths,
    files,
    run_counted,
    runs,
)

MIGRATIONS = Path(__file__).parent / "migrations"

log = logging.getLogger(__name__)

# How long closing a SQLite ledger waits for another process's write to end before it
# leaves the log to that process (which then moves it into the file when it ends).
CHECKPOINT_WAIT_SECONDS = 2


@dataclass(frozen=True)
class MessageKey:
    """Which message a delivery is of, and how it was built and carried."""

    agency_code: str
    period: str
    content_sha256: str
    mode: str  # outbox | smtp
    correction: bool
    message_id: str | None = None
    message_file: str | None = None


@dataclass(frozen=True)
class DeliveryOutcome:
    """What became of a message at a recipient: a status of `DELIVERY_STATUSES`, and the
    server's reply code and text when there was one."""

    status: str
    code: int | None = None
    reply: str | None = None


DELIVERY_STATUSES = ("sent", "refused_temporary", "refused_permanent", "unconfirmed")


@dataclass(frozen=True)
class Delivery:
    """A row of `deliveries`."""

    id: int
    agency_code: str
    period: str
    content_sha256: str
    recipient: str
    status: str
    mode: str
    smtp_code: int | None
    smtp_reply: str | None
    message_id: str | None
    attempts: int
    first_attempt_at: str
    last_attempt_at: str
    correction: bool
    message_file: str | None


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _first_seen(found: FoundFile, now: dt.datetime) -> dt.datetime:
    """When a file was first seen: by the run started at `now`, or later, when it was
    modified after the run started (and before the run read it: a file is never seen
    before it was written). A time ahead of the reading is a clock ahead, not a sighting."""
    if found.seen_at is None:
        return now
    return max(now, min(found.modified_at, found.seen_at))


def _received(found: FoundFile, now: dt.datetime) -> dt.datetime:
    """The received time a file will have once recorded (as `ReceivedFile.received_at`)."""
    return min(found.modified_at, _first_seen(found, now))


def sqlite_url(state_dir: Path) -> str:
    return f"sqlite:///{state_dir.resolve() / 'ledger.sqlite'}"


class Ledger:
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
        registered when it was opened, so it runs before `oneplan.heap.end_without_teardown`
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
        found: Iterable[FoundFile],
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

    def received_files(self, archive: Archive, wanted=None) -> list[ReceivedFile]:
        """Every file ever received (read from `archive`, the state folder's), optionally
        only those `wanted` by their last reading (a function of the row).

        Each is the archive's copy, to be checked against its hash as it is read, unless
        `archive` wrote and checked it in this run already."""
        with self.engine.connect() as db:
            rows = db.execute(select(files).order_by(files.c.first_path)).all()
        result = []
        for row in rows:
            if wanted is not None and not wanted(row):
                continue
            path = (
                archive.resolve(row.archive_path)
                if row.archive_path
                else archive.path_for(row.sha256, Path(row.first_path).suffix)
            )
            first_seen = _moment(row.first_seen_at)
            modified = _moment(row.modified_at) if row.modified_at else first_seen
            result.append(
                ReceivedFile(
                    path=path,
                    rel_path=row.first_path,
                    sha256=row.sha256,
                    size=row.size,
                    modified_at=modified,
                    first_seen_at=first_seen,
                    archived=row.sha256 not in archive.checked,
                    received_seq=row.received_seq,
                )
            )
        return result

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

    # --- deliveries ------------------------------------------------------------------------

    def deliveries(self, period: str, agency_code: str | None = None) -> list[Delivery]:
        """Every recorded delivery of the period's messages (optionally of one agency), in the
        order they were first attempted."""
        query = select(deliveries).where(deliveries.c.period == period).order_by(deliveries.c.id)
        if agency_code is not None:
            query = query.where(deliveries.c.agency_code == agency_code)
        with self.engine.connect() as db:
            return [Delivery(**row._mapping) for row in db.execute(query)]

    def messages_sent(self, agency_code: str, period: str) -> list[str]:
        """Content hashes of the agency's messages of the period that went out to at least one
        recipient (sent, or unconfirmed: they may have arrived), oldest first."""
        hashes: list[str] = []
        for row in self.deliveries(period, agency_code):
            if row.status in ("sent", "unconfirmed") and row.content_sha256 not in hashes:
                hashes.append(row.content_sha256)
        return hashes

    def record_delivery(
        self,
        message: MessageKey,
        recipients: Iterable[str],
        outcome: DeliveryOutcome,
        when: dt.datetime,
        new_attempt: bool = True,
    ) -> None:
        """Record what became of a message at these recipients, in one transaction: a new
        row per recipient, or its row updated (`new_attempt` counts one more attempt)."""
        stamp = _stamp(when)
        values = {
            "status": outcome.status,
            "mode": message.mode,
            "smtp_code": outcome.code,
            "smtp_reply": outcome.reply,
            "message_id": message.message_id,
            "last_attempt_at": stamp,
            "correction": message.correction,
            "message_file": message.message_file,
        }
        key = (
            deliveries.c.agency_code == message.agency_code,
            deliveries.c.period == message.period,
            deliveries.c.content_sha256 == message.content_sha256,
        )
        with self.engine.begin() as db:
            for recipient in recipients:
                found = db.execute(
                    update(deliveries)
                    .where(*key, deliveries.c.recipient == recipient)
                    .values(**values, attempts=deliveries.c.attempts + int(new_attempt))
                ).rowcount
                if not found:
                    db.execute(
                        insert(deliveries).values(
                            **values,
                            agency_code=message.agency_code,
                            period=message.period,
                            content_sha256=message.content_sha256,
                            recipient=recipient,
                            attempts=1,
                            first_attempt_at=stamp,
                        )
                    )

    # --- agency links ----------------------------------------------------------------------

    def create_link(self, agency_code: str, token_sha256: str, when: dt.datetime) -> int:
        """Record an agency's new link; its earlier links end (one live link per agency).
        Returns how many earlier links were ended."""
        stamp = _stamp(when)
        with self.engine.begin() as db:
            ended = self._end_links(db, agency_code, stamp)
            db.execute(
                insert(agency_links).values(
                    agency_code=agency_code, token_sha256=token_sha256, created_at=stamp
                )
            )
        return ended

    def revoke_links(self, agency_code: str, when: dt.datetime) -> int:
        """End every live link of an agency; how many there were."""
        with self.engine.begin() as db:
            return self._end_links(db, agency_code, _stamp(when))

    @staticmethod
    def _end_links(db, agency_code: str, stamp: str) -> int:
        return db.execute(
            update(agency_links)
            .where(agency_links.c.agency_code == agency_code, agency_links.c.revoked_at.is_(None))
            .values(revoked_at=stamp)
        ).rowcount

    def agency_of_link(self, token_sha256: str) -> str | None:
        """The agency whose live link has this token hash, or None (unknown or ended)."""
        with self.engine.connect() as db:
            return db.execute(
                select(agency_links.c.agency_code).where(
                    agency_links.c.token_sha256 == token_sha256,
                    agency_links.c.revoked_at.is_(None),
                )
            ).scalar()

    # --- coordinator sessions --------------------------------------------------------------

    def start_session(
        self, session_sha256: str, fingerprint: str, when: dt.datetime, forget_before: dt.datetime
    ) -> None:
        """Record a coordinator's new session; sessions begun before `forget_before` (expired
        whatever they were) are deleted."""
        with self.engine.begin() as db:
            db.execute(
                delete(coordinator_sessions).where(
                    coordinator_sessions.c.started_at < _stamp(forget_before)
                )
            )
            db.execute(
                insert(coordinator_sessions).values(
                    session_sha256=session_sha256,
                    password_fingerprint=fingerprint,
                    started_at=_stamp(when),
                )
            )

    def live_session(self, session_sha256: str) -> tuple[str, dt.datetime] | None:
        """The password fingerprint and start of a session not ended, or None."""
        with self.engine.connect() as db:
            row = db.execute(
                select(
                    coordinator_sessions.c.password_fingerprint, coordinator_sessions.c.started_at
                ).where(
                    coordinator_sessions.c.session_sha256 == session_sha256,
                    coordinator_sessions.c.ended_at.is_(None),
                )
            ).first()
        return (row[0], _moment(row[1])) if row else None

    def end_session(self, session_sha256: str, when: dt.datetime) -> None:
        """End a coordinator's session for good (signing out)."""
        with self.engine.begin() as db:
            db.execute(
                update(coordinator_sessions)
                .where(
                    coordinator_sessions.c.session_sha256 == session_sha256,
                    coordinator_sessions.c.ended_at.is_(None),
                )
                .values(ended_at=_stamp(when))
            )


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
