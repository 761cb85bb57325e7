"""Keystrokes and clicks to enter the 12-member council meeting of clerk_meeting.py, from the
list page to a saved record (issue 12). Run with -s to see the counts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.helpers import clerk_meeting as cm
from tests.helpers.keys import activate, wait_tasks


@pytest.fixture
def council(qtbot, tmp_path):
    """The main window over a workspace of อำเภอระแงะ holding the last council meeting."""
    from tambon_desktop.services.workspace import Workspace
    from tambon_desktop.ui.main_window import MainWindow
    from tests.helpers.keys import close_all

    ws = Workspace.init(tmp_path / "ws", district=cm.DISTRICT, user="รอซาลี", role="clerk")
    ws.records.create("meeting", cm.last_meeting())
    win = MainWindow(ws.folder)
    win.attach(ws)
    win.show()
    yield win
    close_all(qtbot)
    ws.close()


# Measured at commit 712d527, before issue 12's helpers, typing every field (the people
# completer used for names): 527 keys + 17 clicks.
BEFORE = 544


def from_the_last_meeting(t: cm.Typist, editor) -> None:
    """ใหม่จากครั้งก่อน, the date and times, the 5-item template less เรื่องสืบเนื่อง."""
    e = editor.editor
    t.click(editor.assist.carry_button)  # the focus goes to the date
    t.type(QApplication.focusWidget(), cm.NEW["date_typed"])  # number and year follow
    t.tab()
    t.type(QApplication.focusWidget(), cm.NEW["start_time"])
    t.tab()
    t.type(QApplication.focusWidget(), cm.NEW["end_time"])
    t.click(editor.assist.template_button)  # standard5: the first template
    agenda = e.group.widgets["agenda"]
    t.click(agenda.items[2].remove)  # no เรื่องสืบเนื่อง; the numbers close up
    for row, (_number, _title, discussion, resolution) in zip(agenda.items, cm.AGENDA,
                                                                strict=True):
        for key, text in (("discussion", discussion), ("resolution", resolution)):
            box = row.group.input_for(key)
            if text and box.toPlainText() != text:
                t.focus(box)
                t.type(box, text)
    t.key(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def typed_with_the_helpers(t: cm.Typist, editor) -> None:
    """Without ใหม่จากครั้งก่อน: every field typed, with the suggested number and year, the
    home district, the name completer (prefix, position, role filled) and a template."""
    e = editor.editor
    t.type(QApplication.focusWidget(), cm.COMMITTEE)  # the focus starts here
    t.tab(3)  # number and year are suggested
    t.type(QApplication.focusWidget(), cm.NEW["date_typed"])
    t.tab()
    t.type(QApplication.focusWidget(), cm.NEW["start_time"])
    t.tab()
    t.type(QApplication.focusWidget(), cm.NEW["end_time"])
    t.tab()
    t.type(QApplication.focusWidget(), cm.VENUE)
    t.tab(3)  # province and district are the workspace's own
    t.choose(e.group.widgets["area"].combos["tambon"], "บองอ")
    attendees = e.group.widgets["attendees"]
    for _prefix, name, _position, _role in cm.MEMBERS:
        t.click(attendees.add)  # the new row's prefix has the focus
        t.tab()
        t.complete(QApplication.focusWidget(), name)  # fills prefix, position and role
    t.click(editor.assist.template_button)
    agenda = e.group.widgets["agenda"]
    t.click(agenda.items[2].remove)
    for row, (_number, _title, discussion, resolution) in zip(agenda.items, cm.AGENDA,
                                                                strict=True):
        for key, text in (("discussion", discussion), ("resolution", resolution)):
            box = row.group.input_for(key)
            if text and box.toPlainText() != text:
                t.focus(box)
                t.type(box, text)
    t.key(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


@pytest.mark.qt_log_ignore("raise\\(\\)", "grabbing the keyboard")  # offscreen popups
def test_the_council_meeting_typed_with_the_helpers(qtbot, council, capsys):
    t = cm.Typist()
    page = council.pages["meeting"]
    page.table.setFocus()
    t.key(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = council.editors[-1]
    activate(qtbot, editor)
    typed_with_the_helpers(t, editor)
    wait_tasks(qtbot)
    assert editor.view is not None, editor.editor.check(show_all=True)
    cm.expected(council.ws.records.get(editor.record_id).data)
    with capsys.disabled():
        print(f"\ntyped with the helpers: {t.keys} keys + {t.clicks} clicks = {t.total()}"
              f" (before: {BEFORE})")
    assert t.total() < BEFORE * 0.8


def test_the_council_meeting_from_the_last_one(qtbot, council, capsys):
    t = cm.Typist()
    page = council.pages["meeting"]
    page.table.setFocus()
    t.key(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = council.editors[-1]
    activate(qtbot, editor)
    from_the_last_meeting(t, editor)
    wait_tasks(qtbot)
    assert editor.view is not None, editor.editor.check(show_all=True)
    cm.expected(council.ws.records.get(editor.record_id).data)
    with capsys.disabled():
        print(f"\nfrom the last meeting: {t.keys} keys + {t.clicks} clicks = {t.total()}"
              f" (before: {BEFORE})")
    assert t.total() < BEFORE / 3
