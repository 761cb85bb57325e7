"""Lifecycle roles on the server: the status an op sets is re-checked against the shared table
(protocol.lifecycle) with the role the server knows for the device's user, never a role the op
or the PC claims. Online pushes and USB imports both come here through apply_ops."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from sqlmodel import Session

from tambon_desktop.protocol import lifecycle
from tambon_desktop.protocol.lifecycle import Refusal
from tambon_desktop.protocol.ops import Op
from tambon_desktop.server.tables import Device, User


def role_of(session: Session, device: Device) -> str:
    """The current role of the user the device is enrolled for (the role copied to the device
    at enrolment if that user row is gone)."""
    user = session.get(User, device.user_id)
    return user.role if user is not None else device.role


@lru_cache(maxsize=1)
def _lifecycles() -> dict[str, str]:
    from tambon_desktop.forms.registry import load_forms

    return {form_id: form.lifecycle for form_id, form in load_forms().items()}


def lifecycle_of(form_id: str) -> str | None:
    """The lifecycle of a shipped form; None for a form this server does not know."""
    return _lifecycles().get(form_id)


def _unknown_form(op: Op) -> Refusal:
    return Refusal("lifecycle.unknown_form",
                   f"this server does not know form {op.form_id!r}, so it cannot check a "
                   f"status change; update the server",
                   f"เซิร์ฟเวอร์ไม่รู้จักแบบฟอร์ม '{op.form_id}' จึงตรวจการเปลี่ยนสถานะไม่ได้ "
                   f"(ต้องปรับปรุงเซิร์ฟเวอร์)")


def check_create(op: Op) -> Refusal | None:
    """A new record starts in the lifecycle's first status, whoever makes it."""
    return lifecycle.check_create(lifecycle_of(op.form_id) or op.form_id, op.status)


def check_status_change(op: Op, *, role: str, current: str | None,
                        concurrent: bool) -> Refusal | None:
    """For an op on an existing record: only a transition changes the status, and only by a
    step the role may take from the record's status on the server."""
    if op.kind != "transition":
        if op.status is None or op.status == (current or lifecycle.INITIAL_STATUS):
            return None
        return Refusal("lifecycle.status_in_edit",
                       f"a {op.kind} op cannot change the status (to {op.status}); "
                       f"only a transition can",
                       "การแก้ไขข้อมูลเปลี่ยนสถานะของระเบียนไม่ได้ ต้องใช้ขั้นตอนของระเบียน")
    name = lifecycle_of(op.form_id)
    if name is None:
        return _unknown_form(op)
    return lifecycle.check_transition(name, role=role, current=current, target=op.status,
                                      concurrent=concurrent)


def check_lock(op: Op, *, current: str | None, data: dict, concurrent: bool,
               status_at_base: Callable[[], str | None]) -> Refusal | None:
    """For an op on an existing record: its data may change only while the record's status on
    the server is EDITABLE, and it may be deleted only while DELETABLE (protocol.lifecycle, the
    table the PC enforces too). Fields equal to the server's values change nothing and pass,
    so a conflict can still be settled on a locked record by keeping the value it shows.
    `status_at_base()`: the status of the version the op was made on; a lock that came after it
    from another device (`concurrent`) is reported as lifecycle.changed."""
    name = lifecycle_of(op.form_id)
    if name is None:  # never left draft: an unknown form cannot change status
        return None
    delete = op.kind == "delete"
    allowed = (lifecycle.DELETABLE if delete else lifecycle.EDITABLE)[name]
    if (current or lifecycle.INITIAL_STATUS) in allowed:
        return None
    if not delete and all(data.get(k) == v for k, v in op.fields.items()):
        return None
    meanwhile = concurrent and (status_at_base() or lifecycle.INITIAL_STATUS) in allowed
    return lifecycle.check_edit(name, current=current, delete=delete, concurrent=meanwhile)
