"""The ledger never loses a submission: archive, record, history, upgrades — on SQLite and
on a real PostgreSQL server."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from oneplan.ledger import Ledger, open_ledger, sqlite_url, tables
from oneplan.month.ingest import received_files
from oneplan.month.run import run_month
from tests.builders import line, write_submission
from tests.conftest import PERIOD

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


@pytest.fixture
def month_on(month, ledger_url):
    return dataclasses.replace(month, ledger_url=ledger_url)


def head_revision() -> str:
    """The latest migration's revision: what opening a ledger upgrades it to."""
    from alembic.script import ScriptDirectory

    from oneplan.ledger import MIGRATIONS

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def row_counts(settings) -> dict[str, int]:
    ledger = open_ledger(settings)
    with ledger.engine.connect() as db:
        return {
            t.name: db.execute(select(func.count()).select_from(t)).scalar()
            for t in tables.metadata.sorted_tables
        }


def drop_zone_state(settings) -> dict:
    return {
        p: (p.read_bytes(), p.stat().st_mtime_ns)
        for p in settings.drop_zone.rglob("*")
        if p.is_file()
    }


def test_every_file_is_archived_byte_for_byte_before_anything_else(month_on):
    (month_on.drop_zone / "junk.xlsx").write_bytes(b"not a workbook")
    before = drop_zone_state(month_on)
    run_month(month_on, PERIOD, NOW)
    assert drop_zone_state(month_on) == before  # never moved, renamed or changed
    archived = {p.name: p.read_bytes() for p in month_on.archive_dir.rglob("*") if p.is_file()}
    for original in month_on.drop_zone.rglob("*.xlsx"):
        content = original.read_bytes()
        name = hashlib.sha256(content).hexdigest() + ".xlsx"
        assert archived[name] == content
    assert len(archived) == 5  # a.xlsx, b/b.xlsx, the rejected junk.xlsx, the plan and the registry


def test_a_file_that_left_the_drop_zone_still_counts(month_on):
    first = run_month(month_on, PERIOD, NOW)
    (month_on.drop_zone / "a.xlsx").unlink()
    second = run_month(month_on, PERIOD, NOW + dt.timedelta(days=1))
    assert second.summary == first.summary
    assert second.reconciliation.plan_items.equals(first.reconciliation.plan_items)
    assert second.reconciliation.agencies.equals(first.reconciliation.agencies)


def test_a_corrected_resubmission_supersedes_by_received_time(month_on):
    run_month(month_on, PERIOD, NOW)
    write_submission(
        month_on.drop_zone / "a-fixed.xlsx",
        "AG-A",
        "AREA-1",
        PERIOD,
        [line(1, 55_000, "KS-01")],
        mtime=dt.datetime(2026, 11, 28, tzinfo=dt.UTC),
    )
    result = run_month(month_on, PERIOD, NOW + dt.timedelta(days=1))
    agency = result.reconciliation.agencies.set_index("agency_code").loc["AG-A"]
    assert (agency["status"], agency["source_file"], agency["total_budget"]) == (
        "resubmitted",
        "a-fixed.xlsx",
        5_500_000,
    )


def test_rerun_records_no_duplicate_rows_and_identical_figures(month_on):
    run_month(month_on, PERIOD, NOW)
    counts = row_counts(month_on)
    figures = (month_on.outputs / PERIOD / "summary.json").read_bytes()
    tables_before = {
        p.name: p.read_bytes() for p in (month_on.outputs / PERIOD / "tables").iterdir()
    }
    run_month(month_on, PERIOD, NOW + dt.timedelta(hours=2))
    assert row_counts(month_on) == counts
    assert counts["runs"] == 1 and counts["files"] == 2 and counts["file_lines"] == 4
    assert (month_on.outputs / PERIOD / "summary.json").read_bytes() == figures
    tables_after = {
        p.name: p.read_bytes() for p in (month_on.outputs / PERIOD / "tables").iterdir()
    }
    assert tables_after == tables_before


