"""Who issues the reports and as of when: the coordination centre's details (settings
`centre_*`, `signatory_*`), its logo, the month's submission deadline and the moment the
month's data dates from (the latest time a file reflected in it was received; else the
time the reports were made, labelled as such).

`report_issuer` reads them once per run; `issuer_context` is what every template gets
from them (templates/README.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.shared import Emu, Mm

from oneplan.report.docx.pictures import Picture
from oneplan.timeliness.deadlines import DeadlineRules
from oneplan.values.times import local_time, short_date

# A logo fits a box this wide and tall, its proportions kept.
LOGO_WIDTH, LOGO_HEIGHT = Mm(30), Mm(20)

AS_OF_NOTE = {
    "th": {"received": "ตามแบบรายงานที่ได้รับล่าสุด", "run": "ตามเวลาที่ประมวลผล"},
    "en": {"received": "(when the latest submission was received)", "run": "(time of processing)"},
}
CONTACT = {"th": ("โทร.", "อีเมล"), "en": ("Tel.", "E-mail")}
DEFAULT_SENDER = {"th": "ศูนย์ประสานงาน", "en": "the coordination centre"}


@dataclass(frozen=True)
class Issuer:
    """The centre's details, its logo (image bytes, empty when none) and the run's times."""

    centre_name: str = ""
    centre_address: str = ""
    centre_phone: str = ""
    centre_email: str = ""
    signatory_name: str = ""
    signatory_position: str = ""
    logo: bytes = b""
    timezone: str = "Asia/Bangkok"
    deadline_day: int = 10
    period_deadlines: tuple = ()  # the settings' periods with their own deadline
    as_of: dt.datetime | None = None  # latest received time of a file reflected
    closed_on: dt.date | None = None  # the day the period was closed (`oneplan close`)
    # The day each area closed on its own was closed (`oneplan close --area`).
    closed_areas: dict = field(default_factory=dict, compare=False, repr=False)
    run_at: dt.datetime | None = None  # when the reports were made
    # The latest received time of the period's files, by agency code and by area code.
    by_agency: dict = field(default_factory=dict, compare=False, repr=False)
    by_area: dict = field(default_factory=dict, compare=False, repr=False)

    def for_report(self, agency: str | None = None, areas=()) -> Issuer:
        """The issuer of one report, as of the latest time a file it reflects was received:
        an agency's report, the agency's own files of the period (else those of its areas);
        a network summary, its area's files. Else the month's latest."""
        times = [self.by_agency[agency]] if agency in self.by_agency else []
        times = times or [self.by_area[area] for area in areas if area in self.by_area]
        issuer = replace(self, as_of=max(times)) if times else self
        return issuer.closed_for(areas)

    def closed_for(self, areas) -> Issuer:
        """Closed, for a report of `areas`, when all of them were closed on their own (on
        the latest of their days), unless the whole period is."""
        days = [self.closed_areas.get(area) for area in areas]
        if self.closed_on is not None or not days or None in days:
            return self
        return replace(self, closed_on=max(days))


def report_issuer(
    settings, received: list[tuple[str | None, str | None, dt.datetime]], run_at: dt.datetime
) -> tuple[Issuer, list[str]]:
    """The issuer of this run's reports, and notes for the run's account (a logo that
    cannot be read is left out and said so). `received`: (agency code, area code, when it
    was received) of each file reflected in the month's figures."""
    logo, notes = b"", []
    if settings.centre_logo:
        logo, problem = read_logo(Path(settings.centre_logo))
        if problem:
            note = LOGO_NOTE["th" if settings.lang == "th" else "en"]
            notes.append(note.format(path=settings.centre_logo, problem=problem[settings.lang]))
    issuer = Issuer(
        centre_name=settings.centre_name.strip(),
        centre_address=settings.centre_address.strip(),
        centre_phone=settings.centre_phone.strip(),
        centre_email=settings.centre_email.strip(),
        signatory_name=settings.signatory_name.strip(),
        signatory_position=settings.signatory_position.strip(),
        logo=logo,
        timezone=settings.timezone,
        deadline_day=settings.deadline_day,
        period_deadlines=settings.period_deadlines,
        as_of=max((_aware(moment) for *_, moment in received), default=None),
        run_at=run_at,
        by_agency=_latest(((agency, moment) for agency, _, moment in received)),
        by_area=_latest(((area, moment) for _, area, moment in received)),
    )
    return issuer, notes


