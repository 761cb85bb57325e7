"""Fast to fill in (issue 12): the next meeting number and its year, a new meeting from the
committee's last one, agenda templates and numbers, the home area, the first field focused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.helpers import clerk_meeting as cm
from tests.helpers.keys import activate, type_text, wait_tasks

OFFSCREEN_POPUP = pytest.mark.qt_log_ignore("raise\\(\\)", "grabbing the keyboard")


def _new_meeting(qtbot, window):
    page = window.pages["meeting"]
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = window.editors[-1]
    activate(qtbot, editor)
    return editor


def test_a_new_editor_starts_on_its_first_field_in_the_home_district(qtbot, window):
    editor = _new_meeting(qtbot, window)
    e = editor.editor
    assert QApplication.focusWidget() is e.input_for("committee")
    assert e.value()["area"] == {"changwat": "95", "amphoe": "9501"}  # the workspace: 9501
    area = e.group.widgets["area"]
    assert area.combos["amphoe"].currentText().startswith("เมืองยะลา")
    assert not editor.dirty  # a default is not an edit
    project = window.open_editor("project")
    activate(qtbot, project)
    assert QApplication.focusWidget() is project.editor.input_for("name")
    assert project.editor.value()["area"]["amphoe"] == "9501"


def test_the_next_number_is_suggested_and_its_year_follows_the_date(qtbot, window, seed_meeting):
    data = dict(seed_meeting["data"], number=3, year_be=2565, date="2022-01-20")
    window.ws.records.create("meeting", data)
    editor = _new_meeting(qtbot, window)
    e = editor.editor
    assert e.value()["number"] == 1  # no committee yet: its first meeting
    type_text(e.input_for("committee"), data["committee"])
    type_text(e.input_for("date"), "10/02/2565")
    assert e.value()["year_be"] == 2565
    assert e.value()["number"] == 4  # after 3/2565 of the same committee
    date = e.input_for("date")
    date.clear()
    type_text(date, "10/02/2566")  # a new calendar year: numbering starts again
    assert e.value()["year_be"] == 2566 and e.value()["number"] == 1
    number = e.input_for("number")
    number.clear()
    type_text(number, "7")
    date.clear()
    type_text(date, "11/02/2565")
    assert e.value()["number"] == 7 and e.value()["year_be"] == 2565  # the clerk's number stays


def test_new_from_the_last_meeting_carries_people_and_resets_absentees(qtbot, window):
    window.ws.records.create("meeting", cm.last_meeting())
    editor = _new_meeting(qtbot, window)
    assist = editor.assist
    assert assist.bar.isVisible() and cm.COMMITTEE in assist.last_combo.currentText()
    QTest.mouseClick(assist.carry_button, Qt.MouseButton.LeftButton)
    e = editor.editor
    value = e.value()
    assert value["committee"] == cm.COMMITTEE and value["venue"] == cm.VENUE
    assert value["area"] == cm.AREA and value["absentees"] == []
    assert [(a["prefix"], a["name"], a["position"], a["role"] or "")
            for a in value["attendees"]] == cm.MEMBERS
    assert value["agenda"] == []
    assert not assist.bar.isVisible() and editor.dirty
    assert QApplication.focusWidget() is e.input_for("date")  # the first empty field
    assert not any(w.error.isVisible() for w in e.group.widgets.values())
    type_text(e.input_for("date"), "15/08/2568")
    type_text(e.input_for("start_time"), "9.30")
    assert e.value()["number"] == 2 and e.value()["year_be"] == 2568  # after 1/2568
    assert assist.template_combo.isVisible()
    assist.template_combo.setCurrentIndex(assist.template_combo.findData("standard5"))
    QTest.mouseClick(assist.template_button, Qt.MouseButton.LeftButton)
    agenda = e.group.widgets["agenda"]
    assert [a["number"] for a in agenda.value()] == ["1", "2", "3", "4", "5"]
    assert not assist.template_combo.isVisible()
    agenda.items[2].remove.click()  # no เรื่องสืบเนื่อง: the numbers close up
    assert [(a["number"], a["title"]) for a in agenda.value()][2:] == [
        ("3", "เรื่องเพื่อพิจารณา"), ("4", "เรื่องอื่น ๆ")]
    agenda.add.click()  # a new item takes the next number, the focus goes to its title
    assert agenda.value()[-1]["number"] == "5"
    assert QApplication.focusWidget() is agenda.items[-1].group.input_for("title")
    subs = agenda.items[3].group.widgets["items"]
    subs.add.click()
    subs.add.click()
    assert [s["number"] for s in subs.value()] == ["4.1", "4.2"]
    for group in (agenda.items[-1].group, *(i.group for i in subs.items)):
        type_text(group.input_for("title"), "เรื่องทดสอบ")
    editor.save()
    wait_tasks(qtbot)
    assert editor.view is not None
    assert editor.view.data["number"] == 2 and editor.view.data["year_be"] == 2568


@OFFSCREEN_POPUP
def test_a_name_is_found_by_any_part_and_fills_prefix_position_and_role(qtbot, window):
    last = cm.last_meeting()
    last["attendees"][0]["name"] = "อับดุลเล๊าะ มะแซ"  # written with a tone mark last time
    window.ws.records.create("meeting", last)
    editor = _new_meeting(qtbot, window)
    attendees = editor.editor.group.widgets["attendees"]
    QTest.mouseClick(attendees.add, Qt.MouseButton.LeftButton)
    row = attendees.items[0].group
    name = row.input_for("name")
    type_text(name, "ดุลเลาะ")  # the middle of the name, without the tone mark
    completer = name.completer()
    assert completer.model().stringList() == ["อับดุลเล๊าะ มะแซ"]
    assert completer.popup().isVisible()
    QTest.keyClick(completer.popup(), Qt.Key.Key_Down)
    QTest.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert name.text() == "อับดุลเล๊าะ มะแซ"
    assert row.input_for("prefix").text() == "นาย"
    assert row.input_for("position").text() == "ประธานสภาองค์การบริหารส่วนตำบลบองอ"
    assert row.widgets["role"].value() == "ประธาน"
    type_text(name, "x")  # nobody matches: no list
    assert completer.model().stringList() == []


@OFFSCREEN_POPUP
def test_the_prefix_list_offers_ranks_and_takes_free_text(qtbot, window):
    editor = _new_meeting(qtbot, window)
    attendees = editor.editor.group.widgets["attendees"]
    QTest.mouseClick(attendees.add, Qt.MouseButton.LeftButton)
    prefix = attendees.items[0].group.input_for("prefix")
    assert QApplication.focusWidget() is prefix
    QTest.keyClick(prefix, Qt.Key.Key_Down)  # the whole list, as in a combo box
    completer = prefix.completer()
    assert completer.popup().isVisible() and completer.completionCount() > 40
    completer.popup().hide()
    type_text(prefix, "ตำรวจเอก")
    offered = [completer.completionModel().index(i, 0).data()
               for i in range(completer.completionCount())]
    assert offered == ["พลตำรวจเอก", "พันตำรวจเอก", "ร้อยตำรวจเอก", "สิบตำรวจเอก"]
    prefix.clear()
    type_text(prefix, "ว่าที่ร้อยตรี")
    assert "ว่าที่ร้อยตรี" in [completer.completionModel().index(i, 0).data()
                              for i in range(completer.completionCount())]
    prefix.clear()
    type_text(prefix, "หะยี")  # not in the list: kept as typed
    assert editor.editor.value()["attendees"][0]["prefix"] == "หะยี"


@OFFSCREEN_POPUP
def test_a_new_row_is_not_red_before_the_clerk_leaves_it(qtbot, window):
    editor = _new_meeting(qtbot, window)
    e = editor.editor
    attendees = e.group.widgets["attendees"]
    type_text(e.input_for("committee"), "คณะทดสอบ")
    QTest.mouseClick(attendees.add, Qt.MouseButton.LeftButton)
    row = attendees.items[0]
    e.check()
    assert not row.error.isVisible()  # just added: nothing typed yet
    type_text(row.group.input_for("prefix"), "นาย")
    QTest.keyClick(row.group.input_for("prefix"), Qt.Key.Key_Tab)
    e.check()
    assert not row.error.isVisible()  # still in the row
    e.input_for("venue").setFocus()  # left with neither name nor position
    e.check()
    assert row.error.isVisible() and "ต้องกรอกชื่อ-สกุล หรือ ตำแหน่ง" in row.error.text()
    QTest.mouseClick(attendees.add, Qt.MouseButton.LeftButton)
    e.check()
    assert not attendees.items[1].error.isVisible()
    e.check(show_all=True)  # a save attempt shows every row's errors
    assert attendees.items[1].error.isVisible()


@OFFSCREEN_POPUP  # raising the open editor again: offscreen cannot raise
def test_a_long_meeting_opens_with_a_screenful_and_builds_the_rest_unseen(qtbot, window):
    data = cm.last_meeting()
    data["attendees"] = [dict(a, name=f"{a['name']} {n}") for n in range(5)
                         for a in data["attendees"]]  # 60 people
    view = window.ws.records.create("meeting", data)
    editor = window.open_editor("meeting", view.id)
    attendees = editor.editor.group.widgets["attendees"]
    assert 0 < len(attendees._items) < 60  # a screenful now, the rest on the next turns
    before = editor.editor.value()["attendees"]  # the unbuilt rows too
    assert [(a["id"], a["name"], a["role"]) for a in before] == [
        (a["id"], a["name"], a["role"]) for a in view.data["attendees"]]
    qtbot.waitUntil(lambda: not attendees._pending)
    assert len(attendees._items) == 60 and not editor.dirty
    assert editor.editor.value()["attendees"] == before  # the same value once built
    assert attendees.items[59].number.text() == "60."
    assert attendees.items[59].group.input_for("name").text() == view.data["attendees"][59]["name"]
    again = window.open_editor("meeting", view.id)  # the same window, raised
    assert again is editor


def test_columns_fit_thai_content_at_1366_and_the_empty_panel_is_narrow(qtbot, window):
    from tambon_desktop.ui.editor.layout import PANEL_WIDE
    from tests.helpers.keys import shot

    last = cm.last_meeting()
    last["attendees"][11]["role"] = "กรรมการและผู้ช่วยเลขานุการ"  # the longest role
    view = window.ws.records.create("meeting", last)
    editor = window.open_editor("meeting", view.id)
    editor.resize(1366, 740)  # a 768-pixel screen less the taskbar
    activate(qtbot, editor)
    attendees = editor.editor.group.widgets["attendees"]
    qtbot.waitUntil(lambda: not attendees._pending)
    qtbot.wait(50)
    assert editor.panel.width() < 200 and not editor.panel.history.isVisible()
    for item in attendees.items:
        position = item.group.input_for("position")
        role = item.group.input_for("role")
        metrics = position.fontMetrics()
        if position.text() == "ประธานสภาองค์การบริหารส่วนตำบลบองอ":
            assert metrics.horizontalAdvance(position.text()) + 8 <= position.width()
        longest = max(metrics.horizontalAdvance(role.itemText(i)) for i in range(role.count()))
        assert longest + 24 <= role.width(), (role.currentText(), role.width())
        prefix = item.group.input_for("prefix")
        assert metrics.horizontalAdvance(prefix.text()) + 8 <= prefix.width(), prefix.text()
    editor.editor.scroll.ensureWidgetVisible(attendees.items[11])
    shot(editor, "editor-1366-attendees")
    window.ws.records.transition(view.id, "submit")
    editor._transitioned(window.ws.records.get(view.id))  # a history line: the panel widens
    # on the next layout passes, which a loaded machine may run late
    qtbot.waitUntil(lambda: editor.panel.width() >= PANEL_WIDE - 10, timeout=3000)
    assert editor.panel.history.isVisible()
    shot(editor, "editor-1366-history")


def test_new_from_the_last_meeting_of_this_committee_from_the_list_and_an_old_meeting(
        qtbot, window):
    older = window.ws.records.create("meeting", dict(cm.last_meeting(), date="2025-03-01",
                                                     number=1, venue="ห้องเก่า"))
    latest = cm.last_meeting()
    latest.update(number=2, date="2025-06-13", venue="ห้องใหม่")
    latest["attendees"] = latest["attendees"][:5]
    newer = window.ws.records.create("meeting", latest)
    window.ws.publish(older.op_changes | newer.op_changes)  # as the editor's saves announce
    page = window.pages["meeting"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    row = next(r for r in range(2) if page.model.record_id(r) == older.id)
    page.table.selectRow(row)  # the older meeting: the committee's last one is used
    page.carry.click()
    editor = window.editors[-1]
    value = editor.editor.value()
    assert value["venue"] == "ห้องใหม่" and len(value["attendees"]) == 5
    assert editor.view is None and editor.dirty
    old_editor = window.open_editor("meeting", older.id)
    old_editor.assist.carry_action.trigger()  # from an open meeting of the committee
    assert window.editors[-1].editor.value()["venue"] == "ห้องใหม่"
