"""The results of a counted line (#29): its progress, the quantity it delivered so far
(exact, kept as the decimal's text), the quantity's unit, the households and people it
reached, and the result in words.

Revision ID: 0012
Revises: 0011

A ledger of the previous version recorded lines without results: their results are
empty (NULL), as a workbook without the results columns gives; the next run that reads
their files again (the readings' version changes with this release) fills them.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"


def upgrade() -> None:
    with op.batch_alter_table("file_lines") as table:
        table.add_column(sa.Column("note", sa.Text))
        table.add_column(sa.Column("progress", sa.String(16)))
        table.add_column(sa.Column("quantity", sa.String(40)))
        table.add_column(sa.Column("unit", sa.Text))
        table.add_column(sa.Column("households", sa.BigInteger))
        table.add_column(sa.Column("people", sa.BigInteger))
        table.add_column(sa.Column("result", sa.Text))
