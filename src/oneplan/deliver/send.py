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
learn each recipient's reply and whether the data had begun to go out. When a re-run
changed an agency's figures or issues after its message went out, the new message is sent
marked as a correction (ฉบับแก้ไข). An agency without a usable address is listed.
"""

from __future__ import annotations

import datetime as dt
import email.generator
import email.utils
import io
import logging
import re
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from oneplan.atomic import written_whole
from oneplan.deliver.compose import AgencyMessage, compose_messages
from oneplan.failpoints import checkpoint
from oneplan.ledger import Delivery, DeliveryOutcome, MessageKey
from oneplan.settings import Settings

log = logging.getLogger(__name__)
ATTEMPTS = 3
SENT, UNCONFIRMED = "sent", "unconfirmed"
TEMPORARY, PERMANENT = "refused_temporary", "refused_permanent"
NO_REPLY = "the connection broke after the message data was sent, before the server's reply"

# Records one outcome of the message at these recipients; False: the same attempt, finished.
Record = Callable[[list[str], DeliveryOutcome, bool], None]


@dataclass(frozen=True)
class Undelivered:
    """A recipient the agency's message is not known to have reached."""

    agency_code: str
    recipient: str
    status: str  # refused_temporary | refused_permanent | unconfirmed
    code: int | None
    reply: str
    earlier: bool  # recorded by an earlier `send`, not tried in this one

    @property
    def reply_text(self) -> str:
        return " ".join(str(x) for x in (self.code, self.reply) if x not in (None, ""))


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)  # agencies that got it at an address now
    corrections: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)  # every address had it before
    without_address: list[str] = field(default_factory=list)
    invalid_addresses: dict[str, list[str]] = field(default_factory=dict)
    undelivered: list[Undelivered] = field(default_factory=list)

    @property
    def refused(self) -> list[Undelivered]:
        return [u for u in self.undelivered if u.status in (TEMPORARY, PERMANENT)]

    @property
    def unconfirmed(self) -> list[Undelivered]:
        return [u for u in self.undelivered if u.status == UNCONFIRMED]

    @property
    def failed(self) -> dict[str, str]:
        """Agency -> what became of its addresses not confirmed sent."""
        failed: dict[str, list[str]] = {}
        for u in self.undelivered:
            failed.setdefault(u.agency_code, []).append(
                f"{u.recipient}: {u.status} {u.reply_text}".strip()
            )
        return {agency: "; ".join(lines) for agency, lines in failed.items()}

    @property
    def all_sent(self) -> bool:
        return not self.undelivered and not self.without_address


def send_messages(
    settings: Settings,
    period: str,
    registry,
    ledger,
    resend: bool = False,
    now: dt.datetime | None = None,
    pause: float = 1.0,
    agency: str | None = None,
) -> SendReport:
    """Send every agency with a status in `period` (or only `agency`) its message (see the
    module docstring); `resend` sends it again to all of its addresses. The caller holds
    the run lock (`oneplan.month.send.send_period`)."""
    report = SendReport()
    for message in compose_messages(settings.period_outputs(period), registry):
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
    identity = message_id(code, period, message.content_sha256, settings.smtp_sender)
    mail = message.build(period, settings.smtp_sender, correction, identity)
    if settings.smtp_host:
        key = MessageKey(code, period, message.content_sha256, "smtp", correction, identity)
        outcomes = _deliver_smtp(settings, mail, to_send, _recorder(ledger, key, now), pause)
    else:
        eml = _write_eml(settings.period_outputs(period) / "outbox", message, mail)
        # Named within the outputs folder, which may move: never by the working folder.
        named = eml.relative_to(settings.outputs).as_posix()
        key = MessageKey(
            code, period, message.content_sha256, "outbox", correction, identity, named
        )
        _recorder(ledger, key, now)(to_send, DeliveryOutcome(SENT), True)
        outcomes = dict.fromkeys(to_send, DeliveryOutcome(SENT))
    report.undelivered += [
        Undelivered(code, r, o.status, o.code, o.reply or "", False)
        for r, o in outcomes.items()
        if o.status != SENT
    ]
    if any(o.status == SENT for o in outcomes.values()):
        report.sent.append(code)
        if correction:
            report.corrections.append(code)


