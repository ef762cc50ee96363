"""What an agency's e-mail says, read as its clerk reads it: the messages of a month are
sent to the outbox (or over SMTP to a loopback server), decoded with the e-mail parser, and
their headers and Thai letters compared with what was written by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import re
from email.header import decode_header, make_header
from email.message import EmailMessage

import pytest

from oneplan.deliver.headers import LETTER
from oneplan.ledger import open_ledger
from oneplan.month.reference import load_reference
from oneplan.month.run import run_month
from oneplan.month.send import send_period
from oneplan.schemas import SUBMISSION_LINES
from oneplan.settings import Settings
from tests.builders import agency, line, write_registry, write_submission
from tests.conftest import PERIOD
from tests.test_send import over_smtp, smtp  # noqa: F401 (the loopback SMTP server)

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)  # 1 Dec 2026 07:00 in Bangkok
CENTRE = {
    "centre_name": "ศูนย์ประสานงานเครือข่ายทดสอบ",
    "centre_phone": "074-123456",
    "centre_email": "centre@example.org",
    "signatory_name": "นางสาวอรุณี ศรีสุข",
    "signatory_position": "ผู้ประสานงานเครือข่าย",
}
SUBJECT = "ขอส่งรายงานผลการบูรณาการงบประมาณกับแผนชุมชน ประจำเดือนพฤศจิกายน 2569"
WITHOUT_BUDGET = [c for c in SUBMISSION_LINES.columns if c != "budget"]


def with_centre(month, **more):
    return dataclasses.replace(month, smtp_sender="oneplan@example.org", **CENTRE, **more)


def registry(month, **c_fields):
    write_registry(
        month.inputs,
        [
            agency("AG-A", "AREA-1"),
            {
                **agency("AG-B", "AREA-1"),
                "short_name": "อบต.ทดสอบ",
                "recipient_position": "นายกองค์การบริหารส่วนตำบลทดสอบ",
            },
            {**agency("AG-C", "AREA-1"), **c_fields},
        ],
    )


def sent(settings, now=NOW, period=PERIOD) -> dict[str, EmailMessage]:
    """Send the period's messages to the outbox; the newest message of each agency, parsed."""
    return {code: parsed(raw) for code, raw in sent_raw(settings, now, period).items()}


def sent_raw(settings, now=NOW, period=PERIOD) -> dict[str, bytes]:
    """Send the period's messages to the outbox; the newest .eml of each agency, as written."""
    reference = load_reference(settings)
    send_period(settings, period, reference, open_ledger(settings), now=now)
    outbox = settings.period_outputs(period) / "outbox"
    newest = {}
    for path in sorted(outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns):
        newest[path.name.split("_")[0]] = path
    return {code: path.read_bytes() for code, path in newest.items()}


