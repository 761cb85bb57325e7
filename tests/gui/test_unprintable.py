"""An emoji in a name is refused when the clerk saves, on that field, in Thai, by the same check
the print side uses; nothing is stored until it is gone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.helpers.keys import activate, type_text, wait_tasks


def test_an_emoji_in_a_name_is_refused_at_save_on_its_field(qtbot, window, seed_meeting):
    ws = window.ws
    record = ws.records.create("meeting", seed_meeting["data"])
    editor = window.open_editor("meeting", record.id)
    activate(qtbot, editor)
    attendees = editor.editor.group.widgets["attendees"]
    name = attendees.items[1].group.input_for("name")
    name.clear()
    type_text(name, "มะยากี บือราเฮง 😀")
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_tasks(qtbot)
    error = attendees.items[1].group.widgets["name"].error
    assert error.isVisible()
    assert "แบบอักษรราชการพิมพ์ไม่ได้ '😀'" in error.text() and "ชื่อ-สกุล" in error.text()
    assert name.hasFocus() and editor.dirty
    assert "ผู้มาประชุม ลำดับที่ 2 › ชื่อ-สกุล" in editor.editor.summary.text()
    assert ws.records.get(record.id).data == record.data  # nothing stored

    name.clear()
    type_text(name, "มะยากี บือราเฮง")
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not editor.dirty, timeout=10_000)
    assert ws.records.get(record.id).data["attendees"][1]["name"] == "มะยากี บือราเฮง"


def test_the_check_is_the_print_sides_own(seed_meeting):
    from tambon_desktop.forms.registry import get_form
    from tambon_desktop.services.printable import unprintable_fields

    data = dict(seed_meeting["data"], venue="ห้องประชุม 🏛", opening="สวัสดี\n你好")
    data["agenda"] = [dict(seed_meeting["data"]["agenda"][0], resolution="รับทราบ 👍")]
    paths = [e.path for e in unprintable_fields(get_form("meeting"), data)]
    assert paths == ["venue", "opening", "agenda[0].resolution"]
    assert not unprintable_fields(get_form("meeting"), seed_meeting["data"])
