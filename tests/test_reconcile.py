"""Every rule of reconciliation.md on small hand-made cases (frames, no workbooks).

Expected figures are written by hand; amounts are satang (100 = 1 baht).
"""

from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd
import pytest

from oneplan.reconcile import reconcile
from oneplan.reconcile.previous import Previous

P = "2026-11"  # fiscal year 2570 (2026-10 … 2027-09)


def day(n: int) -> dt.datetime:
    return dt.datetime(2026, 11, n, 9, 0, tzinfo=dt.UTC)


def plan(*items) -> pd.DataFrame:
    """items: (area, item, category, required satang[, fiscal_year])."""
    rows = [
        {
            "area_code": i[0],
            "plan_item_id": i[1],
            "category": i[2],
            "required_budget": i[3],
            "fiscal_year": i[4] if len(i) > 4 else 2570,
            "title": f"title {i[1]}",
            "priority": 1,
        }
        for i in items
    ]
    return pd.DataFrame(rows)


def expected(*pairs) -> pd.DataFrame:
    return pd.DataFrame(list(pairs), columns=["agency_code", "area_code"])


RECEIVED = itertools.count(1)  # the ledger's order of receiving: the order of writing here


def sub(
    sid,
    agency,
    area,
    period,
    received,
    *,
    rejected=False,
    identified=True,
    rejected_rows=0,
    seq=None,
):
    return {
        "submission_id": sid,
        "source_file": sid,
        "sha256": sid,
        "agency_code": agency,
        "area_code": area,
        "period": period,
        "received_at": received,
        "received_seq": next(RECEIVED) if seq is None else seq,
        "rejected": rejected,
        "identified": identified,
        "rejected_rows": rejected_rows,
    }


def line(sid, line_no, budget, item=None, disbursed=0):
    return {
        "submission_id": sid,
        "line_no": line_no,
        "plan_item_id": item,
        "activity": f"activity {line_no}",
        "category": None,
        "village": None,
        "budget": budget,
        "disbursed": disbursed,
        "support_type": "cash",
        "sheet": "lines",
        "row": line_no + 1,
    }


def run(plan_items, subs, lines, pairs=(), previous=None, period=P):
    return reconcile(
        period,
        plan_items,
        expected(*pairs),
        pd.DataFrame(subs, columns=list(sub("x", "", "", P, day(1)))),
        pd.DataFrame(lines, columns=list(line("x", 1, 0))),
        previous,
    )


def status_of(result) -> dict:
    return {
        (r.agency_code, r.area_code): (r.status, r.source_period, r.source_file)
        for r in result.agencies.itertuples()
    }


def item(result, item_id: str) -> dict:
    return result.plan_items.set_index("plan_item_id").loc[item_id].to_dict()


ONE_ITEM = plan(("A1", "KS-01", "เกษตร", 100_000))


# --- which submission counts ----------------------------------------------------------


def test_single_valid_submission_for_the_period_is_submitted():
    result = run(
        ONE_ITEM, [sub("a.xlsx", "AG", "A1", P, day(1))], [line("a.xlsx", 1, 500, "KS-01")]
    )
    assert status_of(result) == {("AG", "A1"): ("submitted", P, "a.xlsx")}
    assert item(result, "KS-01")["committed"] == 500


def test_later_received_submission_supersedes_and_is_resubmitted():
    # Named so that alphabetical order and received order disagree.
    subs = [sub("z-first.xlsx", "AG", "A1", P, day(1)), sub("a-second.xlsx", "AG", "A1", P, day(5))]
    lines = [line("z-first.xlsx", 1, 1_000, "KS-01"), line("a-second.xlsx", 1, 700, "KS-01")]
    result = run(ONE_ITEM, subs, lines)
    assert status_of(result) == {("AG", "A1"): ("resubmitted", P, "a-second.xlsx")}
    assert item(result, "KS-01")["committed"] == 700  # the earlier file no longer counts


