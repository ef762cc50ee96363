"""The Prefect flows themselves (few tests: each starts Prefect's temporary server)."""

from __future__ import annotations

import pytest
from prefect.testing.utilities import prefect_test_harness

from tests.conftest import PERIOD


@pytest.fixture(scope="module")
def prefect():
    with prefect_test_harness(server_startup_timeout=180):
        yield


def test_a_bug_while_reading_one_file_fails_neither_the_flow_nor_the_others(
    prefect, month, reading_a_xlsx_fails
):
    from flows.monthly import monthly_reconciliation

    state = monthly_reconciliation(
        period=PERIOD,
        inputs=str(month.inputs),
        outputs=str(month.outputs),
        state=str(month.state),
        workers=1,  # the bug is planted in this process
        return_state=True,
    )
    assert state.is_completed()
    month_result = state.result()
    (issue,) = [i for i in month_result.issues if i.source_file == "a.xlsx"]
    assert (issue.code, issue.severity) == ("internal_error", "error")
    assert issue.context["step"] == "read"  # kept for the coordinator, not shown
    assert "not caused by your workbook" in issue.message_en and "read'" not in issue.message_en
    agencies = month_result.reconciliation.agencies.set_index("agency_code")
    assert agencies.loc["AG-B", "total_budget"] == 4_000_000  # the other file counts
    assert (month.outputs / PERIOD / "summary.json").is_file()


def test_the_scheduled_run_closes_the_period_when_asked_and_sends_the_final_reports(
    prefect, month, monkeypatch
):
    """`close_after_send`: the scheduled run of the period is its closing, and the letters
    it sends carry the final (closed) figures; recorded as closed by the schedule."""
    import flows.intake as intake
    from flows.intake import SCHEDULE_CLOSER, monthly_and_send
    from oneplan.ledger import open_ledger
    from tests.test_reports import document_text

    monkeypatch.setenv("ONEPLAN_CLOSE_AFTER_SEND", "true")
    monkeypatch.setenv("ONEPLAN_PERIOD_DEADLINES", f"{PERIOD}=2026-12-01")  # passed
    monkeypatch.setattr(intake, "scheduled_period", lambda *args, **kwargs: PERIOD)
    done = monthly_and_send(
        inputs=str(month.inputs), outputs=str(month.outputs), state=str(month.state)
    )
    assert done["period"] == PERIOD and sorted(done["sent"]) == ["AG-A", "AG-B", "AG-C"]
    closing = open_ledger(month).closure(PERIOD)
    assert closing is not None and closing.recorded_by == SCHEDULE_CLOSER
    folder = month.outputs / PERIOD
    assert "ปิดงวดแล้ว" in document_text(folder / "reports" / "AG-A.docx")
    letters = [path.read_bytes() for path in (folder / "outbox").glob("*.eml")]
    assert len(letters) == 3 and all(b"Subject:" in letter for letter in letters)
