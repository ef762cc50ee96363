"""Reminders against an SMTP server on loopback (aiosmtpd): only agencies with nothing of
the period accepted get one, once per kind, with the period's blank workbooks and a link
to their page that works until the period is closed.

November 2026: AREA-1 expects AG-A, AG-B and AG-C; AREA-2 expects AG-B. AG-A sent its
file on 3 Dec. The deadline is 10 Dec, 23:59:59 Bangkok time.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from oneplan.ledger import open_ledger
from oneplan.month.reference import load_reference
from oneplan.month.remind import remind_period
from oneplan.month.run import run_month
from oneplan.settings import Settings
from tests.builders import agency, line, plan_item, write_plan, write_registry, write_submission
from tests.builders import bangkok_moment as at
from tests.conftest import PERIOD
from tests.test_send import over_smtp, send, smtp  # noqa: F401 (a fixture)
from tests.web_support import client

LONG_AGO = dt.datetime(2026, 11, 20, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def month_of_reminders(tmp_path) -> Settings:
    inputs = tmp_path / "inputs"
    write_plan(
        inputs, [plan_item("AREA-1", "KS-01", 100_000), plan_item("AREA-2", "KS-01", 50_000)]
    )
    write_registry(
        inputs,
        [
            agency("AG-A", "AREA-1"),
            {**agency("AG-B", "AREA-1, AREA-2"), "recipient_position": "นายกองค์การบริหารส่วนตำบล"},
            agency("AG-C", "AREA-1"),
        ],
    )
    write_submission(
        inputs / "submissions" / "a.xlsx",
        "AG-A",
        "AREA-1",
        PERIOD,
        [line(1, 10_000, "KS-01")],
        mtime=LONG_AGO,
    )
    return Settings(
        inputs=inputs,
        outputs=tmp_path / "outputs",
        state=tmp_path / "state",
        public_url="https://oneplan.example.org",
        centre_email="hub@example.org",
    )


def remind(settings: Settings, now: dt.datetime):
    return remind_period(settings, PERIOD, load_reference(settings), now=now, pause=0.01)


def test_reminders_go_once_to_those_who_sent_nothing(month_of_reminders, smtp):  # noqa: F811
    mailbox, port = smtp
    settings = over_smtp(month_of_reminders, port)
    run_month(settings, PERIOD, at("2026-12-03 10:00"))

    first = remind(settings, at("2026-12-07 08:00"))
    assert sorted(first.sent) == ["AG-B", "AG-C"] and first.all_sent
    by_agency = {m["X-Oneplan-Agency"]: m for _, m in mailbox.received}
    assert set(by_agency) == {"AG-B", "AG-C"}
    message = by_agency["AG-B"]
    assert message["X-Oneplan-Kind"] == "reminder_before"
    assert message["Subject"] == (
        "ขอแจ้งเตือนการส่งแบบรายงานงบประมาณ ประจำเดือนพฤศจิกายน 2569 (กำหนดส่งภายในวันที่ 10 ธ.ค. 2569)"
    )
    body = message.get_body(("plain",)).get_content()
    assert body.splitlines()[0] == "เรียน นายกองค์การบริหารส่วนตำบล"
    assert (
        "ยังไม่ได้รับแบบรายงานงบประมาณประจำเดือนพฤศจิกายน 2569 ของ หน่วยงาน AG-B ในพื้นที่ตำบล AREA-1, ตำบล AREA-2"
        in body
    )
    # Its blank workbooks, one per area, for November.
    attachments = {a.get_filename(): a.get_content() for a in message.iter_attachments()}
    assert sorted(attachments) == [
        "template_AG-B_AREA-1_2026-11.xlsx",
        "template_AG-B_AREA-2_2026-11.xlsx",
    ]
    book = load_workbook(io.BytesIO(attachments["template_AG-B_AREA-2_2026-11.xlsx"]))
    cells = [cell for row in book.worksheets[0].iter_rows(values_only=True) for cell in row]
    assert "AG-B" in cells and "AREA-2" in cells
    # Its link opens the agency's page.
    link = next(word for word in body.split() if word.startswith("https://oneplan.example.org/a/"))
    path = link.removeprefix("https://oneplan.example.org")
    web = client(settings, runs=[])
    page = web.get(path)
    assert page.status_code == 200 and "AG-B" in page.text
    assert (
        web.get(link.removeprefix("https://oneplan.example.org")[:-4] + "0000").status_code == 404
    )

    # A second remind sends nothing; nor does one after AG-C's file came (before the deadline).
    again = remind(settings, at("2026-12-07 09:00"))
    assert again.sent == [] and sorted(again.already_sent) == ["AG-B", "AG-C"]
    write_submission(
        settings.drop_zone / "c.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [line(1, 5_000, "KS-01")],
        mtime=LONG_AGO,
    )
    run_month(settings, PERIOD, at("2026-12-12 09:00"))
    after = remind(settings, at("2026-12-12 10:00"))
    assert after.sent == ["AG-B"]  # the reminder after the deadline, once
    late = [m for _, m in mailbox.received if m["X-Oneplan-Kind"] == "reminder_after"]
    assert [m["X-Oneplan-Agency"] for m in late] == ["AG-B"]
    assert late[0]["Subject"].endswith("(เลยกำหนดส่งวันที่ 10 ธ.ค. 2569 แล้ว)")
    assert "โดยเร็วที่สุด" in late[0].get_body(("plain",)).get_content()
    assert remind(settings, at("2026-12-13 10:00")).sent == []
    assert len(mailbox.received) == 3

    # The month's reports are sent as first messages, not as corrections of the reminders.
    reports = send(settings)
    assert "AG-B" in reports.sent and reports.corrections == []

    # The coordinator ending the agency's links ends the reminder's too.
    from oneplan.ledger import open_ledger

    ledger = open_ledger(settings)
    ledger.create_link("AG-B", "ab" * 32, at("2026-12-12 11:00"))
    assert client(settings, runs=[]).get(path).status_code == 200
    ledger.revoke_links("AG-B", at("2026-12-12 12:00"))
    assert client(settings, runs=[]).get(path).status_code == 404
    ledger.create_link("AG-B", "cd" * 32, at("2026-12-12 13:00"))

    # Once the period is closed, no reminder goes and the reminder's link opens nothing.
    run_month(settings, PERIOD, at("2026-12-15 09:00"), closing_by="somchai")
    assert remind(settings, at("2026-12-16 10:00")).sent == []
    assert (
        client(settings, runs=[]).get(link.removeprefix("https://oneplan.example.org")).status_code
        == 404
    )


def test_serve_reminds_within_its_days_before_the_deadline(month_of_reminders, smtp):  # noqa: F811
    mailbox, port = smtp
    settings = over_smtp(month_of_reminders, port)
    run_month(settings, PERIOD, at("2026-12-03 10:00"))
    reference = load_reference(settings)
    # 4 days before the deadline's day: not yet, with 3 days set; 3 days before: due.
    early = remind_period(settings, PERIOD, reference, at("2026-12-06 08:00"), 0.01, days_before=3)
    assert early.sent == [] and mailbox.received == []
    due = remind_period(settings, PERIOD, reference, at("2026-12-07 08:00"), 0.01, days_before=3)
    assert sorted(due.sent) == ["AG-B", "AG-C"]
    # After the deadline, only within the days given: a month long past reminds nobody.
    past = remind_period(settings, PERIOD, reference, at("2026-12-18 08:00"), 0.01, 3, days_after=7)
    assert past.sent == []
    late = remind_period(settings, PERIOD, reference, at("2026-12-17 08:00"), 0.01, 3, days_after=7)
    assert sorted(late.sent) == ["AG-B", "AG-C"]


@pytest.mark.parametrize(
    ("today", "moved", "sent", "expected"),
    [
        ("2026-12-11 07:00", {}, set(), "2026-11"),  # the day after the 10 Dec deadline
        ("2026-12-10 07:00", {}, set(), None),  # the deadline's own day: not yet
        ("2026-12-12 07:00", {}, {"2026-11"}, None),  # sent the day before
        ("2026-12-12 07:00", {}, set(), "2026-11"),  # serve was stopped: caught up
        ("2026-12-17 07:00", {}, set(), "2026-11"),  # within a week
        ("2026-12-18 07:00", {}, set(), None),  # long past
        ("2026-12-11 07:00", {"2026-11": "2026-12-15"}, set(), None),  # a holiday moved it
        ("2026-12-16 07:00", {"2026-11": "2026-12-15"}, set(), "2026-11"),
        ("2027-01-01 07:00", {"2026-12": "2026-12-31"}, set(), "2026-12"),
    ],
)
def test_the_scheduled_run_follows_the_deadline(tmp_path, today, moved, sent, expected):
    from oneplan.month.schedule import scheduled_period

    settings = Settings(state=tmp_path, period_deadlines=tuple(moved.items()))
    assert scheduled_period(settings, at(today), sent=sent.__contains__) == expected


@pytest.mark.parametrize(
    ("schedule", "today", "asked", "closes"),
    [
        ("", "2026-12-11 07:00", True, True),  # the day after the deadline, asked
        ("", "2026-12-11 07:00", False, False),  # not asked: never
        ("0 7 1 * *", "2026-12-01 07:00", True, False),  # a cron before the deadline: not yet
        ("0 7 11 * *", "2026-12-11 07:00", True, True),
    ],
)
def test_the_scheduled_run_closes_only_when_asked_and_every_deadline_passed(
    tmp_path, schedule, today, asked, closes
):
    from oneplan.month.schedule import closes_on_schedule

    settings = Settings(state=tmp_path, schedule=schedule, close_after_send=asked)
    assert closes_on_schedule(settings, PERIOD, at(today), None) is closes


def test_the_scheduled_run_waits_for_the_latest_agencys_own_deadline(month_of_reminders):
    """AG-C may report 20 days after the month's end: November is run and sent on 21 Dec."""
    from oneplan.month.schedule import scheduled_period

    write_registry(
        month_of_reminders.inputs,
        [agency("AG-A", "AREA-1"), {**agency("AG-C", "AREA-1"), "deadline_days": 20}],
    )
    registry = load_reference(month_of_reminders).registry
    assert scheduled_period(month_of_reminders, at("2026-12-11 07:00"), registry) is None
    assert scheduled_period(month_of_reminders, at("2026-12-21 07:00"), registry) == "2026-11"


