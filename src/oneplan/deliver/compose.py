"""Composing each agency's message from a period's written outputs.

A message goes to every address the registry lists for the agency: an official letter
(`oneplan.deliver.letter`) saying what is true of the agency's current files in each area
(`oneplan.deliver.standing`), with its report attached and the feedback workbook of each
current file that has problems. Its identity is the hash of what the letter tells: the
agency's figures and the problems it is shown (not `info` rows). The same content is never
sent twice to the same address, and its Message-ID is derived from it
(`oneplan.deliver.send.message_id`).

Header values come from the registry and the settings; the e-mail policy refuses line
breaks in them, and names are flattened to one line first, so nothing in a registry can
inject a header.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from oneplan.deliver.headers import (
    ADDRESS,
    LETTER,
    date_header,
    one_line,
    reply_to,
    sender,
)
from oneplan.deliver.letter import Addressee, Letter
from oneplan.deliver.standing import area_standings
from oneplan.issues import shown_to_agency
from oneplan.settings import Settings
from oneplan.timeliness.deadlines import deadline_rules
from oneplan.values.numbers import missing
from oneplan.values.text import split_list

DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass
class AgencyMessage:
    agency_code: str
    name: str
    recipients: list[str]
    invalid_addresses: list[str]
    content_sha256: str
    letter: Letter

    @property
    def attachments(self) -> list[Path]:
        return self.letter.attachments

    def build(
        self,
        correction: bool,
        message_id: str | None = None,
        replaces: dt.date | None = None,
    ) -> EmailMessage:
        """The e-mail; `message_id` names it (a new one when not given); a correction
        says it replaces the letter dated `replaces`."""
        letter = dataclasses.replace(self.letter, correction=correction, replaces=replaces)
        settings = letter.settings
        message = EmailMessage(policy=LETTER)
        message["Subject"] = one_line(letter.subject())
        message["From"] = sender(settings)
        answer = reply_to(settings)
        if answer is not None:
            message["Reply-To"] = answer
        message["To"] = ", ".join(self.recipients)
        message["Date"] = date_header(letter.now, settings)
        message["Message-ID"] = message_id or make_msgid(domain="oneplan.local")
        message["X-Oneplan-Agency"] = self.agency_code
        message["X-Oneplan-Period"] = letter.period
        message["X-Oneplan-Content"] = self.content_sha256
        message.set_content(letter.body(), charset="utf-8")
        for path in self.attachments:
            maintype, subtype = DOCX if path.suffix == ".docx" else XLSX
            message.add_attachment(
                path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
            )
        return message


def addresses(cell: object) -> tuple[list[str], list[str]]:
    """Valid and invalid addresses of a registry cell (several separated by , or ;)."""
    valid, invalid = [], []
    for candidate in split_list(cell if isinstance(cell, str) else ", ".join(cell or [])):
        candidate = one_line(candidate)
        if ADDRESS.match(candidate):
            valid.append(str(Address(addr_spec=candidate)))
        else:
            invalid.append(candidate)
    return valid, invalid


def compose_messages(
    settings: Settings, period: str, reference, ledger, now: dt.datetime
) -> list[AgencyMessage]:
    """One message per agency with a status in the period's outputs; `reference` (the plan
    and registry) names its agencies and areas; `ledger` tells in which order the period's
    files were received."""
    period_dir = settings.period_outputs(period)
    tables = period_dir / "tables"
    agencies = pd.read_parquet(tables / "agencies.parquet")
    issues = pd.read_parquet(tables / "issues.parquet")
    registry = reference.registry.agencies.set_index("agency_code")
    received = {
        r.first_path: (min(r.modified_at, r.first_seen_at), r.received_seq)
        for r in ledger.received()
        if r.period == period
    }
    names = reference.plan.area_names
    rules = deadline_rules(settings, reference.registry)
    closings = ledger.closings_in_force(period)
    zone = ZoneInfo(settings.timezone)
    messages = []
    for code, rows in agencies.groupby("agency_code", sort=True):
        entry = registry.loc[code] if code in registry.index else None
        addressee = addressee_of(str(code), entry)
        valid, invalid = addresses(entry["email"] if entry is not None else "")
        own = issues[
            (issues["agency_code"] == code) & issues["severity"].map(shown_to_agency).astype(bool)
        ]
        standings = area_standings(period, rows, own, received, period_dir / "feedback", names)
        report = period_dir / "reports" / f"{code}.docx"
        letter = Letter(
            period,
            addressee,
            standings,
            rules.of_agency(str(code), period),
            now,
            settings,
            report=report if report.is_file() else None,
            lang=settings.lang if settings.lang in ("th", "en") else "th",
            closed_on=_day(closings.final_for(list(rows["area_code"])), zone),
            closed_areas=frozenset(closings.area_closings),
        )
        told = {"figures": rows.to_dict("records"), "issues": own.to_dict("records")}
        if letter.closed_on is not None:  # the final figures are a letter of their own
            told["closed_on"] = letter.closed_on.isoformat()
        content = json.dumps(
            told,
            ensure_ascii=False,
            sort_keys=True,
            default=str,
        )
        digest = hashlib.sha256(content.encode()).hexdigest()
        messages.append(AgencyMessage(str(code), addressee.short, valid, invalid, digest, letter))
    return messages


def _day(closing, zone: ZoneInfo) -> dt.date | None:
    """The local day of a closing (None: none)."""
    return None if closing is None else closing.recorded_at.astimezone(zone).date()


def addressee_of(code: str, entry) -> Addressee:
    """The agency as a letter names it, from its registry row (None: its code alone)."""
    if entry is None:
        return Addressee(code, code, code, code)

    def text(column: str) -> str:
        value = entry.get(column) if hasattr(entry, "get") else None
        return "" if value is None or missing(value) else one_line(str(value))

    name = text("name_th") or code
    return Addressee(
        code,
        name,
        short=text("short_name") or name,
        recipient=text("recipient_position") or name,
        name_en=text("name_en"),
    )
