"""The ledger's record of closed periods: each closing and reopening of a period, in
order, with who and when, the reason of a reopening, and the versions of the plan and
registry that a closing pinned (those of the period's last run). The last record says
whether the period is closed (`closure`)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from oneplan.ledger.stamps import moment as _moment
from oneplan.ledger.stamps import stamp as _stamp
from oneplan.ledger.tables import period_closures, runs

ACTIONS = ("close", "reopen")


@dataclass(frozen=True)
class ClosureRecord:
    """A closing or reopening of a period."""

    period: str
    action: str  # close | reopen
    recorded_by: str
    recorded_at: dt.datetime
    reason: str | None = None
    inputs: dict | None = None  # a closing's plan and registry versions (path -> SHA-256)


class ClosuresRecord:
    """The ledger's methods on closed periods (a part of `oneplan.ledger.Ledger`)."""

    engine: Engine

    def record_closure(self, record: ClosureRecord) -> None:
        if record.action not in ACTIONS:
            raise ValueError(f"not a closing or reopening: {record.action!r}")
        with self.engine.begin() as db:
            db.execute(
                insert(period_closures).values(
                    period=record.period,
                    action=record.action,
                    recorded_by=record.recorded_by,
                    recorded_at=_stamp(record.recorded_at),
                    reason=record.reason,
                    inputs=None
                    if record.inputs is None
                    else json.dumps(record.inputs, sort_keys=True),
                )
            )

    def closures(self, period: str | None = None) -> list[ClosureRecord]:
        """Every closing and reopening of `period` (of every period when None), in the
        order they were recorded."""
        query = select(period_closures).order_by(period_closures.c.id)
        if period is not None:
            query = query.where(period_closures.c.period == period)
        with self.engine.connect() as db:
            return [
                ClosureRecord(
                    row.period,
                    row.action,
                    row.recorded_by,
                    _moment(row.recorded_at),
                    row.reason,
                    None if row.inputs is None else json.loads(row.inputs),
                )
                for row in db.execute(query)
            ]

    def closure(self, period: str) -> ClosureRecord | None:
        """The closing in force for `period`: its last record, when that is a closing."""
        found = self.closures(period)
        return found[-1] if found and found[-1].action == "close" else None

    def last_run_inputs(self, period: str) -> dict | None:
        """The plan's and registry's versions the period's latest run used."""
        query = select(runs.c.inputs).where(runs.c.period == period).order_by(runs.c.id.desc())
        with self.engine.connect() as db:
            found = db.execute(query.limit(1)).scalar()
        return None if found is None else json.loads(found)
