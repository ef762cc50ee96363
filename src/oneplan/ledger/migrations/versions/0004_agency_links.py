"""Agencies' private web links, kept by the hash of their token.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table(
        "agency_links",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("agency_code", sa.String(64), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("revoked_at", sa.String(40)),
    )
    op.create_index("ix_agency_links_agency", "agency_links", ["agency_code"])
