"""Ratios as people read them: the one formatter of percentages (and the test of a missing
value it rests on), used by the command line, the pages, the Prefect run summary and the
reports."""

from __future__ import annotations

import pandas as pd

# The command line, the pages and the Prefect run summary show 1 decimal; the Word
# reports and the e-mails show 2 (they have since the first release).
SHOWN_DIGITS = 1
REPORT_DIGITS = 2


def missing(value: object) -> bool:
    """None, NaN or pd.NA: a missing value as the month's tables hold one (pd.isna's
    answer for a single value, without its cost: reports test millions of values)."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def plain(value: object) -> object:
    """A table's value as JSON writes it: numpy and pandas scalars as Python's, a missing
    value as None."""
    if missing(value):
        return None
    return value.item() if hasattr(value, "item") else value


def percent(value: object, digits: int = SHOWN_DIGITS) -> str:
    """A ratio (0.3801) as a percentage with `digits` decimals ("38.0%"); "-" when missing."""
    return "-" if missing(value) else f"{float(value) * 100:.{digits}f}%"
