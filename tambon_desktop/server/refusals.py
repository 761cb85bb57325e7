"""Why the server refuses one op: every reason apply_ops gives has a stable code and an English
text for admins and a Thai one for the clerk, in one table. On the wire a refusal travels as
OpResult.reason in the one-line form `code: English — Thai` (protocol.lifecycle.Refusal.reason)
that every PC already splits (protocol.lifecycle.split_reason): no new field, so older PCs read it
too. The lifecycle and role checks (server/roles.py, protocol.lifecycle) and the record checks
(server/records_check.py) build their refusals the same way."""

from __future__ import annotations

from tambon_desktop.protocol.lifecycle import Refusal

# code: (English, Thai); {placeholders} are filled by refusal(code, **values)
REFUSALS: dict[str, tuple[str, str]] = {
    # a whole batch (the HTTP error's detail, or a USB bundle's refusal): nothing applied
    "batch.revoked": (
        "this device has been revoked",
        "เครื่องนี้ถูกเพิกถอนแล้ว ติดต่อผู้ดูแลระบบ"),
    "batch.wrong_device": (
        "this batch belongs to another device than the token's",
        "ชุดการแก้ไขนี้เป็นของเครื่องอื่น ไม่ใช่เครื่องที่ลงชื่อเข้าใช้"),
    "batch.signature": (
        "batch signature does not verify with this device's key",
        "ลายมือชื่อของชุดการแก้ไขไม่ตรงกับกุญแจของเครื่องนี้"),
    "batch.foreign_op": (
        "op {op} belongs to another device",
        "การแก้ไข {op} เป็นของเครื่องอื่น"),
    "batch.op_hash": (
        "op {op}: hash does not match its content (changed on the way?); nothing was applied",
        "การแก้ไข {op} ไม่ตรงกับรหัสตรวจสอบ (อาจถูกเปลี่ยนระหว่างทาง) จึงไม่ได้บันทึกสิ่งใด"),
    "batch.op_signature": (
        "op {op}: signature does not verify with this device's key",
        "ลายมือชื่อของการแก้ไข {op} ไม่ตรงกับกุญแจของเครื่องนี้"),
    # one op (OpResult.reason): the device's next ops still apply
    "op.id_reused": (
        "op id already used by another op",
        "รหัสการแก้ไขนี้ถูกใช้กับการแก้ไขอื่นแล้ว"),
    "op.seq_used": (
        "device sequence number already used",
        "ลำดับการแก้ไขนี้ของเครื่องถูกใช้ไปแล้ว"),
    "op.waiting": (
        "waiting for op {seq} of this device",
        "รอการแก้ไขลำดับที่ {seq} ของเครื่องนี้ก่อน"),
    "op.hash": (
        "op hash does not match its content",
        "ข้อมูลการแก้ไขไม่ตรงกับรหัสตรวจสอบ (อาจเสียหายระหว่างทาง)"),
    "op.chain": (
        "op does not follow this device's previous op (hash chain)",
        "การแก้ไขนี้ไม่ต่อจากการแก้ไขก่อนหน้าของเครื่องนี้"),
    "record.outside_district": (
        "record area is outside this device's district",
        "พื้นที่ของระเบียนอยู่นอกอำเภอของเครื่องนี้"),
    "record.id_in_use": (
        "record id is already in use",
        "รหัสระเบียนนี้มีอยู่แล้วบนเซิร์ฟเวอร์"),
    "record.not_found": (
        "no such record in this district",
        "ไม่พบระเบียนนี้ในอำเภอบนเซิร์ฟเวอร์"),
    "record.deleted": (
        "record has been deleted",
        "ระเบียนนี้ถูกลบแล้ว"),
    "record.form_mismatch": (
        "op form does not match the record's form",
        "แบบฟอร์มของการแก้ไขไม่ตรงกับแบบฟอร์มของระเบียน"),
    "lifecycle.certified": (
        "certified minutes never change; record an amendment instead",
        "รายงานการประชุมที่รับรองแล้วแก้ไขไม่ได้ (สร้างบันทึกแก้ไขแทน)"),
    "lifecycle.sent_report": (
        "a sent progress report cannot change; send a new report instead",
        "รายงานความก้าวหน้าที่ส่งแล้วแก้ไขไม่ได้ (ส่งรายงานฉบับใหม่แทน)"),
}


def refusal(code: str, **values: object) -> Refusal:
    english, thai = REFUSALS[code]
    return Refusal(code, english.format(**values), thai.format(**values))
