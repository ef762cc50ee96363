"""The ledger's kept readings: each file's latest reading whole, under the versions of the
plan, the registry and the code's reading it was made with (`file_readings`). What a
reading holds and how it is made plain is the month's (`oneplan.month.readings`): here it
is bytes under a key.

A kept reading is always the file's latest recorded one: it is written in the same
transaction as the reading's record (`ReceivedFilesRecord.record_readings`), and every
later recording of the file replaces it or removes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection, Engine

from oneplan.ledger.tables import file_readings


class ReadingVersions(Protocol):
    """What a kept reading depends on besides the file (`oneplan.month.readings.ReadingKey`)."""

    plan_version: str
    registry_version: str
    reading_version: int


def _of(key: ReadingVersions):
    return (
        (file_readings.c.plan_version == key.plan_version)
        & (file_readings.c.registry_version == key.registry_version)
        & (file_readings.c.reading_version == key.reading_version)
    )


class KeptReadingsRecord:
    """The ledger's methods on kept readings (a part of `oneplan.ledger.Ledger`)."""

    engine: Engine

    def kept_readings(self, key: ReadingVersions, hashes: Iterable[str]) -> dict[str, bytes]:
        """sha256 -> the kept reading of each of these files made under `key`."""
        found: dict[str, bytes] = {}
        with self.engine.connect() as db:
            for chunk in chunks(list(hashes)):
                query = select(file_readings.c.sha256, file_readings.c.reading).where(
                    _of(key) & file_readings.c.sha256.in_(chunk)
                )
                found.update((row.sha256, bytes(row.reading)) for row in db.execute(query))
        return found

    def kept_readings_size(self) -> tuple[int, int]:
        """(how many readings are kept, their bytes in all)."""
        with self.engine.connect() as db:
            count, size = db.execute(
                select(
                    func.count(), func.coalesce(func.sum(func.length(file_readings.c.reading)), 0)
                )
            ).one()
        return count, size


def replace_kept_readings(
    db: Connection, hashes: list[str], key: ReadingVersions | None, kept: dict[str, bytes]
) -> None:
    """Within the transaction that records the readings of `hashes`: their earlier kept
    readings removed, and those of `kept` (a subset, by hash) kept under `key`."""
    for chunk in chunks(hashes):
        db.execute(delete(file_readings).where(file_readings.c.sha256.in_(chunk)))
    if kept and key is not None:
        db.execute(
            insert(file_readings),
            [
                {
                    "sha256": sha256,
                    "plan_version": key.plan_version,
                    "registry_version": key.registry_version,
                    "reading_version": key.reading_version,
                    "reading": reading,
                }
                for sha256, reading in kept.items()
            ],
        )


def chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]
