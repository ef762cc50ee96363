"""An agency's own record of reporting on time (`agency_record`): for each period run in
the last year (`oneplan.month.timeliness.timeliness_record`) and the report's own month,
its status in each of its areas as the deadlines made it, and a sentence of the counts.
What an agency's report shows under "การส่งรายงานตามกำหนด"; the template reads
`record.rows` (`period_text`, `deadline`, `status`) and `record.sentence`."""

from __future__ import annotations

import datetime as dt

from oneplan.report.context import Record, ReportData
from oneplan.report.formats import period_text
from oneplan.report.labels import timeliness_label
from oneplan.values.text import in_thai_dictionary_order
from oneplan.values.times import duration_words, short_date

# The statuses a past deadline decided, in the order the sentence counts them.
DECIDED = ("on_time", "late", "missing")


def agency_record(data: ReportData, agency_code: str) -> Record:
    """The agency's record, oldest period first; no rows when no period expected it."""
    rows = [*data.part("timeliness_record", agency_code), *data.part("timeliness_of", agency_code)]
    by_period: dict[str, list] = {}
    for row in rows:
        by_period.setdefault(row.period, []).append(row)
    several_areas = len({row.area_code for row in rows}) > 1
    shown = [
        Record(
            period_text=period_text(period, data.lang),
            deadline=_deadline_text(found[0].deadline, data.lang),
            status=", ".join(
                _status_text(row, data, several_areas)
                for row in in_thai_dictionary_order(
                    found, name=lambda r: data.area_names.get(r.area_code, r.area_code)
                )
            ),
        )
        for period, found in sorted(by_period.items())
    ]
    return Record(rows=shown, sentence=_sentence([row.status for row in rows], data.lang))


def _status_text(row, data: ReportData, several_areas: bool) -> str:
    said = timeliness_label(row.status, data.lang)
    if row.status == "late" and row.minutes_late == row.minutes_late:  # not NaN
        said += f" ({duration_words(int(row.minutes_late), data.lang)})"
    if several_areas:
        said = f"{data.area_names.get(row.area_code, row.area_code)}: {said}"
    return said


def _deadline_text(stamp: str, lang: str) -> str:
    """`10 ธ.ค. 2569` from the table's local stamp (`2026-12-10 23:59:00 +07:00`)."""
    return short_date(dt.datetime.fromisoformat(stamp).date(), lang)


def _sentence(statuses: list[str], lang: str) -> str:
    """`ส่งทันกำหนด 8 จาก 10 ครั้ง ส่งหลังกำหนด 1 ครั้ง ไม่ส่ง 1 ครั้ง`: the deadlines past
    (a month not yet due is not counted); '' when none has passed."""
    decided = [status for status in statuses if status in DECIDED]
    if not decided:
        return ""
    on_time, late, missing = (decided.count(status) for status in DECIDED)
    if lang == "th":
        parts = [f"ส่งทันกำหนด {on_time} จาก {len(decided)} ครั้ง"]
        parts += [f"ส่งหลังกำหนด {late} ครั้ง"] if late else []
        parts += [f"ไม่ส่ง {missing} ครั้ง"] if missing else []
        return " ".join(parts)
    parts = [f"On time {on_time} of {len(decided)} times"]
    parts += [f"late {late}"] if late else []
    parts += [f"missing {missing}"] if missing else []
    return "; ".join(parts) + "."
