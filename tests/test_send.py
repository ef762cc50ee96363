"""`oneplan send`: each address gets each message once, corrections marked, refusals retried
or held and reported with the server's reply, a lost reply after the data recorded as
unconfirmed and sent again only on request — against a real SMTP server on a loopback port
(aiosmtpd) that refuses addresses and drops connections as told."""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import email
import email.policy
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import inspect, text

from oneplan.ledger import Ledger, open_ledger, sqlite_url
from oneplan.month.reference import load_reference
from oneplan.month.run import run_month
from oneplan.month.send import send_period
from tests.builders import agency, line, write_registry, write_submission
from tests.conftest import PERIOD
from tests.web_support import client, sign_in

ONEPLAN = str(Path(sys.executable).with_name("oneplan"))

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
        self.raw: list[tuple[list[str], bytes]] = []  # (recipients, the message as received)
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
        self.raw.append((list(envelope.rcpt_tos), envelope.content))
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
    reference = load_reference(settings)
    return send_period(
        settings, PERIOD, reference, open_ledger(settings), now=NOW, pause=0.01, **kwargs
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
    assert message["Subject"] == "ขอส่งรายงานผลการบูรณาการงบประมาณกับแผนชุมชน ประจำเดือนพฤศจิกายน 2569"
    body = message.get_body(("plain",)).get_content()
    assert body.splitlines()[0] == "เรียน หน่วยงาน AG-C"  # no recipient position: its name
    assert "มีรายการที่ต้องแก้ไข 1 รายการ ซึ่งยังไม่นับรวมในการสรุป" in body
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
    assert mailbox.received[-1][1]["Subject"].endswith(" ประจำเดือนพฤศจิกายน 2569 (ฉบับแก้ไข)")
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
    centre = dataclasses.replace(month, centre_name="ศูนย์\r\nBcc: victim@example.org")
    report = send(centre)
    assert report.without_address == ["AG-B"] and not report.all_sent
    outbox = sorted((month.outputs / PERIOD / "outbox").iterdir())
    assert [p.name.split("_")[0] for p in outbox] == ["AG-A", "AG-C"]
    message = email.message_from_bytes(outbox[0].read_bytes(), policy=email.policy.default)
    assert message["Bcc"] is None
    assert "\n" not in message["From"] and "Bcc" in message["From"]  # flattened into the name
    body = message.get_body(("plain",)).get_content().splitlines()
    assert body[0] == "เรียน หน่วยงาน Bcc: victim@example.org"  # one line in the letter
    assert message["To"] == "a@example.org"
    assert report.invalid_addresses == {"AG-A": ["Bcc: x@y.z"]}


# --- per recipient: refusals, dropped replies, --resend and --agency ----------------------

C_ADDRESSES = "c1@example.org; c2@example.org"


def with_c_addresses(month, emails: str) -> None:
    write_registry(
        month.inputs,
        [
            agency("AG-A", "AREA-1"),
            agency("AG-B", "AREA-1"),
            {**agency("AG-C", "AREA-1"), "email": emails},
        ],
    )


def test_a_permanently_refused_address_is_reported_and_the_others_get_one_copy(month, smtp):
    mailbox, port = smtp
    with_c_addresses(month, C_ADDRESSES)
    run_month(month, PERIOD, NOW)
    mailbox.refuse_rcpt = {"c2@example.org": "550 5.1.1 <c2@example.org>: no such user"}
    first = send(over_smtp(month, port))
    second = send(over_smtp(month, port))
    for address in ("ag-a@example.org", "ag-b@example.org", "c1@example.org"):
        assert mailbox.copies(address) == 1
    assert mailbox.copies("c2@example.org") == 0
    assert mailbox.rcpt_attempts["c2@example.org"] == 1  # not within the run, not the next
    assert sorted(first.sent) == ["AG-A", "AG-B", "AG-C"] and not first.all_sent
    refused = [
        ("AG-C", "c2@example.org", "refused_permanent", "550 5.1.1 <c2@example.org>: no such user")
    ]
    assert [(u.agency_code, u.recipient, u.status, u.reply_text) for u in first.refused] == refused
    assert [(u.agency_code, u.recipient, u.status, u.reply_text) for u in second.refused] == refused
    assert second.refused[0].earlier and not first.refused[0].earlier
    assert second.sent == [] and sorted(second.already_sent) == ["AG-A", "AG-B"]
    assert not second.all_sent

    with_c_addresses(month, "c1@example.org; c3@example.org")  # the registry is corrected
    third = send(over_smtp(month, port))
    assert third.sent == ["AG-C"] and third.all_sent
    assert (mailbox.copies("c3@example.org"), mailbox.copies("c1@example.org")) == (1, 1)

    with_c_addresses(month, C_ADDRESSES)  # back to the refused address: still held
    assert send(over_smtp(month, port)).refused[0].recipient == "c2@example.org"
    assert mailbox.rcpt_attempts["c2@example.org"] == 1
    mailbox.refuse_rcpt = {}
    again = send(over_smtp(month, port), resend=True, agency="AG-C")
    assert again.sent == ["AG-C"] and again.all_sent
    assert mailbox.copies("c2@example.org") == 1 and mailbox.rcpt_attempts["c2@example.org"] == 2
    assert mailbox.copies("ag-a@example.org") == 1  # --agency: the others are left alone


def test_a_temporarily_refused_address_is_retried_in_the_run_and_by_the_next_send(month, smtp):
    mailbox, port = smtp
    run_month(month, PERIOD, NOW)
    mailbox.refuse_rcpt_times = {"ag-b@example.org": (4, "450 4.2.1 mailbox busy")}
    first = send(over_smtp(month, port))
    assert mailbox.rcpt_attempts["ag-b@example.org"] == 3  # three tries in the run
    assert [(u.recipient, u.status, u.reply_text) for u in first.refused] == [
        ("ag-b@example.org", "refused_temporary", "450 4.2.1 mailbox busy")
    ]
    assert mailbox.copies("ag-b@example.org") == 0
    second = send(over_smtp(month, port))  # refused once more, then accepted
    assert second.sent == ["AG-B"] and second.all_sent
    assert mailbox.rcpt_attempts["ag-b@example.org"] == 5
    third = send(over_smtp(month, port))
    assert third.sent == [] and sorted(third.already_sent) == ["AG-A", "AG-B", "AG-C"]
    for code in ("ag-a", "ag-b", "ag-c"):
        assert mailbox.copies(f"{code}@example.org") == 1
    (row,) = open_ledger(month).deliveries(PERIOD, "AG-B")
    assert (row.status, row.smtp_code, row.attempts) == ("sent", 250, 5)


def smtp_env(port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONEPLAN_")}
    return env | {
        "ONEPLAN_SMTP_HOST": "127.0.0.1",
        "ONEPLAN_SMTP_PORT": str(port),
        "ONEPLAN_SMTP_STARTTLS": "false",
        "ONEPLAN_SMTP_SENDER": "ศูนย์ประสานงาน <hub@example.org>",
    }


def oneplan_send(month, port: int, *args: str, **env) -> subprocess.CompletedProcess:
    folders = ["--inputs", str(month.inputs), "--outputs", str(month.outputs)]
    return subprocess.run(
        [
            ONEPLAN,
            "send",
            "--period",
            PERIOD,
            *folders,
            "--state",
            str(month.state),
            "--lang",
            "en",
            *args,
        ],
        env=smtp_env(port) | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_reply_lost_after_the_data_is_unconfirmed_and_sent_again_only_on_request(month, smtp):
    mailbox, port = smtp
    run_month(month, PERIOD, NOW)
    mailbox.drop_after_data = True
    first = send(over_smtp(month, port))
    assert mailbox.attempts == 3  # once each: never retried
    assert sorted((u.agency_code, u.status) for u in first.unconfirmed) == [
        ("AG-A", "unconfirmed"),
        ("AG-B", "unconfirmed"),
        ("AG-C", "unconfirmed"),
    ]
    second = oneplan_send(month, port)
    assert second.returncode == 1, second.stderr
    assert mailbox.attempts == 3
    for code in ("AG-A", "AG-B", "AG-C"):
        assert f"unconfirmed {code} <{code.lower()}@example.org>" in second.stdout
        assert mailbox.copies(f"{code.lower()}@example.org") == 1
    assert f"oneplan send --period {PERIOD} --resend --agency AG-B" in second.stdout

    mailbox.drop_after_data = False
    resent = oneplan_send(month, port, "--resend", "--agency", "ag-b")
    assert resent.returncode == 0, resent.stdout + resent.stderr
    assert mailbox.copies("ag-b@example.org") == 2
    first_id, second_id = mailbox.message_ids("ag-b@example.org")
    assert first_id == second_id and first_id.endswith(".AG-B.2026-11@example.org>")
    assert (mailbox.copies("ag-a@example.org"), mailbox.copies("ag-c@example.org")) == (1, 1)
    statuses = {d.agency_code: d.status for d in open_ledger(month).deliveries(PERIOD)}
    assert statuses == {"AG-A": "unconfirmed", "AG-B": "sent", "AG-C": "unconfirmed"}


def test_a_send_killed_after_the_server_accepted_does_not_send_again(month, smtp):
    mailbox, port = smtp
    run_month(month, PERIOD, NOW)
    killed = oneplan_send(month, port, ONEPLAN_FAILPOINT="after_smtp_reply")
    assert killed.returncode == -9
    assert mailbox.copies("ag-a@example.org") == 1  # accepted, then the power went
    after = oneplan_send(month, port)
    assert after.returncode == 1
    assert "unconfirmed AG-A <ag-a@example.org>" in after.stdout
    for code in ("ag-a", "ag-b", "ag-c"):
        assert mailbox.copies(f"{code}@example.org") == 1


def test_agency_sends_only_that_agency_and_the_outbox_is_recorded_per_recipient(month):
    with_c_addresses(month, C_ADDRESSES)
    run_month(month, PERIOD, NOW)
    only = send(month, agency="AG-C")
    assert only.sent == ["AG-C"] and only.all_sent
    outbox = month.outputs / PERIOD / "outbox"
    assert [p.name.split("_")[0] for p in sorted(outbox.iterdir())] == ["AG-C"]
    rest = send(month)
    assert sorted(rest.sent) == ["AG-A", "AG-B"] and rest.already_sent == ["AG-C"]
    rows = open_ledger(month).deliveries(PERIOD, "AG-C")
    assert [(r.recipient, r.status, r.mode) for r in rows] == [
        ("c1@example.org", "sent", "outbox"),
        ("c2@example.org", "sent", "outbox"),
    ]
    eml = next(outbox.glob("AG-C_*.eml"))
    assert rows[0].message_file == f"{PERIOD}/outbox/{eml.name}"  # within the outputs folder


def test_the_coordinators_page_lists_refused_and_unconfirmed_deliveries(web_month, smtp):
    mailbox, port = smtp
    mailbox.refuse_rcpt = {"ag-a@example.org": "550 5.1.1 no such user"}
    mailbox.drop_after_data = True
    send(over_smtp(web_month, port))
    web = client(web_month)
    sign_in(web)
    page = web.get(f"/coordinator?period={PERIOD}").text
    rows = re.findall(
        r'data-agency="([^"]+)" data-recipient="([^"]+)" data-delivery="([^"]+)"', page
    )
    assert rows == [
        ("AG-A", "ag-a@example.org", "refused_permanent"),
        ("AG-B", "ag-b@example.org", "unconfirmed"),
        ("AG-C", "ag-c@example.org", "unconfirmed"),
    ]
    assert "550 5.1.1 no such user" in page and "ถูกปฏิเสธถาวร" in page and "ไม่ทราบผล" in page
    assert "1 ธ.ค. 2569 07:00 น. (UTC+7)" in page  # NOW, in Bangkok, with its zone
    write_registry(  # AG-A's address is corrected: its old one is no longer listed
        web_month.inputs,
        [
            {**agency("AG-A", "AREA-1"), "email": "new-a@example.org"},
            agency("AG-B", "AREA-1"),
            agency("AG-C", "AREA-1"),
        ],
    )
    page = web.get(f"/coordinator?period={PERIOD}&lang=en").text
    assert "ag-a@example.org" not in page and "E-mails not delivered yet" in page


def test_upgrading_a_ledger_keeps_each_message_sent_as_a_delivery_per_recipient(
    ledger_url, tmp_path
):
    url = ledger_url or sqlite_url(tmp_path / "state")
    old = Ledger(url, revision="0004")
    rows = [
        ("AG-A", "a1@example.org, a2@example.org", "2026-12-01T00:00:00+00:00", False, "smtp"),
        ("AG-A", "a1@example.org, a2@example.org", "2026-12-02T00:00:00+00:00", False, "smtp"),
        ("AG-B", "b@example.org", "2026-12-01T00:00:00+00:00", True, "outbox"),
    ]
    with old.engine.begin() as db:
        for code, recipients, sent_at, correction, mode in rows:
            db.execute(
                text(
                    "INSERT INTO sent_messages (agency_code, period, content_sha256, sent_at, mode,"
                    " recipients, correction, message_file) VALUES (:code, '2026-11', :sha,"
                    " :sent_at, :mode, :recipients, :correction, :file)"
                ),
                {
                    "code": code,
                    "sha": code[-1].lower() * 64,
                    "sent_at": sent_at,
                    "mode": mode,
                    "recipients": recipients,
                    "correction": correction,
                    # As typed by an earlier version: from the working folder of `send`.
                    "file": "/srv/network/outputs/2026-11/outbox/AG-B.eml"
                    if mode == "outbox"
                    else None,
                },
            )
    new = Ledger(url)
    got = [
        (
            d.agency_code,
            d.recipient,
            d.status,
            d.mode,
            d.attempts,
            d.first_attempt_at[:10],
            d.last_attempt_at[:10],
            d.correction,
            d.message_file,
        )
        for d in new.deliveries("2026-11")
    ]
    assert got == [
        ("AG-A", "a1@example.org", "sent", "smtp", 2, "2026-12-01", "2026-12-02", False, None),
        ("AG-A", "a2@example.org", "sent", "smtp", 2, "2026-12-01", "2026-12-02", False, None),
        (
            "AG-B",
            "b@example.org",
            "sent",
            "outbox",
            1,
            "2026-12-01",
            "2026-12-01",
            True,
            "2026-11/outbox/AG-B.eml",
        ),
    ]
    assert new.messages_sent("AG-A", "2026-11") == ["a" * 64]
    assert "sent_messages" not in inspect(new.engine).get_table_names()