def test_a_file_waiting_in_the_drop_zone_is_taken_in_before_reminding(month_of_reminders, smtp):  # noqa: F811
    mailbox, port = smtp
    settings = over_smtp(month_of_reminders, port)
    run_month(settings, PERIOD, at("2026-12-03 10:00"))
    write_submission(
        settings.drop_zone / "c.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [line(1, 5_000, "KS-01")],
        mtime=LONG_AGO,
    )  # dropped, no run since
    report = remind(settings, at("2026-12-07 08:00"))
    assert report.sent == ["AG-B"]
    assert [m["X-Oneplan-Agency"] for _, m in mailbox.received] == ["AG-B"]


def test_a_rejected_file_is_named_as_such_and_without_pages_the_link_is_left_out(
    month_of_reminders,
):
    """AG-B's file for AREA-2 was received but rejected: its reminder says so for that
    area and asks for the workbook of AREA-1. Without public pages (`public_url`), the
    centre's e-mail is the way, and no link is given."""
    import dataclasses

    from oneplan.month.remind import reminders_due
    from oneplan.timeliness.deadlines import deadline_rules
    from oneplan.timeliness.status import Arrival, timeliness_table

    settings = dataclasses.replace(month_of_reminders, public_url="")
    reference = load_reference(settings)
    rejected = Arrival("AG-B", "AREA-2", "b2" * 32, at("2026-12-04 09:00"), accepted=False)
    expected = [("AG-B", "AREA-1"), ("AG-B", "AREA-2")]
    rules = deadline_rules(settings, reference.registry)
    table = timeliness_table(PERIOD, expected, [rejected], rules, at("2026-12-07 08:00"))
    (reminder,) = reminders_due(settings, reference, table, PERIOD, at("2026-12-07 08:00"))
    body = reminder.body()
    assert "ในพื้นที่ตำบล AREA-1 ซึ่งมีกำหนดส่งภายในวันที่ 10 ธ.ค. 2569" in body
    assert "AREA-1, " not in body
    assert "สำหรับพื้นที่ตำบล AREA-2 ได้รับแบบรายงานแล้ว แต่ไม่ผ่านการตรวจสอบ" in body
    assert "หน้าเว็บ" not in body and "/a/" not in body
    assert "ส่งภายในวันที่ 10 ธ.ค. 2569 ทางอีเมล hub@example.org" in body
    assert "กรอกแบบรายงานที่แนบมา แล้วส่ง" in body  # a blank for AREA-1

    # Its only file rejected: it is asked to fix and send it again, not to fill a blank.
    (only_rejected,) = reminders_due(
        settings,
        reference,
        table[table["area_code"] == "AREA-2"],
        PERIOD,
        at("2026-12-07 08:00"),
    )
    body = only_rejected.body()
    assert "แล้วส่งทั้งฉบับใหม่" in body and "กรอกแบบรายงานที่แนบมา" not in body
    assert "จึงขอความกรุณาส่งภายในวันที่ 10 ธ.ค. 2569 ทางอีเมล hub@example.org" in body


