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

from oneplan.ledger.deliveries import (
    DELIVERY_STATUSES,
    Delivery,
    DeliveryOutcome,
    DeliveryRecord,
    MessageKey,
)
from oneplan.ledger.engine import (
    CHECKPOINT_WAIT_SECONDS,
    MIGRATIONS,
    Ledger,
    forget_open_ledgers,
    open_ledger,
    sqlite_url,
)
from oneplan.ledger.files import FileRecord

__all__ = [
    "CHECKPOINT_WAIT_SECONDS",
    "DELIVERY_STATUSES",
    "MIGRATIONS",
    "Delivery",
    "DeliveryOutcome",
    "DeliveryRecord",
    "FileRecord",
    "Ledger",
    "MessageKey",
    "forget_open_ledgers",
    "open_ledger",
    "sqlite_url",
]
