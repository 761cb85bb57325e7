"""Sensitive fields in the editor: a saved value shows masked (a national ID as
1-1037-xxxxx-xx-6, other text as ••••) until แสดง; what a clerk types stays visible until saved.
The desktop's record export leaves them out, as `tambon export` does."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.conftest import CITIZEN_ID
from tests.helpers.keys import activate, shot, type_text, wait_tasks


def test_a_saved_record_opens_with_sensitive_fields_masked(qtbot, window, aid_list_form,
                                                            aid_list_data):
    rid = window.ws.records.create("aid_list", aid_list_data).id
    editor = window.open_editor("aid_list", rid)
    editor.resize(900, 520)
    group = editor.editor.group
    health = group.widgets["health_note"]
    assert health.is_masked() and health.masked.text() == "••••"
    assert health.masked.isVisible() and not health.edit.isVisible()
    people = group.widgets["people"]
    cid = people.items[0].group.widgets["citizen_id"]
    religion = people.items[0].group.widgets["religion"]
    assert cid.masked.text() == "1-1037-xxxxx-xx-6" and religion.masked.text() == "••••"
    assert cid.show_button.isVisible() and cid.show_button.text() == "แสดง"
    empty = people.items[1].group.widgets["citizen_id"]
    assert not empty.is_masked() and empty.edit.isVisible() and not empty.show_button.isVisible()
    assert group.widgets["name"].edit.isVisible()  # only sensitive fields are masked
    shot(editor, "sensitive-masked")
    # masked is not erased: the editor's value, hence a save, still holds it
    assert editor.editor.value()["people"][0]["citizen_id"] == CITIZEN_ID

    cid.show_button.click()
    assert cid.edit.isVisible() and cid.edit.text() == CITIZEN_ID
    assert not cid.masked.isVisible() and cid.show_button.text() == "ซ่อน"
    assert religion.is_masked()  # one field at a time
    cid.show_button.click()
    assert cid.is_masked() and not cid.edit.isVisible()
    assert not editor.dirty  # looking is not editing
    cid.show_button.click()
    people.items[1].up.click()  # items are rebuilt in the new order: shown again masked
    moved = people.items[1].group.widgets["citizen_id"]
    assert moved.is_masked() and moved.masked.text() == "1-1037-xxxxx-xx-6"


def test_what_the_clerk_types_is_visible_until_saved(qtbot, window, aid_list_form):
    editor = window.open_editor("aid_list")
    activate(qtbot, editor)
    group = editor.editor.group
    type_text(group.input_for("name"), "ผู้พิการ หมู่ที่ ๕")
    type_text(group.input_for("health_note"), "ใช้ไม้ค้ำยัน")
    people = group.widgets["people"]
    people.add.click()
    item = people.items[0].group
    type_text(item.input_for("name"), "นายดอเลาะ สาและ")
    type_text(item.input_for("citizen_id"), CITIZEN_ID)
    cid = item.widgets["citizen_id"]
    assert cid.edit.isVisible() and cid.edit.text() == CITIZEN_ID and not cid.is_masked()
    shot(editor, "sensitive-typing")
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_tasks(qtbot)
    assert editor.view is not None and not editor.dirty
    assert cid.is_masked() and cid.masked.text() == "1-1037-xxxxx-xx-6"
    assert group.widgets["health_note"].is_masked()
    stored = window.ws.records.get(editor.record_id).data
    assert stored["people"][0]["citizen_id"] == CITIZEN_ID
    assert stored["health_note"] == "ใช้ไม้ค้ำยัน"


def test_an_emptied_field_has_nothing_to_hide(qtbot, window, aid_list_form, aid_list_data):
    rid = window.ws.records.create("aid_list", aid_list_data).id
    editor = window.open_editor("aid_list", rid)
    health = editor.editor.group.widgets["health_note"]
    health.show_button.click()
    health.edit.clear()
    health.show_button.click()  # ซ่อน on an empty field: the input stays, open for typing
    assert not health.is_masked() and health.edit.isVisible()
    assert not health.show_button.isVisible()


def test_a_wrong_masked_value_is_shown_with_its_error(qtbot, window, aid_list_form,
                                                      aid_list_data):
    rid = window.ws.records.create("aid_list", aid_list_data).id
    editor = window.open_editor("aid_list", rid)
    cid = editor.editor.group.widgets["people"].items[0].group.widgets["citizen_id"]
    assert cid.is_masked()
    editor.editor.group.show_error("people[0].citizen_id", "ยาวเกิน 17 ตัวอักษร")
    assert not cid.is_masked() and cid.edit.isVisible() and cid.error.isVisible()


def test_the_desktop_export_leaves_sensitive_fields_out(qtbot, window, aid_list_form,
                                                        aid_list_data, tmp_path):
    from tambon_desktop.ui import operations

    rid = window.ws.records.create("aid_list", aid_list_data).id
    path = tmp_path / "record.json"
    done = []
    operations.export_record(parent=window, ws=window.ws, record_id=rid, path=path,
                             on_done=done.append)
    wait_tasks(qtbot)
    assert done == [path]
    text = path.read_text("utf-8")
    data = json.loads(text)["data"]
    assert "health_note" not in data and [set(p) for p in data["people"]] == [{"id", "name"}] * 2
    assert CITIZEN_ID not in text and "อิสลาม" not in text