def test_equal_received_times_are_decided_by_the_order_of_receiving():
    # Named, and given content, so that path order and hash order disagree with it.
    subs = [
        sub("a.xlsx", "AG", "A1", P, day(3), seq=8),
        sub("b.xlsx", "AG", "A1", P, day(3), seq=7),
    ]
    lines = [line("a.xlsx", 1, 100, "KS-01"), line("b.xlsx", 1, 200, "KS-01")]
    result = run(ONE_ITEM, subs, lines)
    assert status_of(result) == {("AG", "A1"): ("resubmitted", P, "a.xlsx")}
    assert item(result, "KS-01")["committed"] == 100


def test_earlier_period_of_the_fiscal_year_is_carried_forward():
    result = run(
        ONE_ITEM,
        [sub("oct.xlsx", "AG", "A1", "2026-10", day(1))],
        [line("oct.xlsx", 1, 900, "KS-01")],
    )
    assert status_of(result) == {("AG", "A1"): ("carried_forward", "2026-10", "oct.xlsx")}
    assert item(result, "KS-01")["committed"] == 900


def test_latest_earlier_period_wins_over_an_older_one_received_later():
    subs = [sub("oct.xlsx", "AG", "A1", "2026-10", day(9)), sub("nov.xlsx", "AG", "A1", P, day(1))]
    lines = [line("oct.xlsx", 1, 900, "KS-01"), line("nov.xlsx", 1, 400, "KS-01")]
    result = run(ONE_ITEM, subs, lines, period="2026-12")
    assert status_of(result) == {("AG", "A1"): ("carried_forward", "2026-11", "nov.xlsx")}


def test_no_carry_forward_across_fiscal_years():
    # September 2026 is fiscal year 2569; October 2026 starts 2570.
    result = run(
        ONE_ITEM,
        [sub("sep.xlsx", "AG", "A1", "2026-09", day(1))],
        [line("sep.xlsx", 1, 900, "KS-01")],
        pairs=[("AG", "A1")],
        period="2026-10",
    )
    assert status_of(result) == {("AG", "A1"): ("missing", None, None)}
    assert item(result, "KS-01")["committed"] == 0


def test_submission_for_a_later_period_does_not_count():
    result = run(
        ONE_ITEM,
        [sub("dec.xlsx", "AG", "A1", "2026-12", day(1))],
        [line("dec.xlsx", 1, 900, "KS-01")],
    )
    assert status_of(result) == {}
    assert item(result, "KS-01")["committed"] == 0


def test_rejected_file_gives_rejected_status_when_nothing_counts():
    result = run(
        ONE_ITEM, [sub("bad.xlsx", "AG", "A1", P, day(1), rejected=True)], [], pairs=[("AG", "A1")]
    )
    assert status_of(result) == {("AG", "A1"): ("rejected", None, None)}


def test_rejected_file_never_hides_an_older_valid_submission():
    subs = [
        sub("oct.xlsx", "AG", "A1", "2026-10", day(1)),
        sub("bad.xlsx", "AG", "A1", P, day(2), rejected=True),
    ]
    result = run(ONE_ITEM, subs, [line("oct.xlsx", 1, 300, "KS-01")])
    assert status_of(result) == {("AG", "A1"): ("carried_forward", "2026-10", "oct.xlsx")}
    assert item(result, "KS-01")["committed"] == 300


def test_missing_when_registry_expects_the_area_and_nothing_came():
    result = run(ONE_ITEM, [], [], pairs=[("AG", "A1"), ("AG2", "A1")])
    assert status_of(result) == {
        ("AG", "A1"): ("missing", None, None),
        ("AG2", "A1"): ("missing", None, None),
    }


def test_unidentified_rejected_file_gives_no_status():
    subs = [sub("x.xlsx", "UNKNOWN", "A1", P, day(1), rejected=True, identified=False)]
    assert status_of(run(ONE_ITEM, subs, [])) == {}


# --- alignment and figures ------------------------------------------------------------


