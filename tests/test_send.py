"""`oneplan send`: one message per agency, never twice, corrections marked, failures retried
and reported — against a real SMTP server on a loopback port (aiosmtpd)."""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import email
import email.policy

import pytest
from aiosmtpd.controller import Controller

from oneplan.deliver.send import send_period
from oneplan.pipeline import load_reference, open_ledger, run_month
from tests.builders import agency, line, write_registry, write_submission
from tests.conftest import PERIOD

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


class Mailbox:
    """An SMTP server's handler: keeps what it accepted, counts RCPT commands per address,
    and refuses or drops as told."""

    def __init__(self, refuse: bool = False):
        self.refuse = refuse  # refuse every message at DATA (the reply of refuse_data)
        self.refuse_data = "550 5.1.1 mailbox unavailable"
        self.refuse_rcpt: dict[str, str] = {}  # address -> reply, every time
        self.refuse_rcpt_times: dict[str, tuple[int, str]] = {}  # address -> (times, reply)
        self.drop_after_data = False  # keep the message, then drop the connection unanswered
        self.received: list = []
        self.attempts = 0  # DATA commands with content
        self.rcpt_attempts: collections.Counter = collections.Counter()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_attempts[address] += 1
        if address in self.refuse_rcpt:
            return self.refuse_rcpt[address]
        times, reply = self.refuse_rcpt_times.get(address, (0, ""))
        if self.rcpt_attempts[address] <= times:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        if self.refuse:
            return self.refuse_data
        self.received.append(
            (
                list(envelope.rcpt_tos),
                email.message_from_bytes(envelope.content, policy=email.policy.default),
            )
        )
        if self.drop_after_data:
            server.transport.abort()  # the message is in, the reply never leaves
        return "250 OK"

    def copies(self, address: str) -> int:
        return sum(address in rcpts for rcpts, _ in self.received)

    def message_ids(self, address: str) -> list[str]:
        return [m["Message-ID"] for rcpts, m in self.received if address in rcpts]


@pytest.fixture
def smtp():
    import socket

    with socket.socket() as probe:  # a free loopback port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


def send(settings, **kwargs):
    registry = load_reference(settings).registry.agencies
    return send_period(
        settings, PERIOD, registry, open_ledger(settings), now=NOW, pause=0.01, **kwargs
    )


def over_smtp(month, port):
    return dataclasses.replace(
        month,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_starttls=False,
        smtp_sender="ศูนย์ประสานงาน <hub@example.org>",
    )


def test_each_agency_gets_its_report_once(month, smtp):
    mailbox, port = smtp
    write_registry(
        month.inputs,
        [
            agency("AG-A", "AREA-1"),
            agency("AG-B", "AREA-1"),
            {**agency("AG-C", "AREA-1"), "email": "c1@example.org; c2@example.org"},
        ],
    )
    write_submission(month.drop_zone / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, -5, "KS-01")])
    run_month(month, PERIOD, NOW)
    report = send(over_smtp(month, port))
    assert sorted(report.sent) == ["AG-A", "AG-B", "AG-C"] and report.all_sent
    by_agency = {m["X-Oneplan-Agency"]: (rcpts, m) for rcpts, m in mailbox.received}
    rcpts, message = by_agency["AG-C"]
    assert rcpts == ["c1@example.org", "c2@example.org"]
    assert (
        message["Subject"] == "รายงานการบูรณาการงบประมาณกับแผนชุมชน งวด พฤศจิกายน 2569 — หน่วยงาน AG-C"
    )
    body = message.get_body(("plain",)).get_content()
    assert "เรียน หน่วยงาน AG-C" in body and "พฤศจิกายน 2569" in body and "สถานะ ส่งแล้ว" in body
    attachments = {a.get_filename(): a.get_content() for a in message.iter_attachments()}
    reports = month.outputs / PERIOD
    assert attachments == {
        "AG-C.docx": (reports / "reports" / "AG-C.docx").read_bytes(),
        "AG-C_AREA-1_2026-11.xlsx": (
            reports / "feedback" / "AG-C_AREA-1_2026-11.xlsx"
        ).read_bytes(),
    }
    again = send(over_smtp(month, port))
    assert again.sent == [] and sorted(again.already_sent) == ["AG-A", "AG-B", "AG-C"]
    assert len(mailbox.received) == 3


def test_a_changed_report_is_sent_again_as_a_correction(month, smtp):
    mailbox, port = smtp
    run_month(month, PERIOD, NOW)
    send(over_smtp(month, port))
    write_submission(
        month.drop_zone / "a2.xlsx",
        "AG-A",
        "AREA-1",
        PERIOD,
        [line(1, 1, "KS-01")],
        mtime=dt.datetime(2026, 11, 29, tzinfo=dt.UTC),
    )
    run_month(month, PERIOD, NOW)
    report = send(over_smtp(month, port))
    assert report.sent == ["AG-A"] and report.corrections == ["AG-A"]
    assert mailbox.received[-1][1]["Subject"].startswith("[ฉบับแก้ไข] ")
    assert send(over_smtp(month, port), resend=True).sent == ["AG-A", "AG-B", "AG-C"]


def test_a_temporarily_refused_message_is_retried_reported_and_not_recorded_as_sent(month, smtp):
    mailbox, port = smtp
    run_month(month, PERIOD, NOW)
    mailbox.refuse, mailbox.refuse_data = True, "451 4.3.0 try again later"
    report = send(over_smtp(month, port))
    assert sorted(report.failed) == ["AG-A", "AG-B", "AG-C"] and not report.all_sent
    assert mailbox.attempts == 3 * 3  # three tries each
    assert open_ledger(month).messages_sent("AG-A", PERIOD) == []
    assert {(u.status, u.reply_text) for u in report.refused} == {
        ("refused_temporary", "451 4.3.0 try again later")
    }
    mailbox.refuse = False
    assert sorted(send(over_smtp(month, port)).sent) == ["AG-A", "AG-B", "AG-C"]


def test_outbox_mode_missing_addresses_and_no_header_injection(month):
    write_registry(
        month.inputs,
        [
            {
                **agency("AG-A", "AREA-1"),
                "name_th": "หน่วยงาน\r\nBcc: victim@example.org",
                "email": "a@example.org; Bcc: x@y.z\r\n",
            },
            {**agency("AG-B", "AREA-1"), "email": ""},
            agency("AG-C", "AREA-1"),
        ],
    )
    run_month(month, PERIOD, NOW)
    report = send(month)
    assert report.without_address == ["AG-B"] and not report.all_sent
    outbox = sorted((month.outputs / PERIOD / "outbox").iterdir())
    assert [p.name.split("_")[0] for p in outbox] == ["AG-A", "AG-C"]
    message = email.message_from_bytes(outbox[0].read_bytes(), policy=email.policy.default)
    assert message["Bcc"] is None
    assert "\n" not in message["Subject"] and "Bcc" in message["Subject"]  # flattened into the text
    assert message["To"] == "a@example.org"
    assert report.invalid_addresses == {"AG-A": ["Bcc: x@y.z"]}
