"""Sending each agency its message: to the outbox (default) or over SMTP.

A message is identified by (agency, period, hash of the report's figures and issues). It
is sent once: a second `send` finds it in the ledger and skips it, unless `resend`. When a
re-run changed an agency's figures or issues after its message went out, the new message
is sent marked as a correction (ฉบับแก้ไข). A delivery that fails is retried, then
reported; it is never recorded as sent. An agency without a usable address is listed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import smtplib
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from oneplan.deliver.compose import AgencyMessage, compose_messages
from oneplan.runlock import exclusive_run
from oneplan.settings import Settings

log = logging.getLogger(__name__)
ATTEMPTS = 3


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)  # agency codes
    corrections: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    without_address: list[str] = field(default_factory=list)
    invalid_addresses: dict[str, list[str]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # agency -> last error

    @property
    def all_sent(self) -> bool:
        return not self.failed and not self.without_address


def send_period(
    settings: Settings,
    period: str,
    registry,
    ledger,
    resend: bool = False,
    now: dt.datetime | None = None,
    pause: float = 1.0,
) -> SendReport:
    """Send every agency with a status in `period` its message (see module docstring)."""
    # Under the run lock: a run swapping the period's folder meanwhile could lose an .eml.
    with exclusive_run(settings.state, period, log.warning):
        return _send(settings, period, registry, ledger, resend, now, pause)


def _send(settings, period, registry, ledger, resend, now, pause) -> SendReport:
    period_dir = settings.period_outputs(period)
    report = SendReport()
    for message in compose_messages(period_dir, registry):
        if message.invalid_addresses:
            report.invalid_addresses[message.agency_code] = message.invalid_addresses
        if not message.recipients:
            report.without_address.append(message.agency_code)
            continue
        earlier = ledger.messages_sent(message.agency_code, period)
        if message.content_sha256 in earlier and not resend:
            report.already_sent.append(message.agency_code)
            continue
        correction = any(sha != message.content_sha256 for sha in earlier)
        email = message.build(period, settings.smtp_sender, correction)
        try:
            mode, stored = _deliver(settings, period_dir, message, email, pause)
        except (smtplib.SMTPException, OSError) as error:
            report.failed[message.agency_code] = f"{type(error).__name__}: {error}"
            log.warning(
                "sending to %s failed after %d attempts: %s", message.agency_code, ATTEMPTS, error
            )
            continue
        ledger.record_message(
            message.agency_code,
            period,
            message.content_sha256,
            mode,
            message.recipients,
            correction,
            stored,
            now or dt.datetime.now(dt.UTC),
        )
        report.sent.append(message.agency_code)
        if correction:
            report.corrections.append(message.agency_code)
    return report


def _deliver(settings: Settings, period_dir: Path, message: AgencyMessage, email, pause: float):
    if not settings.smtp_host:
        return "outbox", str(_write_eml(period_dir / "outbox", message, email))
    last_error: Exception | None = None
    for attempt in range(1, ATTEMPTS + 1):
        try:
            _smtp_send(settings, email)
            return "smtp", None
        except (smtplib.SMTPException, OSError) as error:  # transient or not, try again
            last_error = error
            log.info("attempt %d to send to %s failed: %s", attempt, message.agency_code, error)
            if attempt < ATTEMPTS:
                time.sleep(pause * attempt)
    raise last_error


def _smtp_send(settings: Settings, email) -> None:
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as server:
        if settings.smtp_starttls:
            server.starttls()
        if settings.smtp_user:
            server.login(settings.smtp_user, settings.smtp_password)
        refused = server.send_message(email)
        if refused:
            raise smtplib.SMTPRecipientsRefused(refused)


def _write_eml(outbox: Path, message: AgencyMessage, email) -> Path:
    outbox.mkdir(parents=True, exist_ok=True)
    target = (
        outbox
        / f"{message.agency_code}_{email['X-Oneplan-Period']}_{message.content_sha256[:8]}.eml"
    )
    handle, temporary = tempfile.mkstemp(prefix=".", suffix=".eml", dir=outbox)
    with os.fdopen(handle, "wb") as out:
        out.write(email.as_bytes())
    os.replace(temporary, target)
    return target
