"""The table definitions: what validation needs of them."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa

from oneplan.schemas import SUBMISSION_LINES, checked_columns


def test_a_frame_of_the_checked_columns_is_validated_as_the_whole_table():
    """Validation reads only `checked_columns`: the same failures with or without the rest."""
    rows = {
        "line_no": pd.array([1, 0, 3], dtype="Int64"),
        "plan_item_id": ["KS-01", "KS-02", None],
        "activity": ["อบรม", None, "ซ่อมฝาย"],
        "category": ["เกษตร", "", None],
        "village": ["3", None, "1"],
        "budget": pd.array([100, -5, 10], dtype="Int64"),
        "disbursed": pd.array([50, 1, 20], dtype="Int64"),
        "support_type": ["cash", None, "staff"],
        "start_date": [dt.date(2026, 10, 1), None, dt.date(2026, 10, 5)],
        "end_date": [dt.date(2026, 9, 30), None, dt.date(2026, 10, 6)],
        "note": [None, "x", None],
    }

    def failures(frame):
        try:
            SUBMISSION_LINES.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as errors:
            cases = errors.failure_cases
            # A frame-wide check fails once per column; a failure is a check on a row.
            return sorted(set(zip(cases["check"].astype(str), cases["index"], strict=True)))
        return []

    whole = pd.DataFrame(rows)
    found = failures(whole)
    assert {check for check, _ in found} >= {
        "integer_invalid",
        "not_nullable",
        "amount_negative",
        "disbursed_over_budget",
        "end_before_start",
    }
    assert failures(whole[checked_columns(SUBMISSION_LINES)]) == found


def test_no_heading_names_two_columns_of_one_table():
    """Every heading (Thai, English, alias) of a table, normalised, names one column."""
    from oneplan.schemas import PLAN, REGISTRY, SUBMISSION_INFO, header_names
    from oneplan.values.text import normalize_header

    for schema in (PLAN, REGISTRY, SUBMISSION_LINES):
        named: dict[str, set[str]] = {}
        for name, column in schema.columns.items():
            for heading in header_names(column):
                named.setdefault(normalize_header(heading), set()).add(name)
        assert {h: n for h, n in named.items() if len(n) > 1} == {}, schema.name
    labels: dict[str, set[str]] = {}
    for field in SUBMISSION_INFO:
        for label in (field.th, field.name, *field.aliases):
            labels.setdefault(normalize_header(label), set()).add(field.name)
    assert {h: n for h, n in labels.items() if len(n) > 1} == {}


def test_headings_are_compared_as_offices_type_them():
    from oneplan.values.text import normalize_header

    same = {
        "จำนวนเงิน": ["จำนวนเงิน (บาท)", "จำนวนเงิน(บาท)", "จำนวนเงิน\n(บาท)", "จำนวนเงิน [บาท]",
                      "จำนวนเงิน（บาท）", "จำนวนเงิน (บาท) :", "จำนวนเงิน*", " จำนวน เงิน "],
        "start date": ["Start_Date", "start date", "START DATE (d/m/y)"],
        "no": ["No.", "no"],
    }  # fmt: skip
    for expected, headings in same.items():
        assert {normalize_header(h) for h in headings} == {expected}
    assert normalize_header("(บาท)") == "(บาท)"  # a heading that is only a note stays
