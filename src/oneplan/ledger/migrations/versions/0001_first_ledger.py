"""The first ledger: when each file was first seen, and each period's figures.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "files",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("first_path", sa.Text, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("first_seen_at", sa.String(40), nullable=False),
        sa.Column("first_run_period", sa.String(7), nullable=False),
    )
    op.create_table(
        "runs",
        sa.Column("period", sa.String(7), primary_key=True),
        sa.Column("fiscal_year", sa.Integer, nullable=False),
        sa.Column("finished_at", sa.String(40), nullable=False),
        sa.Column("figures", sa.Text, nullable=False),
    )
