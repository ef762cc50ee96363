"""Each file's latest reading kept whole, under the plan's, registry's and code's versions
it was made with: a run uses it instead of reading the file again.

Revision ID: 0009
Revises: 0008

A ledger of the previous version has no kept readings: its next run reads every file that
matters once, as before, and keeps what it read.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"


def upgrade() -> None:
    op.create_table(
        "file_readings",
        sa.Column("sha256", sa.String(64), sa.ForeignKey("files.sha256"), primary_key=True),
        sa.Column("plan_version", sa.String(64), primary_key=True),
        sa.Column("registry_version", sa.String(64), primary_key=True),
        sa.Column("reading_version", sa.Integer, primary_key=True),
        sa.Column("reading", sa.LargeBinary, nullable=False),
    )
