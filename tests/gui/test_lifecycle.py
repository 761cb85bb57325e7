"""Minutes through the lifecycle by role: submit, return with a comment, resubmit, check,
certify; certified minutes are read-only and offer an amendment referencing them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.helpers.keys import activate, type_text, wait_tasks


def _ask(qtbot, panel, name: str):
    """Click a step's button: it asks first (ui.step_dialog)."""
    qtbot.mouseClick(panel.buttons[name], Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.parent() is panel and dialog.isModal()
    return dialog


def _click(qtbot, panel, name: str, reason: str = "") -> None:
    dialog = _ask(qtbot, panel, name)
    if reason:
        type_text(dialog.reason, reason)
    assert dialog.go.isEnabled()
    qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
    wait_tasks(qtbot)


def _become(qtbot, window, user: str, role: str) -> None:
    """The PC's administrator changes who works here (as `tambon user` does): Settings only
    shows it."""
    window.ws.publish(window.ws.set_user(user, role))  # as a settings change is announced
    qtbot.waitUntil(lambda: window.ws.role == role)


def test_minutes_lifecycle_by_role(qtbot, window, seed_meeting):
    ws = window.ws
    record = ws.records.create("meeting", seed_meeting["data"])
    editor = window.open_editor("meeting", record.id)
    activate(qtbot, editor)
    panel = editor.panel
    assert set(panel.buttons) == {"submit", "cancel"}  # a clerk on a draft
    _click(qtbot, panel, "submit")
    assert editor.view.status == "submitted" and editor.read_only()
    assert set(panel.buttons) == {"cancel"}  # the clerk waits for the checker

    _become(qtbot, window, "ปลัดอำเภอ ตรวจดี", "checker")
    qtbot.waitUntil(lambda: "check" in panel.buttons)
    dialog = _ask(qtbot, panel, "return")  # no reason: it cannot go on
    assert dialog.reason.isVisible() and not dialog.go.isEnabled()
    qtbot.waitUntil(dialog.reason.hasFocus)
    qtbot.mouseClick(dialog.back, Qt.MouseButton.LeftButton)
    wait_tasks(qtbot)
    assert editor.view.status == "submitted"
    _click(qtbot, panel, "return", "แก้ชื่อสถานที่")
    assert editor.view.status == "returned" and not editor.read_only()

    venue = editor.editor.input_for("venue")
    venue.clear()
    type_text(venue, "ห้องประชุมอำเภอเมืองยะลา")
    editor.save()
    wait_tasks(qtbot)
    assert not editor.dirty
    _click(qtbot, panel, "submit")
    _click(qtbot, panel, "check")
    _click(qtbot, panel, "certify")
    assert editor.view.status == "certified"
    assert editor.read_only() and not editor.save_action.isEnabled()
    assert venue.isReadOnly()
    assert ws.records.get(record.id).data["venue"] == "ห้องประชุมอำเภอเมืองยะลา"
    history = [panel.history.item(i).text() for i in range(panel.history.count())]
    assert len(history) == 5 and "แก้ชื่อสถานที่" in history[1] and "รับรองแล้ว" in history[-1]

    assert panel.amend.isVisible()
    qtbot.mouseClick(panel.amend, Qt.MouseButton.LeftButton)
    amendment = window.editors[-1]
    assert amendment.form.id == "amendment"
    assert amendment.editor.value()["meeting"] == record.id
    activate(qtbot, amendment)
    type_text(amendment.editor.input_for("reference"), "ครั้งที่ 2/2565 วาระที่ 2")
    changes = amendment.editor.group.widgets["changes"]
    type_text(changes.input_for("[0].location"), "หน้า 1 สถานที่")
    type_text(changes.input_for("[0].new_text"), "ห้องประชุมชั้น 3")
    amendment.save()
    wait_tasks(qtbot)
    assert amendment.view is not None
    assert ws.records.get(amendment.record_id).data["meeting"] == record.id


def test_every_step_asks_first_and_going_back_changes_nothing(qtbot, window, seed_meeting):
    ws = window.ws
    record = ws.records.create("meeting", seed_meeting["data"])
    editor = window.open_editor("meeting", record.id)
    activate(qtbot, editor)
    panel = editor.panel
    dialog = _ask(qtbot, panel, "cancel")
    assert dialog.windowTitle() == "ยืนยันยกเลิกการประชุม"
    assert "ร่าง เป็น ยกเลิก" in dialog.note.text() and "ย้อนกลับไม่ได้" in dialog.note.text()
    assert dialog.go.text() == "ยกเลิกการประชุม" and not dialog.go.isEnabled()
    type_text(dialog.reason, "ประธานติดราชการ")
    assert dialog.go.isEnabled()
    dialog.reject()  # Esc / ย้อนกลับ
    wait_tasks(qtbot)
    assert ws.records.get(record.id).status == "draft" and not ws.records.history(record.id)
    assert set(panel.buttons) == {"submit", "cancel"}

    dialog = _ask(qtbot, panel, "submit")  # no reason asked for; Enter means "go back"
    assert not dialog.reason.isVisible() and dialog.back.isDefault()
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    wait_tasks(qtbot)
    assert ws.records.get(record.id).status == "draft"

    _click(qtbot, panel, "cancel", "ประธานติดราชการ")
    assert ws.records.get(record.id).status == "cancelled"
    assert ws.records.history(record.id)[-1][-1] == "ประธานติดราชการ"


def test_settings_show_the_role_and_offer_no_way_to_change_it(qtbot, window):
    from PySide6.QtWidgets import QComboBox, QLineEdit

    from tambon_desktop.ui.main_window import SECTIONS

    page = window.pages["settings"]
    window.nav.setCurrentRow(SECTIONS.index("settings"))
    assert page.role.text() == "เจ้าหน้าที่ธุรการ" and page.user.text() == "สมศรี ทดสอบ"
    assert not page.findChildren(QComboBox) and not page.findChildren(QLineEdit)
    assert "ลงชื่อเข้าเซิร์ฟเวอร์" in page.role_note.text()
    window.ws.set_user("ปลัดอำเภอ ตรวจดี", "checker")  # `tambon user` by the administrator
    window.nav.setCurrentRow(0)
    window.nav.setCurrentRow(SECTIONS.index("settings"))
    assert page.role.text() == "ปลัดอำเภอ (ผู้ตรวจ)"
