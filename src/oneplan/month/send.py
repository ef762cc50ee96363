"""Sending a period's messages to the agencies, under the run lock."""

from __future__ import annotations

import datetime as dt
import logging

from oneplan.deliver.send import SendReport, send_messages
from oneplan.runtime.runlock import exclusive_run
from oneplan.settings import Settings

log = logging.getLogger(__name__)


def send_period(
    settings: Settings,
    period: str,
    reference,
    ledger,
    resend: bool = False,
    now: dt.datetime | None = None,
    pause: float = 1.0,
    agency: str | None = None,
) -> SendReport:
    """Send every agency with a status in `period` (or only `agency`) its message
    (`oneplan.deliver.send`); `resend` sends it again to all of its addresses.
    `reference`: the plan and registry (`oneplan.month.reference.Reference`).

    Under the run lock: a run swapping the period's folder meanwhile could lose an .eml,
    and two sends at once could both find a recipient not yet sent."""
    with exclusive_run(settings.state, period, log.warning):
        return send_messages(settings, period, reference, ledger, resend, now, pause, agency)
