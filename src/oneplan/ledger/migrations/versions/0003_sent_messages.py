"""Messages sent to agencies, so that a message is never sent twice.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "sent_messages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("agency_code", sa.String(64), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("sent_at", sa.String(40), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("recipients", sa.Text, nullable=False),
        sa.Column("correction", sa.Boolean, nullable=False),
        sa.Column("message_file", sa.Text),
    )
    op.create_index("ix_sent_messages_agency_period", "sent_messages", ["agency_code", "period"])
