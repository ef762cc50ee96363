"""The coordinator's sessions, kept by the hash of their id, with the fingerprint of the
password they were opened with.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.create_table(
        "coordinator_sessions",
        sa.Column("session_sha256", sa.String(64), primary_key=True),
        sa.Column("password_fingerprint", sa.String(64), nullable=False),
        sa.Column("started_at", sa.String(40), nullable=False),
        sa.Column("ended_at", sa.String(40)),
    )
