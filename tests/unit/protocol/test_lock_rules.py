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
