"""The command line's own words, in Thai (the default, as the `lang` setting is) and
English: the run's account, the demo's lines, history, the template's and the errors'
messages. Issue messages come from the catalogue (`oneplan.issues`), not from here.

Longer than 300 lines: a table of every line the commands print, in both languages, kept in
one place so that a line's Thai and English are read side by side.

`say(lang, key, **values)` fills one line; `counted(lang, noun, n)` writes a count with
its noun (English singular or plural: "1 warning", "2 warnings"; Thai with its
classifier: "3 รายการ"). Typer's help texts stay English: typer builds `--help` before
any option (or the `lang` setting) is read.
"""

from __future__ import annotations

from oneplan.report.labels import label
from oneplan.values.periods import thai_period

# Nouns counted in English (singular, plural) and the Thai classifier of each.
NOUNS: dict[str, tuple[str, str, str]] = {
    "error": ("error", "errors", "รายการ"),
    "warning": ("warning", "warnings", "รายการ"),
    "info": ("info", "info", "รายการ"),
    "file": ("file", "files", "ไฟล์"),
    "agency": ("agency", "agencies", "หน่วยงาน"),
    "area": ("area", "areas", "พื้นที่"),
    "line": ("line counts", "lines count", "รายการ"),
    "row": ("row excluded", "rows excluded", "แถว"),
    "message": ("message", "messages", "ฉบับ"),
    "correction": ("correction", "corrections", "ฉบับ"),
    "reminder": ("reminder", "reminders", "ฉบับ"),
}

