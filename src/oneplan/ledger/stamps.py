"""Times in the ledger: ISO-8601 strings in UTC."""

from __future__ import annotations

import datetime as dt


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


def moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)
