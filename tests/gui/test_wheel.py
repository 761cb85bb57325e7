"""The mouse wheel over a dropdown scrolls the form; the dropdown changes only once focused."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.helpers.keys import activate


def _wheel(widget, notches: int = -1) -> None:
    """One real wheel event at the middle of `widget` (negative: towards the user)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_wheel_over_a_dropdown_scrolls_the_form_and_leaves_the_value(qtbot, window,
                                                                      seed_meeting):
    record = window.ws.records.create("meeting", seed_meeting["data"])
    editor = window.open_editor("meeting", record.id)
    editor.resize(1366, 768)
    activate(qtbot, editor)
    e = editor.editor
    attendees = e.group.widgets["attendees"]
    combo = attendees.items[1].group.widgets["role"].combo  # กรรมการ
    before = combo.currentData()
    bar = e.scroll.verticalScrollBar()
    e.input_for("committee").setFocus()
    start = bar.value()
    for _ in range(3):
        _wheel(combo)
    assert combo.currentData() == before
    assert bar.value() > start  # the form scrolled instead
    area = e.group.widgets["area"].combos["changwat"]
    province = area.currentData()
    _wheel(area, 1)
    assert area.currentData() == province
    roles = [a.get("role") for a in record.data["attendees"]]
    assert [a["role"] for a in e.value()["attendees"]] == roles and not editor.dirty

    combo.setFocus()  # clicked or tabbed into: now the wheel is the clerk's choice
    _wheel(combo)
    assert combo.currentData() != before
    assert editor.dirty


def test_rows_added_later_are_guarded_too(qtbot, window):
    editor = window.open_editor("meeting")
    activate(qtbot, editor)
    attendees = editor.editor.group.widgets["attendees"]
    attendees.add.click()
    combo = attendees.items[0].group.widgets["role"].combo
    editor.editor.input_for("committee").setFocus()
    _wheel(combo)
    assert combo.currentIndex() == 0 and not combo.hasFocus()
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel never takes focus
