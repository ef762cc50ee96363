"""The benchmark's generated month (`benchmarks/generate_month.py`): a realistic month gives a
run the mix it was drawn with, issue code by issue code and file by file, at the rates asked;
the clean month is clean; both are the same bytes every time; the corrected file set aside
for later, dropped in, supersedes the file it corrects."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import shutil
import time
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.generate_month import generate, plan_month, write_submission
from benchmarks.month_problems import CLEAN, DEADLINE, FileSpec, Rates
from oneplan.month.run import run_month
from oneplan.settings import Settings

PERIOD = "2026-11"
# High rates, so that a month of 30 pairs has every kind of file.
TINY = Rates(
    warnings=0.9,
    row_errors=0.5,
    rejected=0.15,
    resubmitted=0.2,
    zero_line=0.1,
    late=0.2,
    carried_forward=0.15,
)


def settings_of(folder: Path) -> Settings:
    return Settings(inputs=folder / "inputs", outputs=folder / "out", state=folder / "state")


def run(folder: Path):
    return run_month(settings_of(folder), PERIOD, dt.datetime.now(dt.UTC))


def issue_counts(folder: Path) -> Counter:
    table = pd.read_parquet(folder / "out" / PERIOD / "tables" / "issues.parquet")
    return Counter(zip(table["source_file"], table["code"], strict=True))


@pytest.fixture(scope="module")
def realistic(tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("realistic")
    generate(folder, areas=3, lines=8, rates=TINY, seed=0)
    return folder, json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_the_tiny_month_has_every_kind_of_file(realistic):
    _, manifest = realistic
    assert set(manifest["roles"]) == {
        "current",
        "superseded",
        "resubmission",
        "zero_line",
        "rejected",
        "carried_forward",
    }
    assert manifest["late"] > 0
    codes = set(manifest["expected_issues"])
    assert {"plan_item_unknown", "category_mismatch", "zero_line_replacement"} <= codes
    assert {"column_missing", "agency_unknown", "sheet_missing"} <= codes
    assert {
        "amount_negative",
        "amount_invalid",
        "disbursed_over_budget",
        "end_before_start",
        "value_missing",
    } <= codes


def test_a_run_reports_what_was_generated_file_by_file(realistic):
    folder, manifest = realistic
    result = run(folder)
    expected = Counter()
    for entry in manifest["submissions"]:
        source = entry["path"].removeprefix("inputs/submissions/")
        for code, count in entry["issues"].items():
            expected[(source, code)] += count
    assert issue_counts(folder) == expected
    roles = manifest["roles"]
    assert result.summary["files"] == {
        "received": manifest["files"] - roles["carried_forward"],
        "accepted": manifest["files"] - roles["carried_forward"] - roles["rejected"],
        "rejected": roles["rejected"],
        "ignored": 0,
    }
    statuses = Counter(result.reconciliation.agencies["status"])
    assert statuses["carried_forward"] == roles["carried_forward"]
    assert statuses["resubmitted"] == roles["resubmission"] + roles["zero_line"]
    unknown = sum(e["issues"] == {"agency_unknown": 1} for e in manifest["submissions"])
    assert statuses["rejected"] == roles["rejected"] - unknown
    assert statuses["missing"] == unknown  # a file under an unknown code is nobody's


def test_the_corrected_file_supersedes_the_one_it_corrects(realistic):
    folder, manifest = realistic
    later = manifest["corrected"]
    corrects = later["corrects"].removeprefix("inputs/submissions/")
    assert manifest["submissions"][
        [e["path"] for e in manifest["submissions"]].index(later["corrects"])
    ]["issues"].keys() - {"plan_item_unknown", "category_mismatch"}  # it had row errors
    assert not (folder / later["drop_as"]).exists()
    shutil.copy2(folder / later["path"], folder / later["drop_as"])
    result = run(folder)
    agencies = result.reconciliation.agencies.set_index(["agency_code", "area_code"])
    chosen = agencies.loc[(later["agency"], later["area"])]
    assert chosen["status"] == "resubmitted"
    counts = issue_counts(folder)
    source = later["drop_as"].removeprefix("inputs/submissions/")
    assert {code: n for (file, code), n in counts.items() if file == source} == later["issues"]
    assert any(file == corrects for file, _ in counts)  # the earlier file's issues still told


def test_a_file_has_the_issues_its_spec_names_where_it_names_them(tmp_path):
    """Hand-written: which cell of which line gets which issue."""
    drop = tmp_path / "inputs" / "submissions"
    generate(tmp_path, areas=1, lines=2, rates=CLEAN)
    for old in drop.rglob("*.xlsx"):
        old.unlink()
    spec = FileSpec(
        "one.xlsx",
        0,
        0,
        time.time() - 3600,
        "current",
        warnings={1: "category_mismatch", 3: "plan_item_unknown"},
        errors={2: "end_before_start", 4: "amount_negative", 5: "value_missing"},
    )
    write_submission(drop / "one.xlsx", spec, 8)
    run(tmp_path)
    table = pd.read_parquet(tmp_path / "out" / PERIOD / "tables" / "issues.parquet")
    # Headers on row 2, line n on row n + 2; columns: A line_no, B plan item, C activity,
    # D category, E village, F budget, G disbursed, H support type, I start, J end.
    assert sorted(zip(table["cell"], table["code"], strict=True)) == [
        ("B5", "plan_item_unknown"),
        ("C7", "value_missing"),
        ("D3", "category_mismatch"),
        ("F6", "amount_negative"),
        ("J4", "end_before_start"),
    ]


def test_the_rates_are_the_rates_asked():
    """Drawn over 5,000 pairs, each kind's share is within 4 standard deviations of its rate."""
    rates = Rates()
    specs = plan_month(500, 50, rates, seed=1, now=time.time())
    pairs = len({(s.agency, s.area) for s in specs})
    assert pairs == 5000
    this_month = [s for s in specs if s.role != "superseded"]
    shares = {
        "carried_forward": sum(s.role == "carried_forward" for s in specs) / pairs,
        "late": sum(s.late for s in specs) / pairs,
        "rejected": sum(s.role == "rejected" for s in specs) / pairs,
        "resubmitted": sum(s.role == "resubmission" for s in specs) / pairs,
        "zero_line": sum(s.role == "zero_line" for s in specs) / pairs,
    }
    # Warnings and row errors are drawn for the file of the month of every pair that has one.
    drawn = [s for s in this_month if s.role in ("current", "resubmission")]
    shares["warnings"] = sum(bool(s.warnings) for s in drawn) / len(drawn)
    shares["row_errors"] = sum(bool(s.errors) for s in drawn) / len(drawn)
    for name, share in shares.items():
        rate = getattr(rates, name)
        if name in ("rejected", "resubmitted", "zero_line", "late"):
            rate *= 1 - rates.carried_forward  # drawn among the pairs not carried forward
        sigma = math.sqrt(rate * (1 - rate) / pairs)
        assert abs(share - rate) <= 4 * sigma + 1e-9, (name, share, rate)
    late = [s for s in specs if s.late]
    assert all(s.received > DEADLINE or s.received < time.time() for s in late)