def test_history_says_what_each_agency_sent_and_which_version_counted(month_on):
    run_month(month_on, "2026-10", NOW)
    run_month(month_on, PERIOD, NOW)
    write_submission(
        month_on.drop_zone / "a-fixed.xlsx",
        "AG-A",
        "AREA-1",
        PERIOD,
        [line(1, 1, "KS-01")],
        mtime=dt.datetime(2026, 11, 28, tzinfo=dt.UTC),
    )
    run_month(month_on, PERIOD, NOW + dt.timedelta(days=1))
    history = open_ledger(month_on).history("AG-A")
    assert [r["period"] for r in history["runs"]] == ["2026-10", "2026-11", "2026-11"]
    sent = [(f["path"], f["period"], f["accepted"], f["counted_in"]) for f in history["files"]]
    assert sent == [("a.xlsx", PERIOD, True, []), ("a-fixed.xlsx", PERIOD, True, [PERIOD])]


def test_upgrading_a_ledger_of_the_first_schema_keeps_its_record(ledger_url, tmp_path):
    url = ledger_url or sqlite_url(tmp_path / "state")
    old = Ledger(url, revision="0001")
    with old.engine.begin() as db:
        db.execute(
            text(
                "INSERT INTO files VALUES (:sha, 'a.xlsx', 10, '2026-10-05T01:00:00+00:00', '2026-10')"
            ),
            {"sha": "ab" * 32},
        )
        db.execute(
            text(
                "INSERT INTO runs VALUES ('2026-10', 2570, '2026-11-01T00:00:00+00:00', :figures)"
            ),
            {
                "figures": json.dumps(
                    {"plan_items": {"A1|KS-01": [500, 100]}, "agencies": {"AG|A1": "submitted"}}
                )
            },
        )
    new = Ledger(url)
    with new.engine.connect() as db:
        version = db.execute(text("SELECT version_num FROM alembic_version")).scalar()
        first_seen = db.execute(text("SELECT first_seen_at FROM files")).scalar()
    assert version == head_revision() == "0012"
    assert first_seen == "2026-10-05T01:00:00+00:00"
    assert new.previous_run("2026-11", 2570) == (
        "2026-10",
        {"plan_items": {"A1|KS-01": [500, 100]}, "agencies": {"AG|A1": "submitted"}},
    )


def test_upgrading_numbers_the_files_received_in_their_current_order(ledger_url, tmp_path):
    url = ledger_url or sqlite_url(tmp_path / "state")
    old = Ledger(url, revision="0004")
    rows = [  # (hash, first seen, modified): received in this order until now
        ("cc" * 32, "2026-10-05T01:00:00+00:00", "2026-10-01T00:00:00+00:00"),  # 2nd: seen later
        ("ff" * 32, "2026-10-01T00:00:00+00:00", "2026-09-30T00:00:00+00:00"),  # 1st
        ("bb" * 32, "2026-10-05T01:00:00+00:00", "2026-10-03T00:00:00+00:00"),  # 4th: tie, hash
        ("aa" * 32, "2026-10-05T01:00:00+00:00", "2026-10-03T00:00:00+00:00"),  # 3rd
        # 5th: the same received time, though first seen earlier: the hash decided, and does
        ("ee" * 32, "2026-10-04T01:00:00+00:00", "2026-10-03T00:00:00+00:00"),
        ("dd" * 32, "2026-10-05T01:00:00+00:00", None),  # 6th: received when first seen
    ]
    with old.engine.begin() as db:
        for sha, first_seen, modified in rows:
            db.execute(
                text(
                    "INSERT INTO files (sha256, first_path, size, first_seen_at,"
                    " first_run_period, modified_at) VALUES (:sha, :path, 1, :seen, '2026-10', :m)"
                ),
                {"sha": sha, "path": f"{sha[:2]}.xlsx", "seen": first_seen, "m": modified},
            )
    Ledger(url)
    with old.engine.connect() as db:
        numbered = db.execute(
            text("SELECT sha256, first_seen_at, received_seq FROM files ORDER BY received_seq")
        ).all()
    assert [(sha[:2], seq) for sha, _, seq in numbered] == [
        ("ff", 1),
        ("cc", 2),
        ("aa", 3),
        ("bb", 4),
        ("ee", 5),
        ("dd", 6),
    ]
    assert {sha: seen for sha, seen, _ in numbered} == {sha: seen for sha, seen, _ in rows}
    one_place_each = pytest.raises(IntegrityError)  # one place in the order per file
    with one_place_each, old.engine.begin() as db:
        db.execute(text("UPDATE files SET received_seq = 1 WHERE sha256 = :s"), {"s": "dd" * 32})


