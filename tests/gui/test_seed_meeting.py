"""The seed meeting entered through the widgets (Thai typed as key events), saved, closed,
found again by a Thai search, reopened and printed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.helpers.keys import activate, type_text, wait_tasks

# Typing a prefix or a known name opens its list; offscreen cannot raise or grab it: harmless.
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore("raise\\(\\)", "grabbing the keyboard")
TEXT_KEYS = ("number", "title", "reporter", "discussion", "resolution")


def _fill_agenda_item(group, item: dict) -> None:
    group.input_for("number").clear()  # a new item comes numbered: the seed has its own
    for key in TEXT_KEYS:
        if item.get(key):
            type_text(group.input_for(key), item[key])


def enter_meeting(editor, data: dict) -> None:
    e = editor.editor
    type_text(e.input_for("committee"), data["committee"])
    e.input_for("number").clear()  # the suggested number replaced by the seed's
    type_text(e.input_for("number"), str(data["number"]))
    type_text(e.input_for("date"), "20/01/2565")  # BE, as a clerk types it
    type_text(e.input_for("start_time"), "9.30")
    type_text(e.input_for("end_time"), "12.00")
    type_text(e.input_for("venue"), data["venue"])
    area = e.group.widgets["area"]
    area.combos["changwat"].setCurrentIndex(area.combos["changwat"].findData("95"))
    area.combos["amphoe"].setCurrentIndex(area.combos["amphoe"].findData("9501"))
    attendees = e.group.widgets["attendees"]
    for person in data["attendees"]:
        QTest.keyClick(attendees.add, Qt.Key.Key_Space)  # keyboard: Tab to "+ add", Space
        group = attendees.items[-1].group
        for key in ("prefix", "name", "position"):
            if person[key]:
                type_text(group.input_for(key), person[key])
        role = group.widgets["role"].combo
        role.setCurrentIndex(role.findData(person["role"]))
    agenda = e.group.widgets["agenda"]
    for item in data["agenda"]:
        agenda.add.click()
        group = agenda.items[-1].group
        _fill_agenda_item(group, item)
        for sub in item.get("items", []):
            sub_repeat = group.widgets["items"]
            sub_repeat.add.click()
            _fill_agenda_item(sub_repeat.items[-1].group, sub)
    recorder = e.group.widgets["recorder"]
    type_text(recorder.edits["position"], data["recorder"]["position"])


def _strip_ids(value):
    """Compare content: item ids differ, empty values may be left out."""
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items()
                if k != "id" and v not in ("", None, [], {})}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


@OFFSCREEN_POPUP
def test_seed_meeting_entered_saved_found_reopened_printed(qtbot, window, seed_meeting, tmp_path):
    ws = window.ws
    page = window.pages["meeting"]
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N
    qtbot.waitUntil(lambda: len(window.editors) == 1)
    editor = window.editors[0]
    activate(qtbot, editor)
    data = seed_meeting["data"]
    enter_meeting(editor, data)
    assert editor.dirty
    assert editor.editor.input_for("date").parent().spelled.text().startswith("วันพฤหัสบดีที่ 20")
    QTest.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S
    assert not editor.editor.summary.isVisible(), editor.editor.summary.text()
    qtbot.waitUntil(lambda: editor.view is not None and not editor.dirty, timeout=10_000)
    saved = ws.records.get(editor.record_id).data
    expected = ws.records.create("meeting", dict(data, committee="คณะเปรียบเทียบ")).data
    for key in ("number", "year_be", "date", "start_time", "end_time", "venue", "area",
                "attendees", "agenda", "recorder"):
        assert _strip_ids(saved.get(key)) == _strip_ids(expected.get(key)), key
    assert saved["committee"] == data["committee"]
    record_id = editor.record_id

    editor.close()
    qtbot.waitUntil(lambda: not window.editors)
    activate(qtbot, window)
    # Find it again by a Thai search typed into the list (part of the chair's surname).
    QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Ctrl+F
    assert page.search.hasFocus()
    type_text(page.search, "ศรีระแก้ว")
    qtbot.waitUntil(lambda: page.model.query.text == "ศรีระแก้ว", timeout=2_000)
    assert page.model.total == 2 and record_id in {page.model.record_id(r) for r in range(2)}
    page.search.clear()
    type_text(page.search, "ขับเคลื่อนตำบล")
    qtbot.waitUntil(lambda: page.model.query.text == "ขับเคลื่อนตำบล", timeout=2_000)
    row = next(r for r in range(page.model.rowCount()) if page.model.record_id(r) == record_id)
    page.table.setCurrentIndex(page.model.index(row, 0))
    QTest.keyClick(page.table, Qt.Key.Key_Return)  # Enter opens it
    qtbot.waitUntil(lambda: len(window.editors) == 1)
    reopened = window.editors[0]
    activate(qtbot, reopened)
    assert reopened.editor.input_for("venue").text() == data["venue"]
    assert reopened.editor.value()["attendees"][0]["name"] == "อำนวย ศรีระแก้ว"
    assert not reopened.dirty

    previews = []
    QTest.keyClick(reopened, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # Ctrl+P
    qtbot.waitUntil(lambda: any(w.windowTitle().startswith("ตัวอย่างก่อนพิมพ์")
                                for w in _top_levels()), timeout=60_000)
    preview = next(w for w in _top_levels() if w.windowTitle().startswith("ตัวอย่างก่อนพิมพ์"))
    previews.append(preview)
    out = preview.save_pdf(tmp_path / "minutes.pdf")
    assert out.read_bytes().startswith(b"%PDF")
    wait_tasks(qtbot)


def _top_levels():
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]
