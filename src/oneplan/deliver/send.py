"""Sending each agency its message: to the outbox (default) or over SMTP.

A message is identified by (agency, period, hash of the report's figures and issues), and
its Message-ID is derived from that identity, so a deliberate re-send carries the same one.
Its delivery is recorded per recipient, each outcome as soon as it is known:

- `sent`: the server accepted the message for the recipient (or its .eml was written in
  outbox mode); it is never sent that message again, unless `resend`;
- `refused_temporary`: the server refused the recipient with a 4xx reply, or the
  connection failed before the message data went out (nothing was delivered); retried
  within the run (a new connection, for those recipients only) and by every later `send`;
- `refused_permanent`: a 5xx reply; not retried, listed by every later `send`, tried again
  only at a new address (the registry changed) or with `resend`;
- `unconfirmed`: the connection broke after the message data began to go out and before
  the server's reply, so it may have arrived; never retried by itself (that could deliver
  it twice), listed, sent again only with `resend`. It is recorded before the data goes
  out, so a run killed at that moment leaves it unconfirmed too, never unrecorded.

The SMTP transaction is done command by command (MAIL, one RCPT per recipient, DATA) to
learn each recipient's reply and whether the data had begun to go out
(`oneplan.deliver.smtp`); what a send did is its `SendReport` (`oneplan.deliver.send_report`).
When a re-run changed an agency's figures or issues after its message went out, the new
message is sent marked as a correction (ฉบับแก้ไข). An agency without a usable address is
listed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import re
from pathlib import Path

from oneplan.atomic import written_whole
from oneplan.deliver.compose import AgencyMessage, compose_messages
from oneplan.deliver.reminder import Reminder
from oneplan.deliver.send_report import SendReport, Undelivered
from oneplan.deliver.smtp import PERMANENT, SENT, UNCONFIRMED, Record, deliver_smtp
from oneplan.ledger import Delivery, DeliveryOutcome, MessageKey
from oneplan.ledger.stamps import moment
from oneplan.settings import Settings
from oneplan.values.times import local_moment


def send_messages(
    settings: Settings,
    period: str,
    reference,
    ledger,
    resend: bool = False,
    now: dt.datetime | None = None,
    pause: float = 1.0,
    agency: str | None = None,
) -> SendReport:
    """Send every agency with a status in `period` (or only `agency`) its message (see the
    module docstring); `resend` sends it again to all of its addresses. `reference`: the
    plan and registry the messages name agencies and areas by. The caller holds the run
    lock (`oneplan.month.send.send_period`)."""
    report = SendReport()
    moment = now or dt.datetime.now(dt.UTC)
    for message in compose_messages(settings, period, reference, ledger, moment):
        if agency is None or message.agency_code == agency:
            _send_message(settings, period, message, ledger, resend, now, pause, report)
    return report


def _send_message(settings, period, message: AgencyMessage, ledger, resend, now, pause, report):
    code = message.agency_code
    if message.invalid_addresses:
        report.invalid_addresses[code] = message.invalid_addresses
    if not message.recipients:
        report.without_address.append(code)
        return
    earlier = ledger.deliveries(period, code)
    to_send, held = _recipients_to_send(message, earlier, resend)
    report.undelivered += held
    if not to_send:
        if not held:
            report.already_sent.append(code)
        return
    correction = any(sha != message.content_sha256 for sha in ledger.messages_sent(code, period))
    identity = message_id(code, period, message.content_sha256, settings.sender_address)
    replaces = _replaced_letter_date(earlier, message.content_sha256, settings.timezone)
    mail = message.build(correction, identity, replaces if correction else None)
    key = MessageKey(code, period, message.content_sha256, "", correction, identity)
    if _deliver(settings, message, mail, to_send, key, ledger, now, pause, report):
        report.sent.append(code)
        if correction:
            report.corrections.append(code)


def send_reminder(
    settings: Settings,
    reminder: Reminder,
    ledger,
    now: dt.datetime | None,
    pause: float,
    report: SendReport,
) -> None:
    """Send `reminder` to those of its recipients that have not had it (the same
    exactly-once rules as a report's message: a recipient it was sent to, refused for good
    or left unconfirmed is not sent it again), recorded among the deliveries as its kind."""
    code, period = reminder.agency_code, reminder.period
    if reminder.invalid_addresses:
        report.invalid_addresses[code] = reminder.invalid_addresses
    if not reminder.recipients:
        report.without_address.append(code)
        return
    earlier = ledger.deliveries(period, code, kind=reminder.delivery_kind)
    to_send, held = _recipients_to_send(reminder, earlier, resend=False)
    report.undelivered += held
    if not to_send:
        if not held:
            report.already_sent.append(code)
        return
    identity = message_id(code, period, reminder.content_sha256, settings.sender_address)
    mail = reminder.build(identity)
    key = MessageKey(
        code, period, reminder.content_sha256, "", False, identity, kind=reminder.delivery_kind
    )
    if _deliver(settings, reminder, mail, to_send, key, ledger, now, pause, report):
        report.sent.append(code)


def _deliver(settings, message, mail, to_send, key: MessageKey, ledger, now, pause, report) -> bool:
    """Send `mail` to `to_send` over SMTP, or write it to the period's outbox, recording
    each outcome under `key` (its mode and outbox file filled in here); what did not go
    through is added to `report`. Whether it went to any recipient."""
    if settings.smtp_host:
        key = dataclasses.replace(key, mode="smtp")
        outcomes = deliver_smtp(settings, mail, to_send, _recorder(ledger, key, now), pause)
    else:
        eml = _write_eml(settings.period_outputs(key.period) / "outbox", message, mail)
        # Named within the outputs folder, which may move: never by the working folder.
        named = eml.relative_to(settings.outputs).as_posix()
        key = dataclasses.replace(key, mode="outbox", message_file=named)
        _recorder(ledger, key, now)(to_send, DeliveryOutcome(SENT), True)
        outcomes = dict.fromkeys(to_send, DeliveryOutcome(SENT))
    report.undelivered += [
        Undelivered(key.agency_code, r, o.status, o.code, o.reply or "", False)
        for r, o in outcomes.items()
        if o.status != SENT
    ]
    return any(o.status == SENT for o in outcomes.values())


def _recipients_to_send(
    message: AgencyMessage | Reminder, earlier: list[Delivery], resend: bool
) -> tuple[list[str], list[Undelivered]]:
    """The message's recipients to send it to now, and those held back (refused for good,
    or unconfirmed) with what the ledger says of them."""
    if resend:
        return list(message.recipients), []
    same = {d.recipient: d for d in earlier if d.content_sha256 == message.content_sha256}
    # A permanent refusal holds for the address in this period, also for a correction,
    # unless the address's latest delivery went through after it (a --resend).
    latest = {d.recipient: d for d in sorted(earlier, key=lambda d: (d.last_attempt_at, d.id))}
    to_send, held = [], []
    for recipient in message.recipients:
        before = same.get(recipient)
        if before is not None and before.status == SENT:
            continue
        hold = before if before is not None and before.status == UNCONFIRMED else None
        if recipient in latest and latest[recipient].status == PERMANENT:
            hold = latest[recipient]
        if hold is None:
            to_send.append(recipient)
        else:
            held.append(
                Undelivered(
                    message.agency_code,
                    recipient,
                    hold.status,
                    hold.smtp_code,
                    hold.smtp_reply or "",
                    True,
                )
            )
    return to_send, held


def _replaced_letter_date(
    earlier: list[Delivery], content_sha256: str, timezone: str
) -> dt.date | None:
    """The date (in the time zone) of the latest earlier message with other content that
    went out (sent, or unconfirmed: it may have arrived): the letter a correction replaces."""
    went_out = [
        d for d in earlier if d.content_sha256 != content_sha256 and d.status in (SENT, UNCONFIRMED)
    ]
    if not went_out:
        return None
    latest = max(moment(d.last_attempt_at) for d in went_out)
    return local_moment(latest, timezone).date()


def message_id(agency_code: str, period: str, content_sha256: str, sender: str) -> str:
    """The Message-ID of a message, from its identity: the same message, the same ID."""
    domain = email.utils.parseaddr(sender)[1].rpartition("@")[2]
    domain = re.sub(r"[^A-Za-z0-9.-]", "-", domain).strip(".") or "oneplan.local"
    agency = re.sub(r"[^A-Za-z0-9_-]", "-", agency_code) or "-"
    return f"<{content_sha256[:32]}.{agency}.{period}@{domain}>"


def _recorder(ledger, key: MessageKey, now: dt.datetime | None) -> Record:
    def record(recipients: list[str], outcome: DeliveryOutcome, new_attempt: bool) -> None:
        ledger.record_delivery(
            key, recipients, outcome, now or dt.datetime.now(dt.UTC), new_attempt
        )

    return record


def _write_eml(outbox: Path, message: AgencyMessage | Reminder, mail) -> Path:
    outbox.mkdir(parents=True, exist_ok=True)
    target = (
        outbox
        / f"{message.agency_code}_{mail['X-Oneplan-Period']}_{message.content_sha256[:8]}.eml"
    )
    with written_whole(target) as temporary:  # hidden until whole (`oneplan.atomic`)
        temporary.write_bytes(mail.as_bytes())
    return target
