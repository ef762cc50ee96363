"""A reminder: the letter asking an agency for a period's workbook it has not sent, with a
blank workbook of each area attached and a link to its page (`oneplan.deliver.links`).

Two kinds, each sent once per agency and period (`oneplan.month.remind`): `before` the
agency's deadline (`reminder_before` among the ledger's deliveries) and `after` it
(`reminder_after`). Its identity is that kind, agency and period: the same reminder is
never sent twice to an address, whatever the day it is sent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid

from oneplan.deliver.headers import LETTER, date_header, one_line, reply_to, sender
from oneplan.deliver.letter import Addressee, signature_lines
from oneplan.deliver.wording import WORDS
from oneplan.settings import Settings
from oneplan.values.periods import english_period, thai_period
from oneplan.values.times import short_date

KINDS = ("before", "after")
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")

REMINDER_WORDS = {
    "th": {
        "subject_before": "ขอแจ้งเตือนการส่งแบบรายงานงบประมาณ ประจำเดือน{month} (กำหนดส่งภายในวันที่ {date})",
        "subject_after": "ขอติดตามแบบรายงานงบประมาณ ประจำเดือน{month} (เลยกำหนดส่งวันที่ {date} แล้ว)",
        "enclosed_blank": "แบบรายงานเปล่าของพื้นที่{area} ประจำเดือน{month} (ไฟล์ {file})",
        "not_received": "ด้วย{centre} ติดตามงบประมาณของภาคีเครือข่ายตามแผนชุมชนทุกเดือน "
        "ขณะนี้ยังไม่ได้รับแบบรายงานงบประมาณประจำเดือน{month} ของ {agency} ในพื้นที่{areas}",
        "due_by": "ซึ่งมีกำหนดส่งภายในวันที่ {date}",
        "past_due": "ซึ่งเลยกำหนดส่ง (วันที่ {date}) มาแล้ว",
        "please": "จึงขอความกรุณา{fill}ส่ง{when}{ways}",
        "fill_enclosed": "กรอกแบบรายงานที่แนบมา แล้ว",
        "by_web": " ทางหน้าเว็บของหน่วยงานท่าน (ลิงก์ด้านล่าง ซึ่งมีแบบรายงานเปล่าให้ดาวน์โหลดด้วย)",
        "to_centre": " ถึงศูนย์ประสานงาน",
        "rejected": "สำหรับพื้นที่{areas} ได้รับแบบรายงานแล้ว แต่ไม่ผ่านการตรวจสอบ จึงยังไม่นับ "
        'กรุณาแก้ไขตามไฟล์ข้อเสนอแนะที่ส่งถึงท่าน (แผ่นงาน "ปัญหาที่พบ") แล้วส่งทั้งฉบับใหม่',
        "by_date": "ภายในวันที่ {date}",
        "asap": "โดยเร็วที่สุด",
        "by_email": " หรือทางอีเมล {email}",
        "by_email_only": " ทางอีเมล {email}",
        "link": "หน้าเว็บของหน่วยงาน: {link}",
        "sent_already": "หากท่านส่งแบบรายงานแล้ว ขออภัยมา ณ ที่นี้ และขอบคุณสำหรับความร่วมมือ",
        "closing": "จึงเรียนมาเพื่อโปรดพิจารณาดำเนินการ",
    },
    "en": {
        "subject_before": "Reminder: budget workbook for {month} (due by {date})",
        "subject_after": "Follow-up: budget workbook for {month} (due on {date}, not yet received)",
        "enclosed_blank": "a blank workbook for {area}, {month} (file {file})",
        "not_received": "{centre} follows the partners' budgets against the community plan every "
        "month. The budget workbook of {agency} for {month} has not been received yet for {areas}",
        "due_by": ", due by {date}.",
        "past_due": ", which was due on {date}.",
        "please": "Please {fill}send it {when}{ways}.",
        "fill_enclosed": "fill in the enclosed workbook and ",
        "by_web": " on your agency's web page (the link below, where blank workbooks can also "
        "be downloaded)",
        "to_centre": " to the coordination centre",
        "rejected": "For {areas}, your workbook was received but did not pass the checks, so it "
        'does not count yet: please correct it as its feedback workbook (sheet "ปัญหาที่พบ") '
        "says and send the whole workbook again.",
        "by_date": "by {date}",
        "asap": "as soon as possible",
        "by_email": ", or by e-mail to {email}",
        "by_email_only": " by e-mail to {email}",
        "link": "Your agency's page: {link}",
        "sent_already": "If you have sent it already, please disregard this message, and thank you.",
        "closing": "Thank you for your cooperation.",
    },
}


@dataclass(frozen=True)
class Reminder:
    """The reminder of `kind` to one agency for `period`, for the areas where nothing of the
    period has been accepted from it, with their blank workbooks (file name, bytes)."""

    kind: str  # before | after
    period: str
    agency: Addressee
    recipients: list[str]
    invalid_addresses: list[str]
    areas: list[tuple[str, str]]  # (area code, area name)
    deadline: dt.datetime
    link: str
    settings: Settings
    now: dt.datetime
    templates: list[tuple[str, str, bytes]] = field(default_factory=list)  # area, name, bytes
    lang: str = "th"
    # Areas where its files of the period were received but not accepted.
    rejected: frozenset[str] = frozenset()

    @property
    def agency_code(self) -> str:
        return self.agency.code

    @property
    def delivery_kind(self) -> str:
        return f"reminder_{self.kind}"

    @property
    def content_sha256(self) -> str:
        """The reminder's identity: its kind, agency and period."""
        return hashlib.sha256(
            f"{self.delivery_kind}\0{self.agency.code}\0{self.period}".encode()
        ).hexdigest()

    @property
    def month(self) -> str:
        return thai_period(self.period) if self.lang == "th" else english_period(self.period)

    def subject(self) -> str:
        date = short_date(self.deadline.date(), self.lang)
        return REMINDER_WORDS[self.lang][f"subject_{self.kind}"].format(month=self.month, date=date)

    def body(self) -> str:
        w, letter = REMINDER_WORDS[self.lang], WORDS[self.lang]
        settings = self.settings
        recipient = self.agency.recipient
        agency = self.agency.short
        if self.lang == "en":
            recipient = self.agency.name_en or recipient
            agency = self.agency.name_en or agency
        date = short_date(self.deadline.date(), self.lang)
        lines = [letter["greeting"].format(recipient=recipient), ""]
        if self.templates:
            area_names = dict(self.areas)
            lines.append(letter["enclosures"])
            lines += [
                f"  {n}. "
                + w["enclosed_blank"].format(area=area_names[area], month=self.month, file=name)
                for n, (area, name, _) in enumerate(self.templates, 1)
            ]
            lines.append("")
        centre = settings.centre_name or letter["centre"]
        due = w["due_by" if self.kind == "before" else "past_due"].format(date=date)
        joiner = " " if self.lang == "th" else ""
        unsent = ", ".join(name for code, name in self.areas if code not in self.rejected)
        if unsent:
            text = w["not_received"].format(
                centre=centre, month=self.month, agency=agency, areas=unsent
            )
            lines += [text + joiner + due, ""]
        rejected = ", ".join(name for code, name in self.areas if code in self.rejected)
        if rejected:
            lines += [w["rejected"].format(areas=rejected), ""]
        lines += [self._please(date), ""]
        if settings.public_url:
            lines += [w["link"].format(link=self.link), ""]
        lines += [w["sent_already"], "", w["closing"], "", letter["regards"], ""]
        lines += signature_lines(settings, letter)
        return "\n".join(lines) + "\n"

    def _please(self, date: str) -> str:
        """What to do, by when and how: the agency's page when the pages are reachable
        (`public_url`), the centre's e-mail when it has one."""
        w, settings = REMINDER_WORDS[self.lang], self.settings
        when = w["by_date"].format(date=date) if self.kind == "before" else w["asap"]
        ways = w["by_web"] if settings.public_url else ""
        if settings.centre_email:
            email_way = "by_email" if ways else "by_email_only"
            ways += w[email_way].format(email=settings.centre_email)
        # A blank to fill in for an area nothing came for; a rejected file is fixed instead.
        unsent = any(code not in self.rejected for code, _ in self.areas)
        fill = w["fill_enclosed"] if self.templates and unsent else ""
        return w["please"].format(fill=fill, when=when, ways=ways or w["to_centre"])

    def build(self, message_id: str | None = None) -> EmailMessage:
        """The e-mail, named by `message_id` (a new one when not given)."""
        message = EmailMessage(policy=LETTER)
        message["Subject"] = one_line(self.subject())
        message["From"] = sender(self.settings)
        answer = reply_to(self.settings)
        if answer is not None:
            message["Reply-To"] = answer
        message["To"] = ", ".join(self.recipients)
        message["Date"] = date_header(self.now, self.settings)
        message["Message-ID"] = message_id or make_msgid(domain="oneplan.local")
        message["X-Oneplan-Agency"] = self.agency.code
        message["X-Oneplan-Period"] = self.period
        message["X-Oneplan-Content"] = self.content_sha256
        message["X-Oneplan-Kind"] = self.delivery_kind
        message.set_content(self.body(), charset="utf-8")
        for _, name, data in self.templates:
            maintype, subtype = XLSX
            message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
        return message
