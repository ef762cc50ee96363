"""An agency's message as an official letter: its subject and its body, in Thai or English.

The letter is addressed to the office-holder (the registry's `recipient_position`, else the
agency's name), lists what is enclosed, says what is true of the agency's current files in
each area (`oneplan.deliver.standing`) and what to do by when, and is signed by the centre's
signatory with the centre's contacts (settings). The words are `oneplan.deliver.wording`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from oneplan.deliver.standing import TO_DO, AreaStanding, Problem
from oneplan.deliver.wording import WORDS
from oneplan.settings import Settings
from oneplan.values.money import baht_text
from oneplan.values.numbers import missing
from oneplan.values.periods import english_period, thai_period
from oneplan.values.times import short_date

SHOWN_PROBLEMS = 10  # per area; the rest are in the feedback workbook's sheet


@dataclass(frozen=True)
class Addressee:
    """The agency as its letter names it."""

    code: str
    name: str  # name_th
    short: str  # its usual short name (else name_th), in running text
    recipient: str  # the office-holder's position (else name_th), after เรียน
    name_en: str = ""


@dataclass(frozen=True)
class Letter:
    period: str
    agency: Addressee
    standings: list[AreaStanding]
    deadline: dt.datetime
    now: dt.datetime
    settings: Settings
    report: Path | None = None  # the agency's Word report, when it exists
    correction: bool = False
    replaces: dt.date | None = None  # the date of the letter this one replaces
    lang: str = "th"
    closed_on: dt.date | None = None  # the day the period (all the agency's areas) closed
    # The areas closed on their own while the period is open: nothing sent now counts there.
    closed_areas: frozenset[str] = frozenset()
    attachments: list[Path] = field(default_factory=list)

    def __post_init__(self):
        files = [self.report] if self.report is not None else []
        files += [s.feedback for s in self.standings if s.feedback is not None]
        object.__setattr__(self, "attachments", files)

    @property
    def words(self) -> dict[str, str]:
        return WORDS[self.lang]

    @property
    def month(self) -> str:
        return thai_period(self.period) if self.lang == "th" else english_period(self.period)

    @property
    def to_do(self) -> bool:
        """Something to fix or send: never once the period is closed (nothing sent now
        counts for it)."""
        return self.closed_on is None and any(
            s.situation in TO_DO and s.area_code not in self.closed_areas for s in self.standings
        )

    def subject(self) -> str:
        text = self.words["subject"].format(month=self.month)
        if self.closed_on is not None:  # the final figures, whatever was sent before
            return text + self.words["final"]
        return text + (self.words["corrected"] if self.correction else "")

    def body(self) -> str:
        w = self.words
        recipient = self.agency.recipient
        if self.lang == "en":
            recipient = self.agency.name_en or recipient
        lines = [w["greeting"].format(recipient=recipient), ""]
        lines += self._enclosures()
        if self.correction:
            replaces, why = self.replaces, "" if self.closed_on is None else "_closed"
            lines += [
                w["replaces" + why].format(date=short_date(replaces, self.lang))
                if replaces
                else w["replaces_undated" + why],
                "",
            ]
        centre = self.settings.centre_name or w["centre"]
        agency = (
            self.agency.short if self.lang == "th" else self.agency.name_en or self.agency.short
        )
        lines += [w["because"].format(centre=centre, month=self.month), ""]
        lines += [w["herewith"].format(agency=agency, month=self.month), ""]
        if self.closed_on is not None:
            day = short_date(self.closed_on, self.lang)
            lines += [w["closed"].format(month=self.month, date=day, centre=centre), ""]
        for number, standing in enumerate(self.standings, start=1):
            lines += self._area(number, standing)
        if self.to_do:
            lines += self._channels()
        lines += [w["details"], ""]
        lines += [w["closing_act"] if self.to_do else w["closing"], "", w["regards"], ""]
        lines += self._signature()
        return "\n".join(lines) + "\n"

    def _enclosures(self) -> list[str]:
        w, agency = self.words, self.agency.short
        if self.lang == "en":
            agency = self.agency.name_en or agency
        items = []
        if self.report is not None:
            items.append(
                w["enclosed_report"].format(agency=agency, month=self.month, file=self.report.name)
            )
        for standing in self.standings:
            if standing.feedback is not None:
                items.append(
                    w["enclosed_feedback"].format(
                        area=standing.area_name, file=standing.feedback.name
                    )
                )
        if not items:
            return []
        return [w["enclosures"], *(f"  {n}. {item}" for n, item in enumerate(items, 1)), ""]

    def _area(self, number: int, standing: AreaStanding) -> list[str]:
        w = self.words
        lines = [f"{number}. " + w["area"].format(area=standing.area_name)]
        lines.append("   " + self._what_is_true(standing))
        lines += ["   " + line for line in self._figures(standing.figures)]
        if standing.problems:
            lines.append("   " + w["problems"])
            shown = standing.problems[:SHOWN_PROBLEMS]
            lines += [f"   - {self._problem(p)}" for p in shown]
            if len(standing.problems) > len(shown):
                lines.append("   - " + w["more"].format(count=len(standing.problems) - len(shown)))
        action = self._action(standing)
        if action:
            lines.append("   " + action)
        return [*lines, ""]

    def _what_is_true(self, s: AreaStanding) -> str:
        w = self.words
        source = self._month_of(s.source_period) if s.source_period else ""
        if s.situation == "errors":
            text = w["errors"].format(errors=s.errors)
            return text + (w["and_warnings"].format(warnings=s.warnings) if s.warnings else "")
        if s.situation == "emptied":
            return w["emptied"].format(file=_file_name(s.current_file))
        if s.situation == "rejected":
            if s.current_file is None:
                return w["rejected_before"]
            return w["rejected"].format(file=_file_name(s.current_file))
        if s.situation == "latest_rejected":
            if s.source_period != self.period:
                return w["latest_rejected_earlier"].format(
                    file=_file_name(s.current_file), source=source
                )
            return w["latest_rejected"].format(
                file=_file_name(s.current_file), counted=_file_name(s.counted_file)
            )
        return w[s.situation].format(warnings=s.warnings, source=source)

    def _figures(self, figures: dict) -> list[str]:
        if not figures:
            return []
        w = self.words
        aligned = baht_text(figures["aligned_budget"])
        ratio = figures["alignment_ratio"]
        return [
            w["total"].format(amount=baht_text(figures["total_budget"])),
            w["aligned_no_ratio"].format(amount=aligned)
            if missing(ratio)
            else w["aligned"].format(amount=aligned, percent=f"{float(ratio) * 100:.2f}"),
            w["disbursed"].format(amount=baht_text(figures["disbursed"])),
        ]

    def _problem(self, p: Problem) -> str:
        """`ต้องแก้ไข: <the issue's message>` (the message names its cell or sheet)."""
        message = p.message_th if self.lang == "th" else p.message_en
        return f"{self.words[p.severity]}: {message}"

    def _action(self, s: AreaStanding) -> str:
        w = self.words
        if self.closed_on is not None:
            return ""  # the closed period's sentence says what a file sent now does
        if s.area_code in self.closed_areas:
            return w["area_closed"]
        if s.situation in ("errors", "rejected", "latest_rejected") and s.problems:
            when = self._when()
            if s.feedback is not None:
                text = w["fix_sheet"].format(file=s.feedback.name, when=when)
            else:
                text = w["fix_listed"].format(when=when)
            return text + (w["fix_counted"] if s.situation == "errors" else "")
        if s.situation == "emptied":
            return w["resend_emptied"].format(when=self._when())
        if s.situation in ("rejected", "missing", "carried_forward", "latest_rejected"):
            return w["send_month"].format(month=self.month, when=self._when())
        if s.situation == "warnings":
            if s.feedback is not None:
                return w["adjust_next"].format(file=s.feedback.name)
            return w["adjust_next_listed"]
        return ""

    def _when(self) -> str:
        day = short_date(self.deadline.date(), self.lang)
        return self.words["late" if self.now > self.deadline else "by"].format(date=day)

    def _channels(self) -> list[str]:
        w, settings = self.words, self.settings
        ways = []
        if settings.public_url:
            ways.append(w["channel_web"].format(url=settings.web_url))
        if settings.centre_email:
            ways.append(w["channel_email"].format(email=settings.centre_email))
        if not ways:
            return []
        return [w["channels"], *(f"  - {way}" for way in ways), ""]

    def _signature(self) -> list[str]:
        return signature_lines(self.settings, self.words)

    def _month_of(self, period: str) -> str:
        return thai_period(period) if self.lang == "th" else english_period(period)


def signature_lines(settings: Settings, words: dict[str, str]) -> list[str]:
    """The letter's signature: the signatory and position (each if set), the centre, its
    phone and e-mail (each if set)."""
    lines = []
    if settings.signatory_name:
        lines.append(f"({settings.signatory_name})")
    if settings.signatory_position:
        lines.append(settings.signatory_position)
    lines.append(settings.centre_name or words["centre"])
    if settings.centre_phone:
        lines.append(words["phone"].format(phone=settings.centre_phone))
    if settings.centre_email:
        lines.append(words["email"].format(email=settings.centre_email))
    return lines


def _file_name(path: str | None) -> str:
    """A file as the clerk named it: its name, without the drop zone's folders."""
    return (path or "").rpartition("/")[2]
