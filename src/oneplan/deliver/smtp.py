"""The SMTP conversation of one message: a transaction done command by command (MAIL, one
RCPT per recipient, DATA) to learn each recipient's reply and whether the message data had
begun to go out, each outcome recorded as soon as it is known (the statuses:
`oneplan.deliver.send`), temporary refusals tried again on a new connection."""

from __future__ import annotations

import email.generator
import email.utils
import io
import logging
import re
import smtplib
import time
from collections.abc import Callable

from oneplan.failpoints import checkpoint
from oneplan.ledger import DeliveryOutcome
from oneplan.settings import Settings

log = logging.getLogger(__name__)
ATTEMPTS = 3
SENT, UNCONFIRMED = "sent", "unconfirmed"
TEMPORARY, PERMANENT = "refused_temporary", "refused_permanent"
NO_REPLY = "the connection broke after the message data was sent, before the server's reply"

# Records one outcome of the message at these recipients; False: the same attempt, finished.
Record = Callable[[list[str], DeliveryOutcome, bool], None]


def deliver_smtp(settings: Settings, mail, recipients: list[str], record: Record, pause: float):
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
    sender = settings.sender_address
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