def _latest(pairs) -> dict:
    """The latest moment of each key (files with no key left out)."""
    latest: dict = {}
    for key, moment in pairs:
        if key:
            moment = _aware(moment)
            latest[key] = max(latest.get(key, moment), moment)
    return latest


def _aware(moment: dt.datetime) -> dt.datetime:
    """A moment with its zone (the ledger's naive moments are UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


LOGO_NOTE = {
    "th": "ตราสัญลักษณ์ของศูนย์ (centre_logo = {path}) {problem} รายงานจึงออกโดยไม่มีตราสัญลักษณ์",
    "en": "The centre's logo (centre_logo = {path}) {problem}: the reports are made without it.",
}
UNREADABLE = {"th": "อ่านไฟล์ไม่ได้", "en": "cannot be read"}
NOT_A_PICTURE = {"th": "ไม่ใช่ภาพ PNG, JPEG หรือ GIF", "en": "is not a PNG, JPEG or GIF picture"}


def read_logo(path: Path) -> tuple[bytes, dict[str, str]]:
    """The logo's bytes, or b"" and what is wrong with it (in Thai and English; {} when
    nothing is)."""
    try:
        blob = path.read_bytes()
    except OSError:
        return b"", UNREADABLE
    try:
        Image.from_blob(blob)
    except (UnrecognizedImageError, ValueError, OSError):
        return b"", NOT_A_PICTURE
    return blob, {}


def logo_picture(blob: bytes) -> Picture:
    """The logo as a report shows it: within LOGO_WIDTH x LOGO_HEIGHT, proportions kept."""
    image = Image.from_blob(blob)
    width = min(LOGO_WIDTH, round(LOGO_HEIGHT * image.px_width / max(image.px_height, 1)))
    return Picture(blob, Emu(width))


def data_moment(issuer: Issuer) -> dt.datetime:
    """When the reports' data date from: the latest time a file reflected in them was
    received, else when they were made."""
    return issuer.as_of or issuer.run_at or dt.datetime.now(dt.UTC)


def data_day(issuer: Issuer) -> dt.date:
    """The day the reports' data date from (`data_moment`), in the issuer's time zone."""
    return data_moment(issuer).astimezone(ZoneInfo(issuer.timezone)).date()


def issuer_context(issuer: Issuer, period: str, lang: str) -> dict:
    """What every template gets of the issuer (templates/README.md): `centre`,
    `centre_logo` (a picture, or "" when none), `data_as_of`, `data_as_of_note`, `deadline`,
    `period_closed` (the day the period was closed, "" while it is open)."""
    phone_word, email_word = CONTACT[lang]
    contact = [f"{phone_word} {issuer.centre_phone}"] if issuer.centre_phone else []
    contact += [f"{email_word} {issuer.centre_email}"] if issuer.centre_email else []
    centre = SimpleNamespace(
        name=issuer.centre_name,
        address=issuer.centre_address,
        phone=issuer.centre_phone,
        email=issuer.centre_email,
        signatory_name=issuer.signatory_name,
        signatory_position=issuer.signatory_position,
        contact="  ".join(contact),
        sender=issuer.centre_name or DEFAULT_SENDER[lang],
        present=any((issuer.centre_name, issuer.centre_address, issuer.signatory_name, *contact)),
    )
    basis = "received" if issuer.as_of is not None else "run"
    moment = data_moment(issuer)
    rules = DeadlineRules(issuer.timezone, issuer.deadline_day, {}, dict(issuer.period_deadlines))
    deadline = rules.of_network(period)
    return {
        "centre": centre,
        "centre_logo": logo_picture(issuer.logo) if issuer.logo else "",
        "data_as_of": local_time(moment, issuer.timezone, lang),
        "data_as_of_basis": basis,
        "data_as_of_note": AS_OF_NOTE[lang][basis],
        "deadline": short_date(deadline.date(), lang),
        "period_closed": short_date(issuer.closed_on, lang) if issuer.closed_on else "",
    }
