"""The receipt times coordinators record for files received by other means before they
were dropped (`oneplan received`): a file's arrival for deadlines.

Revision ID: 0010
Revises: 0009

A ledger of the previous version has no recorded receipts: every file's arrival is the
time oneplan first saw it, as before.
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
