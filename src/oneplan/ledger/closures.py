"""The ledger's record of closed periods and areas: each closing and reopening of a period,
or of one area of it, in order, with who and when, the reason of a reopening, and the
versions of the plan and registry that a closing pinned (those of the period's last run);
an area's closing also keeps its plan items and expected agencies (`pinned`). The last
record of the period, or of the area, says whether it is closed (`closure`,
`closed_areas`). A period's records and an area's are apart: reopening the period does not
reopen an area closed on its own, nor the reverse."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from oneplan.ledger.stamps import moment as _moment
from oneplan.ledger.stamps import stamp as _stamp
from oneplan.ledger.tables import period_closures

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
    area_code: str | None = None  # the one area closed or reopened; None: the whole period
    pinned: dict | None = None  # an area's closing: its plan items and expected agencies


@dataclass(frozen=True)
class ClosingsInForce:
    """The closings in force of one period: of the whole period, and of each area closed
    on its own. An area's figures are frozen from the earlier of the two."""

    period_closing: ClosureRecord | None
    area_closings: dict[str, ClosureRecord]

    def of_area(self, area_code: str | None) -> ClosureRecord | None:
        """The closing that froze `area_code`'s figures: the earlier in force, or None."""
        found = [self.period_closing, self.area_closings.get(area_code or "")]
        return min((c for c in found if c is not None), key=_when, default=None)

    def came_after(self, area_code: str | None, first_seen_at: dt.datetime) -> bool:
        """Whether a file of `area_code` first seen then came after its area's closing."""
        closing = self.of_area(area_code)
        return closing is not None and first_seen_at > closing.recorded_at

    def final_for(self, areas) -> ClosureRecord | None:
        """The closing after which all of `areas` are frozen (the latest of theirs), or None
        while one of them is open."""
        closings = [self.of_area(area) for area in areas]
        if not closings or None in closings:
            return None
        return max(closings, key=_when)

    def days(self, areas, timezone: str) -> dict[str, dt.date]:
        """The local day each closed one of `areas` was closed, as its reports say it."""
        zone = ZoneInfo(timezone)
        return {
            area: closing.recorded_at.astimezone(zone).date()
            for area in areas
            if (closing := self.of_area(area)) is not None
        }

    @property
    def any(self) -> bool:
        return self.period_closing is not None or bool(self.area_closings)


def _when(closing: ClosureRecord) -> dt.datetime:
    return closing.recorded_at


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
                    inputs=_json(record.inputs),
                    area_code=record.area_code,
                    pinned=_json(record.pinned),
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
                    row.area_code,
                    None if row.pinned is None else json.loads(row.pinned),
                )
                for row in db.execute(query)
            ]

    def closure(self, period: str, area_code: str | None = None) -> ClosureRecord | None:
        """The closing in force for the whole `period` (for its area `area_code` when
        given): the last record of it, when that is a closing."""
        found = [c for c in self.closures(period) if c.area_code == area_code]
        return found[-1] if found and found[-1].action == "close" else None

    def closings_in_force(self, period: str) -> ClosingsInForce:
        """The closings in force of `period`: the whole period's and each area's."""
        return ClosingsInForce(self.closure(period), self.closed_areas(period))

    def closed_areas(self, period: str) -> dict[str, ClosureRecord]:
        """The areas of `period` closed on their own, each with its closing in force."""
        last: dict[str, ClosureRecord] = {}
        for record in self.closures(period):
            if record.area_code is not None:
                last[record.area_code] = record
        return {area: c for area, c in sorted(last.items()) if c.action == "close"}


def _json(value: dict | None) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)
