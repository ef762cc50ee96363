"""Reporting discipline: the receipt times coordinators record for files received by
other means before they were dropped (`oneplan received`), the closing and reopening of
periods (`oneplan close`, `oneplan reopen`), and reminders among the deliveries (`kind`).

Revision ID: 0010
Revises: 0009

A ledger of the previous version has no recorded receipts and no closed period: every
file's arrival is the time oneplan first saw it, every period is open, and every delivery
it records is of a report, as before.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"


def upgrade() -> None:
    op.create_table(
        "file_receipts",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("received_at", sa.String(40), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "period_closures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("inputs", sa.Text),
        sa.Index("ix_period_closures_period", "period"),
    )
    with op.batch_alter_table("deliveries") as table:
        table.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="report"))
