"""The words of an agency's message, in Thai and English (a data table).

Thai follows the form of an official letter (หนังสือราชการ): เรียน, สิ่งที่ส่งมาด้วย, ด้วย… /
ในการนี้… / จึงเรียนมาเพื่อ…, ขอแสดงความนับถือ and the signatory; percentages in running
text are `ร้อยละ 43.75`, dates as a clerk writes them (`10 ธ.ค. 2569`). Placeholders are
filled by `oneplan.deliver.letter`.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "th": {
        "subject": "ขอส่งรายงานผลการบูรณาการงบประมาณกับแผนชุมชน ประจำเดือน{month}",
        "corrected": " (ฉบับแก้ไข)",
        "greeting": "เรียน {recipient}",
        "enclosures": "สิ่งที่ส่งมาด้วย",
        "enclosed_report": "รายงานผลการบูรณาการงบประมาณกับแผนชุมชนของ {agency} ประจำเดือน{month} (ไฟล์ {file})",
        "enclosed_feedback": 'แบบรายงานของท่าน พื้นที่{area} ที่ระบุปัญหาไว้ในแผ่นงาน "ปัญหาที่พบ" (ไฟล์ {file})',
        "replaces": "รายงานฉบับนี้ใช้แทนฉบับลงวันที่ {date} เนื่องจากมีการปรับปรุงข้อมูล",
        "replaces_undated": "รายงานฉบับนี้ใช้แทนฉบับที่ส่งไปก่อนหน้า เนื่องจากมีการปรับปรุงข้อมูล",
        "final": " (ฉบับปิดงวด)",
        "replaces_closed": "รายงานฉบับนี้ใช้แทนฉบับลงวันที่ {date} เนื่องจากปิดงวดแล้ว",
        "replaces_undated_closed": "รายงานฉบับนี้ใช้แทนฉบับที่ส่งไปก่อนหน้า เนื่องจากปิดงวดแล้ว",
        "because": "ด้วย{centre} ได้รวบรวมแบบรายงานงบประมาณของภาคีเครือข่าย ประจำเดือน{month} "
        "และตรวจสอบความสอดคล้องของงบประมาณกับแผนชุมชนแล้ว",
        "herewith": "ในการนี้ ขอส่งรายงานผลการบูรณาการงบประมาณของ {agency} กับแผนชุมชน "
        "ประจำเดือน{month} โดยสรุปดังนี้",
        "area": "พื้นที่{area}",
        "clean": "ได้รับแบบรายงานประจำเดือนนี้แล้ว ข้อมูลผ่านการตรวจสอบ และนับรวมในการสรุปครบทุกรายการ",
        "warnings": "ได้รับแบบรายงานประจำเดือนนี้แล้ว ข้อมูลนับรวมในการสรุปครบทุกรายการ "
        "โดยมีข้อสังเกตที่ควรตรวจสอบ {warnings} รายการ",
        "errors": "ได้รับแบบรายงานประจำเดือนนี้แล้ว มีรายการที่ต้องแก้ไข {errors} รายการ "
        "ซึ่งยังไม่นับรวมในการสรุป ส่วนรายการอื่นนับรวมแล้ว",
        "and_warnings": " และมีข้อสังเกตที่ควรตรวจสอบอีก {warnings} รายการ",
        "emptied": "แบบรายงานที่ส่งมาล่าสุด (ไฟล์ {file}) ไม่มีรายการงบประมาณ และใช้แทนฉบับก่อนหน้าที่มีรายการ "
        "ข้อมูลของท่านในพื้นที่นี้ประจำเดือนนี้จึงไม่มีงบประมาณ",
        "resend_emptied": "หากส่งแบบรายงานเปล่ามาโดยไม่ได้ตั้งใจ กรุณาส่งแบบรายงานฉบับที่มีรายการอีกครั้ง {when} "
        "หากเดือนนี้ไม่มีงบประมาณในพื้นที่นี้จริง ไม่ต้องดำเนินการใด",
        "rejected": "แบบรายงานที่ส่งมา (ไฟล์ {file}) ไม่ผ่านการตรวจสอบ "
        "จึงยังไม่นำข้อมูลของท่านในพื้นที่นี้มานับรวมในการสรุปประจำเดือนนี้",
        "rejected_before": "แบบรายงานที่ส่งมาไม่ผ่านการตรวจสอบ "
        "จึงยังไม่มีข้อมูลของท่านในพื้นที่นี้ที่นับรวมในการสรุปประจำเดือนนี้",
        "latest_rejected": "แบบรายงานที่ส่งมาล่าสุด (ไฟล์ {file}) ไม่ผ่านการตรวจสอบ จึงยังไม่นำมานับ "
        "ตัวเลขด้านล่างเป็นของแบบรายงานฉบับก่อนหน้า (ไฟล์ {counted}) ซึ่งยังนับรวมอยู่",
        "latest_rejected_earlier": "แบบรายงานประจำเดือนนี้ที่ส่งมา (ไฟล์ {file}) ไม่ผ่านการตรวจสอบ "
        "จึงยังไม่นำมานับ ตัวเลขด้านล่างเป็นข้อมูลเดือน{source} ที่ส่งไว้",
        "carried_forward": "ยังไม่ได้รับแบบรายงานประจำเดือนนี้ จึงใช้ข้อมูลเดือน{source} ที่ส่งไว้ในการสรุป",
        "missing": "ยังไม่ได้รับแบบรายงานประจำเดือนนี้",
        "total": "งบประมาณที่หน่วยงานสนับสนุนในพื้นที่นี้ รวม {amount} บาท",
        "aligned": "สอดคล้องกับแผนชุมชน {amount} บาท คิดเป็นร้อยละ {percent}",
        "aligned_no_ratio": "สอดคล้องกับแผนชุมชน {amount} บาท",
        "disbursed": "เบิกจ่ายแล้ว {amount} บาท",
        "problems": "ปัญหาที่พบ:",
        "error": "ต้องแก้ไข",
        "warning": "ควรตรวจสอบ",
        "more": "และอีก {count} รายการ",
        "fix_sheet": 'กรุณาแก้ไขตามแผ่นงาน "ปัญหาที่พบ" ในไฟล์ {file} ที่แนบมา '
        "แล้วส่งแบบรายงานทั้งฉบับใหม่ {when}",
        "fix_listed": "กรุณาแก้ไขตามปัญหาที่ระบุข้างต้น แล้วส่งแบบรายงานทั้งฉบับใหม่ {when}",
        "fix_counted": " เมื่อได้รับฉบับที่แก้ไขแล้วจะนับรวมให้ครบ",
        "send_month": "กรุณาส่งแบบรายงานประจำเดือน{month} {when}",
        "adjust_next": 'ขอให้ตรวจสอบข้อสังเกตตามแผ่นงาน "ปัญหาที่พบ" ในไฟล์ {file} ที่แนบมา '
        "และปรับปรุงในแบบรายงานเดือนถัดไป ไม่ต้องส่งแบบรายงานฉบับนี้ใหม่",
        "adjust_next_listed": "ขอให้ตรวจสอบข้อสังเกตข้างต้น และปรับปรุงในแบบรายงานเดือนถัดไป "
        "ไม่ต้องส่งแบบรายงานฉบับนี้ใหม่",
        "by": "ภายในวันที่ {date}",
        "late": "โดยเร็วที่สุด (กำหนดส่งวันที่ {date} ได้ผ่านมาแล้ว)",
        "channels": "ช่องทางส่งแบบรายงาน:",
        "channel_web": "หน้าเว็บของหน่วยงานท่าน ตามลิงก์เฉพาะที่ศูนย์ฯ แจ้งไว้ (เว็บไซต์ {url}) "
        "ซึ่งมีแบบรายงานเปล่าให้ดาวน์โหลดด้วย",
        "channel_email": "อีเมล {email}",
        "details": "รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย",
        "area_closed": "พื้นที่นี้ปิดงวดเดือนนี้แล้ว ตัวเลขข้างต้นเป็นตัวเลขสุดท้าย "
        "แบบรายงานที่ส่งมาหลังปิดงวดจะได้รับและตรวจสอบ แต่ไม่นับรวมในการสรุป",
        "closed": "ตัวเลขในรายงานฉบับนี้เป็นตัวเลขเมื่อปิดงวดเดือน{month} แล้ว (ปิดงวดเมื่อ {date}) "
        "แบบรายงานประจำเดือนนี้ที่ส่งมาหลังปิดงวดจะได้รับและตรวจสอบ แต่ไม่นับรวมในการสรุป "
        "เว้นแต่{centre}เปิดงวดอีกครั้ง",
        "closing": "จึงเรียนมาเพื่อโปรดทราบ",
        "closing_act": "จึงเรียนมาเพื่อโปรดทราบและโปรดดำเนินการ",
        "regards": "ขอแสดงความนับถือ",
        "centre": "ศูนย์ประสานงานเครือข่าย",
        "phone": "โทร. {phone}",
        "email": "อีเมล {email}",
    },
    "en": {
        "subject": "Report on budget integration with the community plan, {month}",
        "corrected": " (corrected)",
        "greeting": "To: {recipient}\n\nDear Sir or Madam,",
        "enclosures": "Enclosures",
        "enclosed_report": "Report on how {agency}'s budget integrates with the community plan, "
        "{month} (file {file})",
        "enclosed_feedback": "Your workbook for {area}, with the problems found listed in the "
        'sheet "ปัญหาที่พบ" (file {file})',
        "replaces": "This report replaces the one dated {date}, as the data have been updated.",
        "replaces_undated": "This report replaces the one sent earlier, as the data have been updated.",
        "final": " (final)",
        "replaces_closed": "This report replaces the one dated {date}, as the month is closed.",
        "replaces_undated_closed": "This report replaces the one sent earlier, as the month is closed.",
        "because": "{centre} has gathered the partners' budget reports for {month} and checked "
        "how the budgets align with the community plan.",
        "herewith": "We hereby send the report on how {agency}'s budget integrates with the "
        "community plan for {month}, in summary:",
        "area": "{area}",
        "clean": "Your workbook for this month was received, passed the checks and is counted in full.",
        "warnings": "Your workbook for this month was received and is counted in full, with "
        "{warnings} point(s) to check.",
        "errors": "Your workbook for this month was received; {errors} row(s) must be corrected "
        "and are not counted yet; the other rows are counted.",
        "and_warnings": " There are also {warnings} point(s) to check.",
        "emptied": "The workbook you sent last (file {file}) has no lines and replaced your "
        "earlier workbook, which had some, so you report no budget in this area this month.",
        "resend_emptied": "If the blank workbook was sent by mistake, please send the workbook "
        "with your lines again {when}. If you truly have no budget here this month, nothing "
        "needs to be done.",
        "rejected": "The workbook you sent (file {file}) did not pass the checks, so none of "
        "your figures for this area are counted this month yet.",
        "rejected_before": "The workbook you sent did not pass the checks, so none of your "
        "figures for this area are counted this month yet.",
        "latest_rejected": "The workbook you sent last (file {file}) did not pass the checks "
        "and is not counted; the figures below are those of your earlier workbook (file "
        "{counted}), which still counts.",
        "latest_rejected_earlier": "The workbook you sent for this month (file {file}) did not "
        "pass the checks and is not counted; the figures below are your figures of {source}.",
        "carried_forward": "No workbook for this month has been received yet, so your "
        "figures of {source} are used.",
        "missing": "No workbook for this month has been received yet.",
        "total": "Budget your agency supports in this area: {amount} baht in total",
        "aligned": "Of which aligned with the community plan: {amount} baht ({percent}%)",
        "aligned_no_ratio": "Of which aligned with the community plan: {amount} baht",
        "disbursed": "Disbursed: {amount} baht",
        "problems": "Problems found:",
        "error": "Must be corrected",
        "warning": "Please check",
        "more": "and {count} more",
        "fix_sheet": 'Please correct it as listed in the sheet "ปัญหาที่พบ" of the enclosed '
        "file {file} and send the whole workbook again {when}.",
        "fix_listed": "Please correct the problems listed above and send the whole workbook again {when}.",
        "fix_counted": " Once the corrected workbook is received, it will be counted in full.",
        "send_month": "Please send your workbook for {month} {when}.",
        "adjust_next": 'Please look at the points in the sheet "ปัญหาที่พบ" of the enclosed '
        "file {file} and adjust next month's workbook; there is no need to send this one again.",
        "adjust_next_listed": "Please look at the points above and adjust next month's "
        "workbook; there is no need to send this one again.",
        "by": "by {date}",
        "late": "as soon as possible (the deadline, {date}, has passed)",
        "channels": "Where to send it:",
        "channel_web": "your agency's web page, through the private link the centre gave you "
        "(site {url}), which also offers the blank form",
        "channel_email": "e-mail {email}",
        "details": "The details are in the enclosures.",
        "area_closed": "This area's month is closed: the figures above are final. Workbooks "
        "sent after the closing are received and checked, but do not count.",
        "closed": "The figures in this report are final: {month} was closed on {date}. "
        "Workbooks for this month sent after the closing are received and checked, but do not "
        "count unless {centre} opens the month again.",
        "closing": "For your information.",
        "closing_act": "For your information and action.",
        "regards": "Yours sincerely,",
        "centre": "The network coordination centre",
        "phone": "Tel. {phone}",
        "email": "E-mail {email}",
    },
}
