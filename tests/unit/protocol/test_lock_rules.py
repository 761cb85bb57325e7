"""The edit/delete lock rules of protocol.lifecycle (pure) and how the PC splits a rejection
line for the clerk."""

from __future__ import annotations

import pytest

from tambon_desktop.protocol import lifecycle
from tambon_desktop.services.sync import split_reason


@pytest.mark.parametrize("name", sorted(lifecycle.LIFECYCLES))
def test_locks_follow_the_table(name):
    statuses = {lifecycle.INITIAL_STATUS} | {a.target for a in lifecycle.LIFECYCLES[name].values()}
    for status in statuses:
        edit = lifecycle.check_edit(name, current=status)
        delete = lifecycle.check_edit(name, current=status, delete=True)
        assert (edit is None) == (status in lifecycle.EDITABLE[name])
        assert (delete is None) == (status in lifecycle.DELETABLE[name])
        for refusal in (edit, delete):
            if refusal is not None:
                assert refusal.code == "lifecycle.locked"
                assert refusal.reason.count(" — ") == 1


def test_messages_name_the_way_out():
    late = lifecycle.check_edit("minutes", current="submitted", concurrent=True)
    assert late.code == "lifecycle.changed"
    assert "another device changed the record to submitted meanwhile" in late.message_en
    assert late.message_th.startswith("แก้ไขไม่ได้: มีผู้เปลี่ยนสถานะเป็นส่งตรวจจากเครื่องอื่นก่อนแล้ว")
    assert "ปลัดอำเภอ (ผู้ตรวจ) ส่งกลับแก้ไขก่อน" in late.message_th
    gone = lifecycle.check_edit("project", current="approved", delete=True)
    assert gone.message_en.startswith("a project record that is approved cannot be deleted")
    assert lifecycle.check_edit("minutes", current=None) is None  # oldest clients: draft


def test_split_reason():
    assert split_reason("lifecycle.locked: cannot edit — แก้ไขไม่ได้") == (
        "lifecycle.locked", "cannot edit", "แก้ไขไม่ได้")
    plain = "record has been deleted"
    assert split_reason(plain) == ("", plain, plain)
    old = "certified minutes never change; record an amendment instead"
    assert split_reason(old) == ("", old, old)


def test_every_server_refusal_is_coded_in_thai_and_english():
    """Each reason apply_ops gives comes from the one table, Thai for the clerk, English for
    the admin, and splits on the PC into exactly those parts."""
    import ast
    import inspect

    from tambon_desktop.server import apply
    from tambon_desktop.server.refusals import REFUSALS, refusal
    from tambon_desktop.server.routes import sync as routes

    used = set()
    for module in (apply, routes):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
                    "Rejected", "refusal", "BadBatch"):
                used |= {a.value for a in node.args[:2]
                         if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    assert len(used) >= 17 and used <= set(REFUSALS)
    assert not [line for line in inspect.getsource(apply).splitlines()
                if 'reason="' in line or "reason=f\"" in line]  # no uncoded reason left
    for code in REFUSALS:
        made = refusal(code, seq=7, op="01a2-op")
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in made.message_th), code
        assert made.message_en.isascii(), code
        assert split_reason(made.reason) == (code, made.message_en, made.message_th)


def test_a_refused_batch_reads_thai_on_the_pc():
    """A whole batch refused (HTTP 4xx): the PC's error shows the Thai part of a coded
    detail; an older server's plain detail is shown whole."""
    from tambon_desktop.server.refusals import refusal
    from tambon_desktop.services.sync_transport import SyncRefused

    coded = SyncRefused(403, refusal("batch.revoked").reason)
    assert coded.message_th == "เซิร์ฟเวอร์ไม่รับคำขอ (403): เครื่องนี้ถูกเพิกถอนแล้ว ติดต่อผู้ดูแลระบบ"
    assert coded.message_en == "server refused (403): batch.revoked: this device has been revoked"
    plain = SyncRefused(400, "unsupported protocol version 9")
    assert plain.message_th == "เซิร์ฟเวอร์ไม่รับคำขอ (400): unsupported protocol version 9"
    assert plain.message_en == "server refused (400): unsupported protocol version 9"
