"""Composing each agency's message from a period's written outputs.

A message goes to every address the registry lists for the agency, in Thai, with the
agency's name, the period and its headline figures in the body, its report attached, and
the feedback workbook of each of its files of the period that had problems. Its identity
is the hash of the report's figures and issues: the same content is never sent twice to
the same address, and its Message-ID is derived from it (`deliver.send.message_id`).

Header values come from the registry; the e-mail policy refuses line breaks in them, and
names are flattened to one line first, so nothing in a registry can inject a header.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid
from pathlib import Path

import pandas as pd

from oneplan.report.formats import percent
from oneplan.report.labels import label
from oneplan.values.money import baht_text
from oneplan.values.periods import thai_period
from oneplan.values.text import split_list

_ADDRESS = re.compile(r"^[^@\s<>,;\"']+@[^@\s<>,;\"']+\.[^@\s<>,;\"']+$")
DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass
class AgencyMessage:
    agency_code: str
    name: str
    recipients: list[str]
    invalid_addresses: list[str]
    content_sha256: str
    attachments: list[Path] = field(default_factory=list)
    areas: list[dict] = field(default_factory=list)

    def build(
        self, period: str, sender: str, correction: bool, message_id: str | None = None
    ) -> EmailMessage:
        """The e-mail; `message_id` names it (a new one when not given)."""
        message = EmailMessage(policy=SMTP)
        prefix = "[ฉบับแก้ไข] " if correction else ""
        message["Subject"] = one_line(
            f"{prefix}รายงานการบูรณาการงบประมาณกับแผนชุมชน งวด {thai_period(period)} — {self.name}"
        )
        message["From"] = sender
        message["To"] = ", ".join(self.recipients)
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = message_id or make_msgid(domain="oneplan.local")
        message["X-Oneplan-Agency"] = self.agency_code
        message["X-Oneplan-Period"] = period
        message["X-Oneplan-Content"] = self.content_sha256
        message.set_content(self.body(period, correction), charset="utf-8")
        for path in self.attachments:
            maintype, subtype = DOCX if path.suffix == ".docx" else XLSX
            message.add_attachment(
                path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
            )
        return message

    def body(self, period: str, correction: bool) -> str:
        lines = [f"เรียน {self.name}", ""]
        if correction:
            lines += [
                "รายงานฉบับนี้แก้ไขฉบับที่ส่งไปก่อนหน้า เพราะตัวเลขหรือปัญหาที่พบเปลี่ยนไปหลังการประมวลผลใหม่",
                "",
            ]
        lines += [
            f"ศูนย์ประสานงานเครือข่ายขอส่งรายงานผลการบูรณาการงบประมาณของหน่วยงานกับแผนชุมชน งวด {thai_period(period)}",
            "",
        ]
        for area in self.areas:
            lines.append(
                f"- พื้นที่ {area['area_code']}: สถานะ {area['status']}; งบประมาณรวม {area['total_budget']} บาท "
                f"ตรงกับแผน {area['aligned_budget']} บาท ({area['alignment']}); เบิกจ่าย {area['disbursed']} บาท"
            )
        lines.append("")
        if any(p.suffix == ".xlsx" for p in self.attachments):
            lines += [
                "แนบแบบรายงานของท่านที่ระบุปัญหาไว้ในช่องที่พบ (แผ่นงาน 'ปัญหาที่พบ') กรุณาแก้ไขแล้วส่งใหม่",
                "",
            ]
        lines += ["รายละเอียดอยู่ในรายงานที่แนบมา", "", "ด้วยความเคารพ", "ศูนย์ประสานงานเครือข่าย (oneplan)"]
        return "\n".join(lines) + "\n"


def one_line(text: str) -> str:
    """A header value on one line (registry text may hold line breaks)."""
    return re.sub(r"[\r\n\t\v\f]+", " ", text).strip()


def addresses(cell: object) -> tuple[list[str], list[str]]:
    """Valid and invalid addresses of a registry cell (several separated by , or ;)."""
    valid, invalid = [], []
    for candidate in split_list(cell if isinstance(cell, str) else ", ".join(cell or [])):
        candidate = one_line(candidate)
        if _ADDRESS.match(candidate):
            valid.append(str(Address(addr_spec=candidate)))
        else:
            invalid.append(candidate)
    return valid, invalid


def compose_messages(period_dir: Path, registry: pd.DataFrame) -> list[AgencyMessage]:
    """One message per agency with a status in the period's outputs."""
    tables = period_dir / "tables"
    agencies = pd.read_parquet(tables / "agencies.parquet")
    issues = pd.read_parquet(tables / "issues.parquet")
    registry = registry.set_index("agency_code")
    feedback = (
        sorted((period_dir / "feedback").glob("*.xlsx"))
        if (period_dir / "feedback").is_dir()
        else []
    )
    messages = []
    for code, rows in agencies.groupby("agency_code", sort=True):
        entry = registry.loc[code] if code in registry.index else None
        name = one_line(str(entry["name_th"])) if entry is not None else code
        valid, invalid = addresses(entry["email"] if entry is not None else "")
        own_issues = issues[issues["agency_code"] == code]
        content = json.dumps(
            {"figures": rows.to_dict("records"), "issues": own_issues.to_dict("records")},
            ensure_ascii=False,
            sort_keys=True,
            default=str,
        )
        attachments = [period_dir / "reports" / f"{code}.docx"]
        attachments += [p for p in feedback if p.name.startswith(f"{code}_")]
        areas = [
            {
                "area_code": r.area_code,
                "status": label(r.status, "th"),
                "total_budget": baht_text(r.total_budget),
                "aligned_budget": baht_text(r.aligned_budget),
                "alignment": percent(r.alignment_ratio),
                "disbursed": baht_text(r.disbursed),
            }
            for r in rows.itertuples()
        ]
        messages.append(
            AgencyMessage(
                code,
                name,
                valid,
                invalid,
                hashlib.sha256(content.encode()).hexdigest(),
                [p for p in attachments if p.is_file()],
                areas,
            )
        )
    return messages
