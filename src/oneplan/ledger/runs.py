"""The ledger's record of runs: each distinct outcome of a period's run, which submissions
counted in it, and what the history of runs and files looks like."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.engine import Engine

from oneplan.ledger.stamps import stamp as _stamp
from oneplan.ledger.tables import files, run_counted, runs


class RunsRecord:
    """The ledger's methods on runs (a part of `oneplan.ledger.Ledger`)."""

    engine: Engine

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

    def run_periods(self) -> list[str]:
        """The periods with a recorded run, in order."""
        with self.engine.connect() as db:
            return sorted(db.execute(select(runs.c.period).distinct()).scalars())

    def periods_behind(self) -> list[str]:
        """Periods whose figures miss a file: a file identified as of the period was first
        received after the period's latest run started, or the period was never run.

        A run or intake takes its start once it holds the run lock, and records every file
        it receives as first seen no earlier than that start (`files._first_seen`): so a file
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

    def previous_run_identity(self, period: str, fiscal_year: int) -> list | None:
        """Which run `previous_run` gives: [period, id, figures hash] (a cheap query)."""
        with self.engine.connect() as db:
            row = db.execute(
                select(runs.c.period, runs.c.id, runs.c.figures_sha256)
                .where(runs.c.fiscal_year == fiscal_year, runs.c.period < period)
                .order_by(runs.c.period.desc(), runs.c.finished_at.desc(), runs.c.id.desc())
                .limit(1)
            ).first()
        return [row.period, row.id, row.figures_sha256] if row else None

    def history(self, agency: str | None = None) -> dict:
        """Runs, each closing and reopening of a period, and each agency's files with the
        runs they counted in."""
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
            "closings": [
                {
                    "period": c.period,
                    "action": c.action,
                    "by": c.recorded_by,
                    "at": _stamp(c.recorded_at),
                    "reason": c.reason,
                    "area_code": c.area_code,
                }
                for c in self.closures()
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
