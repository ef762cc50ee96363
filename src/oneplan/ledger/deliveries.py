"""The ledger's record of e-mail deliveries: what became of each message at each recipient
(`oneplan.deliver.send` writes it, `send` and the coordinator's page read it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine

from oneplan.ledger.stamps import stamp as _stamp
from oneplan.ledger.tables import deliveries


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
    kind: str = "report"  # or reminder_before, reminder_after


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
    kind: str = "report"


class DeliveryRecord:
    """The ledger's methods on deliveries (a part of `oneplan.ledger.Ledger`)."""

    engine: Engine

    def deliveries(
        self, period: str, agency_code: str | None = None, kind: str = "report"
    ) -> list[Delivery]:
        """Every recorded delivery of the period's messages of `kind` (reports unless said;
        optionally of one agency), in the order they were first attempted."""
        query = (
            select(deliveries)
            .where(deliveries.c.period == period, deliveries.c.kind == kind)
            .order_by(deliveries.c.id)
        )
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
            "kind": message.kind,
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
