"""Every text the app shows, in Thai (default) and English: a plain label table, chosen once
at start by --lang. Form labels come from the form definitions (label.th / label.en)."""

from __future__ import annotations

_LANG = "th"

_TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("ระบบบันทึกการประชุมและโครงการ อำเภอ", "Tambon Desktop"),
    # sections
    "section.meeting": ("รายงานการประชุม", "Meetings"),
    "section.project": ("โครงการ", "Projects"),
    "section.progress_report": ("รายงานความก้าวหน้า", "Progress reports"),
    "section.amendment": ("บันทึกแก้ไขรายงาน", "Amendments"),
    "section.exchange": ("แลกเปลี่ยนข้อมูล (USB)", "Exchange (USB)"),
    "section.sync": ("ซิงก์กับเซิร์ฟเวอร์", "Sync"),
    "section.settings": ("ตั้งค่า", "Settings"),
    "section.overview": ("ภาพรวม", "Overview"),
    # list
    "list.search": ("ค้นหา (Ctrl+F) เช่น ชื่อคณะ ชื่อคน สถานที่…", "Search (Ctrl+F)…"),
    "list.all_status": ("ทุกสถานะ", "All statuses"),
    "list.new": ("สร้างใหม่ (Ctrl+N)", "New (Ctrl+N)"),
    "list.open": ("เปิด", "Open"),
    "list.delete": ("ลบ", "Delete"),
    "list.print": ("พิมพ์ (Ctrl+P)", "Print (Ctrl+P)"),
    "list.count": ("{n:,} รายการ", "{n:,} records"),
    "list.count_more": ("มากกว่า {n:,} รายการ (พิมพ์คำค้นให้เจาะจงขึ้น)",
                        "more than {n:,} records (narrow the search)"),
    "list.loading": ("กำลังเปิดพื้นที่ทำงาน…", "Opening the workspace…"),
    "col.title": ("ชื่อเรื่อง", "Title"),
    "col.date": ("วันที่", "Date"),
    "col.status": ("สถานะ", "Status"),
    "col.next": ("ขั้นตอนถัดไป", "Next step"),
    "col.area": ("พื้นที่", "Area"),
    "col.updated": ("แก้ไขล่าสุด", "Updated"),
    "col.why": ("พบคำค้นใน", "Matched in"),
    "col.number": ("ครั้งที่", "No."),
    "confirm.delete": ("ลบระเบียนที่เลือก {n} รายการ?", "Delete {n} selected record(s)?"),
    # editor
    "editor.new": ("สร้าง{form}", "New {form}"),
    "editor.save": ("บันทึก (Ctrl+S)", "Save (Ctrl+S)"),
    "editor.print": ("พิมพ์ (Ctrl+P)", "Print (Ctrl+P)"),
    "editor.close": ("ปิด (Esc)", "Close (Esc)"),
    "editor.saved": ("บันทึกแล้ว", "Saved"),
    "editor.unsaved": ("ยังไม่ได้บันทึก", "Not saved"),
    "editor.readonly": ("อ่านอย่างเดียว: {status}", "Read only: {status}"),
    "editor.errors": ("กรุณาแก้ไข {n} ช่องที่มีปัญหา", "Please fix {n} field(s)"),
    "editor.ask_close": ("มีข้อมูลที่ยังไม่ได้บันทึก ต้องการบันทึกก่อนปิดหรือไม่?",
                         "There are unsaved changes. Save before closing?"),
    "repeat.add": ("+ เพิ่ม{label}", "+ Add {label}"),
    "repeat.up": ("เลื่อนขึ้น", "Move up"),
    "repeat.down": ("เลื่อนลง", "Move down"),
    "repeat.remove": ("ลบรายการนี้", "Remove"),
    "repeat.item": ("ลำดับที่ {n}", "Item {n}"),
    "carry.label": ("ต่อจากครั้งก่อนของ", "Continue from the last meeting of"),
    "carry.button": ("ใหม่จากครั้งก่อน", "New from the last meeting"),
    "carry.tip": ("คัดลอกคณะ สถานที่ พื้นที่ และผู้มาประชุมพร้อมตำแหน่งในที่ประชุมจากการประชุมครั้งล่าสุดของคณะนี้",
                  "Copy committee, venue, area and attendees with their roles from this "
                  "committee's last meeting"),
    "carry.item": ("{committee} — ครั้งที่ {number} ({date})", "{committee} — no. {number} ({date})"),
    "agenda.template": ("ระเบียบวาระจากแม่แบบ:", "Agenda from a template:"),
    "agenda.apply": ("ใส่ระเบียบวาระ", "Insert agenda"),
    "person.prefixes": ("คำนำหน้า (เลือกหรือพิมพ์เอง)", "Prefix (pick or type)"),
    "choice.none": ("— ไม่ระบุ —", "— none —"),
    "area.changwat": ("จังหวัด", "Province"),
    "area.amphoe": ("อำเภอ", "District"),
    "area.tambon": ("ตำบล", "Subdistrict"),
    "area.village": ("หมู่ที่", "Village"),
    "person.prefix": ("คำนำหน้า", "Prefix"),
    "person.name": ("ชื่อ-สกุล", "Name"),
    "person.position": ("ตำแหน่ง", "Position"),
    "date.pick": ("เลือกวันที่", "Pick a date"),
    "date.hint": ("วว/ดด/ปปปป (พ.ศ.)", "dd/mm/yyyy (BE)"),
    "time.hint": ("ชช:นน เช่น 09:30", "hh:mm e.g. 09:30"),
    "list.lines": ("หนึ่งบรรทัดต่อหนึ่งรายการ", "One item per line"),
    "attach.add": ("แนบไฟล์…", "Attach file…"),
    "attach.remove": ("เอาออก", "Remove"),
    "attach.open": ("เปิดไฟล์", "Open"),
    "sensitive.show": ("แสดง", "Show"),
    "sensitive.hide": ("ซ่อน", "Hide"),
    "sensitive.tip": ("ข้อมูลอ่อนไหว (PDPA มาตรา ๒๖) ซ่อนไว้และไม่ส่งออก กด แสดง เพื่อดูหรือแก้ไข",
                      "Sensitive data (PDPA s.26): hidden and not exported; Show to see or edit"),
    "ref.none": ("— เลือกระเบียน —", "— choose a record —"),
    # lifecycle
    "life.title": ("ขั้นตอนการรับรอง", "Workflow"),
    "life.status": ("สถานะ: {status}", "Status: {status}"),
    "life.history": ("ประวัติ", "History"),
    "life.amend": ("สร้างบันทึกแก้ไข", "Create amendment"),
    "life.no_actions": ("ไม่มีขั้นตอนที่ทำได้ในบทบาทนี้", "No actions for your role"),
    "life.save_first": ("บันทึกก่อนจึงจะส่งต่อได้", "Save first"),
    # asking before a lifecycle step (ui.step_dialog)
    "step.title": ("ยืนยัน{action}", "Confirm: {action}"),
    "step.ask": ("ต้องการ{action} “{title}” ใช่หรือไม่?", "{action} “{title}”?"),
    "step.moves": ("สถานะจะเปลี่ยนจาก {before} เป็น {after}", "The status goes from {before} to {after}."),
    "step.reason": ("เหตุผล (ต้องกรอก บันทึกไว้ในประวัติ)", "Reason (required; kept in the history)"),
    "step.reason_hint": ("เช่น ชื่อสถานที่ไม่ถูกต้อง", "e.g. the venue is wrong"),
    "step.back": ("ย้อนกลับ ไม่เปลี่ยนแปลง", "Go back, change nothing"),
    "step.note.minutes.submit": ("เมื่อส่งตรวจแล้ว จะแก้ไขรายงานไม่ได้จนกว่าผู้ตรวจจะส่งกลับแก้ไข",
                                 "Once submitted the minutes cannot be edited until returned."),
    "step.note.minutes.return": ("รายงานจะกลับไปให้ผู้จดรายงานแก้ไข",
                                 "The minutes go back to the minute-taker."),
    "step.note.minutes.check": ("ยืนยันว่าได้ตรวจรายงานแล้ว รายงานจะรอการรับรอง",
                                "The minutes are checked and wait for certification."),
    "step.note.minutes.certify": ("รายงานที่รับรองแล้วแก้ไขไม่ได้อีก ถ้าต้องแก้ต้องสร้างบันทึกแก้ไข",
                                  "Certified minutes can no longer be edited: corrections are "
                                  "amendments."),
    "step.note.minutes.cancel": ("การประชุมที่ยกเลิกยังคงเลขครั้งที่ไว้ และย้อนกลับไม่ได้",
                                 "A cancelled meeting keeps its number; this cannot be undone."),
    "step.note.project.submit": ("เมื่อเสนอแล้ว จะแก้ไขโครงการไม่ได้จนกว่าจะถูกส่งกลับแก้ไข",
                                 "Once proposed the project cannot be edited until returned."),
    "step.note.project.return": ("โครงการจะกลับไปให้ผู้เสนอแก้ไข", "The project goes back for changes."),
    # print
    "print.title": ("ตัวอย่างก่อนพิมพ์", "Print preview"),
    "print.print": ("พิมพ์…", "Print…"),
    "print.save": ("บันทึกเป็น PDF…", "Save as PDF…"),
    "print.batch_item": ("กำลังสร้างรายงานการประชุม ฉบับที่ {n} จาก {of}…",
                         "Rendering minutes {n} of {of}…"),
    "print.batch_join": ("กำลังรวมเป็นไฟล์เดียว…", "Joining into one file…"),
    "print.batch_title": ("รายงานการประชุม {n} ฉบับ", "{n} sets of minutes"),
    "print.open": ("เปิดด้วยโปรแกรมดู PDF", "Open in PDF viewer"),
    "print.rendering": ("กำลังสร้างเอกสาร…", "Rendering…"),
    "print.printing": ("กำลังส่งไปเครื่องพิมพ์…", "Printing…"),
    "print.page": ("หน้า {n} จาก {of}", "Page {n} of {of}"),
    "print.only_minutes": ("พิมพ์ได้เฉพาะรายงานการประชุม", "Only meeting minutes can be printed"),
    "print.pages": ("{n} หน้า", "{n} page(s)"),
    "settings.print": ("รูปแบบการพิมพ์รายงานการประชุม (เครื่องนี้)", "How minutes are printed (this PC)"),
    "settings.print.thai_digits": ("ใช้เลขไทย (๑ ๒ ๓)", "Thai digits (๑ ๒ ๓)"),
    "settings.print.be_label": ("ใส่ \"พ.ศ.\" หน้าปี", "\"พ.ศ.\" before the year"),
    "settings.print.weekday": ("ใส่ชื่อวันในวันที่ประชุม", "The weekday in the meeting date"),
    "settings.print.continuation": ("พิมพ์คำต่อที่มุมขวาล่างของทุกหน้า (/คำแรกของหน้าถัดไป…)",
                                    "Continuation word at each page foot (/next page's first word…)"),
    "settings.print.justify": ("จัดย่อหน้าแบบกระจายแบบไทย (ชิดขอบทั้งสองด้าน)",
                               "Thai distributed justification of paragraphs"),
    "settings.print.sample": ("ตัวอย่าง", "Sample"),
    "settings.print.save": ("บันทึกรูปแบบการพิมพ์", "Save print style"),
    "monthly.button": ("พิมพ์รายงานประจำเดือน (Ctrl+P)", "Monthly report (Ctrl+P)"),
    "monthly.title": ("พิมพ์รายงานผลการดำเนินงานประจำเดือน", "Print the monthly report"),
    "monthly.month": ("เดือน", "Month"),
    "monthly.year": ("ปี พ.ศ.", "Year (B.E.)"),
    "monthly.tambon": ("ตำบล", "Tambon"),
    "monthly.all_tambons": ("ทุกตำบลที่มีรายงาน", "Every tambon with reports"),
    "monthly.preview": ("ดูตัวอย่างก่อนพิมพ์", "Preview"),
    "monthly.file_title": ("รายงานประจำเดือน{month} {year}", "Monthly report {month} {year}"),
    # status bar
    "status.offline": ("ออฟไลน์", "Offline"),
    "status.online": ("ออนไลน์", "Online"),
    "status.no_server": ("ออฟไลน์ (ยังไม่ได้ตั้งค่าเซิร์ฟเวอร์)", "Offline (no server set up)"),
    "status.pending": ("รอส่ง {n}", "{n} pending"),
    "status.last_sync": ("ซิงก์ล่าสุด: {at}", "Last sync: {at}"),
    "status.never": ("ยังไม่เคย", "never"),
    "status.conflicts": ("ข้อขัดแย้งรอตรวจ {n}", "{n} conflicts to review"),
    "status.user": ("{user} ({role})", "{user} ({role})"),
    # drafts
    "drafts.found": ("พบร่างที่ยังไม่ได้บันทึก {n} รายการ (จากครั้งที่แล้วที่โปรแกรมปิดไม่ปกติ)",
                     "{n} unsaved draft(s) found from the last session"),
    "drafts.restore": ("กู้คืน", "Restore"),
    "drafts.discard": ("ทิ้ง", "Discard"),
    # setup
    "setup.title": ("ตั้งค่าเริ่มต้น", "First-time set-up"),
    "setup.intro": ("ยินดีต้อนรับ กรุณาเลือกอำเภอที่ทำงาน และกรอกชื่อผู้ใช้ "
                    "หรือลองใช้พื้นที่ทดลองที่มีรายงานการประชุมตัวอย่าง",
                    "Welcome. Choose your district and enter your name, or try the demo "
                    "workspace with a sample meeting."),
    "setup.province": ("จังหวัด", "Province"),
    "setup.district": ("อำเภอ (รหัส ปค.)", "District (DOPA code)"),
    "setup.user": ("ชื่อผู้ใช้", "Your name"),
    "setup.role": ("บทบาท", "Role"),
    "setup.start": ("เริ่มใช้งาน", "Start"),
    "setup.demo": ("เปิดพื้นที่ทดลอง (มีข้อมูลตัวอย่าง)", "Open a demo workspace"),
    "setup.folder": ("โฟลเดอร์ข้อมูล: {path}", "Data folder: {path}"),
    "setup.demo_user": ("ผู้ทดลองใช้", "Demo user"),
    # exchange
    "exchange.outbox": ("รายการเปลี่ยนแปลงในเครื่องนี้", "Local changes (outbox)"),
    "exchange.state.pending": ("รอส่ง", "Pending"),
    "exchange.state.sent": ("ส่งแล้ว รอยืนยัน", "Sent"),
    "exchange.state.acked": ("เซิร์ฟเวอร์รับแล้ว", "Acknowledged"),
    "exchange.state.rejected": ("ถูกปฏิเสธ", "Rejected"),
    "exchange.records": ("ไฟล์ระเบียนสำหรับแลกเปลี่ยน", "Record files (tambon-record/1)"),
    "exchange.import": ("นำเข้าไฟล์ระเบียน…", "Import record files…"),
    "exchange.export": ("ส่งออกระเบียนที่เลือกในรายการ…", "Export selected record…"),
    "exchange.backup": ("สำรองฐานข้อมูลไปยัง…", "Back up the database to…"),
    "exchange.usb": ("ชุดข้อมูล USB", "USB bundles"),
    "exchange.usb_export": ("เขียนชุดข้อมูลส่งจังหวัดลง USB…", "Write an up-bundle to USB…"),
    "exchange.usb_pick": ("เลือกแฟลชไดรฟ์ที่จะเขียนชุดข้อมูล", "Choose the USB drive to write to"),
    "exchange.usb_other": ("โฟลเดอร์อื่น…", "Another folder…"),
    "exchange.usb_import": ("ตรวจและนำเข้าชุดข้อมูลจาก USB…", "Preview and import a bundle…"),
    "exchange.relay_retry": ("ส่งต่อชุดที่พักไว้อีกครั้ง", "Relay the set-aside bundle again"),
    "exchange.relay_drop": ("นำชุดที่พักไว้ออกจากคิว", "Remove the set-aside bundle"),
    "exchange.usb_missing": ("ยังไม่มีโมดูลชุดข้อมูล USB ในรุ่นนี้: "
                             "ใช้การนำเข้า/ส่งออกไฟล์ระเบียนและการสำรองข้อมูลด้านบนแทน",
                             "The USB bundle module is not in this build yet: use record files "
                             "and backups above."),
    "exchange.done": ("เสร็จแล้ว: {what}", "Done: {what}"),
    "exchange.json_filter": ("ไฟล์ระเบียน (*.json)", "Record files (*.json)"),
    "exchange.usb_filter": ("ชุดข้อมูล (*.tambon);;ทุกไฟล์ (*)", "Bundles (*.tambon);;All files (*)"),
    "exchange.usb_written": ("เขียนชุดข้อมูลแล้ว {n:,} รายการ: {path}",
                             "Bundle written, {n:,} changes: {path}"),
    "exchange.usb_applied": ("นำเข้าชุดข้อมูลแล้ว ระเบียนเปลี่ยน {n:,} รายการ",
                             "Bundle imported, {n:,} records changed"),
    "exchange.usb_queued": ("เก็บชุดข้อมูลไว้ส่งต่อเซิร์ฟเวอร์ในการซิงก์ครั้งถัดไปแล้ว",
                            "Bundle kept for the server: it is sent at the next sync"),
    # USB ledger (columns of services.usb.LEDGER_COLUMNS)
    "ledger.title": ("ทะเบียนชุดข้อมูลที่ส่งและรับ (ล่าสุดอยู่บน)",
                     "Bundles sent and received (newest first)"),
    "ledger.last_at": ("เวลา", "When"),
    "ledger.direction": ("ทาง", "Direction"),
    "ledger.kind": ("ชนิด", "Kind"),
    "ledger.district": ("อำเภอ", "District"),
    "ledger.device_id": ("เครื่อง", "Device"),
    "ledger.bundle_id": ("รหัสชุด", "Bundle"),
    "ledger.seq_first": ("ลำดับแรก", "First seq"),
    "ledger.seq_last": ("ลำดับสุดท้าย", "Last seq"),
    "ledger.op_count": ("การแก้ไข", "Ops"),
    "ledger.change_count": ("ระเบียน", "Changes"),
    "ledger.attachment_count": ("ไฟล์แนบ", "Attachments"),
    "ledger.encrypted": ("เข้ารหัส", "Encrypted"),
    "ledger.state": ("สถานะ", "State"),
    "ledger.detail": ("รายละเอียด", "Detail"),
    "ledger.times": ("ครั้ง", "Times"),
    "ledger.file_name": ("ไฟล์", "File"),
    "ledger.dir.out": ("ส่งออก", "Out"),
    "ledger.dir.in": ("รับเข้า", "In"),
    "usb.kind.up": ("อำเภอ → เซิร์ฟเวอร์", "District → server"),
    "usb.kind.down": ("เซิร์ฟเวอร์ → อำเภอ", "Server → district"),
    "usb.action.apply": ("นำข้อมูลเข้าเครื่องนี้ (เหมือนซิงก์ออนไลน์)",
                         "Apply to this PC (as an online sync would)"),
    "usb.action.relay": ("เก็บไว้ส่งต่อให้เซิร์ฟเวอร์ในการซิงก์ครั้งถัดไป",
                         "Keep it and pass it to the server at the next sync"),
    "usb.signer.server": ("เซิร์ฟเวอร์ (ตรวจลายมือชื่อแล้ว)", "The server (signature checked)"),
    "usb.signer.device": ("เครื่อง {device} (ตรวจลายมือชื่อแล้ว)",
                          "Device {device} (signature checked)"),
    "usb.preview.title": ("ตรวจชุดข้อมูลก่อนนำเข้า", "Bundle preview"),
    "usb.preview.kind": ("ชนิด", "Kind"),
    "usb.preview.action": ("เมื่อนำเข้า", "Importing will"),
    "usb.preview.district": ("อำเภอ", "District"),
    "usb.preview.device": ("เครื่องที่ทำ/ปลายทาง", "Device"),
    "usb.preview.signer": ("ผู้ลงนาม", "Signed by"),
    "usb.preview.created": ("สร้างเมื่อ", "Created"),
    "usb.preview.contents": ("เนื้อหา", "Contents"),
    "usb.preview.attachments": ("ไฟล์แนบ", "Attachments"),
    "usb.preview.encrypted": ("เข้ารหัส", "Encrypted"),
    "usb.preview.before": ("เคยนำเข้าแล้ว", "Imported before"),
    "usb.preview.times": ("{n} ครั้ง (นำเข้าซ้ำได้ รายการที่มีแล้วจะไม่ซ้ำ)",
                          "{n} time(s) (safe to import again)"),
    "usb.preview.ops": ("การแก้ไข {n:,} รายการ (ลำดับที่ {first}–{last})",
                        "{n:,} ops (seq {first}–{last})"),
    "usb.preview.changes": ("ระเบียน {n:,} รายการ, ยืนยันการแก้ไขของเครื่องนี้ถึงลำดับที่ {acked}, "
                            "ไม่รับ {rejected}",
                            "{n:,} record changes, acknowledges up to seq {acked}, "
                            "{rejected} rejected"),
    "usb.preview.not_detailed": ("ตรวจรายการทีละรายการไม่ได้ (ชุดข้อมูลเข้ารหัส)",
                                 "Items cannot be listed (encrypted bundle)"),
    "usb.preview.import": ("นำเข้า", "Import"),
    "usb.preview.queue": ("เก็บไว้ส่งต่อ", "Keep for relay"),
    "usb.count.new": ("ใหม่ {n:,}", "New {n:,}"),
    "usb.count.known": ("มีอยู่แล้ว {n:,}", "Already here {n:,}"),
    "usb.count.conflict": ("จะขัดแย้ง {n:,}", "Would conflict {n:,}"),
    "usb.item.seq": ("ลำดับ", "Seq"),
    "usb.item.kind": ("การกระทำ", "Kind"),
    "usb.item.record_id": ("รหัสระเบียน", "Record"),
    "usb.item.title": ("ชื่อเรื่อง", "Title"),
    "usb.item.state": ("ผล", "Result"),
    "usb.op.create": ("สร้าง", "create"),
    "usb.op.update": ("แก้ไข", "update"),
    "usb.op.transition": ("เปลี่ยนสถานะ", "transition"),
    "usb.op.delete": ("ลบ", "delete"),
    "usb.op.resolve": ("ตัดสินข้อขัดแย้ง", "resolve"),
    "usb.op.change": ("ระเบียนจากเซิร์ฟเวอร์", "change"),
    # sync
    "sync.server": ("ที่อยู่เซิร์ฟเวอร์", "Server URL"),
    "sync.now": ("ซิงก์เดี๋ยวนี้", "Sync now"),
    "sync.progress.pull": ("กำลังรับข้อมูล {done} จาก {total} ระเบียน",
                           "Receiving records: {done} of {total}"),
    "sync.progress.pull_open": ("กำลังรับข้อมูล {done} ระเบียน", "Receiving records: {done}"),
    "sync.progress.push": ("กำลังส่งการแก้ไข {done} จาก {total} รายการ",
                           "Sending changes: {done} of {total}"),
    "sync.progress.other": ("กำลังซิงก์…", "Syncing…"),
    "sync.login": ("ลงชื่อเข้าเซิร์ฟเวอร์", "Sign in to the server"),
    "sync.password": ("รหัสผ่าน", "Password"),
    "sync.signing_in": ("กำลังลงชื่อเข้าเซิร์ฟเวอร์…", "Signing in…"),
    "sync.fill_in": ("กรุณากรอกที่อยู่เซิร์ฟเวอร์ ชื่อผู้ใช้ และรหัสผ่าน",
                     "Enter the server address, user name and password."),
    "sync.bad_password": ("ลงชื่อไม่สำเร็จ: ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง หรือบัญชีถูกระงับ "
                          "(ติดต่อผู้ดูแลระบบ)",
                          "Sign-in failed: wrong user name or password, or the account is "
                          "disabled (ask the administrator)."),
    "sync.unreachable": ("ลงชื่อไม่สำเร็จ: ติดต่อเซิร์ฟเวอร์ไม่ได้ ตรวจที่อยู่เซิร์ฟเวอร์และการเชื่อมต่อ"
                         "อินเทอร์เน็ต แล้วลองใหม่",
                         "Sign-in failed: the server cannot be reached. Check its address and "
                         "the network, then try again."),
    "sync.refused": ("ลงชื่อไม่สำเร็จ: เซิร์ฟเวอร์ไม่รับคำขอ (รหัส {status}) ติดต่อผู้ดูแลระบบ",
                     "Sign-in failed: the server refused the request ({status}); ask the "
                     "administrator."),
    "sync.login_bug": ("ลงชื่อไม่สำเร็จ: โปรแกรมทำงานผิดพลาด ดูรายละเอียดในหน้าต่างที่แสดง",
                       "Sign-in failed: a program error (see the details shown)."),
    "sync.auto": ("ซิงก์อัตโนมัติเบื้องหลัง", "Sync in the background"),
    "sync.missing": ("ยังไม่มีโมดูลซิงก์ในรุ่นนี้ ข้อมูลทั้งหมดเก็บในเครื่องนี้",
                     "The sync module is not in this build: all data stays on this PC."),
    "sync.conflicts": ("ตรวจข้อขัดแย้ง ({n})…", "Review conflicts ({n})…"),
    "rejected.title": ("การเปลี่ยนแปลงที่เซิร์ฟเวอร์ไม่รับ ({n})", "Changes the server refused ({n})"),
    "rejected.note": ("เซิร์ฟเวอร์ไม่รับการเปลี่ยนแปลงเหล่านี้ จึงไม่ได้บันทึกไว้ และระเบียนในเครื่องนี้"
                      "กลับเป็นตามเซิร์ฟเวอร์แล้ว เปิดระเบียนเพื่อตรวจดู แล้วทำใหม่หากยังจำเป็น",
                      "The server refused these changes, so they were not kept; the records on "
                      "this PC are back to the server's. Open a record to look, and make the "
                      "change again if it is still needed."),
    "rejected.none": ("ไม่มีการเปลี่ยนแปลงที่เซิร์ฟเวอร์ไม่รับ", "The server refused no change."),
    "rejected.when": ("ทำเมื่อ", "Made"),
    "rejected.form": ("แบบฟอร์ม", "Form"),
    "rejected.record": ("ระเบียน", "Record"),
    "rejected.change": ("การเปลี่ยนแปลง", "Change"),
    "rejected.reason": ("เหตุผล", "Reason"),
    "rejected.open": ("เปิดระเบียน", "Open the record"),
    "rejected.gone": ("(ไม่มีระเบียนนี้ในเครื่อง)", "(not on this PC)"),
    "rejected.untitled": ("(ไม่มีชื่อ)", "(untitled)"),
    "rejected.to_status": ("{kind} เป็น{status}", "{kind} to {status}"),
    "rejected.values": ("ค่าที่ไม่ได้บันทึก:", "Values not kept:"),
    # conflict inbox
    "conflicts.title": ("ข้อขัดแย้งรอตรวจ", "Conflicts to review"),
    "conflicts.summary": ("มี {n} ช่องที่สองเครื่องแก้ไขพร้อมกัน ระบบใช้ค่าที่แก้ทีหลังไว้ก่อน "
                          "กรุณาเลือกค่าที่ถูกต้องหรือแก้ค่าใหม่",
                          "{n} field(s) were changed on two PCs at once. The later edit is "
                          "used for now: pick the right value or type a new one."),
    "conflicts.none": ("ไม่มีข้อขัดแย้งรอตรวจ", "No conflicts to review."),
    "conflicts.field": ("ช่องข้อมูล", "Field"),
    "conflicts.current": ("ค่าที่ใช้อยู่ตอนนี้", "Value in use"),
    "conflicts.count": ("ตัวเลือก", "Candidates"),
    "conflicts.candidates": ("ค่าที่ขัดแย้งกัน", "Conflicting values"),
    "conflicts.value": ("ค่า", "Value"),
    "conflicts.by": ("แก้ไขโดย", "Changed by"),
    "conflicts.when": ("เมื่อ", "When"),
    "conflicts.winner": ("✓ ใช้อยู่ชั่วคราว", "✓ provisional"),
    "conflicts.this_pc": ("เครื่องนี้ ({user})", "This PC ({user})"),
    "conflicts.other_pc": ("เครื่องอื่น ({device})", "Another PC ({device})"),
    "conflicts.empty": ("(ว่าง)", "(empty)"),
    "conflicts.choose": ("ใช้ค่าที่เลือก", "Use the selected value"),
    "conflicts.edit": ("หรือแก้เป็นค่าใหม่:", "Or type a new value:"),
    "conflicts.save_edit": ("บันทึกค่าที่แก้", "Save this value"),
    "conflicts.reload": ("โหลดใหม่", "Reload"),
    "conflicts.note": ("การตัดสินจะบันทึกเป็นการแก้ไขและส่งไปเซิร์ฟเวอร์ในการซิงก์ครั้งถัดไป",
                       "Your decision is saved as an edit and sent with the next sync."),
    "status.conflicts_tip": ("คลิกเพื่อตรวจข้อขัดแย้ง", "Click to review conflicts"),
    # settings
    "settings.user": ("ผู้ใช้เครื่องนี้", "User at this PC"),
    "settings.role_note": ("บทบาทกำหนดไว้ตอนตั้งค่าพื้นที่ทำงาน หรือตามบัญชีเมื่อลงชื่อเข้าเซิร์ฟเวอร์ "
                           "ผู้ใช้เปลี่ยนเองที่นี่ไม่ได้ ถ้าต้องเปลี่ยน (เช่น ปลัดอำเภอใช้เครื่องนี้ตรวจรายงาน) "
                           "ให้ลงชื่อเข้าเซิร์ฟเวอร์ด้วยบัญชีของผู้นั้น หรือให้ผู้ดูแลเครื่องเปลี่ยนตามคู่มือ",
                           "The role is set when the workspace is set up, or by the account "
                           "signed in to the server; it cannot be changed here. To work as "
                           "another role, sign in to the server with that person's account, or "
                           "have the PC's administrator change it (see the README)."),
    "settings.district": ("อำเภอ: {name} ({code})", "District: {name} ({code})"),
    "settings.folder": ("โฟลเดอร์ข้อมูล: {path}", "Data folder: {path}"),
    "settings.device": ("รหัสเครื่อง: {id}", "Device id: {id}"),
    "settings.lang": ("ภาษา: ไทย (ผู้ดูแลระบบเปิดโปรแกรมเป็นภาษาอังกฤษได้ ดูคู่มือ)",
                      "Language: English (start with --lang th for Thai)"),
    "size.bytes": ("{n:,} ไบต์", "{n:,} B"),
    "size.kb": ("{n:,.0f} กิโลไบต์", "{n:,.0f} KB"),
    "size.mb": ("{n:,.1f} เมกะไบต์", "{n:,.1f} MB"),
    "error.detail": ("รายละเอียดทางเทคนิค (สำหรับผู้ดูแลระบบ):", "Technical detail:"),
    # errors
    "error.title": ("เกิดข้อผิดพลาด", "Error"),
    "error.bug": ("โปรแกรมทำงานผิดพลาด (ไม่ใช่ความผิดของผู้ใช้) "
                  "กรุณาคัดลอกรายละเอียดส่งให้ผู้ดูแลระบบ",
                  "Something went wrong in the program. Please copy the details for support."),
    "error.copy": ("คัดลอกรายละเอียด", "Copy details"),
    # the province overview (ภาพรวม)
    "overview.month": ("เดือน", "Month"),
    "overview.filter": ("กรองตามชื่ออำเภอ…", "Filter by district…"),
    "overview.flagged_only": ("เฉพาะอำเภอที่ส่งล่าช้าหรือเงียบ", "Late or silent only"),
    "overview.title": ("ภาพรวม{scope} ประจำเดือน{month} (ปีงบประมาณ {fy})",
                       "Overview of {scope}, {month} (fiscal year {fy})"),
    "overview.totals": ("รวม: รายงาน {reports}/{projects} โครงการ · อนุมัติ {approved} บาท · "
                        "เบิกจ่าย {disbursed} บาท (ร้อยละ {pct}) · ผลงานเฉลี่ยร้อยละ {physical} · "
                        "ผู้ได้รับประโยชน์ {people} คน · ประชุม {meetings} ครั้ง รับรองแล้ว "
                        "{certified} · ส่งล่าช้า {late} อำเภอ · เงียบเกิน 21 วัน {silent} อำเภอ",
                        "Total: reports {reports}/{projects} projects · approved {approved} · "
                        "disbursed {disbursed} ({pct}%) · mean progress {physical}% · "
                        "people {people} · meetings {meetings}, certified {certified} · "
                        "late {late} · silent over 21 days {silent}"),
    "overview.col.district": ("อำเภอ", "District"),
    "overview.col.reports": ("รายงาน/โครงการ", "Reports/projects"),
    "overview.col.approved": ("อนุมัติ (บาท)", "Approved"),
    "overview.col.disbursed": ("เบิกจ่าย (บาท)", "Disbursed"),
    "overview.col.disbursed_pct": ("เบิกจ่าย (ร้อยละ)", "Disbursed %"),
    "overview.col.physical": ("ผลงาน (ร้อยละ)", "Progress %"),
    "overview.col.people": ("ผู้ได้รับประโยชน์", "People reached"),
    "overview.col.meetings": ("ประชุม/รับรอง", "Meetings/certified"),
    "overview.col.received": ("รับข้อมูลล่าสุด", "Last received"),
    "overview.col.via": ("ช่องทาง", "Via"),
    "overview.col.note": ("หมายเหตุ", "Note"),
    "overview.via.online": ("ออนไลน์", "online"),
    "overview.via.usb": ("USB", "USB"),
    "overview.via.none": ("-", "-"),
    "overview.late": ("ส่งล่าช้า", "late"),
    "overview.silent": ("เงียบ", "silent"),
    "overview.export_pdf": ("รายงาน PDF…", "Report PDF…"),
    "overview.export_xlsx": ("ตารางคำนวณ…", "Spreadsheet…"),
    "overview.export_tip": ("รายงานผลการดำเนินงานประจำเดือน ระดับจังหวัด ของเดือนที่เลือก",
                            "The province's consolidated monthly report of the chosen month"),
    "overview.exporting": ("กำลังจัดทำรายงาน…", "Making the report…"),
    "overview.exported": ("บันทึกรายงานแล้ว: {path}", "Report saved: {path}"),
    "overview.pdf_filter": ("เอกสาร PDF (*.pdf)", "PDF document (*.pdf)"),
    "overview.xlsx_filter": ("ตารางคำนวณ (*.xlsx)", "Spreadsheet (*.xlsx)"),
    "overview.open_hint": ("ดับเบิลคลิกหรือกด Enter ที่อำเภอเพื่อดูโครงการ รายงาน และบันทึกการประชุม",
                           "Double-click or press Enter on a district to see its projects, "
                           "reports and minutes"),
    "district.title": ("อำเภอ{name} จังหวัด{province} (ดูอย่างเดียว)",
                       "{name} district, {province} (read-only)"),
    "district.tab.project": ("โครงการ ({n})", "Projects ({n})"),
    "district.tab.progress_report": ("รายงานความก้าวหน้า ({n})", "Progress reports ({n})"),
    "district.tab.meeting": ("บันทึกการประชุม ({n})", "Minutes ({n})"),
    "district.col.title": ("เรื่อง", "Title"),
    "district.col.date": ("วันที่", "Date"),
    "district.col.status": ("สถานะ", "Status"),
    "district.close": ("ปิด", "Close"),
    "chart.disbursed": ("เบิกจ่าย (ร้อยละของงบอนุมัติ)", "Disbursed (% of approved)"),
    "chart.physical": ("ผลการดำเนินงาน (ร้อยละ)", "Physical progress (%)"),
    "chart.disbursed_short": ("เบิกจ่าย (ร้อยละ)", "Disbursed %"),
    "chart.physical_short": ("ผลงาน (ร้อยละ)", "Progress %"),
    "chart.silent": ("เงียบเกิน 21 วัน", "silent over 21 days"),
    "chart.no_report": ("ไม่มีรายงานเดือนนี้", "no report this month"),
    "chart.district_line": ("อำเภอ{name} (เส้นประ)", "{name} (dashed)"),
    "chart.tip": ("{name}: เบิกจ่ายร้อยละ {disbursed} · ผลงานร้อยละ {physical}",
                  "{name}: disbursed {disbursed}% · progress {physical}%"),
    "chart.year_title": ("รายเดือน ปีงบประมาณ {fy}", "Month by month, fiscal year {fy}"),
    "yes": ("ใช่", "Yes"),
    "no": ("ไม่", "No"),
    "save": ("บันทึก", "Save"),
    "discard": ("ไม่บันทึก", "Discard"),
    "cancel": ("ยกเลิก", "Cancel"),
    "ok": ("ตกลง", "OK"),
    "details": ("แสดงรายละเอียด", "Show Details"),
}


def set_language(lang: str) -> None:
    global _LANG
    _LANG = "en" if lang == "en" else "th"


def language() -> str:
    return _LANG


def tr(key: str, **kwargs: object) -> str:
    th, en = _TEXTS[key]
    text = en if _LANG == "en" else th
    return text.format(**kwargs) if kwargs else text


def has_text(key: str) -> bool:
    return key in _TEXTS


def size_text(n: int) -> str:
    """A file size a clerk reads: 43,442 bytes as "42 กิโลไบต์"."""
    if n < 1024:
        return tr("size.bytes", n=n)
    if n < 1024 * 1024:
        return tr("size.kb", n=n / 1024)
    return tr("size.mb", n=n / (1024 * 1024))


def label(obj) -> str:
    """A form Label (th/en) in the current language."""
    return obj.en if _LANG == "en" else obj.th


def status_label(status: str) -> str:
    from tambon_desktop.services.lifecycle import STATUS_LABELS

    if _LANG == "en":
        return status
    return STATUS_LABELS.get(status, status)