def test_upgrading_a_ledger_of_0008_keeps_its_readings_and_keeps_none_whole(month_on):
    """A ledger made before readings were kept: its record stays, no reading is kept until
    the next run reads its files once more; that run keeps them, and the one after reads
    none."""
    from oneplan.month.readings import ReadingKey
    from oneplan.read import submission as reading

    url = month_on.ledger_url or sqlite_url(month_on.state)
    old = Ledger(url, revision="0008")
    with old.engine.begin() as db:
        db.execute(
            text(
                "INSERT INTO files (sha256, first_path, size, first_seen_at, first_run_period,"
                " modified_at, archive_path, kind, agency_code, accepted, read_at, received_seq)"
                " VALUES (:sha, 'old.xlsx', 10, '2026-10-05T01:00:00+00:00', '2026-10',"
                " '2026-10-04T01:00:00+00:00', :archived, 'submission', 'AG-A', :yes,"
                " '2026-10-06T00:00:00+00:00', 1)"
            ),
            {"sha": "a1" * 32, "archived": f"a1/{'a1' * 32}.xlsx", "yes": True},
        )
        db.execute(
            text(
                "INSERT INTO file_issues VALUES (:sha, 0, 'warning', 'plan_item_unknown',"
                " 'รายการ', 'C2', 2, 'plan_item_id', 'ไม่พบ', 'not found')"
            ),
            {"sha": "a1" * 32},
        )
    new = Ledger(url)
    with new.engine.connect() as db:
        version = db.execute(text("SELECT version_num FROM alembic_version")).scalar()
        kept = db.execute(select(func.count()).select_from(tables.file_readings)).scalar()
        issues = db.execute(text("SELECT sha256, code FROM file_issues")).all()
        first_paths = new.first_paths()
    assert (version, kept) == (head_revision(), 0)
    assert [tuple(row) for row in issues] == [("a1" * 32, "plan_item_unknown")]
    assert first_paths == {"a1" * 32: "old.xlsx"}
    assert new.kept_readings(ReadingKey("p" * 64, "r" * 64), ["a1" * 32]) == {}

    # The upgraded ledger's next runs: the month's two files read once, then kept.
    with new.engine.begin() as db:  # the made-up file of an earlier version is no file here
        db.execute(text("DELETE FROM file_issues"))
        db.execute(text("DELETE FROM files"))
    read = []
    real = reading.read_submission

    def counting(file, *rest):
        read.append(file.rel_path)
        return real(file, *rest)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reading, "read_submission", counting)
        run_month(month_on, PERIOD, NOW)
        assert sorted(read) == ["a.xlsx", "b/b.xlsx"]
        run_month(month_on, PERIOD, NOW + dt.timedelta(days=1))
    assert sorted(read) == ["a.xlsx", "b/b.xlsx"]  # none read again
    assert new.kept_readings_size()[0] == 2


def test_a_ledger_made_before_migrations_were_tracked_is_adopted(tmp_path):
    import sqlite3

    path = tmp_path / "state" / "ledger.sqlite"
    path.parent.mkdir()
    with sqlite3.connect(path) as db:  # exactly what the first ledger wrote
        db.executescript(
            "CREATE TABLE files (sha256 TEXT PRIMARY KEY, first_path TEXT NOT NULL, size INTEGER NOT NULL,"
            " first_seen_at TEXT NOT NULL, first_run_period TEXT NOT NULL);"
            "CREATE TABLE runs (period TEXT PRIMARY KEY, fiscal_year INTEGER NOT NULL, finished_at TEXT NOT NULL,"
            " figures TEXT NOT NULL); PRAGMA user_version = 1;"
        )
        db.execute(
            "INSERT INTO files VALUES (?, 'x.xlsx', 1, '2026-10-01T00:00:00+00:00', '2026-10')",
            ("cd" * 32,),
        )
    ledger = Ledger(sqlite_url(tmp_path / "state"))
    assert ledger.first_run_periods() == {"cd" * 32: "2026-10"}