def test_the_clean_month_is_clean_and_every_month_the_same_bytes(tmp_path):
    generate(tmp_path / "a", areas=2, lines=6, rates=CLEAN)
    generate(tmp_path / "b", areas=2, lines=6, rates=CLEAN)
    generate(tmp_path / "c", areas=2, lines=6, rates=TINY, seed=3)
    generate(tmp_path / "d", areas=2, lines=6, rates=TINY, seed=3)
    assert hashes(tmp_path / "a") == hashes(tmp_path / "b")
    assert hashes(tmp_path / "c") == hashes(tmp_path / "d") != hashes(tmp_path / "a")
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["files"], manifest["roles"], manifest["expected_issues"]) == (
        8,  # 4 agencies, each in both areas
        {"current": 8},
        {},
    )
    assert manifest["corrected"]["issues"] == {}
    assert (tmp_path / "a" / manifest["corrected"]["path"]).is_file()
    result = run(tmp_path / "a")
    assert issue_counts(tmp_path / "a") == Counter()
    assert set(result.reconciliation.agencies["status"]) == {"submitted"}
    # the odd items of each area have a target (10 × 2 areas), and their lines a part of
    # the result: no warning above; items without one are listed for their progress only
    results = result.reconciliation.results.items
    assert results["target"].notna().sum() == 20
    assert results.loc[results["target"].isna(), "state"].eq("no_target").all()
    assert (results["delivered"] > 0).any()


def hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((folder / "inputs").rglob("*.xlsx"))
    }