def _recipients_to_send(
    message: AgencyMessage, earlier: list[Delivery], resend: bool
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


# --- SMTP ---------------------------------------------------------------------------------


def _deliver_smtp(settings: Settings, mail, recipients: list[str], record: Record, pause: float):
    """Each recipient's outcome; temporary refusals are tried again on a new connection."""
    outcomes: dict[str, DeliveryOutcome] = {}
    pending = list(recipients)
    for attempt in range(1, ATTEMPTS + 1):
        outcomes.update(_transaction(settings, mail, pending, record))
        pending = [r for r in pending if outcomes[r].status == TEMPORARY]
        if not pending or attempt == ATTEMPTS:
            break
        log.info("attempt %d: %s refused for now; trying again", attempt, ", ".join(pending))
        time.sleep(pause * attempt)
    return outcomes


def _transaction(settings: Settings, mail, recipients: list[str], record: Record):
    """One SMTP transaction of the message to `recipients`: each one's outcome, recorded."""
    sender = email.utils.parseaddr(settings.smtp_sender)[1] or settings.smtp_sender
    payload, options = _payload(mail, [sender, *recipients])
    outcomes: dict[str, DeliveryOutcome] = {}
    server = None
    try:
        server = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30)
        _open(server, settings)
        accepted = _envelope(server, sender, options, recipients, outcomes, record)
    except (smtplib.SMTPException, OSError) as error:
        # Before the message data: nothing was delivered, so trying again is safe.
        failure = DeliveryOutcome(
            TEMPORARY,
            getattr(error, "smtp_code", None),
            _text(getattr(error, "smtp_error", None)) or f"{type(error).__name__}: {error}",
        )
        _settle([r for r in recipients if r not in outcomes], failure, outcomes, record)
        accepted = []
    try:
        if accepted:
            _data(server, payload, accepted, outcomes, record)
    finally:
        _close(server)
    return outcomes


def _envelope(server, sender, options, recipients, outcomes, record) -> list[str]:
    """MAIL, one RCPT per recipient (refusals settled as they come), DATA: the recipients
    the server accepted, when it is ready for the message data."""
    code, reply = server.mail(sender, options)
    if code != 250:
        _settle(recipients, _refusal(code, reply), outcomes, record)
        return []
    for recipient in recipients:
        code, reply = server.rcpt(recipient)
        if code not in (250, 251):
            _settle([recipient], _refusal(code, reply), outcomes, record)
    accepted = [r for r in recipients if r not in outcomes]
    if not accepted:
        return []
    code, reply = server.docmd("DATA")
    if code != 354:
        _settle(accepted, _refusal(code, reply), outcomes, record)
        return []
    return accepted


def _data(server, payload: bytes, accepted: list[str], outcomes, record: Record) -> None:
    """Send the message data and read the server's verdict for the accepted recipients."""
    # From here the outcome may be unknown: say so in the ledger before the data goes out.
    record(accepted, DeliveryOutcome(UNCONFIRMED, None, NO_REPLY), True)
    try:
        server.send(payload)
        code, reply = server.getreply()
        checkpoint("after_smtp_reply")  # killed here: the ledger says unconfirmed
        outcome = (
            DeliveryOutcome(SENT, code, _text(reply)) if code == 250 else _refusal(code, reply)
        )
    except (smtplib.SMTPException, OSError) as error:
        log.warning("no reply after the message data to %s: %s", ", ".join(accepted), error)
        outcome = DeliveryOutcome(UNCONFIRMED, None, f"{NO_REPLY} ({type(error).__name__})")
    record(accepted, outcome, False)
    outcomes.update(dict.fromkeys(accepted, outcome))


def _open(server: smtplib.SMTP, settings: Settings) -> None:
    server.ehlo_or_helo_if_needed()
    if settings.smtp_starttls:
        server.starttls()
        server.ehlo()
    if settings.smtp_user:
        server.login(settings.smtp_user, settings.smtp_password)


def _close(server: smtplib.SMTP | None) -> None:
    if server is None:
        return
    try:
        server.quit()
    except (smtplib.SMTPException, OSError):
        server.close()


def _settle(recipients, outcome: DeliveryOutcome, outcomes: dict, record: Record) -> dict:
    if recipients:
        record(list(recipients), outcome, True)
        outcomes.update(dict.fromkeys(recipients, outcome))
    return outcomes


def _refusal(code: int, reply: bytes | str) -> DeliveryOutcome:
    """A refusal by the server: 5xx is permanent; anything else (4xx) temporary."""
    return DeliveryOutcome(PERMANENT if 500 <= code < 600 else TEMPORARY, code, _text(reply))


def _text(reply: bytes | str | None) -> str:
    if isinstance(reply, bytes):
        return reply.decode("utf-8", "replace")
    return reply or ""


def _payload(mail, addresses: list[str]) -> tuple[bytes, list[str]]:
    """The message as DATA sends it (CRLF lines, dot-stuffed, ended by a lone dot), and the
    MAIL options it needs (SMTPUTF8 when an address is not ASCII, as smtplib does). Our
    messages carry no Bcc header to strip."""
    international = not all(a.isascii() for a in addresses)
    policy = mail.policy.clone(utf8=True) if international else mail.policy
    buffer = io.BytesIO()
    email.generator.BytesGenerator(buffer, policy=policy).flatten(mail, linesep="\r\n")
    data = re.sub(rb"\r\n|\n|\r", b"\r\n", buffer.getvalue())
    data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n", (["SMTPUTF8", "BODY=8BITMIME"] if international else [])


def _write_eml(outbox: Path, message: AgencyMessage, mail) -> Path:
    outbox.mkdir(parents=True, exist_ok=True)
    target = (
        outbox
        / f"{message.agency_code}_{mail['X-Oneplan-Period']}_{message.content_sha256[:8]}.eml"
    )
    with written_whole(target) as temporary:  # hidden until whole (`oneplan.atomic`)
        temporary.write_bytes(mail.as_bytes())
    return target
