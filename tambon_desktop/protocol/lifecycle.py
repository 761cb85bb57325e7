"""Lifecycles of records: who may move a record from which status to which, and what is
locked where. Pure rules (no I/O), the one table the desktop (services.records, the UI, the
CLI) and the server (apply_ops re-checks every status an op sets) both ask."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("clerk", "checker", "district_chief", "province_officer", "region_officer", "admin")
ROLE_LABELS = {"clerk": "เจ้าหน้าที่ธุรการ", "checker": "ปลัดอำเภอ (ผู้ตรวจ)",
               "district_chief": "นายอำเภอ", "province_officer": "เจ้าหน้าที่จังหวัด",
               "region_officer": "เจ้าหน้าที่ระดับภาค ศอ.บต.", "admin": "ผู้ดูแลระบบ"}
# Roles that read a scope of districts and write nothing (the PC and the server both ask).
READ_ONLY_ROLES = ("province_officer", "region_officer")

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
# Every record is created in this status, whatever the role.
INITIAL_STATUS = "draft"
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


# -- the server's re-check of a status an op sets (also usable by the desktop) ----------------


@dataclass(frozen=True)
class Refusal:
    """Why an op's status change is refused: a stable code and an English message for admins,
    a Thai message for the clerk. `reason` is the one-line form sent back in OpResult.reason."""

    code: str
    message_en: str
    message_th: str

    @property
    def reason(self) -> str:
        return f"{self.code}: {self.message_en} — {self.message_th}"


def split_reason(reason: str) -> tuple[str, str, str]:
    """(code, English, Thai) of a rejection line `code: English — Thai`; a line without the
    Thai part (older servers, checks without a code) is used whole for both."""
    english, sep, thai = reason.partition(" — ")
    code = ""
    head, colon, rest = english.partition(": ")
    if colon and head and " " not in head and "." in head:
        code, english = head, rest
    if not sep:
        return code, english, reason
    return code, english, thai


def _role_th(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def _status_th(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def check_create(lifecycle: str, status: str | None) -> Refusal | None:
    """A new record starts in INITIAL_STATUS (None counts as that: the oldest clients)."""
    if status in (None, INITIAL_STATUS):
        return None
    return Refusal(
        "lifecycle.create_status",
        f"a new {lifecycle} record must start as {INITIAL_STATUS}, not {status}",
        f"ระเบียนใหม่ต้องเริ่มที่สถานะ{_status_th(INITIAL_STATUS)} ไม่ใช่{_status_th(status)}")


def check_transition(lifecycle: str, *, role: str, current: str | None, target: str | None,
                     concurrent: bool = False, again: bool = True) -> Refusal | None:
    """May `role` move a record of `lifecycle` from `current` (its status where the check runs,
    the server's copy on the server) to `target`? None if so (also when it is already there,
    unless `again` is False: the desktop refuses a step that would change nothing).
    `concurrent`: another device changed the status after the one this op was made on."""
    current = current or INITIAL_STATUS
    steps = [a for a in LIFECYCLES[lifecycle].values() if a.target == target]
    if not steps:
        return Refusal("lifecycle.unknown_status",
                       f"no {lifecycle} step leads to status {target!r}",
                       f"ไม่มีขั้นตอนใดที่เปลี่ยนเป็นสถานะ '{_status_th(target or '')}'")
    mine = [a for a in steps if role in a.roles]
    if not mine:
        step = next((a for a in steps if current in a.sources), steps[0])
        allowed = ", ".join(step.roles)
        return Refusal("lifecycle.role",
                       f"a {role} may not {step.name} a {lifecycle} record "
                       f"(only {allowed}); the server goes by the signed-in user's role",
                       f"{_role_th(role)}ไม่มีสิทธิ์{step.label_th} "
                       f"(ผู้มีสิทธิ์: {', '.join(_role_th(r) for r in step.roles)})")
    if (again and current == target) or any(current in a.sources for a in mine):
        return None
    step = mine[0]
    if concurrent:
        return Refusal("lifecycle.changed",
                       f"cannot {step.name}: another device changed the record to {current} "
                       f"meanwhile; sync and look again",
                       f"{step.label_th}ไม่ได้: มีผู้เปลี่ยนสถานะเป็น{_status_th(current)} "
                       f"จากเครื่องอื่นก่อนแล้ว กรุณาซิงก์แล้วตรวจสอบอีกครั้ง")
    sources = ", ".join(step.sources)
    return Refusal("lifecycle.step",
                   f"cannot {step.name} a {lifecycle} record that is {current} "
                   f"(only from {sources})",
                   f"{step.label_th}ไม่ได้ขณะอยู่ในสถานะ{_status_th(current)} "
                   f"(ทำได้จากสถานะ {', '.join(_status_th(s) for s in step.sources)})")


def _unlock_hint(lifecycle: str, current: str) -> tuple[str, str]:
    """(English, Thai) of the step that would make the record editable again, if any."""
    for action in LIFECYCLES[lifecycle].values():
        if current in action.sources and action.target in EDITABLE[lifecycle]:
            return (f"; to change it, a {action.roles[0]} must {action.name} it first",
                    f" หากต้องแก้ไข ให้{_role_th(action.roles[0])} {action.label_th}ก่อน")
    if current == "certified":  # the legal record: changes go into an amendment
        return "; record an amendment instead", " (สร้างบันทึกแก้ไขแทน)"
    return "", ""


def check_edit(lifecycle: str, *, current: str | None, delete: bool = False,
               concurrent: bool = False) -> Refusal | None:
    """May the data of a record of `lifecycle` whose status is `current` (the server's copy on
    the server) be edited (or, `delete`, deleted)? None if so. The same EDITABLE / DELETABLE
    the desktop's Records.update / delete enforce. `concurrent`: the record was still editable
    in the version the op was made on and another device changed its status since."""
    current = current or INITIAL_STATUS
    allowed = (DELETABLE if delete else EDITABLE)[lifecycle]
    if current in allowed:
        return None
    verb, done, verb_th = ("delete", "deleted", "ลบ") if delete else ("edit", "edited", "แก้ไข")
    hint_en, hint_th = ("", "") if delete else _unlock_hint(lifecycle, current)
    if concurrent:
        return Refusal("lifecycle.changed",
                       f"cannot {verb}: another device changed the record to {current} "
                       f"meanwhile, so this change was not kept{hint_en}",
                       f"{verb_th}ไม่ได้: มีผู้เปลี่ยนสถานะเป็น{_status_th(current)}จากเครื่องอื่น"
                       f"ก่อนแล้ว การ{verb_th}นี้จึงไม่ถูกบันทึก{hint_th}")
    return Refusal("lifecycle.locked",
                   f"a {lifecycle} record that is {current} cannot be {done} "
                   f"(only while {', '.join(allowed)}){hint_en}",
                   f"{verb_th}ไม่ได้ขณะอยู่ในสถานะ{_status_th(current)} "
                   f"({verb_th}ได้เฉพาะสถานะ {', '.join(_status_th(s) for s in allowed)}){hint_th}")
