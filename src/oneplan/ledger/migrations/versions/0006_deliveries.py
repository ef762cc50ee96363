"""Deliveries per recipient: each agency message's outcome at each address.

`sent_messages` kept one row per message, written only when the server had accepted every
recipient, so one refused address made the whole message go again to the others. Each of
its rows becomes one `sent` delivery per recipient (a message sent more than once, with
`--resend`, becomes one row whose `attempts` counts the sends, first and last time kept);
then `sent_messages` goes: the deliveries are the one record of what went out.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    deliveries = op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("agency_code", sa.String(64), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("smtp_code", sa.Integer),
        sa.Column("smtp_reply", sa.Text),
        sa.Column("message_id", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("first_attempt_at", sa.String(40), nullable=False),
        sa.Column("last_attempt_at", sa.String(40), nullable=False),
        sa.Column("correction", sa.Boolean, nullable=False),
        sa.Column("message_file", sa.Text),
        sa.UniqueConstraint(
            "agency_code",
            "period",
            "content_sha256",
            "recipient",
            name="uq_deliveries_message_recipient",
        ),
    )
    op.create_index("ix_deliveries_period", "deliveries", ["period"])
    old = sa.table(
        "sent_messages",
        *(
            sa.column(name)
            for name in (
                "id",
                "agency_code",
                "period",
                "content_sha256",
                "sent_at",
                "mode",
                "recipients",
                "correction",
                "message_file",
            )
        ),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(old).order_by(old.c.id)).all()
    op.bulk_insert(deliveries, _per_recipient(rows))
    op.drop_index("ix_sent_messages_agency_period", table_name="sent_messages")
    op.drop_table("sent_messages")


def _per_recipient(rows) -> list[dict]:
    """One `sent` delivery per (message, recipient) of the old rows, oldest first."""
    converted: dict[tuple, dict] = {}
    for row in rows:
        for recipient in (r.strip() for r in row.recipients.split(",")):
            if not recipient:
                continue
            key = (row.agency_code, row.period, row.content_sha256, recipient)
            if key in converted:
                converted[key]["attempts"] += 1
                converted[key]["last_attempt_at"] = row.sent_at
                continue
            converted[key] = {
                "agency_code": row.agency_code,
                "period": row.period,
                "content_sha256": row.content_sha256,
                "recipient": recipient,
                "status": "sent",
                "mode": row.mode,
                "smtp_code": None,
                "smtp_reply": None,
                "message_id": None,
                "attempts": 1,
                "first_attempt_at": row.sent_at,
                "last_attempt_at": row.sent_at,
                "correction": bool(row.correction),
                "message_file": _within_outputs(row.message_file),
            }
    return list(converted.values())


def _within_outputs(message_file: str | None) -> str | None:
    """An .eml's path as an earlier version stored it (as typed, from the working folder of
    `send`), named within the outputs folder instead: `<period>/outbox/<name>.eml`."""
    if not message_file:
        return message_file
    return "/".join(message_file.replace("\\", "/").split("/")[-3:])