def test_alignment_of_lines_and_agency_figures():
    items = plan(("A1", "KS-01", "เกษตร", 100_000), ("A1", "KS-02", "เกษตร", 50_000))
    subs = [sub("a.xlsx", "AG", "A1", P, day(1), rejected_rows=2)]
    lines = [
        line("a.xlsx", 1, 30_000, "KS-01", disbursed=10_000),  # aligned
        line("a.xlsx", 2, 5_000, "ZZ-99", disbursed=5_000),  # unknown_item
        line("a.xlsx", 3, 5_000, None),  # unaligned
    ]
    result = run(items, subs, lines)
    assert list(result.lines["alignment"]) == ["aligned", "unknown_item", "unaligned"]
    agency = result.agencies.iloc[0].to_dict()
    assert {
        k: agency[k]
        for k in (
            "lines",
            "rejected_rows",
            "total_budget",
            "aligned_budget",
            "unaligned_budget",
            "alignment_ratio",
            "disbursed",
            "disbursement_rate",
        )
    } == {
        "lines": 3,
        "rejected_rows": 2,
        "total_budget": 40_000,
        "aligned_budget": 30_000,
        "unaligned_budget": 10_000,
        "alignment_ratio": 0.75,
        "disbursed": 15_000,
        "disbursement_rate": 0.375,
    }


def test_line_naming_an_item_of_another_fiscal_year_is_unknown_item():
    items = plan(("A1", "KS-01", "เกษตร", 100_000, 2569))
    result = run(items, [sub("a.xlsx", "AG", "A1", P, day(1))], [line("a.xlsx", 1, 100, "KS-01")])
    assert list(result.lines["alignment"]) == ["unknown_item"]
    assert result.plan_items.empty  # only items of FY(P) are reported


def test_plan_item_statuses_and_co_funding():
    items = plan(
        ("A1", "I-UNF", "c", 1_000),
        ("A1", "I-PAR", "c", 1_000),
        ("A1", "I-FUN", "c", 1_000),
        ("A1", "I-OVR", "c", 1_000),
        ("A1", "I-ZERO", "c", 0),
        ("A1", "I-ZOVR", "c", 0),
    )
    subs = [sub("a.xlsx", "AG-B", "A1", P, day(1)), sub("b.xlsx", "AG-A", "A1", P, day(1))]
    lines = [
        line("a.xlsx", 1, 400, "I-PAR"),
        line("a.xlsx", 2, 600, "I-FUN", disbursed=100),
        line("b.xlsx", 1, 400, "I-FUN", disbursed=50),
        line("a.xlsx", 3, 1_500, "I-OVR"),
        line("b.xlsx", 2, 10, "I-ZOVR"),
    ]
    result = run(items, subs, lines)
    figures = result.plan_items.set_index("plan_item_id")
    assert figures["status"].to_dict() == {
        "I-FUN": "funded",
        "I-OVR": "over",
        "I-PAR": "partial",
        "I-UNF": "unfunded",
        "I-ZERO": "no_budget_needed",
        "I-ZOVR": "over",
    }
    fun = figures.loc["I-FUN"]
    assert (fun["committed"], fun["disbursed"], fun["gap"], fun["excess"], fun["coverage"]) == (
        1_000,
        150,
        0,
        0,
        1.0,
    )
    assert (fun["n_agencies"], fun["co_funded"], fun["agencies"]) == (2, True, "AG-A, AG-B")
    over = figures.loc["I-OVR"]
    assert (over["gap"], over["excess"], over["coverage"], over["co_funded"]) == (
        0,
        500,
        1.5,
        False,
    )
    assert figures.loc["I-ZERO", "coverage"] is None
    assert figures.loc["I-ZOVR", "coverage"] is None