def parsed(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def body(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def attached(message: EmailMessage) -> list[str]:
    return [a.get_filename() for a in message.iter_attachments()]


def rfc2047(raw: bytes, name: str) -> str:
    """A header as RFC 2047 reads it (adjacent encoded words joined, as mail clients do)."""
    value = email.message_from_bytes(raw, policy=email.policy.compat32)[name]
    return str(make_header(decode_header(value)))


CLEAN_LETTER = """\
เรียน นายกองค์การบริหารส่วนตำบลทดสอบ

สิ่งที่ส่งมาด้วย
  1. รายงานผลการบูรณาการงบประมาณกับแผนชุมชนของ อบต.ทดสอบ ประจำเดือนพฤศจิกายน 2569 (ไฟล์ AG-B.docx)

ด้วยศูนย์ประสานงานเครือข่ายทดสอบ ได้รวบรวมแบบรายงานงบประมาณของภาคีเครือข่าย ประจำเดือนพฤศจิกายน 2569 \
และตรวจสอบความสอดคล้องของงบประมาณกับแผนชุมชนแล้ว

ในการนี้ ขอส่งรายงานผลการบูรณาการงบประมาณของ อบต.ทดสอบ กับแผนชุมชน ประจำเดือนพฤศจิกายน 2569 โดยสรุปดังนี้

1. พื้นที่ตำบล AREA-1
   ได้รับแบบรายงานประจำเดือนนี้แล้ว ข้อมูลผ่านการตรวจสอบ และนับรวมในการสรุปครบทุกรายการ
   งบประมาณที่หน่วยงานสนับสนุนในพื้นที่นี้ รวม 40,000.00 บาท
   สอดคล้องกับแผนชุมชน 40,000.00 บาท คิดเป็นร้อยละ 100.00
   เบิกจ่ายแล้ว 10,000.00 บาท

รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย

จึงเรียนมาเพื่อโปรดทราบ

ขอแสดงความนับถือ

(นางสาวอรุณี ศรีสุข)
ผู้ประสานงานเครือข่าย
ศูนย์ประสานงานเครือข่ายทดสอบ
โทร. 074-123456
อีเมล centre@example.org
"""


def test_a_clean_agency_gets_an_official_letter_from_the_centre(month):
    registry(month)
    copy = month.drop_zone / "b" / "b.xlsx"  # the same workbook sent twice: an info row
    (month.drop_zone / "copy_of_b.xlsx").write_bytes(copy.read_bytes())
    settings = with_centre(month)
    run_month(settings, PERIOD, NOW)
    raw = sent_raw(settings)["AG-B"]
    message = parsed(raw)
    assert message["Subject"] == SUBJECT
    assert rfc2047(raw, "From") == "ศูนย์ประสานงานเครือข่ายทดสอบ <oneplan@example.org>"
    assert rfc2047(raw, "Reply-To") == "ศูนย์ประสานงานเครือข่ายทดสอบ <centre@example.org>"
    assert message["Date"] == "Tue, 01 Dec 2026 07:00:00 +0700"
    assert body(message) == CLEAN_LETTER  # the duplicate copy (info) is no problem of theirs
    assert attached(message) == ["AG-B.docx"]


def test_a_warnings_only_message_says_all_is_counted_and_asks_for_no_resend(month):
    settings = with_centre(month)
    run_month(settings, PERIOD, NOW)  # AG-A: plan item ZZ-9 is not in the plan (a warning)
    message = sent(settings)["AG-A"]
    text = body(message)
    assert "ข้อมูลนับรวมในการสรุปครบทุกรายการ โดยมีข้อสังเกตที่ควรตรวจสอบ 1 รายการ" in text
    (problem,) = [row for row in text.splitlines() if row.startswith("   - ")]
    assert problem.startswith("   - ควรตรวจสอบ: ช่อง B4: ") and "ZZ-9" in problem
    assert (
        'ขอให้ตรวจสอบข้อสังเกตตามแผ่นงาน "ปัญหาที่พบ" ในไฟล์ AG-A_AREA-1_2026-11.xlsx ที่แนบมา '
        "และปรับปรุงในแบบรายงานเดือนถัดไป ไม่ต้องส่งแบบรายงานฉบับนี้ใหม่"
    ) in text
    assert "ส่งแบบรายงานทั้งฉบับใหม่" not in text and "ภายในวันที่" not in text
    assert "\nจึงเรียนมาเพื่อโปรดทราบ\n" in text
    assert attached(message) == ["AG-A.docx", "AG-A_AREA-1_2026-11.xlsx"]
    assert "  2. แบบรายงานของท่าน พื้นที่ตำบล AREA-1 ที่ระบุปัญหาไว้ในแผ่นงาน" in text


def test_errors_ask_to_correct_and_resend_by_the_deadline_with_where_to_send(month):
    write_submission(
        month.drop_zone / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, 5_000, "KS-02"), line(2, -5)]
    )
    settings = with_centre(month, public_url="https://oneplan.example.org/")
    run_month(settings, PERIOD, NOW)
    text = body(sent(settings)["AG-C"])
    assert (
        "ได้รับแบบรายงานประจำเดือนนี้แล้ว มีรายการที่ต้องแก้ไข 1 รายการ ซึ่งยังไม่นับรวมในการสรุป "
        "ส่วนรายการอื่นนับรวมแล้ว"
    ) in text
    assert "   งบประมาณที่หน่วยงานสนับสนุนในพื้นที่นี้ รวม 5,000.00 บาท\n" in text
    assert (
        'กรุณาแก้ไขตามแผ่นงาน "ปัญหาที่พบ" ในไฟล์ AG-C_AREA-1_2026-11.xlsx ที่แนบมา '
        "แล้วส่งแบบรายงานทั้งฉบับใหม่ ภายในวันที่ 10 ธ.ค. 2569"
    ) in text
    assert "ช่องทางส่งแบบรายงาน:\n" in text
    assert "(เว็บไซต์ https://oneplan.example.org)" in text
    assert "  - อีเมล centre@example.org\n" in text
    assert "\nจึงเรียนมาเพื่อโปรดทราบและโปรดดำเนินการ\n" in text
    own = [row for row in text.splitlines() if not row.startswith("   - ")]  # not the issues
    assert not [row for row in own if ";" in row or "%" in row]


