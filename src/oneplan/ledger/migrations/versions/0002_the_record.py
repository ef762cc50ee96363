"""The ledger becomes the record: archive paths, readings, issues, lines, run history.

Revision ID: 0002
Revises: 0001

Existing files keep their first-seen times; existing runs become the first recorded run
of their period, their figures kept for the change columns.
"""

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    with op.batch_alter_table("files") as batch:
        batch.add_column(sa.Column("modified_at", sa.String(40)))
        batch.add_column(sa.Column("archive_path", sa.Text))
        batch.add_column(sa.Column("kind", sa.String(16)))
        batch.add_column(sa.Column("agency_code", sa.String(64)))
        batch.add_column(sa.Column("area_code", sa.String(64)))
        batch.add_column(sa.Column("period", sa.String(7)))
        batch.add_column(sa.Column("identified", sa.Boolean))
        batch.add_column(sa.Column("accepted", sa.Boolean))
        batch.add_column(sa.Column("rejected_rows", sa.Integer))
        batch.add_column(sa.Column("read_at", sa.String(40)))
    op.create_table(
        "file_paths",
        sa.Column("sha256", sa.String(64), sa.ForeignKey("files.sha256"), primary_key=True),
        sa.Column("rel_path", sa.Text, primary_key=True),
        sa.Column("first_seen_at", sa.String(40), nullable=False),
        sa.Column("modified_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "file_issues",
        sa.Column("sha256", sa.String(64), sa.ForeignKey("files.sha256"), primary_key=True),
        sa.Column("ordinal", sa.Integer, primary_key=True),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("sheet", sa.Text),
        sa.Column("cell", sa.String(16)),
        sa.Column("row", sa.Integer),
        sa.Column("column", sa.String(64)),
        sa.Column("message_th", sa.Text, nullable=False),
        sa.Column("message_en", sa.Text, nullable=False),
    )
    op.create_table(
        "file_lines",
        sa.Column("sha256", sa.String(64), sa.ForeignKey("files.sha256"), primary_key=True),
        sa.Column("row", sa.Integer, primary_key=True),
        sa.Column("sheet", sa.Text, nullable=False),
        sa.Column("line_no", sa.Integer, nullable=False),
        sa.Column("plan_item_id", sa.String(64)),
        sa.Column("activity", sa.Text),
        sa.Column("category", sa.Text),
        sa.Column("village", sa.String(32)),
        sa.Column("budget", sa.BigInteger, nullable=False),
        sa.Column("disbursed", sa.BigInteger, nullable=False),
        sa.Column("support_type", sa.String(32)),
    )
    old_runs = (
        op.get_bind()
        .execute(sa.text("SELECT period, fiscal_year, finished_at, figures FROM runs"))
        .all()
    )
    op.drop_table("runs")
    runs = op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("period", sa.String(7), nullable=False, index=True),
        sa.Column("fiscal_year", sa.Integer, nullable=False),
        sa.Column("started_at", sa.String(40), nullable=False),
        sa.Column("finished_at", sa.String(40), nullable=False),
        sa.Column("figures_sha256", sa.String(64), nullable=False),
        sa.Column("figures", sa.Text, nullable=False),
        sa.Column("inputs", sa.Text, nullable=False),
        sa.UniqueConstraint("period", "figures_sha256", name="uq_runs_period_figures"),
    )
    op.create_table(
        "run_counted",
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), primary_key=True),
        sa.Column("agency_code", sa.String(64), primary_key=True),
        sa.Column("area_code", sa.String(64), primary_key=True),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("source_period", sa.String(7)),
        sa.Column("sha256", sa.String(64)),
    )
    rows = []
    for period, fiscal_year, finished_at, figures in old_runs:
        # Version 1 kept only what the change columns need; it becomes `changes`.
        converted = json.dumps(
            {"changes": json.loads(figures), "tables": {}}, ensure_ascii=False, sort_keys=True
        )
        rows.append(
            {
                "period": period,
                "fiscal_year": fiscal_year,
                "started_at": finished_at,
                "finished_at": finished_at,
                "figures": converted,
                "inputs": "{}",
                "figures_sha256": hashlib.sha256(converted.encode()).hexdigest(),
            }
        )
    if rows:
        op.bulk_insert(runs, rows)
