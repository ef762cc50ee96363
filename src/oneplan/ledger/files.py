"""The ledger's record of received files: every file by its hash, the paths it was seen
under, when it was received, and what its latest reading made of it (identity, verdict,
issues and counted lines)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Table, bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from oneplan.failpoints import checkpoint
from oneplan.ledger.readings import ReadingVersions, chunks, replace_kept_readings
from oneplan.ledger.stamps import moment as _moment
from oneplan.ledger.stamps import stamp as _stamp
from oneplan.ledger.tables import file_issues, file_lines, file_paths, files


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


class ReceivedFilesRecord:
    """The ledger's methods on received files and their readings (a part of
    `oneplan.ledger.Ledger`)."""

    engine: Engine

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

    def received(self, unread_only: bool = False) -> list[FileRecord]:
        """Every file ever received, by its first path: where its copy is in the archive,
        when it was received, and what its last reading made of it; `unread_only`: only the
        files not read yet (an intake's new files)."""
        query = select(files).order_by(files.c.first_path)
        if unread_only:
            query = query.where(files.c.read_at.is_(None))
        with self.engine.connect() as db:
            rows = db.execute(query).all()
        return [_file_record(row) for row in rows]

    def read_copies(self) -> list[tuple[str, str, str | None, str | None, str | None]]:
        """(sha256, first path, archive path, period, first run's period) of every file
        read: what an intake needs to check their archived copies, and no more."""
        columns = (files.c.sha256, files.c.first_path, files.c.archive_path, files.c.period)
        with self.engine.connect() as db:
            return [
                tuple(row)
                for row in db.execute(
                    select(*columns, files.c.first_run_period).where(files.c.read_at.is_not(None))
                )
            ]

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

    def record_readings(
        self,
        submissions: Iterable,
        now: dt.datetime,
        kept: dict[str, bytes] | None = None,
        key: ReadingVersions | None = None,
    ) -> None:
        """What the latest reading made of each file: identity, verdict, issues, lines;
        and, for the files of `kept` (by hash), the reading kept whole under `key`
        (`oneplan.ledger.readings`). A file's earlier kept reading goes either way."""
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
            for chunk in chunks(hashes):
                db.execute(delete(file_issues).where(file_issues.c.sha256.in_(chunk)))
                db.execute(delete(file_lines).where(file_lines.c.sha256.in_(chunk)))
            checkpoint("during_ledger")
            replace_kept_readings(db, hashes, key, kept or {})
            values = {name: bindparam(name) for name in verdicts[0] if name != "key"}
            db.execute(
                update(files).where(files.c.sha256 == bindparam("key")).values(values), verdicts
            )
            _insert_rows(db, file_issues, FILE_ISSUE_COLUMNS, issue_rows)
            _insert_rows(db, file_lines, FILE_LINE_COLUMNS, line_rows)


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
    columns["quantity"] = [None if q is None else str(q) for q in columns["quantity"]]
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