def test_over_commitment_never_covers_another_items_gap():
    items = plan(
        ("A1", "KS-01", "เกษตร", 10_000),
        ("A1", "KS-02", "เกษตร", 10_000),
        ("A1", "SW-01", "สวัสดิการ", 5_000),
    )
    result = run(
        items, [sub("a.xlsx", "AG", "A1", P, day(1))], [line("a.xlsx", 1, 15_000, "KS-01")]
    )
    categories = result.categories.set_index("category")
    assert categories.loc["เกษตร"].to_dict() == {
        "area_code": "A1",
        "required": 20_000,
        "committed": 15_000,
        "covered": 10_000,
        "gap": 10_000,
        "coverage": 0.5,
        # no indicator in this plan: no item with a target to count
        "items_on_track": 0,
        "items_behind": 0,
        "items_not_started": 0,
    }
    assert categories.loc["สวัสดิการ", "coverage"] == 0.0
    (area,) = result.areas
    assert (
        area["required"],
        area["committed"],
        area["covered"],
        area["gap"],
        area["coverage"],
    ) == (
        25_000,
        15_000,
        10_000,
        15_000,
        0.4,
    )


def test_exact_satang_sums():
    # 0.10 + 0.20 baht is exactly 0.30 baht: 10 + 20 satang, never 0.30000000000000004.
    result = run(
        ONE_ITEM,
        [sub("a.xlsx", "AG", "A1", P, day(1))],
        [line("a.xlsx", 1, 10, "KS-01"), line("a.xlsx", 2, 20, "KS-01")],
    )
    assert item(result, "KS-01")["committed"] == 30
    assert item(result, "KS-01")["gap"] == 99_970


def test_ratios_round_half_up_to_four_decimals():
    items = plan(("A1", "KS-01", "เกษตร", 20_000))
    result = run(items, [sub("a.xlsx", "AG", "A1", P, day(1))], [line("a.xlsx", 1, 2_469, "KS-01")])
    assert item(result, "KS-01")["coverage"] == 0.1235  # 0.12345 rounds up


def test_area_aligned_share_and_counts():
    items = plan(("A1", "KS-01", "เกษตร", 1_000), ("A1", "KS-02", "เกษตร", 1_000))
    subs = [sub("a.xlsx", "AG-A", "A1", P, day(1)), sub("b.xlsx", "AG-B", "A1", "2026-10", day(1))]
    lines = [line("a.xlsx", 1, 300, "KS-01"), line("a.xlsx", 2, 100), line("b.xlsx", 1, 600, None)]
    result = run(items, subs, lines, pairs=[("AG-C", "A1")])
    (area,) = result.areas
    assert area["aligned_share"] == 0.3  # 300 of 1,000
    assert area["agencies"] == {
        "submitted": 1,
        "resubmitted": 0,
        "carried_forward": 1,
        "rejected": 0,
        "missing": 1,
    }
    assert area["items"] == {
        "unfunded": 1,
        "partial": 1,
        "funded": 0,
        "over": 0,
        "no_budget_needed": 0,
    }
    assert area["co_funded_items"] == 0


def test_change_since_previous_run():
    items = plan(("A1", "KS-01", "เกษตร", 1_000), ("A1", "KS-02", "เกษตร", 1_000))
    previous = Previous(
        "2026-10", items={("A1", "KS-01"): (200, 50)}, statuses={("AG", "A1"): "missing"}
    )
    result = run(
        items,
        [sub("a.xlsx", "AG", "A1", P, day(1))],
        [line("a.xlsx", 1, 500, "KS-01", disbursed=80)],
        previous=previous,
    )
    figures = result.plan_items.set_index("plan_item_id")
    assert (figures.loc["KS-01", "committed_change"], figures.loc["KS-01", "disbursed_change"]) == (
        300,
        30,
    )
    assert (figures.loc["KS-02", "committed_change"], figures.loc["KS-02", "disbursed_change"]) == (
        0,
        0,
    )
    assert result.agencies.iloc[0]["previous_status"] == "missing"
    assert result.previous_period == "2026-10"


def test_change_columns_empty_without_previous_run():
    result = run(ONE_ITEM, [], [])
    assert result.plan_items.iloc[0]["committed_change"] is None
    assert result.previous_period is None


@pytest.mark.parametrize(
    ("period", "fiscal_year"), [("2026-10", 2570), ("2027-09", 2570), ("2026-09", 2569)]
)
def test_fiscal_year_of_a_period(period, fiscal_year):
    assert run(ONE_ITEM, [], [], period=period).fiscal_year == fiscal_year