SEVERITIES: dict[str, dict[str, str]] = {
    "th": {"error": "ต้องแก้ไข", "warning": "ควรตรวจสอบ", "info": "แจ้งเพื่อทราบ"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}

WORDS: dict[str, dict[str, str]] = {
    "th": {
        # oneplan run: what it starts on, its account, and why it cannot run
        "reconciling": "oneplan: กำลังสรุปข้อมูลประจำเดือน{month} — ข้อมูลเข้า {inputs} ผลลัพธ์ {outputs} สถานะ {state}",
        "files": "แบบรายงานประจำเดือน{month}: ได้รับ {received} ไฟล์ ผ่านการตรวจสอบ {accepted} ไฟล์ ไม่ผ่านการตรวจสอบ {rejected} ไฟล์ ข้ามไป {ignored} ไฟล์ (ไฟล์ล็อกหรือไฟล์ซ่อน)",
        "issues": "ปัญหาที่พบ: ต้องแก้ไข {error} ควรตรวจสอบ {warning} แจ้งเพื่อทราบ {info}",
        "when": "สรุปเสร็จเมื่อ {finished}; กำหนดส่งแบบรายงานประจำเดือน{month}: {deadline}",
        "unchanged": "ไม่มีไฟล์ใหม่และไม่มีสิ่งใดเปลี่ยน ตั้งแต่สรุปข้อมูลประจำเดือน{month} เมื่อ {made}: ผลลัพธ์เดิมยังเป็นปัจจุบัน จึงไม่ได้ทำใหม่ (สั่ง oneplan run --full เพื่อทำใหม่ทั้งหมด)",
        "area": "  {name}: งบประมาณครอบคลุมความต้องการของแผน{coverage} ยังขาด {gap} บาท งบที่สอดคล้องกับแผน{aligned}; ภาคี: {statuses}",
        "percent": " ร้อยละ {value}",
        "no_percent": " -",
        "status_count": "{status} {count} หน่วยงาน",
        "none": "ไม่มี",
        "to_follow": "    {status}: {names}",
        "more_areas": "  … และอีก {count} พื้นที่: ตัวเลขของทุกพื้นที่อยู่ใน summary.json และรายงานสรุปของเครือข่าย (reports/network_<รหัสพื้นที่>.docx)",
        "rejected_file": "  ไม่ผ่านการตรวจสอบ {path}: {reason}",
        "ignored_file": "  ข้ามไป {path}: {reason}",
        "zero_lines": "  ไม่มีรายการ {path} ส่งแทน {replaced} ซึ่งมีรายการ: {agency} จึงไม่มีงบประมาณใน{area} เดือนนี้ (ส่งแบบรายงานเปล่ามาโดยไม่ได้ตั้งใจหรือไม่)",
        "arriving_file": "  ยังคัดลอกไม่เสร็จ {path}: รอรอบถัดไป (ยังไม่ถือว่าได้รับ ไม่นับ)",
        "outputs": "ผลลัพธ์: {folder}/ (summary.json, reconciliation.xlsx, tables/, reports/)",
        "cannot_run": "oneplan: สรุปข้อมูลไม่ได้: {path}: {problem}",
        "nothing_written": "ยังไม่ได้เขียนผลลัพธ์ใด ๆ แก้ไขไฟล์แล้วสั่งใหม่อีกครั้ง",
        "state_damaged": "oneplan: สรุปข้อมูลไม่ได้ เพราะโฟลเดอร์สถานะเสียหาย: สำเนาที่เก็บไว้ {path}: {problem}",
        "restore_state": "ยังไม่ได้เขียนหรือบันทึกสิ่งใด กู้โฟลเดอร์สถานะจากสำเนาสำรอง (oneplan backup) แล้วสั่งใหม่อีกครั้ง",
        "no_inputs": "oneplan: ไม่พบโฟลเดอร์ข้อมูลเข้า {path}",
        "no_plan_folder": "oneplan: ไม่พบโฟลเดอร์แผนชุมชน {path}",
        "no_plan_file": "oneplan: ไม่มีไฟล์แผนชุมชน (.xlsx, .xls หรือ .ods) ในโฟลเดอร์ {path}",
        "no_registry": "oneplan: ไม่พบไฟล์ทะเบียนภาคี {path}",
        "inputs_hint": "ระบุโฟลเดอร์ด้วย --inputs หรือในไฟล์ตั้งค่า (ONEPLAN_SETTINGS=…/oneplan.toml) หรือลอง oneplan demo ก่อน ยังไม่ได้เริ่มทำงานใด ๆ",
        "cannot_read": "oneplan: อ่าน {path} ไม่ได้: {problem}",
        "stopped": "oneplan: หยุดด้วย {how} งานที่ค้างอยู่จะไม่ถูกนับ สั่งคำสั่งนี้ใหม่อีกครั้ง",
        # oneplan demo
        "demo_fresh": "เริ่มเดโมใหม่ใน {directory}/",
        "demo_cleaned": "เริ่มเดโมใหม่ใน {directory}/: ลบข้อมูลเข้า ผลลัพธ์ สถานะ และไฟล์ตั้งค่าของเดโมครั้งก่อนแล้ว",
        "demo_not_a_demo": "oneplan: {directory} ไม่ใช่โฟลเดอร์เดโมและไม่ว่าง (มี {names}) จึงไม่ลบสิ่งใด เลือกโฟลเดอร์อื่นหรือโฟลเดอร์ว่าง",
        "demo_written": "เขียนข้อมูลเข้าของเดโมไว้ที่ {inputs}/ (แผนชุมชน ทะเบียนภาคี และแบบรายงานของภาคี) และไฟล์ตั้งค่า {settings} (ข้อมูลศูนย์ประสานงาน)",
        "look_further": "ดูต่อ:",
        "look_outputs": "  เปิด {folder}/reconciliation.xlsx และรายงานใน {folder}/reports/",
        "look_run": "  สรุปใหม่:           {command} run --period {period}",
        "look_serve": "  เปิดหน้าเว็บ:        ONEPLAN_COORDINATOR_PASSWORD=demo {command} serve",
        "look_serve_then": "      แล้วเปิดหน้าด้านล่าง หรือวางแบบรายงานลงใน {drop}/",
        "look_send": "  ส่งอีเมล:           {command} send --period {period}   (ไฟล์ .eml ใน outbox)",
        "look_history": "  ประวัติ:            {command} history",
        "web_coordinator": "  หน้าเว็บ (ขณะ serve ทำงาน): ศูนย์ประสานงาน {url}/coordinator (รหัสผ่าน demo)",
        "web_links_new": "  ลิงก์ของภาคี (สร้างใหม่กับเดโมนี้ ลิงก์จากเดโมครั้งก่อนใช้ไม่ได้แล้ว):",
        # oneplan received, oneplan status
        "not_a_file": "oneplan: ไม่พบไฟล์ {path}",
        "not_a_moment": "'{value}': เขียนวันเวลาแบบ 2026-12-09 14:30 (เวลาท้องถิ่น {zone})",
        "receipt_in_future": "oneplan: เวลาที่ได้รับ {at} ยังมาไม่ถึง จึงไม่บันทึก",
        "receipt_after_seen": "oneplan: oneplan ได้รับไฟล์นี้แล้วเมื่อ {seen} ซึ่งก่อนเวลาที่ระบุ ({at}) จึงไม่บันทึก: เวลาที่ได้รับจริงต้องไม่หลังเวลาที่ oneplan ได้รับ",
        "receipt_recorded": "บันทึกแล้ว: {path} ได้รับเมื่อ {at} โดย {by}: {note} (ใช้ตั้งแต่การสรุปข้อมูลครั้งต่อไป)",
        "receipt_replaced": "  แทนที่เวลาที่ {by} บันทึกไว้ ({at}: {note})",
        "status_head": "การส่งแบบรายงานเดือน{month} ณ {now}",
        "status_rates": "ส่งแล้ว {reported} จาก {expected} ({reporting}) ส่งทันกำหนด {on_time} ({on_time_rate}) ส่งหลังกำหนด {late} ยังไม่ส่ง (ยังไม่ถึงกำหนด) {pending} ไม่ส่ง (เลยกำหนดแล้ว) {missing}",
        "status_group": "{label}:",
        "status_row": "  {agency}  {area}  กำหนดส่ง {deadline}{extra}",
        "status_rejected": " (ส่งมาแล้วแต่ไม่ผ่านการตรวจสอบ {count} ไฟล์)",
        "status_late_by": "  ช้ากว่ากำหนด {late_by}",
        "status_recorded": "  (เวลาที่บันทึก: {note})",
        "status_nobody": "ไม่มีหน่วยงานที่ต้องส่งแบบรายงานเดือนนี้ (ตรวจพื้นที่ในทะเบียนภาคีและแผน)",
        "status_closed": "ปิดงวดแล้วเมื่อ {at} โดย {by}",
        "status_area_closed": "พื้นที่ {area} ปิดงวดแล้วเมื่อ {at} โดย {by}",
        "reminded": "ส่งข้อความแจ้งเตือนแล้ว {sent} ({where}); เคยส่งแล้ว {already}",
        "status_reopened": "เปิดงวดอีกครั้งเมื่อ {at} โดย {by} เหตุผล: {reason}",
        "status_after_close": "  มาหลังปิดงวด (ไม่นับ): {path}",
        "already_closed": 'oneplan: เดือน{month} ปิดงวดแล้วเมื่อ {at} โดย {by}: สั่ง oneplan reopen --period {period} --reason "…" ก่อน ถ้าต้องการเปิดอีกครั้ง',
        "closed_now": "ปิดงวดเดือน{month} แล้ว โดย {by}: ผลลัพธ์ใน {folder}/ จะไม่เปลี่ยนอีก ไฟล์ที่มาหลังจากนี้ได้รับ บันทึก และมีไฟล์ข้อเสนอแนะใน {folder}/after-close/ แต่ไม่นับ จนกว่าจะ oneplan reopen",
        "not_closed": "oneplan: เดือน{month} ไม่ได้ปิดงวดอยู่ จึงไม่มีอะไรต้องเปิด",
        "reason_needed": "oneplan: ระบุเหตุผลที่เปิดงวดอีกครั้งด้วย --reason",
        "reopened": "เปิดงวดเดือน{month} อีกครั้งแล้ว โดย {by} เหตุผล: {reason} สรุปข้อมูลใหม่แล้ว: ไฟล์ที่มาหลังปิดงวดนับรวมแล้ว และรายงานไม่ระบุว่าปิดงวดอีก",
        "area_already_closed": 'oneplan: พื้นที่ {area} เดือน{month} ปิดงวดแล้วเมื่อ {at} โดย {by}: สั่ง oneplan reopen --period {period} --area {area} --reason "…" ก่อน ถ้าต้องการเปิดอีกครั้ง',
        "area_closed_now": "ปิดงวดเดือน{month} ของพื้นที่ {area} แล้ว โดย {by}: ตัวเลขของพื้นที่นี้จะไม่เปลี่ยนอีก ส่วนพื้นที่อื่นยังรับไฟล์ตามปกติ ไฟล์ของพื้นที่นี้ที่มาหลังจากนี้ได้รับ บันทึก และมีไฟล์ข้อเสนอแนะใน {folder}/after-close/ แต่ไม่นับ จนกว่าจะ oneplan reopen",
        "last_area_closed_now": "ปิดงวดเดือน{month} ของพื้นที่ {area} แล้ว โดย {by}: ทุกพื้นที่ของเดือนนี้ปิดงวดแล้ว ตัวเลขจะไม่เปลี่ยนอีก ไฟล์ที่มาหลังจากนี้ได้รับ บันทึก และมีไฟล์ข้อเสนอแนะใน {folder}/after-close/ แต่ไม่นับ จนกว่าจะ oneplan reopen",
        "area_not_closed": "oneplan: พื้นที่ {area} เดือน{month} ไม่ได้ปิดงวดอยู่ จึงไม่มีอะไรต้องเปิด",
        "reopened_later": "เปิดงวดเดือน{month} อีกครั้งแล้ว โดย {by} เหตุผล: {reason} ไฟล์ที่มาหลังปิดงวดจะนับในการสรุปข้อมูลครั้งถัดไป (oneplan run --period {period})",
        "area_reopened_later": "เปิดงวดเดือน{month} ของพื้นที่ {area} อีกครั้งแล้ว โดย {by} เหตุผล: {reason} ไฟล์ที่มาหลังปิดงวดจะนับในการสรุปข้อมูลครั้งถัดไป (oneplan run --period {period})",
        "area_reopened": "เปิดงวดเดือน{month} ของพื้นที่ {area} อีกครั้งแล้ว โดย {by} เหตุผล: {reason} สรุปข้อมูลใหม่แล้ว: ไฟล์ของพื้นที่นี้ที่มาหลังปิดงวดนับรวมแล้ว และรายงานไม่ระบุว่าปิดงวดอีก",
        "unknown_area": "oneplan: แผนชุมชนไม่มีพื้นที่รหัส {area} (มี: {known})",
        "areas_closed_instead": "oneplan: เดือน{month} ไม่ได้ปิดทั้งงวด แต่ปิดบางพื้นที่: {areas} ใช้ --area เพื่อเปิดพื้นที่นั้น",
        "closed_kept": "เดือน{month} ปิดงวดแล้วเมื่อ {at} โดย {by}: ผลลัพธ์ไม่เปลี่ยน",
        "after_close_files": 'ไฟล์ที่มาหลังปิดงวด {count}: ได้รับและบันทึกแล้ว ไฟล์ข้อเสนอแนะอยู่ใน {folder} ไม่นับในตัวเลข จนกว่าจะ oneplan reopen --period {period} --reason "…"',
        # oneplan history
        "no_ledger": "oneplan: ไม่พบบันทึกข้อมูล (ledger.sqlite) ในโฟลเดอร์สถานะ {state}: ยังไม่มีการสรุปข้อมูลที่นี่ สั่ง oneplan run ก่อน หรือระบุโฟลเดอร์สถานะด้วย --state",
        "unknown_agency": "oneplan: ไม่รู้จักหน่วยงานรหัส {code}: ไม่อยู่ในทะเบียนภาคีและไม่เคยส่งไฟล์",
        "runs": "การสรุปข้อมูล (เวลา {zone}):",
        "run_row": "  {period}  เสร็จเมื่อ {finished}",
        "closing_row": "  {period}  ปิดงวดเมื่อ {at} โดย {by}",
        "reopening_row": "  {period}  เปิดงวดอีกครั้งเมื่อ {at} โดย {by} เหตุผล: {reason}",
        "area_closing_row": "  {period}  พื้นที่ {area} ปิดงวดเมื่อ {at} โดย {by}",
        "area_reopening_row": "  {period}  พื้นที่ {area} เปิดงวดอีกครั้งเมื่อ {at} โดย {by} เหตุผล: {reason}",
        "periods": "การส่งตามกำหนดรายงวด (ณ ขณะนี้):",
        "periods_unknown": "  ไม่ทราบ: อ่านแผนหรือทะเบียนภาคีไม่ได้ จึงไม่ทราบว่าหน่วยงานใดต้องส่ง",
        "period_row": "  {period}  {state} · {told}",
        "period_open": "เปิดอยู่",
        "period_closed": "ปิดงวดแล้ว",
        "areas_closed": " (ปิดบางพื้นที่: {areas})",
        "period_rates": "ส่งทันกำหนด {on_time} จาก {expected} ส่งหลังกำหนด {late} ไม่ส่ง {missing} ยังไม่ถึงกำหนด {pending}",
        "not_expected": "ไม่ได้กำหนดให้ส่ง",
        "files_received": "ไฟล์ที่ได้รับ (เวลา {zone}):",
        "file_row": "  {agency:<12} {area:<10} {period:<8} {verdict:<8} ได้รับเมื่อ {received}  นับในเดือน: {counted}  {path}",
        "nothing_yet": "  ยังไม่มี",
        "accepted": "ผ่าน",
        "rejected": "ไม่ผ่าน",
        # oneplan template and validate
        "template_written": "เขียน {output} แล้ว: แบบรายงานเปล่าของ {agency} พื้นที่ {area} ประจำเดือน{month}",
        "template_period": "(ไม่ได้ระบุ --period: ใช้เดือนที่กำลังรายงาน คือเดือน{month} กำหนดส่ง {deadline})",
        "agency_not_registered": "oneplan: ไม่พบหน่วยงานรหัส {code} ในทะเบียนภาคี ({file})",
        "area_in_no_plan": "oneplan: พื้นที่ {area} ไม่อยู่ในแผนชุมชน พื้นที่ในแผน: {areas}",
        "area_not_in_year": "oneplan: พื้นที่ {area} ไม่มีโครงการในแผนของปีงบประมาณ {year} (แผนมีปีงบประมาณ {years})",
        "area_not_listed": "คำเตือน: ทะเบียนภาคีไม่ได้ระบุพื้นที่ {area} ให้ {agency} (พื้นที่ที่ระบุไว้: {areas}) ทำแบบรายงานให้แล้ว แต่ควรตรวจสอบพื้นที่กับหน่วยงาน หรือเพิ่มพื้นที่ในทะเบียนภาคี",
        "validated": "{path}: {verdict} {identity} — นับ {lines} ไม่นับ {rows}",
        "valid": "ผ่านการตรวจสอบ",
        "invalid": "ไม่ผ่านการตรวจสอบ",
        "feedback_written": "ไฟล์ที่ทำเครื่องหมายปัญหาไว้: {path}",
        # usage errors (after click's own "Invalid value for …")
        "not_a_period": "'{value}' ไม่ใช่เดือนที่อ่านได้ กรุณาเขียนเดือนแบบใดแบบหนึ่ง: 2026-11, 2569-11, 11/2569, พฤศจิกายน 2569 หรือ พ.ย. 69",
        "not_xlsx": "'{path}' ไม่ได้ลงท้ายด้วย .xlsx แบบรายงานเปล่าเป็นไฟล์ Excel (.xlsx) กรุณาตั้งชื่อไฟล์ให้ลงท้ายด้วย .xlsx",
        # oneplan starters
        "starter_exists": "oneplan: มีไฟล์นี้อยู่แล้ว จึงไม่เขียนทับ: {path}",
        "starter_written": "เขียน {path} แล้ว",
        "starters_next": "กรอกแผ่นงานแรกของแต่ละไฟล์ (แผ่นงาน {help} อธิบายทุกคอลัมน์ แผ่นงาน {example} แสดงตัวอย่าง) แล้วคัดลอก plan/ และ agencies.xlsx ไปไว้ในโฟลเดอร์ข้อมูลเข้า",
        # oneplan send
        "no_outputs": "oneplan: ยังไม่มีผลลัพธ์ของเดือน{month} ใน {outputs} สั่ง oneplan run --period {period} ก่อน",
        "no_message_for": "oneplan: ไม่มีข้อความถึงหน่วยงาน {code} ประจำเดือน{month}: ไม่มีรหัสนี้ในทะเบียนภาคี หรือหน่วยงานไม่มีรายงานในเดือนนี้ ยังไม่ได้ส่งสิ่งใด",
        "sent": "ส่งแล้ว {sent} (ฉบับแก้ไข {corrections}) ทาง {where} และเคยส่งไปก่อนแล้ว {already}",
        "not_sent": "  ยังไม่ได้ส่ง {agency}: ทะเบียนภาคีไม่มีอีเมลที่ใช้ได้",
        "ignored_address": "  ข้ามอีเมล {agency}: {addresses}",
        "refused": "  ถูกปฏิเสธ {agency} <{recipient}>: {when} ({kind}): {reply} {then}",
        "refused_now": "เซิร์ฟเวอร์ปฏิเสธ",
        "refused_before": "ถูกปฏิเสธตั้งแต่การส่งครั้งก่อน",
        "retry_next": "จะลองส่งใหม่ในการส่งครั้งถัดไป",
        "retry_changed": "จะส่งใหม่เมื่อแก้อีเมลในทะเบียนภาคี หรือสั่งด้วย --resend",
        "unconfirmed": "  ไม่แน่ใจว่าถึง {agency} <{recipient}>: การเชื่อมต่อขาดหลังส่งข้อความ ก่อนเซิร์ฟเวอร์ตอบ ข้อความอาจถึงแล้ว โปรดสอบถามผู้รับ ถ้าจะส่งใหม่: oneplan send --period {period} --resend --agency {agency}",
        # oneplan serve
        "prefect_at": "Prefect (ในเครื่องนี้) ที่ {address} — เปิดเพื่อดูการทำงานแต่ละรอบ",
        "web_pages": "หน้าเว็บที่ {url}/ — ศูนย์ประสานงาน: {url}/coordinator ภาคี: ลิงก์จาก oneplan token create --agency รหัส",
        "no_password": "  (ตั้ง ONEPLAN_COORDINATOR_PASSWORD เพื่อเปิดหน้าของศูนย์ประสานงาน)",
        "files_settled": "มีไฟล์ใหม่ {count} ไฟล์ในโฟลเดอร์รับแบบรายงาน กำลังตรวจ",
        "watching": "เฝ้าดู {drop_zone} (อ่านไฟล์เมื่อไม่เปลี่ยนแปลงแล้ว {quiet} วินาที ไฟล์ที่มาถึงระหว่างที่ serve หยุดอยู่จะรับเข้าตอนนี้) สรุปและส่งรายงานประจำเดือนในวันถัดจากกำหนดส่ง เวลา 07:00 น. แจ้งเตือนหน่วยงานทุกวัน เวลา 08:00 น. ({zone}) กด Ctrl-C เพื่อหยุด",
        "watching_no_reminders": "เฝ้าดู {drop_zone} (อ่านไฟล์เมื่อไม่เปลี่ยนแปลงแล้ว {quiet} วินาที ไฟล์ที่มาถึงระหว่างที่ serve หยุดอยู่จะรับเข้าตอนนี้) สรุปและส่งรายงานประจำเดือนในวันถัดจากกำหนดส่ง เวลา 07:00 น. ({zone}) กด Ctrl-C เพื่อหยุด",
        "watching_cron": "เฝ้าดู {drop_zone} (อ่านไฟล์เมื่อไม่เปลี่ยนแปลงแล้ว {quiet} วินาที ไฟล์ที่มาถึงระหว่างที่ serve หยุดอยู่จะรับเข้าตอนนี้) สรุปและส่งรายงานประจำเดือนตามกำหนด '{schedule}' แจ้งเตือนหน่วยงานทุกวัน เวลา 08:00 น. ({zone}) กด Ctrl-C เพื่อหยุด",
        "watching_cron_no_reminders": "เฝ้าดู {drop_zone} (อ่านไฟล์เมื่อไม่เปลี่ยนแปลงแล้ว {quiet} วินาที ไฟล์ที่มาถึงระหว่างที่ serve หยุดอยู่จะรับเข้าตอนนี้) สรุปและส่งรายงานประจำเดือนตามกำหนด '{schedule}' ({zone}) กด Ctrl-C เพื่อหยุด",
        "serve_stopped": "oneplan serve: หยุดแล้ว",
        # oneplan token
        "link_ended": "ลิงก์ของ {code} ใช้ไม่ได้แล้ว",
        "no_link": "{code} ไม่มีลิงก์ที่ใช้อยู่ ไม่มีสิ่งใดต้องยกเลิก",
        # oneplan backup
        "backup_refused": "oneplan: สำรองข้อมูลไปที่ {destination} ไม่ได้: {reason}",
        "backup_damaged": "oneplan: สำรองข้อมูลไม่ได้ เพราะโฟลเดอร์สถานะเสียหาย: สำเนาที่เก็บไว้ {path}: {problem}",
        "ledger_copied": "คัดลอกบันทึกข้อมูลไปที่ {path} แล้ว",
        "ledger_on_server": "บันทึกข้อมูลอยู่ในเซิร์ฟเวอร์ฐานข้อมูล (ONEPLAN_LEDGER_URL) จึงไม่ได้คัดลอก ให้สำรองด้วย pg_dump ก่อนคำสั่งนี้ (คู่มือ หัวข้อโฟลเดอร์สถานะ)",
        "archive_copied": "ไฟล์ที่เก็บไว้: คัดลอก {copied} ไฟล์ มีอยู่แล้ว {kept} ไฟล์ ไฟล์อื่นในโฟลเดอร์สถานะ {others} ไฟล์",
        "use_backup": "ใช้สำเนานี้ได้ด้วย: oneplan run --state {destination} (จากโฟลเดอร์ใดก็ได้)",
    },
    "en": {
        "reconciling": "oneplan: reconciling {period} — inputs {inputs}, outputs {outputs}, state {state}",
        "files": "Files of {period}: {received} received, {accepted} accepted, {rejected} rejected, {ignored} ignored (lock or hidden files).",
        "issues": "Issues: {error}, {warning}, {info}.",
        "when": "Run finished {finished}; files of {period} were due by {deadline}.",
        "unchanged": "Nothing new and nothing changed since {period} was reconciled at {made}: its outputs are up to date and were kept (oneplan run --full makes them all again).",
        "area": "  {name}: coverage {coverage}, gap {gap} baht, aligned share {aligned}; agencies: {statuses}",
        "percent": "{value}%",
        "no_percent": "-",
        "status_count": "{count} {status}",
        "none": "none",
        "to_follow": "    {status}: {names}",
        "more_areas": "  … and {count} more areas: every area's figures are in summary.json and its network summary (reports/network_<area>.docx).",
        "rejected_file": "  rejected {path}: {reason}",
        "ignored_file": "  ignored {path}: {reason}",
        "zero_lines": "  no lines {path} replaced {replaced}, which had lines: {agency} reports nothing in {area} this month (a blank form sent by mistake?)",
        "arriving_file": "  still arriving {path}: left for the next run (not received yet, not counted)",
        "outputs": "Outputs: {folder}/ (summary.json, reconciliation.xlsx, tables/, reports/)",
        "cannot_run": "oneplan: cannot run: {path}: {problem}",
        "nothing_written": "Nothing was written. Fix the file and run again.",
        "state_damaged": "oneplan: cannot run: the state folder is damaged: the archived copy {path}: {problem}",
        "restore_state": "Nothing was written or recorded. Restore the state folder from a backup (oneplan backup) and run again.",
        "no_inputs": "oneplan: the inputs folder {path} does not exist",
        "no_plan_folder": "oneplan: the plan folder {path} does not exist",
        "no_plan_file": "oneplan: no community plan workbook (.xlsx, .xls or .ods) in {path}",
        "no_registry": "oneplan: the partner registry {path} does not exist",
        "inputs_hint": "Name the folder with --inputs or in a settings file (ONEPLAN_SETTINGS=…/oneplan.toml), or try oneplan demo first. Nothing was started.",
        "cannot_read": "oneplan: cannot read {path}: {problem}",
        "stopped": "oneplan: stopped by {how}; nothing half-done counts: run the command again.",
        "demo_fresh": "Starting a clean demo in {directory}/.",
        "demo_cleaned": "Starting a clean demo in {directory}/: the earlier demo's inputs, outputs, state and settings were removed.",
        "demo_not_a_demo": "oneplan: {directory} is neither empty nor a demo folder (it holds {names}); nothing was removed. Choose another folder, or an empty one.",
        "demo_written": "Demo inputs written to {inputs}/ (a Thai community plan, a partner registry, submissions) and its settings to {settings} (the coordination centre's details).",
        "look_further": "Look further:",
        "look_outputs": "  open {folder}/reconciliation.xlsx and the reports in {folder}/reports/",
        "look_run": "  run again:   {command} run --period {period}",
        "look_serve": "  web pages:   ONEPLAN_COORDINATOR_PASSWORD=demo {command} serve",
        "look_serve_then": "      then open the pages below, or drop a workbook into {drop}/",
        "look_send": "  e-mail:      {command} send --period {period}   (.eml files in the outbox)",
        "look_history": "  history:     {command} history",
        "web_coordinator": "  web pages (while serve runs): coordinator {url}/coordinator (password demo)",
        "web_links_new": "  agencies' links (made anew with this demo; an earlier demo's links open nothing):",
        "not_a_file": "oneplan: no such file: {path}",
        "not_a_moment": "'{value}': write the date and time as 2026-12-09 14:30 (local time, {zone})",
        "receipt_in_future": "oneplan: the receipt time {at} is still to come; nothing was recorded",
        "receipt_after_seen": "oneplan: oneplan received this file at {seen}, before the time given ({at}); nothing was recorded: a file cannot have been received after oneplan received it",
        "receipt_recorded": "Recorded: {path} received at {at} by {by}: {note} (counts from the next run)",
        "receipt_replaced": "  replaces the time {by} recorded ({at}: {note})",
        "status_head": "Who reported for {period}, at {now}",
        "status_rates": "reported {reported} of {expected} ({reporting}), on time {on_time} ({on_time_rate}), late {late}, pending {pending}, missing {missing}",
        "status_group": "{label}:",
        "status_row": "  {agency}  {area}  deadline {deadline}{extra}",
        "status_rejected": " (sent {count} file(s) that did not pass the checks)",
        "status_late_by": "  late by {late_by}",
        "status_recorded": "  (time recorded: {note})",
        "status_nobody": "No agency is expected to report this month (check the areas in the registry and the plan).",
        "status_closed": "closed at {at} by {by}",
        "status_area_closed": "area {area} closed at {at} by {by}",
        "reminded": "Reminders sent: {sent} ({where}); sent before: {already}",
        "status_reopened": "reopened at {at} by {by}, because: {reason}",
        "status_after_close": "  arrived after the closing (not counted): {path}",
        "already_closed": 'oneplan: {period} was closed at {at} by {by}; run oneplan reopen --period {period} --reason "…" first to open it again',
        "closed_now": "{period} is closed, by {by}: its outputs in {folder}/ will not change; files arriving for it from now on are received, recorded and given feedback in {folder}/after-close/, and count only after oneplan reopen",
        "not_closed": "oneplan: {period} is not closed; nothing to reopen",
        "reason_needed": "oneplan: say why the period is opened again, with --reason",
        "reopened": "{period} is open again, by {by}, because: {reason}. It has been run again: the files that arrived after its closing count, and its reports no longer say closed.",
        "area_already_closed": 'oneplan: area {area} of {period} was closed at {at} by {by}; run oneplan reopen --period {period} --area {area} --reason "…" first to open it again',
        "area_closed_now": "Area {area} of {period} is closed, by {by}: its figures will not change; the other areas go on as usual. Its files arriving from now on are received, recorded and given feedback in {folder}/after-close/, and count only after oneplan reopen",
        "last_area_closed_now": "Area {area} of {period} is closed, by {by}: every area of the month is now closed and its figures will not change. Files arriving from now on are received, recorded and given feedback in {folder}/after-close/, and count only after oneplan reopen",
        "area_not_closed": "oneplan: area {area} of {period} is not closed; nothing to reopen",
        "reopened_later": "{period} is open again, by {by}, because: {reason}. Files that arrived after its closing count at its next run (oneplan run --period {period}).",
        "area_reopened_later": "Area {area} of {period} is open again, by {by}, because: {reason}. Its files that arrived after its closing count at the period's next run (oneplan run --period {period}).",
        "area_reopened": "Area {area} of {period} is open again, by {by}, because: {reason}. The period has been run again: the area's files that arrived after its closing count, and its reports no longer say closed.",
        "unknown_area": "oneplan: the plan has no area {area} (it has: {known})",
        "areas_closed_instead": "oneplan: {period} is not closed as a whole, but some of its areas are: {areas}; use --area to reopen one",
        "closed_kept": "{period} was closed at {at} by {by}: its outputs are as they were.",
        "after_close_files": 'Files that arrived after the closing: {count}, received and recorded; their feedback is in {folder}. They count only after oneplan reopen --period {period} --reason "…".',
        "no_ledger": "oneplan: no ledger (ledger.sqlite) in the state folder {state}: nothing has been recorded there. Run oneplan run first, or name the state folder with --state.",
        "unknown_agency": "oneplan: agency {code} is unknown: not in the registry, and no file of it was received",
        "runs": "Runs (times in {zone}):",
        "run_row": "  {period}  finished {finished}",
        "closing_row": "  {period}  closed {at} by {by}",
        "reopening_row": "  {period}  reopened {at} by {by}, because: {reason}",
        "area_closing_row": "  {period}  area {area} closed {at} by {by}",
        "area_reopening_row": "  {period}  area {area} reopened {at} by {by}, because: {reason}",
        "periods": "Reporting by the deadline, per period (as of now):",
        "periods_unknown": "  unknown: the plan or the registry cannot be read, so who was expected is not known",
        "period_row": "  {period}  {state} · {told}",
        "period_open": "open",
        "period_closed": "closed",
        "areas_closed": " (areas closed: {areas})",
        "period_rates": "on time {on_time} of {expected}, late {late}, missing {missing}, pending {pending}",
        "not_expected": "not expected",
        "files_received": "Files received (times in {zone}):",
        "file_row": "  {agency:<12} {area:<10} {period:<8} {verdict:<8} received {received}  counted in: {counted}  {path}",
        "nothing_yet": "  none yet",
        "accepted": "accepted",
        "rejected": "rejected",
        "template_written": "Wrote {output}: submission template for {agency} in {area}, period {period}.",
        "template_period": "(no --period: the month being reported now, {period}; files due by {deadline})",
        "agency_not_registered": "oneplan: agency {code} is not in the registry ({file})",
        "area_in_no_plan": "oneplan: area {area} is in no plan; the plan's areas: {areas}",
        "area_not_in_year": "oneplan: area {area} has no plan items for fiscal year {year} (the plan has it for {years})",
        "area_not_listed": "warning: the registry does not list {area} among the areas of {agency} ({areas}); the template was made, but check the area with the agency, or add it to the registry",
        "validated": "{path}: {verdict} {identity} — {lines}, {rows}",
        "valid": "accepted",
        "invalid": "rejected",
        "feedback_written": "feedback: {path}",
        "not_a_period": "'{value}' is not a period; write the month as 2026-11, 2569-11, 11/2569, พฤศจิกายน 2569 or พ.ย. 69",
        "not_xlsx": "'{path}' does not end in .xlsx; the template is an .xlsx workbook",
        "starter_exists": "oneplan: already there, left as it is: {path} (starters never overwrite a file)",
        "starter_written": "Wrote {path}",
        "starters_next": "Fill in the first sheet of each (the sheet {help} explains every column, {example} shows example rows), then copy plan/ and agencies.xlsx into your inputs folder.",
        "no_outputs": "oneplan: no outputs for {period} in {outputs}; run `oneplan run --period {period}` first",
        "no_message_for": "oneplan: no message for agency {code} in {period}: no such agency code in the registry, or the agency has no report this period; nothing sent",
        "sent": "Sent {sent} ({corrections}) to {where}; {already} already sent before.",
        "not_sent": "  not sent {agency}: no usable e-mail address in the registry",
        "ignored_address": "  ignored address {agency}: {addresses}",
        "refused": "  refused {agency} <{recipient}>: {when}, {kind}: {reply}; {then}",
        "refused_now": "refused",
        "refused_before": "refused by an earlier send",
        "retry_next": "tried again by the next send",
        "retry_changed": "tried again when the address changes in the registry, or with --resend",
        "unconfirmed": "  unconfirmed {agency} <{recipient}>: the connection broke after the message was sent, before the server's reply: it may have arrived. Check with the recipient; to send it again: oneplan send --period {period} --resend --agency {agency}",
        "prefect_at": "Prefect server (local) at {address} — open it to see the runs",
        "web_pages": "Web pages at {url}/ — coordinator: {url}/coordinator; agencies: the links of `oneplan token create --agency CODE`",
        "no_password": "  (set ONEPLAN_COORDINATOR_PASSWORD to open the coordinator's page)",
        "files_settled": "{count} new file(s) settled in the drop zone: checking them",
        "watching": "Watching {drop_zone} (files are read once quiet for {quiet} s; any that arrived while oneplan serve was stopped are taken in now); the month is run and sent the day after its deadline at 07:00, reminders daily at 08:00 ({zone}). Ctrl-C stops.",
        "watching_no_reminders": "Watching {drop_zone} (files are read once quiet for {quiet} s; any that arrived while oneplan serve was stopped are taken in now); the month is run and sent the day after its deadline at 07:00 ({zone}). Ctrl-C stops.",
        "watching_cron": "Watching {drop_zone} (files are read once quiet for {quiet} s; any that arrived while oneplan serve was stopped are taken in now); monthly run on '{schedule}', reminders daily at 08:00 ({zone}). Ctrl-C stops.",
        "watching_cron_no_reminders": "Watching {drop_zone} (files are read once quiet for {quiet} s; any that arrived while oneplan serve was stopped are taken in now); monthly run on '{schedule}' ({zone}). Ctrl-C stops.",
        "serve_stopped": "oneplan serve: stopped.",
        "link_ended": "The link of {code} no longer opens anything.",
        "no_link": "{code} had no link in use; nothing to end.",
        "backup_refused": "oneplan: cannot back up into {destination}: {reason}",
        "backup_damaged": "oneplan: cannot back up: the state folder is damaged: the archived copy {path}: {problem}",
        "ledger_copied": "Ledger copied to {path}.",
        "ledger_on_server": "The ledger is in a database server (ONEPLAN_LEDGER_URL): it was not copied. Dump it with pg_dump before this command (the guide, 'The state folder').",
        "archive_copied": "Archive: {copied} copied, {kept} already there; other files of the state folder: {others}.",
        "use_backup": "Use it with: oneplan run --state {destination} (from any folder)",
    },
}


def say(lang: str, key: str, **values: object) -> str:
    """The line `key` in `lang` (th or en), filled with `values`; `month` is filled in
    from `period` (`พฤศจิกายน 2569`) where the line names one."""
    words = WORDS[lang if lang in WORDS else "th"]
    if "period" in values and values["period"]:
        values.setdefault("month", thai_period(str(values["period"])))
    return words[key].format(**values)


def counted(lang: str, noun: str, count: int) -> str:
    """`count` with its noun: "1 warning", "2 warnings"; "คำเตือน" aside, "3 รายการ"."""
    one, many, classifier = NOUNS[noun]
    if lang == "en":
        return f"{count:,} {one if count == 1 else many}"
    return f"{count:,} {classifier}"


def status_word(lang: str, status: str) -> str:
    """An agency's status of the month in the words the reports use (`report.labels`)."""
    return label(status, lang if lang in ("th", "en") else "th")


def severity_word(lang: str, severity: str) -> str:
    return SEVERITIES.get(lang, SEVERITIES["th"]).get(severity, severity)


def percent_words(lang: str, shown: str) -> str:
    """A percentage as `account_of` shows it ("38.0%", "-"): " ร้อยละ 38.0" in Thai."""
    if shown == "-" or not shown.endswith("%"):
        return say(lang, "no_percent")
    return say(lang, "percent", value=shown.removesuffix("%"))
