"""The ledger's record of when files arrived, for deadlines: the receipt times that
coordinators record for files received by other means (`oneplan received`), and each
identified file of a period with its arrival (`arrivals`).

A file arrived when oneplan first saw it (`files.first_seen_at`: a web upload or a
watched drop is exact), unless a receipt is recorded for it; its modification time, set
by the sender's or the copier's machine, never decides (`oneplan.timeliness`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, delete, insert, select
from sqlalchemy.engine import Engine

from oneplan.ledger.readings import chunks
from oneplan.ledger.stamps import moment as _moment
from oneplan.ledger.stamps import stamp as _stamp
from oneplan.ledger.tables import file_receipts, files


@dataclass(frozen=True)
class Receipt:
    """A receipt time recorded for a file: when it was received, why, by whom, when."""

    sha256: str
    received_at: dt.datetime
    note: str
    recorded_by: str
    recorded_at: dt.datetime


class ReceiptsRecord:
    """The ledger's methods on receipts and arrivals (a part of `oneplan.ledger.Ledger`)."""

    engine: Engine

    def record_receipt(self, receipt: Receipt) -> Receipt | None:
        """Record `receipt` for its file, replacing one recorded before (returned)."""
        earlier = self.receipt_of(receipt.sha256)
        with self.engine.begin() as db:
            db.execute(delete(file_receipts).where(file_receipts.c.sha256 == receipt.sha256))
            db.execute(
                insert(file_receipts).values(
                    sha256=receipt.sha256,
                    received_at=_stamp(receipt.received_at),
                    note=receipt.note,
                    recorded_by=receipt.recorded_by,
                    recorded_at=_stamp(receipt.recorded_at),
                )
            )
        return earlier

    def receipt_of(self, sha256: str) -> Receipt | None:
        with self.engine.connect() as db:
            row = db.execute(select(file_receipts).where(file_receipts.c.sha256 == sha256)).first()
        if row is None:
            return None
        return Receipt(
            row.sha256,
            _moment(row.received_at),
            row.note,
            row.recorded_by,
            _moment(row.recorded_at),
        )

    def first_seen(self, sha256: str) -> dt.datetime | None:
        """When oneplan first saw the file of this hash; None if it has not."""
        with self.engine.connect() as db:
            found = db.execute(
                select(files.c.first_seen_at).where(files.c.sha256 == sha256)
            ).scalar()
        return None if found is None else _moment(found)

    def receipt_times(self, hashes: list[str]) -> dict[str, str]:
        """The receipt time recorded for each of these files that has one (UTC stamps)."""
        found = {}
        with self.engine.connect() as db:
            for chunk in chunks(hashes):
                query = select(file_receipts.c.sha256, file_receipts.c.received_at).where(
                    file_receipts.c.sha256.in_(chunk)
                )
                found.update({row.sha256: row.received_at for row in db.execute(query)})
        return found

    def arrivals(self, periods: list[str]) -> list[dict]:
        """Every file read and identified as of one of `periods`: its agency, area, period,
        hash, arrival (`arrived_at`, aware UTC: the recorded receipt, else when oneplan
        first saw it), whether it was accepted, the receipt's note (None if none), and when
        oneplan first saw it under which path."""
        if not periods:
            return []
        query = (
            select(
                files.c.agency_code,
                files.c.area_code,
                files.c.period,
                files.c.sha256,
                files.c.first_path,
                files.c.first_seen_at,
                files.c.accepted,
                file_receipts.c.received_at,
                file_receipts.c.note,
            )
            .select_from(files.outerjoin(file_receipts, files.c.sha256 == file_receipts.c.sha256))
            .where(
                and_(
                    files.c.identified.is_(True),
                    files.c.read_at.is_not(None),
                    files.c.period.in_(periods),
                )
            )
            .order_by(files.c.received_seq)
        )
        with self.engine.connect() as db:
            return [
                {
                    "agency_code": row.agency_code,
                    "area_code": row.area_code,
                    "period": row.period,
                    "sha256": row.sha256,
                    "arrived_at": _moment(row.received_at or row.first_seen_at),
                    "accepted": bool(row.accepted),
                    "recorded_note": row.note,
                    "first_seen_at": _moment(row.first_seen_at),
                    "first_path": row.first_path,
                }
                for row in db.execute(query)
            ]
