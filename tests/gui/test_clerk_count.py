"""Keystrokes and clicks to enter the 12-member council meeting of clerk_meeting.py, from the
list page to a saved record (issue 12). Run with -s to see the counts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui import clerk_meeting as cm
from tests.gui.keys import activate, wait_tasks

OFFSCREEN_POPUP = pytest.mark.qt_log_ignore("raise\\(\\)", "grabbing the keyboard")


@pytest.fixture
def council(qtbot, tmp_path):
    """The main window over a workspace of อำเภอระแงะ holding the last council meeting."""
    from tambon_desktop.services.workspace import Workspace
    from tambon_desktop.ui.main_window import MainWindow
    from tests.gui.keys import close_all

    ws = Workspace.init(tmp_path / "ws", district=cm.DISTRICT, user="รอซาลี", role="clerk")
    ws.records.create("meeting", cm.last_meeting())
    win = MainWindow(ws.folder)
    win.attach(ws)
    win.show()
    yield win
    close_all(qtbot)
    ws.close()


def by_hand(t: cm.Typist, editor) -> None:
    """The meeting typed field by field (the people completer used for names)."""
    e = editor.editor
    t.focus(e.input_for("committee"))
    t.type(e.input_for("committee"), cm.COMMITTEE)
    t.tab()
    t.type(e.input_for("number"), str(cm.NEW["number"]))
    t.tab()
    t.type(e.input_for("year_be"), str(cm.NEW["year_be"]))
    t.tab()
    t.type(e.input_for("date"), cm.NEW["date_typed"])
    t.tab()
    t.type(e.input_for("start_time"), cm.NEW["start_time"])
    t.tab()
    t.type(e.input_for("end_time"), cm.NEW["end_time"])
    t.tab()
    t.type(e.input_for("venue"), cm.VENUE)
    t.tab()
    area = e.group.widgets["area"]
    for level, name in (("changwat", "นราธิวาส"), ("amphoe", "ระแงะ"), ("tambon", "บองอ")):
        t.choose(area.combos[level], name)
        t.tab()
    attendees = e.group.widgets["attendees"]
    for _prefix, name, _position, role in cm.MEMBERS:
        t.click(attendees.add)  # the new row's prefix has the focus
        t.tab()
        t.complete(QApplication.focusWidget(), name)  # fills prefix and position
        t.tab(2)
        if role:
            t.choose(QApplication.focusWidget(), role)
    agenda = e.group.widgets["agenda"]
    for number, title, discussion, resolution in cm.AGENDA:
        t.click(agenda.add)  # the new item's number has the focus
        for text, tabs in ((number, 1), (title, 2), (discussion, 1), (resolution, 0)):
            if text:
                t.type(QApplication.focusWidget(), text)
            t.tab(tabs)
    t.key(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


@OFFSCREEN_POPUP
def test_the_council_meeting_typed_by_hand(qtbot, council, capsys):
    t = cm.Typist()
    page = council.pages["meeting"]
    page.table.setFocus()
    t.key(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = council.editors[-1]
    activate(qtbot, editor)
    by_hand(t, editor)
    wait_tasks(qtbot)
    assert editor.view is not None, editor.editor.check(show_all=True)
    cm.expected(council.ws.records.get(editor.record_id).data)
    with capsys.disabled():
        print(f"\nby hand: {t.keys} keys + {t.clicks} clicks = {t.total()}")
    assert t.total() > 0
