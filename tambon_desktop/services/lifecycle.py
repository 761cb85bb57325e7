"""Lifecycles of records: who may move a record from which status to which, and what is
locked where. Pure rules (no I/O) so the UI, the CLI and the server ask the same table."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("clerk", "checker", "district_chief", "province_officer", "admin")
ROLE_LABELS = {"clerk": "เจ้าหน้าที่ธุรการ", "checker": "ปลัดอำเภอ (ผู้ตรวจ)",
               "district_chief": "นายอำเภอ", "province_officer": "เจ้าหน้าที่จังหวัด", "admin": "ผู้ดูแลระบบ"}

STATUS_LABELS = {
    "draft": "ร่าง", "submitted": "ส่งตรวจ", "checked": "ตรวจแล้ว", "returned": "ส่งกลับแก้ไข",
    "certified": "รับรองแล้ว", "cancelled": "ยกเลิก", "proposed": "เสนอ", "approved": "อนุมัติ",
    "sent": "ส่งแล้ว", "final": "บันทึกแล้ว",
}


@dataclass(frozen=True)
class Action:
    name: str
    label_th: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    needs_comment: bool = False


_ANY = ("clerk", "checker", "district_chief", "admin")
_CHECKERS = ("checker", "district_chief", "admin")
LIFECYCLES: dict[str, dict[str, Action]] = {
    "minutes": {a.name: a for a in (
        Action("submit", "ส่งตรวจ", ("draft", "returned"), "submitted", _ANY),
        Action("return", "ส่งกลับแก้ไข", ("submitted", "checked"), "returned", _CHECKERS, True),
        Action("check", "ตรวจแล้ว", ("submitted",), "checked", _CHECKERS),
        Action("certify", "รับรอง", ("checked",), "certified", _CHECKERS),
        Action("cancel", "ยกเลิกการประชุม", ("draft", "returned", "submitted"), "cancelled", _ANY),
    )},
    "project": {a.name: a for a in (
        Action("submit", "เสนอ", ("draft", "returned"), "proposed", _ANY),
        Action("return", "ส่งกลับแก้ไข", ("proposed",), "returned", ("district_chief", "admin"), True),
        Action("approve", "อนุมัติ", ("proposed",), "approved", ("district_chief", "admin")),
    )},
    "report": {a.name: a for a in (
        Action("send", "ส่งรายงาน", ("draft",), "sent", _ANY),
    )},
    "simple": {a.name: a for a in (
        Action("finalize", "บันทึก", ("draft",), "final", _ANY),
    )},
}
# Statuses in which the data may still be edited.
EDITABLE = {"minutes": ("draft", "returned"), "project": ("draft", "returned", "approved"),
            "report": ("draft",), "simple": ("draft",)}
# Statuses that may be deleted (soft): never the legal record.
DELETABLE = {"minutes": ("draft",), "project": ("draft", "returned"), "report": ("draft",),
             "simple": ("draft",)}


def actions_for(lifecycle: str, status: str, role: str) -> list[Action]:
    return [a for a in LIFECYCLES[lifecycle].values() if status in a.sources and role in a.roles]


def find_action(lifecycle: str, name: str) -> Action | None:
    table = LIFECYCLES[lifecycle]
    if name in table:
        return table[name]
    for action in table.values():  # Thai names work too: ส่งตรวจ, รับรอง ...
        if action.label_th == name:
            return action
    return None