def test_a_rejected_workbook_is_explained_not_shown_as_zeros(month):
    rows = [line(1, 5_000, "KS-02")]
    write_submission(
        month.drop_zone / "ค.xlsx", "AG-C", "AREA-1", PERIOD, rows, line_columns=WITHOUT_BUDGET
    )
    settings = with_centre(month)
    run_month(settings, PERIOD, NOW)
    message = sent(settings)["AG-C"]
    text = body(message)
    assert (
        "   แบบรายงานที่ส่งมา (ไฟล์ ค.xlsx) ไม่ผ่านการตรวจสอบ "
        "จึงยังไม่นำข้อมูลของท่านในพื้นที่นี้มานับรวมในการสรุปประจำเดือนนี้\n"
        "   ปัญหาที่พบ:\n"
        "   - ต้องแก้ไข: "
    ) in text
    assert (
        '   กรุณาแก้ไขตามแผ่นงาน "ปัญหาที่พบ" ในไฟล์ AG-C_AREA-1_2026-11.xlsx ที่แนบมา '
        "แล้วส่งแบบรายงานทั้งฉบับใหม่ ภายในวันที่ 10 ธ.ค. 2569\n"
    ) in text
    assert "0.00" not in text and "บาท" not in text and "ตรงกับแผน" not in text
    assert attached(message) == ["AG-C.docx", "AG-C_AREA-1_2026-11.xlsx"]


def test_a_correction_after_a_clean_upload_asks_nothing_and_replaces_the_dated_letter(month):
    write_submission(month.drop_zone / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, -5)])
    settings = with_centre(month)
    run_month(settings, PERIOD, NOW)
    first = sent(settings)["AG-C"]
    assert "AG-C_AREA-1_2026-11.xlsx" in attached(first)
    write_submission(
        month.drop_zone / "c_แก้ไข.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [line(1, 5_000, "KS-02")],
        mtime=dt.datetime(2026, 12, 2, tzinfo=dt.UTC),
    )
    later = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)
    run_month(settings, PERIOD, later)
    feedback = settings.period_outputs(PERIOD) / "feedback" / "AG-C_AREA-1_2026-11.xlsx"
    assert feedback.is_file()  # the old file's feedback is still among the outputs
    raw = sent_raw(settings, now=later)["AG-C"]
    message, text = parsed(raw), body(parsed(raw))
    assert message["Subject"] == SUBJECT + " (ฉบับแก้ไข)"
    assert rfc2047(raw, "Subject") == SUBJECT + " (ฉบับแก้ไข)"  # as written in the .eml
    assert "รายงานฉบับนี้ใช้แทนฉบับลงวันที่ 1 ธ.ค. 2569 เนื่องจากมีการปรับปรุงข้อมูล\n" in text
    assert "ข้อมูลผ่านการตรวจสอบ และนับรวมในการสรุปครบทุกรายการ" in text
    assert "แก้ไขตาม" not in text and "ปัญหาที่พบ" not in text and "ภายในวันที่" not in text
    assert attached(message) == ["AG-C.docx"]  # not the old file's feedback


def test_a_rejected_latest_upload_says_the_earlier_file_still_counts(month):
    write_submission(
        month.drop_zone / "b" / "b2.xlsx",
        "AG-B",
        "AREA-1",
        PERIOD,
        [line(1, 1_000, "KS-01")],
        mtime=dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
        line_columns=WITHOUT_BUDGET,
    )
    settings = with_centre(month)
    run_month(settings, PERIOD, NOW)
    message = sent(settings)["AG-B"]
    text = body(message)
    assert (
        "   แบบรายงานที่ส่งมาล่าสุด (ไฟล์ b2.xlsx) ไม่ผ่านการตรวจสอบ จึงยังไม่นำมานับ "
        "ตัวเลขด้านล่างเป็นของแบบรายงานฉบับก่อนหน้า (ไฟล์ b.xlsx) ซึ่งยังนับรวมอยู่\n"
        "   งบประมาณที่หน่วยงานสนับสนุนในพื้นที่นี้ รวม 40,000.00 บาท\n"
    ) in text
    assert "แล้วส่งแบบรายงานทั้งฉบับใหม่ ภายในวันที่ 10 ธ.ค. 2569" in text
    assert attached(message) == ["AG-B.docx", "AG-B_AREA-1_2026-11.xlsx"]