def test_history_command(month, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    run_month(month, PERIOD, NOW)
    oneplan = str(Path(sys.executable).with_name("oneplan"))
    completed = subprocess.run(
        [oneplan, "history", "--agency", "ag-b", "--state", str(month.state), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert "2026-11  finished" in completed.stdout
    assert (
        "AG-B" in completed.stdout
        and "counted in: 2026-11" in completed.stdout
        and "b/b.xlsx" in completed.stdout
    )
    assert "AG-A" not in completed.stdout


def test_a_corrected_file_saved_under_the_same_name_supersedes_the_first(month_on):
    run_month(month_on, PERIOD, NOW)
    write_submission(
        month_on.drop_zone / "a.xlsx",
        "AG-A",
        "AREA-1",
        PERIOD,
        [line(1, 1_000, "KS-01"), line(1, 5, "KS-01")],
        mtime=dt.datetime(2026, 11, 28, tzinfo=dt.UTC),
    )
    result = run_month(month_on, PERIOD, NOW + dt.timedelta(days=1))
    agency = result.reconciliation.agencies.set_index("agency_code").loc["AG-A"]
    assert (agency["status"], agency["source_file"], agency["total_budget"]) == (
        "resubmitted",
        "a.xlsx",
        100_000,
    )
    versions = [s for s in result.intake.submissions if s.rel_path == "a.xlsx"]
    assert len(versions) == 2
    # The row error belongs to the new version only.
    assert [[i.code for i in v.issues if i.severity == "error"] for v in versions] == [
        [],
        ["line_no_duplicate"],
    ]


def test_plan_and_registry_are_archived_and_each_run_records_their_versions(month_on):
    run_month(month_on, PERIOD, NOW)
    with open_ledger(month_on).engine.connect() as db:
        inputs = json.loads(db.execute(select(tables.runs.c.inputs)).scalar())
    plan_sha = hashlib.sha256((month_on.inputs / "plan" / "plan.xlsx").read_bytes()).hexdigest()
    registry_sha = hashlib.sha256((month_on.inputs / "agencies.xlsx").read_bytes()).hexdigest()
    assert inputs == {"plan/plan.xlsx": plan_sha, "agencies.xlsx": registry_sha}
    assert (month_on.archive_dir / plan_sha[:2] / f"{plan_sha}.xlsx").is_file()
    assert (month_on.archive_dir / registry_sha[:2] / f"{registry_sha}.xlsx").is_file()


def test_archive_paths_of_a_ledger_at_0004_become_names_in_the_archive(ledger_url, tmp_path):
    """Ledgers before 0005 kept the path as the first run typed it (cwd-relative or
    absolute): the upgrade names each copy in the archive, and reading resolves it against
    the state folder in use, wherever that is."""
    from oneplan.receive.archive import Archive

    url = ledger_url or sqlite_url(tmp_path / "state")
    old = Ledger(url, revision="0004")
    recorded = {  # sha256 -> (first path, archive path as an earlier version wrote it)
        "a1" * 32: ("a.xlsx", f"state/archive/a1/{'a1' * 32}.xlsx"),
        "b2" * 32: ("b/B.XLSX", f"/home/office/oneplan/state/archive/b2/{'b2' * 32}.xlsx"),
        "c3" * 32: ("c.xlsm", None),
        "d4" * 32: ("d.xlsx", f"C:\\oneplan\\state\\archive\\d4\\{'d4' * 32}.xlsx"),
        "e5" * 32: ("e.xlsx", f"e5/{'e5' * 32}.xlsx"),  # already a name: kept
    }
    with old.engine.begin() as db:
        for sha, (first_path, archive_path) in recorded.items():
            db.execute(
                text(
                    "INSERT INTO files (sha256, first_path, size, first_seen_at, first_run_period,"
                    " modified_at, archive_path, kind, agency_code, accepted, read_at) VALUES"
                    " (:sha, :first, 10, '2026-11-05T01:00:00+00:00', '2026-11',"
                    " '2026-11-04T01:00:00+00:00', :archived, 'submission', 'AG-A', :accepted,"
                    " '2026-12-01T00:00:00+00:00')"
                ),
                {"sha": sha, "first": first_path, "archived": archive_path, "accepted": True},
            )
    new = Ledger(url)
    with new.engine.connect() as db:
        rows = db.execute(
            text("SELECT sha256, archive_path, agency_code, accepted FROM files")
        ).all()
    assert {r.sha256: r.archive_path for r in rows} == {
        "a1" * 32: f"a1/{'a1' * 32}.xlsx",
        "b2" * 32: f"b2/{'b2' * 32}.xlsx",
        "c3" * 32: f"c3/{'c3' * 32}.xlsm",
        "d4" * 32: f"d4/{'d4' * 32}.xlsx",
        "e5" * 32: f"e5/{'e5' * 32}.xlsx",
    }
    assert {(r.agency_code, bool(r.accepted)) for r in rows} == {("AG-A", True)}  # kept
    elsewhere = tmp_path / "restored" / "state" / "archive"
    paths = {f.sha256: f.path for f in received_files(new, Archive(elsewhere))}
    assert paths["b2" * 32] == elsewhere / "b2" / f"{'b2' * 32}.xlsx"
    assert all(path.is_relative_to(elsewhere) for path in paths.values())


def test_the_ledger_names_archived_files_relative_to_the_archive(month_on):
    run_month(month_on, PERIOD, NOW)
    with open_ledger(month_on).engine.connect() as db:
        names = [r.archive_path for r in db.execute(select(tables.files.c.archive_path))]
    assert len(names) == 2
    for name in names:
        sha = name.split("/")[1][:64]
        assert name == f"{sha[:2]}/{sha}.xlsx"
        assert (month_on.archive_dir / name).is_file()


def test_upgrading_a_ledger_of_0009_keeps_its_files_open_and_arrived_when_first_seen(month_on):
    """A ledger made before receipts and closings: its files stay, each arrived when
    oneplan first saw it (never at its older modification time), until a coordinator
    records a receipt for one (a receipt recorded again replaces the first); every period
    is open."""
    from oneplan.ledger.receipts import Receipt

    url = month_on.ledger_url or sqlite_url(month_on.state)
    old = Ledger(url, revision="0009")
    with old.engine.begin() as db:
        for sha, seq, accepted in (("b1", 1, True), ("b2", 2, False)):
            db.execute(
                text(
                    "INSERT INTO files (sha256, first_path, size, first_seen_at,"
                    " first_run_period, modified_at, kind, agency_code, area_code, period,"
                    " identified, accepted, read_at, received_seq)"
                    " VALUES (:sha, :path, 10, '2026-12-11T02:00:00+00:00', '2026-11',"
                    " '2026-12-01T01:00:00+00:00', 'submission', 'AG-A', 'AREA-1', '2026-11',"
                    " :yes, :accepted, '2026-12-11T02:00:05+00:00', :seq)"
                ),
                {
                    "sha": sha * 32,
                    "path": f"{sha}.xlsx",
                    "yes": True,
                    "accepted": accepted,
                    "seq": seq,
                },
            )
        db.execute(
            text(
                "INSERT INTO deliveries (agency_code, period, content_sha256, recipient, status,"
                " mode, attempts, first_attempt_at, last_attempt_at, correction)"
                " VALUES ('AG-A', '2026-11', :sha, 'a@example.org', 'sent', 'outbox', 1,"
                " '2026-12-11T03:00:00+00:00', '2026-12-11T03:00:00+00:00', :no)"
            ),
            {"sha": "c1" * 32, "no": False},
        )
    old.engine.dispose()
    new = Ledger(url)
    # A delivery recorded before reminders existed is of a report.
    (delivery,) = new.deliveries("2026-11", "AG-A")
    assert (delivery.kind, delivery.recipient) == ("report", "a@example.org")
    assert new.deliveries("2026-11", "AG-A", kind="reminder_before") == []
    first_seen = dt.datetime(2026, 12, 11, 2, 0, tzinfo=dt.UTC)
    assert [
        (a["sha256"][:2], a["arrived_at"], a["accepted"]) for a in new.arrivals(["2026-11"])
    ] == [
        ("b1", first_seen, True),
        ("b2", first_seen, False),
    ]
    assert new.arrivals(["2026-10"]) == [] and new.receipt_of("b1" * 32) is None
    assert new.closures("2026-11") == [] and new.closure("2026-11") is None  # every period open

    by_post = dt.datetime(2026, 12, 9, 3, 0, tzinfo=dt.UTC)
    recorded = Receipt("b1" * 32, by_post, "ได้รับทางไปรษณีย์", "somchai", NOW)
    assert new.record_receipt(recorded) is None
    corrected = Receipt("b1" * 32, by_post - dt.timedelta(days=1), "ลงวันที่ผิด", "somchai", NOW)
    assert new.record_receipt(corrected) == recorded
    (first, _) = new.arrivals(["2026-11"])
    assert (first["arrived_at"], first["recorded_note"]) == (corrected.received_at, "ลงวันที่ผิด")


def test_upgrading_a_ledger_of_0010_keeps_its_closings_of_whole_periods(month_on):
    """A ledger made before areas could be closed on their own: each closing and reopening
    it holds stays, of the whole period; no area is closed."""
    url = month_on.ledger_url or sqlite_url(month_on.state)
    old = Ledger(url, revision="0010")
    with old.engine.begin() as db:
        for action, at, reason in (
            ("close", "2026-12-12T02:00:00+00:00", None),
            ("reopen", "2026-12-13T02:00:00+00:00", "แก้ไข"),
            ("close", "2026-12-14T02:00:00+00:00", None),
        ):
            db.execute(
                text(
                    "INSERT INTO period_closures (period, action, recorded_by, recorded_at,"
                    " reason, inputs) VALUES ('2026-11', :action, 'somchai', :at, :reason,"
                    ' \'{"plan/plan.xlsx": "ab"}\')'
                ),
                {"action": action, "at": at, "reason": reason},
            )
    old.engine.dispose()
    new = Ledger(url)
    records = new.closures("2026-11")
    assert [(c.action, c.area_code, c.pinned) for c in records] == [
        ("close", None, None),
        ("reopen", None, None),
        ("close", None, None),
    ]
    assert records[1].reason == "แก้ไข" and records[0].inputs == {"plan/plan.xlsx": "ab"}
    assert new.closure("2026-11") == records[2] and new.closed_areas("2026-11") == {}
    assert new.closure("2026-11", "AREA-1") is None


def test_upgrading_a_ledger_of_0011_keeps_its_lines_and_records_results_from_then_on(month_on):
    """A ledger made before lines had results: its recorded lines stay, their results
    empty; the files read from then on record theirs (the quantity as its exact text)."""
    url = month_on.ledger_url or sqlite_url(month_on.state)
    old = Ledger(url, revision="0011")
    with old.engine.begin() as db:
        db.execute(
            text(
                "INSERT INTO files (sha256, first_path, size, first_seen_at, first_run_period,"
                " received_seq) VALUES ('ab', 'old.xlsx', 10, '2026-10-05T01:00:00+00:00',"
                " '2026-10', 1)"
            )
        )
        db.execute(
            text(
                "INSERT INTO file_lines (sha256, row, sheet, line_no, plan_item_id, budget,"
                " disbursed) VALUES ('ab', 2, 'รายการงบประมาณ', 1, 'KS-01', 500000, 0)"
            )
        )
    old.engine.dispose()
    lines = tables.file_lines
    with Ledger(url).engine.begin() as db:
        version = db.execute(text("SELECT version_num FROM alembic_version")).scalar()
        kept = db.execute(
            select(lines.c.budget, lines.c.quantity, lines.c.progress).where(lines.c.sha256 == "ab")
        ).one()
        # The made-up file is not in the archive: a run would rightly call the state damaged.
        db.execute(text("DELETE FROM file_lines WHERE sha256 = 'ab'"))
        db.execute(text("DELETE FROM files WHERE sha256 = 'ab'"))
    result_row = {**line(1, 1_000, "KS-01"), "quantity": "๑๒.5 ไร่", "progress": "เสร็จแล้ว"}
    write_submission(month_on.drop_zone / "r.xlsx", "AG-C", "AREA-1", PERIOD, [result_row])
    run_month(month_on, PERIOD, NOW)
    with open_ledger(month_on).engine.connect() as db:
        recorded = db.execute(
            select(lines.c.quantity, lines.c.unit, lines.c.progress)
            .join(tables.files, tables.files.c.sha256 == lines.c.sha256)
            .where(tables.files.c.first_path == "r.xlsx")
        ).one()
    assert version == head_revision() == "0012"
    assert tuple(kept) == (500000, None, None)
    assert tuple(recorded) == ("12.5", "ไร่", "done")  # the unit typed after the number
