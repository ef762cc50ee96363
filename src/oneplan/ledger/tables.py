"""The ledger's tables (SQLAlchemy Core), as the latest migration leaves them.

- `files`: every file ever received, by content hash, with when it was first seen and its
  place in the order of receiving, where it is archived (its name in the archive,
  `ab/abcdef….xlsx`: never a path of the machine), and what the latest reading made of it
  (agency, area, period, accepted);
- `file_paths`: every drop-zone path a file was seen under;
- `file_issues`, `file_lines`: each file's issues and its counted lines (latest reading);
- `file_readings`: the latest reading of a file kept whole (`oneplan.month.readings`: plain
  data, compressed), under what it depends on besides the file's bytes (the plan's and
  registry's versions, the code's reading version): a later run uses it instead of reading
  the file again while they are unchanged;
- `runs`: each distinct outcome of a period's run (a re-run with the same figures updates
  its time instead of adding a row), with the output tables' figures;
- `run_counted`: which submission counted for each agency and area in a run;
- `deliveries`: each agency message's delivery to each recipient (the message is known
  by the hash of its content, and is a report or a reminder: `kind`), with what the server said: sent, refused (temporarily or
  permanently, with the server's code and reply) or unconfirmed (the connection dropped
  after the message data went out, before the server's reply);
- `agency_links`: each agency's private web link, by the SHA-256 of its token (the token
  itself is never stored), with when it was made and when it was ended;
- `coordinator_sessions`: each coordinator's sign-in, by the SHA-256 of its session id (the
  id itself lives only in the coordinator's cookie), with the fingerprint of the password it
  was opened with (an HMAC under the web pages' secret key), when it began and ended;
- `file_receipts`: the receipt time a coordinator recorded for a file received by other
  means before it was dropped (`oneplan received`), by its content hash, with the note
  saying why, who recorded it and when: the file's arrival for deadlines
  (`oneplan.timeliness`). A file may have a receipt before any run has seen it;
- `period_closures`: each closing and reopening of a period (`oneplan close`, `oneplan
  reopen`), in order, with who and when, the reason of a reopening, and the plan's and
  registry's versions a closing pinned (`inputs`, as `runs.inputs`): the last one says
  whether the period is closed. A record of one area (`area_code`) is of that area only;
  an area's closing keeps its plan items and expected agencies (`pinned`).

Amounts are whole satang. Times are ISO-8601 strings in UTC.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

files = Table(
    "files",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("first_path", Text, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("first_seen_at", String(40), nullable=False),
    Column("first_run_period", String(7), nullable=False),
    Column("modified_at", String(40)),
    Column("archive_path", Text),
    Column("kind", String(16)),
    Column("agency_code", String(64)),
    Column("area_code", String(64)),
    Column("period", String(7)),
    Column("identified", Boolean),
    Column("accepted", Boolean),
    Column("rejected_rows", Integer),
    Column("read_at", String(40)),
    # The order of receiving (1, 2, …): breaks a tie of received times.
    Column("received_seq", Integer, nullable=False),
    UniqueConstraint("received_seq", name="uq_files_received_seq"),
)

file_paths = Table(
    "file_paths",
    metadata,
    Column("sha256", String(64), ForeignKey("files.sha256"), primary_key=True),
    Column("rel_path", Text, primary_key=True),
    Column("first_seen_at", String(40), nullable=False),
    Column("modified_at", String(40), nullable=False),
)

file_issues = Table(
    "file_issues",
    metadata,
    Column("sha256", String(64), ForeignKey("files.sha256"), primary_key=True),
    Column("ordinal", Integer, primary_key=True),
    Column("severity", String(8), nullable=False),
    Column("code", String(64), nullable=False),
    Column("sheet", Text),
    Column("cell", String(16)),
    Column("row", Integer),
    Column("column", String(64)),
    Column("message_th", Text, nullable=False),
    Column("message_en", Text, nullable=False),
)

file_lines = Table(
    "file_lines",
    metadata,
    Column("sha256", String(64), ForeignKey("files.sha256"), primary_key=True),
    Column("row", Integer, primary_key=True),
    Column("sheet", Text, nullable=False),
    Column("line_no", Integer, nullable=False),
    Column("plan_item_id", String(64)),
    Column("activity", Text),
    Column("category", Text),
    Column("village", String(32)),
    Column("budget", BigInteger, nullable=False),
    Column("disbursed", BigInteger, nullable=False),
    Column("support_type", String(32)),
    # The line's results (#29); the quantity is the exact decimal's text.
    Column("note", Text),
    Column("progress", String(16)),
    Column("quantity", String(40)),
    Column("unit", Text),
    Column("households", BigInteger),
    Column("people", BigInteger),
    Column("result", Text),
)

file_readings = Table(
    "file_readings",
    metadata,
    Column("sha256", String(64), ForeignKey("files.sha256"), primary_key=True),
    Column("plan_version", String(64), primary_key=True),
    Column("registry_version", String(64), primary_key=True),
    Column("reading_version", Integer, primary_key=True),
    Column("reading", LargeBinary, nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("period", String(7), nullable=False, index=True),
    Column("fiscal_year", Integer, nullable=False),
    Column("started_at", String(40), nullable=False),
    Column("finished_at", String(40), nullable=False),
    Column("figures_sha256", String(64), nullable=False),
    Column("figures", Text, nullable=False),
    Column("inputs", Text, nullable=False),  # hashes of the plan and registry files used
    UniqueConstraint("period", "figures_sha256", name="uq_runs_period_figures"),
)

run_counted = Table(
    "run_counted",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id"), primary_key=True),
    Column("agency_code", String(64), primary_key=True),
    Column("area_code", String(64), primary_key=True),
    Column("status", String(32), nullable=False),
    Column("source_period", String(7)),
    Column("sha256", String(64)),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency_code", String(64), nullable=False),
    Column("period", String(7), nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("recipient", String(320), nullable=False),
    # sent | refused_temporary | refused_permanent | unconfirmed
    Column("status", String(24), nullable=False),
    Column("mode", String(16), nullable=False),  # outbox | smtp
    Column("smtp_code", Integer),
    Column("smtp_reply", Text),
    Column("message_id", Text),
    Column("attempts", Integer, nullable=False),
    Column("first_attempt_at", String(40), nullable=False),
    Column("last_attempt_at", String(40), nullable=False),
    Column("correction", Boolean, nullable=False),
    Column("message_file", Text),
    # report (the period's figures, `oneplan send`) or a reminder (`oneplan remind`):
    # reminder_before (before the deadline) or reminder_after (once it has passed).
    Column("kind", String(16), nullable=False, server_default="report"),
    UniqueConstraint(
        "agency_code",
        "period",
        "content_sha256",
        "recipient",
        name="uq_deliveries_message_recipient",
    ),
    Index("ix_deliveries_period", "period"),
)

agency_links = Table(
    "agency_links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency_code", String(64), nullable=False),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("created_at", String(40), nullable=False),
    Column("revoked_at", String(40)),
    Index("ix_agency_links_agency", "agency_code"),
)

coordinator_sessions = Table(
    "coordinator_sessions",
    metadata,
    Column("session_sha256", String(64), primary_key=True),
    Column("password_fingerprint", String(64), nullable=False),
    Column("started_at", String(40), nullable=False),
    Column("ended_at", String(40)),
)

file_receipts = Table(
    "file_receipts",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("received_at", String(40), nullable=False),
    Column("note", Text, nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", String(40), nullable=False),
)

period_closures = Table(
    "period_closures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("period", String(7), nullable=False),
    Column("action", String(8), nullable=False),  # close | reopen
    Column("recorded_by", Text, nullable=False),
    Column("recorded_at", String(40), nullable=False),
    Column("reason", Text),
    Column("inputs", Text),
    Column("area_code", Text),  # the one area closed or reopened; NULL: the whole period
    Column("pinned", Text),  # an area's closing: its plan items and expected agencies (JSON)
    Index("ix_period_closures_period", "period"),
)
