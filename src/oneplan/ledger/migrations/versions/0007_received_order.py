"""Each file keeps its place in the order of receiving: a sequence that breaks a tie of
received times (files received in the same instant).

Revision ID: 0007
Revises: 0006

Existing files are numbered in the order that decided between them until now: received
time (the earlier of modification and first-seen times), then content hash. The sequence
only breaks ties of received times, so a file that counted before the upgrade still counts
after it: a re-run of a period already sent changes nobody's figures.
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    with op.batch_alter_table("files") as batch:
        batch.add_column(sa.Column("received_seq", sa.Integer))
    files = sa.table(
        "files",
        sa.column("sha256", sa.String),
        sa.column("first_seen_at", sa.String),
        sa.column("modified_at", sa.String),
        sa.column("received_seq", sa.Integer),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(files.c.sha256, files.c.first_seen_at, files.c.modified_at)
    ).all()
    ordered = sorted(rows, key=_current_order)
    if ordered:
        connection.execute(
            files.update()
            .where(files.c.sha256 == sa.bindparam("key"))
            .values(received_seq=sa.bindparam("seq")),
            [{"key": row.sha256, "seq": seq} for seq, row in enumerate(ordered, start=1)],
        )
    with op.batch_alter_table("files") as batch:
        batch.alter_column("received_seq", existing_type=sa.Integer, nullable=False)
        batch.create_unique_constraint("uq_files_received_seq", ["received_seq"])


def _current_order(row) -> tuple:
    first_seen = dt.datetime.fromisoformat(row.first_seen_at)
    modified = dt.datetime.fromisoformat(row.modified_at) if row.modified_at else first_seen
    return min(first_seen, modified), row.sha256