def test_a_missing_workbook_is_asked_for_and_a_passed_deadline_is_said(month):
    settings = with_centre(month)
    run_month(settings, PERIOD, NOW)
    late = dt.datetime(2026, 12, 15, 3, tzinfo=dt.UTC)
    message = sent(settings, now=late)["AG-C"]
    text = body(message)
    assert "1. พื้นที่ตำบล AREA-1\n   ยังไม่ได้รับแบบรายงานประจำเดือนนี้\n" in text
    assert (
        "   กรุณาส่งแบบรายงานประจำเดือนพฤศจิกายน 2569 โดยเร็วที่สุด (กำหนดส่งวันที่ 10 ธ.ค. 2569 ได้ผ่านมาแล้ว)\n"
    ) in text
    assert "บาท" not in text
    assert message["Date"] == "Tue, 15 Dec 2026 10:00:00 +0700"


def test_the_english_letter(month):
    registry(month)
    settings = with_centre(month, lang="en")
    run_month(settings, PERIOD, NOW)
    message = sent(settings)["AG-B"]
    text = body(message)
    assert (
        message["Subject"] == "Report on budget integration with the community plan, November 2026"
    )
    assert text.startswith("To: นายกองค์การบริหารส่วนตำบลทดสอบ\n\nDear Sir or Madam,\n")
    assert "Budget your agency supports in this area: 40,000.00 baht in total\n" in text
    assert "Of which aligned with the community plan: 40,000.00 baht (100.00%)\n" in text
    assert text.endswith(
        "For your information.\n\nYours sincerely,\n\n(นางสาวอรุณี ศรีสุข)\nผู้ประสานงานเครือข่าย\n"
        "ศูนย์ประสานงานเครือข่ายทดสอบ\nTel. 074-123456\nE-mail centre@example.org\n"
    )


# --- folded subjects keep their spaces ------------------------------------------------------


@pytest.mark.parametrize("lead", range(0, 36))
def test_a_long_thai_subject_folds_without_losing_a_space(lead):
    """Every place a fold can fall: the spaces arrive where they were written."""
    subject = "ก" * lead + " " + SUBJECT + " (ฉบับแก้ไข) ตำบล แพรกหา อำเภอ ควนขนุน"
    message = EmailMessage(policy=LETTER)
    message["Subject"] = subject
    message.set_content("x")
    raw = message.as_bytes()
    head = raw.split(b"\r\n\r\n")[0]
    assert b"\r\n " in head  # folded
    assert parsed(raw)["Subject"] == subject
    assert rfc2047(raw, "Subject") == subject


def test_a_long_subject_keeps_its_spaces_through_smtp_and_the_outbox(month, smtp):  # noqa: F811
    mailbox, port = smtp
    write_submission(month.drop_zone / "c.xlsx", "AG-C", "AREA-1", PERIOD, [line(1, -5)])
    registry(month)
    run_month(month, PERIOD, NOW)
    settings = with_centre(over_smtp(month, port))
    sent(settings)
    write_submission(
        month.drop_zone / "c2.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [line(1, 5)],
        mtime=dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
    )
    run_month(month, PERIOD, NOW)
    send_period(
        settings,
        PERIOD,
        load_reference(settings),
        open_ledger(settings),
        now=NOW,
        pause=0.01,
    )
    corrected = SUBJECT + " (ฉบับแก้ไข)"
    first, second = [raw for rcpts, raw in mailbox.raw if "ag-c@example.org" in rcpts]
    assert b"\r\n " in second.split(b"\r\n\r\n")[0].partition(b"Subject:")[2]  # folded
    assert parsed(second)["Subject"] == corrected
    assert rfc2047(second, "Subject") == corrected


# --- the demo: what its agencies receive --------------------------------------------------


