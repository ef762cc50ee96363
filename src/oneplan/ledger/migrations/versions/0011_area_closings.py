"""Closing one area of a period (`oneplan close --period P --area A`): a closing or
reopening may name the area it is of, and an area's closing keeps what its figures were
made from (its plan items and the agencies expected in it), so that they stay as they were.

Revision ID: 0011
Revises: 0010

A ledger of the previous version has closed whole periods only: each of its records is of
a whole period (`area_code` empty) and pins nothing more than the versions it recorded.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    with op.batch_alter_table("period_closures") as table:
        table.add_column(sa.Column("area_code", sa.Text))
        table.add_column(sa.Column("pinned", sa.Text))
