"""Archived files are named in the archive (`ab/abcdef….xlsx`), not by a path of the machine.

Revision ID: 0005
Revises: 0004

Earlier ledgers kept each archived copy's path as the first run typed it: relative to
that run's working folder (`state/archive/ab/…`) or absolute. Such a path breaks when the
state folder moves or oneplan runs from another folder. Every row now names its copy
relative to the archive, derived from the hash and the suffix of the recorded path (the
archive's own layout); rows without a path get one from the file's first name.
"""

import re
from pathlib import PurePosixPath

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"

files = sa.table(
    "files",
    sa.column("sha256", sa.String),
    sa.column("first_path", sa.Text),
    sa.column("archive_path", sa.Text),
)


def archive_name(sha256: str, archive_path: str | None, first_path: str) -> str:
    """The name in the archive of a file recorded under `archive_path` (any form)."""
    base = re.split(r"[\\/]", archive_path or "")[-1]
    if base.lower().startswith(sha256):
        suffix = base[len(sha256) :]
    else:  # no path recorded: the archive named the copy by the file's first name
        suffix = PurePosixPath(first_path).suffix
    return f"{sha256[:2]}/{sha256}{suffix.lower()}"


def upgrade() -> None:
    db = op.get_bind()
    rows = db.execute(sa.select(files.c.sha256, files.c.first_path, files.c.archive_path)).all()
    renamed = [
        {"key": row.sha256, "name": name}
        for row in rows
        if (name := archive_name(row.sha256, row.archive_path, row.first_path)) != row.archive_path
    ]
    if renamed:
        db.execute(
            sa.update(files)
            .where(files.c.sha256 == sa.bindparam("key"))
            .values(archive_path=sa.bindparam("name")),
            renamed,
        )