def test_the_demo_registry_names_every_agency_and_whom_its_letters_go_to(tmp_path):
    from oneplan.demo import REGISTRY_FILE, write_demo_inputs

    write_demo_inputs(tmp_path / "one")
    write_demo_inputs(tmp_path / "two")
    written = (tmp_path / "one" / REGISTRY_FILE).read_bytes()
    assert written == (tmp_path / "two" / REGISTRY_FILE).read_bytes()  # deterministic
    settings = Settings(inputs=tmp_path / "one", outputs=tmp_path / "out", state=tmp_path / "st")
    agencies = load_reference(settings).registry.agencies.set_index("agency_code")
    assert agencies["short_name"].notna().all() and agencies["recipient_position"].notna().all()
    assert agencies.loc["SAO-PKH", ["short_name", "recipient_position"]].tolist() == [
        "อบต.แพรกหา",
        "นายกองค์การบริหารส่วนตำบลแพรกหา",
    ]
    assert agencies.loc["BAAC-KKN", ["short_name", "recipient_position"]].tolist() == [
        "ธ.ก.ส. สาขาควนขนุน",
        "ผู้จัดการธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร สาขาควนขนุน",
    ]
    assert agencies.loc["HPH-PKH", "recipient_position"] == (
        "ผู้อำนวยการโรงพยาบาลส่งเสริมสุขภาพตำบลแพรกหา"
    )
    assert agencies.loc["CDD-KKN", "recipient_position"] == "พัฒนาการอำเภอควนขนุน"
    assert agencies.loc["DOAE-KKN", "recipient_position"] == "เกษตรอำเภอควนขนุน"
    assert agencies.loc["CODI", "short_name"] == "พอช."
    assert agencies.loc["THAIHEALTH", "short_name"] == "สสส."


def test_the_demo_letters_as_the_agencies_receive_them(tmp_path):
    from oneplan.demo import write_demo_inputs
    from oneplan.demo.centre import DEMO_CENTRE

    write_demo_inputs(tmp_path / "inputs")
    settings = Settings(
        inputs=tmp_path / "inputs", outputs=tmp_path / "outputs", state=tmp_path / "state"
    )
    settings = dataclasses.replace(settings, **DEMO_CENTRE)
    run_month(settings, PERIOD, NOW)
    raws = sent_raw(settings)
    letters = {code: body(parsed(raw)) for code, raw in raws.items()}
    sao = letters["SAO-PKH"]  # a total row, a note row and a duplicate copy: info, no problem
    assert sao.startswith("เรียน นายกองค์การบริหารส่วนตำบลแพรกหา\n")
    assert "ของ อบต.แพรกหา กับแผนชุมชน ประจำเดือนพฤศจิกายน 2569" in sao
    assert "1. พื้นที่ตำบลแพรกหา\n   ได้รับแบบรายงานประจำเดือนนี้แล้ว ข้อมูลผ่านการตรวจสอบ" in sao
    assert "ปัญหาที่พบ" not in sao and "ร้อยละ 43.75" in sao
    assert sao.endswith(
        "ขอแสดงความนับถือ\n\n(นางสาวอรุณี ศรีสุข)\nผู้ประสานงานเครือข่าย\n"
        "ศูนย์ประสานงานเครือข่ายองค์กรชุมชนสินธุ์แพรทอง\nโทร. 074-123456\n"
        "อีเมล sinpraethong.network@example.or.th\n"
    )
    assert "ไม่ผ่านการตรวจสอบ จึงยังไม่นำข้อมูลของท่านในพื้นที่นี้มานับรวม" in letters["LHSF-PKH"]
    assert not re.search(r"[\d,.]+ บาท", letters["LHSF-PKH"])  # no figures of a file not counted
    baac = letters["BAAC-KKN"]  # PLG-PKH carried forward from October, PLG-LSN missing
    assert baac.index("1. พื้นที่ตำบลแพรกหา") < baac.index("2. พื้นที่ตำบลลำสินธุ์")
    assert "จึงใช้ข้อมูลเดือนตุลาคม 2569 ที่ส่งไว้ในการสรุป" in baac
    for code, raw in raws.items():
        assert rfc2047(raw, "From") == (
            "ศูนย์ประสานงานเครือข่ายองค์กรชุมชนสินธุ์แพรทอง <sinpraethong.network@example.or.th>"
        ), code
        own = [row for row in letters[code].splitlines() if not row.startswith("   - ")]
        assert not [row for row in own if ";" in row or "%" in row], code  # ร้อยละ, no ;


