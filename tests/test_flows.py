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