def test_a_refused_or_unanswered_reminder_is_not_recorded_sent_and_never_goes_twice(
    month_of_reminders,
    smtp,  # noqa: F811
):
    """The server refuses AG-C's address for good and drops the connection after taking
    AG-B's reminder: neither is recorded as sent. A later remind tries neither again (the
    refusal holds for the period; AG-B's may have arrived), and sends nothing twice."""
    mailbox, port = smtp
    settings = over_smtp(month_of_reminders, port)
    run_month(settings, PERIOD, at("2026-12-03 10:00"))
    mailbox.refuse_rcpt["ag-c@example.org"] = "550 5.1.1 mailbox unavailable"
    mailbox.drop_after_data = True

    first = remind(settings, at("2026-12-07 08:00"))
    assert first.sent == [] and not first.all_sent
    assert {(u.agency_code, u.status) for u in first.undelivered} == {
        ("AG-B", "unconfirmed"),
        ("AG-C", "refused_permanent"),
    }
    assert mailbox.copies("ag-b@example.org") == 1 and mailbox.copies("ag-c@example.org") == 0
    ledger = open_ledger(settings)
    kinds = {
        (d.agency_code, d.kind, d.status) for d in ledger.deliveries(PERIOD, kind="reminder_before")
    }
    assert kinds == {
        ("AG-B", "reminder_before", "unconfirmed"),
        ("AG-C", "reminder_before", "refused_permanent"),
    }

    mailbox.drop_after_data = False
    del mailbox.refuse_rcpt["ag-c@example.org"]
    again = remind(settings, at("2026-12-07 09:00"))
    assert again.sent == [] and mailbox.copies("ag-b@example.org") == 1
    assert mailbox.rcpt_attempts["ag-c@example.org"] == 1  # not asked again this period