def test_a_blank_form_replacing_a_filled_one_asks_to_resend_only_if_a_mistake(month):
    write_submission(
        month.drop_zone / "c_เปล่า.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [],
        mtime=dt.datetime(2026, 11, 25, tzinfo=dt.UTC),
    )
    write_submission(
        month.drop_zone / "c.xlsx",
        "AG-C",
        "AREA-1",
        PERIOD,
        [line(1, 5_000, "KS-02")],
        mtime=dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
    )
    settings = with_centre(month)
    run_month(settings, PERIOD, NOW)
    text = body(sent(settings)["AG-C"])
    assert (
        "แบบรายงานที่ส่งมาล่าสุด (ไฟล์ c_เปล่า.xlsx) ไม่มีรายการงบประมาณ และใช้แทนฉบับก่อนหน้าที่มีรายการ"
    ) in text
    assert (
        "หากส่งแบบรายงานเปล่ามาโดยไม่ได้ตั้งใจ กรุณาส่งแบบรายงานฉบับที่มีรายการอีกครั้ง ภายในวันที่ 10 ธ.ค. 2569"
    ) in text
    assert "ไม่ต้องส่งแบบรายงานฉบับนี้ใหม่" not in text
    assert "จึงเรียนมาเพื่อโปรดทราบและโปรดดำเนินการ" in text


def test_without_a_sender_set_the_letter_comes_from_the_centres_own_address(month):
    settings = dataclasses.replace(month, smtp_sender="", **CENTRE)
    run_month(settings, PERIOD, NOW)
    raw = sent_raw(settings)["AG-B"]
    assert rfc2047(raw, "From") == "ศูนย์ประสานงานเครือข่ายทดสอบ <centre@example.org>"
    assert parsed(raw)["Reply-To"] is None  # replies go to From already
    bare = dataclasses.replace(month, smtp_sender="")
    assert bare.sender_address == "oneplan@localhost"  # no centre e-mail either


def test_a_closed_periods_letter_says_its_figures_are_final_and_asks_nothing(month):
    """Sent open, then closed on 15 Dec: each agency gets one more letter, saying the
    figures are final and what a file sent now does, and no longer asking to send one."""
    settings = with_centre(month)
    run_month(settings, PERIOD, NOW)
    sent(settings)
    closing = dt.datetime(2026, 12, 15, 3, tzinfo=dt.UTC)  # 10:00 in Bangkok
    run_month(settings, PERIOD, closing, closing_by="somchai")
    final = sent(settings, now=closing + dt.timedelta(hours=1))
    assert set(final) == {"AG-A", "AG-B", "AG-C"}
    text = body(final["AG-C"])
    assert (
        "ตัวเลขในรายงานฉบับนี้เป็นตัวเลขเมื่อปิดงวดเดือนพฤศจิกายน 2569 แล้ว (ปิดงวดเมื่อ 15 ธ.ค. 2569) "
        "แบบรายงานประจำเดือนนี้ที่ส่งมาหลังปิดงวดจะได้รับและตรวจสอบ แต่ไม่นับรวมในการสรุป "
        "เว้นแต่ศูนย์ประสานงานเครือข่ายทดสอบเปิดงวดอีกครั้ง\n"
    ) in text
    assert "กรุณาส่งแบบรายงาน" not in text and "จึงเรียนมาเพื่อโปรดทราบ\n" in text
    assert "ยังไม่ได้รับแบบรายงานประจำเดือนนี้" in text  # still true, said as it is
    # It replaces the letter of 1 Dec because the month is closed (its figures are the same).
    assert "รายงานฉบับนี้ใช้แทนฉบับลงวันที่ 1 ธ.ค. 2569 เนื่องจากปิดงวดแล้ว\n" in text
    assert final["AG-C"]["Subject"] == SUBJECT + " (ฉบับปิดงวด)"
    # Sent once: a second send of the closed period sends nothing more.
    outbox = settings.period_outputs(PERIOD) / "outbox"
    count = len(list(outbox.glob("*.eml")))
    sent(settings, now=closing + dt.timedelta(hours=2))
    assert len(list(outbox.glob("*.eml"))) == count
