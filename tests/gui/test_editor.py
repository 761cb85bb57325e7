"""The generated editor: inline Thai validation mapped to the widget, repeat groups (add,
remove, reorder keeping ids), BE dates, cascading areas, remembered people, Esc prompts."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tambon_desktop.core import thai
from tests.helpers.keys import activate, type_text, wait_tasks

# The offscreen platform cannot raise or grab for popups (calendar, completer); harmless.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore("raise\\(\\)", "grabbing the keyboard")


def test_every_field_type_has_a_widget_that_round_trips(qtbot, window, seed_project):
    editor = window.open_editor("project")
    data = dict(seed_project["data"])
    editor.editor.set_value(data)
    value = editor.editor.value()
    for key in ("name", "policy_area", "kind", "objectives", "start_date", "area"):
        assert value[key] == data[key], key
    assert thai.parse_money(value["budget_baht"]) == thai.parse_money(data["budget_baht"])
    kinds = {type(w).__name__ for w in editor.editor.group.widgets.values()}
    assert {"TextField", "ChoiceField", "TextListField", "RepeatField", "AreaField", "DateField",
            "NumberField", "PersonField", "AttachmentsField", "LongTextField"} <= kinds


def test_save_shows_thai_errors_on_the_widgets_and_focuses_the_first(qtbot, window):
    editor = window.open_editor("meeting")
    activate(qtbot, editor)
    e = editor.editor
    type_text(e.input_for("start_time"), "10.00")
    type_text(e.input_for("end_time"), "9.00")
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.view is None  # nothing saved
    committee = e.group.widgets["committee"]
    assert committee.error.isVisible() and committee.error.text() == "ต้องกรอก"
    assert "เวลาเลิกประชุมต้องหลังเวลาเริ่มประชุม" in e.group.widgets["end_time"].error.text()
    assert e.summary.isVisible() and "กรุณาแก้ไข" in e.summary.text()
    assert e.input_for("committee").hasFocus()
    attendees = e.group.widgets["attendees"]
    attendees.add.click()
    e.check(show_all=True)  # an item with neither name nor position: the item says so
    assert "ต้องกรอกชื่อ-สกุล หรือ ตำแหน่ง" in attendees.items[0].error.text()
    e.input_for("end_time").clear()
    type_text(e.input_for("end_time"), "12.00")
    e.check()
    assert not e.group.widgets["end_time"].error.isVisible()


def test_store_errors_map_to_widgets_too(qtbot, window, seed_meeting):
    window.ws.records.create("meeting", seed_meeting["data"])
    editor = window.open_editor("meeting", data=seed_meeting["data"])  # same number again
    editor.save()
    wait_tasks(qtbot)
    assert editor.view is None
    assert "มีอยู่แล้ว" in editor.editor.group.widgets["number"].error.text()


def test_repeat_add_remove_and_reorder_keep_item_ids(qtbot, window):
    editor = window.open_editor("meeting")
    activate(qtbot, editor)
    attendees = editor.editor.group.widgets["attendees"]
    for name in ("ก", "ข", "ค"):
        attendees.add.click()
        type_text(attendees.items[-1].group.input_for("name"), name)
    ids = [v["id"] for v in attendees.value()]
    first_name = attendees.items[0].group.input_for("name")
    first_name.setFocus()
    QTest.keyClick(first_name, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # Alt+Down
    assert [v["name"] for v in attendees.value()] == ["ข", "ก", "ค"]
    assert [v["id"] for v in attendees.value()] == [ids[1], ids[0], ids[2]]
    attendees.items[2].up.click()
    assert [v["name"] for v in attendees.value()] == ["ข", "ค", "ก"]
    attendees.items[0].remove.click()
    assert [v["id"] for v in attendees.value()] == [ids[2], ids[0]]
    agenda = editor.editor.group.widgets["agenda"]
    agenda.add.click()
    agenda.items[0].group.widgets["items"].add.click()  # sub-items nest
    assert len(agenda.value()[0]["items"]) == 1
    assert editor.dirty


@OFFSCREEN_POPUP
def test_be_date_typed_and_picked(qtbot, window):
    editor = window.open_editor("meeting")
    date = editor.editor.group.widgets["date"]
    type_text(date.edit, "๒๐/๐๑/๒๕๖๕")  # Thai digits, BE year
    assert date.value() == "2022-01-20"
    assert date.spelled.text() == "วันพฤหัสบดีที่ 20 มกราคม 2565"
    date.set_value("2023-05-02")
    assert date.edit.text() == "02/05/2566"
    date.open_calendar()
    from tambon_desktop.ui.editor.dates import BECalendar

    popup = date.findChild(BECalendar)
    assert popup.year.value() == 2566 and popup.month.currentText() == "พฤษภาคม"
    popup.year.setValue(2567)  # the BE header drives Qt's Gregorian grid
    assert popup.grid.yearShown() == 2024
    from PySide6.QtCore import QDate

    popup._pick(QDate(2024, 5, 9))
    assert date.value() == "2024-05-09" and date.edit.text() == "09/05/2567"


def test_area_pickers_cascade_by_code(qtbot, window):
    editor = window.open_editor("project")
    area = editor.editor.group.widgets["area"]
    area.combos["changwat"].setCurrentIndex(area.combos["changwat"].findData("95"))
    districts = [area.combos["amphoe"].itemData(i) for i in range(area.combos["amphoe"].count())]
    assert "9501" in districts and all(c == "" or c.startswith("95") for c in districts)
    area.combos["amphoe"].setCurrentIndex(area.combos["amphoe"].findData("9501"))
    tambons = [area.combos["tambon"].itemData(i) for i in range(area.combos["tambon"].count())]
    assert "950101" in tambons
    area.combos["tambon"].setCurrentIndex(area.combos["tambon"].findData("950101"))
    area.combos["village"].setCurrentIndex(3)
    assert area.value() == {"changwat": "95", "amphoe": "9501", "tambon": "950101", "village": 3}
    area.combos["changwat"].setCurrentIndex(area.combos["changwat"].findData("96"))
    assert area.value() == {"changwat": "96"}  # lower levels cleared


@OFFSCREEN_POPUP
def test_people_typed_before_are_offered_with_their_position(qtbot, window, seed_meeting):
    window.ws.records.create("meeting", seed_meeting["data"])
    editor = window.open_editor("meeting")
    attendees = editor.editor.group.widgets["attendees"]
    attendees.add.click()
    group = attendees.items[0].group
    name = group.input_for("name")
    type_text(name, "อำ")
    completer = name.completer()
    assert completer.model().stringList() == ["อำนวย ศรีระแก้ว"]
    completer.activated.emit("อำนวย ศรีระแก้ว")
    assert group.input_for("position").text() == "ผู้ช่วยเลขาธิการ ศอ.บต."
    assert group.input_for("prefix").text() == "นาย"


def test_esc_on_unsaved_asks_and_cancel_keeps_the_editor(qtbot, window):
    editor = window.open_editor("meeting")
    activate(qtbot, editor)
    type_text(editor.editor.input_for("committee"), "ก")
    asked = []
    editor.ask_unsaved = lambda: asked.append(1) or "cancel"
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    assert asked and editor.isVisible()
    editor.ask_unsaved = lambda: "discard"
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.editors)
    assert dt.date.today()  # nothing saved, no draft left behind
    from tambon_desktop.ui.drafts import DraftStore

    assert DraftStore(window.ws.folder).load_all() == []
