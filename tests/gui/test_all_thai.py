"""Thai mode has no English: every page, editor and dialog a clerk meets is opened at
1366×768 and every string on it read (thai_check); Qt's own buttons, menus and file and print
dialogs come from resources/i18n/qtbase_th.qm, which must be the compiled qtbase_th.ts.
Screenshots of each go to $TAMBON_GUI_SHOTS when it is set."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
)

from tambon_desktop.ui.editor.dates import BECalendar
from tests.helpers.keys import activate, close_all, shot, wait_tasks
from tests.helpers.thai_check import english, visible_strings

REPO = Path(__file__).resolve().parents[2]
OFFSCREEN_POPUP = pytest.mark.qt_log_ignore("raise\\(\\)", "grabbing the keyboard")


def _thai(widget, name: str, *, cells: bool = True) -> None:
    QApplication.processEvents()
    shot(widget, name)
    found = english(visible_strings(widget, cells=cells))
    assert not found, f"{name}:\n" + "\n".join(found)


def _on_modal(callback) -> None:
    """Run callback(dialog) on the next modal dialog, then close it (for blocking exec())."""

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, check)
            return
        try:
            callback(dialog)
        finally:
            dialog.reject()

    QTimer.singleShot(20, check)


@pytest.fixture
def demo(qtbot, workspace):
    from tambon_desktop.ui.main_window import MainWindow

    workspace.load_samples()
    window = MainWindow(workspace.folder)
    window.attach(workspace)
    window.resize(1366, 728)
    window.show()
    activate(qtbot, window)
    yield window
    close_all(qtbot)


def test_the_thai_qm_is_the_compiled_ts(tmp_path):
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    out = tmp_path / "qtbase_th.qm"
    subprocess.run([str(lrelease), str(REPO / "resources/i18n/qtbase_th.ts"), "-qm", str(out)],
                   check=True, capture_output=True, timeout=120)
    assert out.read_bytes() == (REPO / "resources/i18n/qtbase_th.qm").read_bytes()


def test_the_frozen_app_ships_the_thai_qm():
    """resources/ goes into the bundle whole; the Qt-translation pruning must spare ours."""
    sys.path.insert(0, str(REPO / "build"))
    try:
        from spec_common import keep
    finally:
        sys.path.remove(str(REPO / "build"))
    spec = (REPO / "build" / "tambon-desktop.spec").read_text("utf-8")
    assert '(str(ROOT / "resources"), "resources")' in spec
    assert keep("resources/i18n/qtbase_th.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")  # Qt's own stay out


def test_qt_standard_buttons_and_menus_are_thai(qtbot):
    box = QMessageBox(QMessageBox.Icon.Question, "ทดสอบ", "ลบระเบียน?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDetailedText("รายละเอียด")
    box.show()
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert {"ใช่", "ไม่", "แสดงรายละเอียด…"} <= texts
    _thai(box, "qt-message-box")
    box.close()
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel
                               | QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Close)
    assert sorted(b.text().replace("&", "") for b in buttons.buttons()) == sorted(
        ["ตกลง", "ยกเลิก", "บันทึก", "ปิด"])
    for edit in (QLineEdit("ข้อความ"), QPlainTextEdit("ข้อความ")):
        menu = edit.createStandardContextMenu()
        names = [a.text().replace("&", "").split("\t")[0] for a in menu.actions() if a.text()]
        assert {"เลิกทำ", "ทำซ้ำ", "ตัด", "คัดลอก", "วาง", "ลบ", "เลือกทั้งหมด"} <= set(names), names
        assert not english([("menu", n) for n in names])


def test_every_page_is_thai(qtbot, demo):
    from tambon_desktop.ui.main_window import SECTIONS

    for row, key in enumerate(SECTIONS):
        demo.nav.setCurrentRow(row)
        wait_tasks(qtbot)
        _thai(demo, f"page-{row + 1}-{key}")


def test_sync_states_and_the_conflict_inbox_are_thai(qtbot, demo):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from tambon_desktop.ui.main_window import SECTIONS

    demo.nav.setCurrentRow(SECTIONS.index("sync"))
    page = demo.pages["sync"]
    QTest.keyClick(page.password, Qt.Key.Key_Return)  # nothing filled in: said on the page
    assert page.login_error.isVisible()
    _thai(demo, "page-6-sync-error")
    inbox = demo.open_conflicts()
    assert inbox is not None
    wait_tasks(qtbot)
    _thai(inbox, "dialog-conflicts")
    inbox.close()


def test_the_first_run_page_is_thai(qtbot, tmp_path):
    from tambon_desktop.ui.main_window import MainWindow

    window = MainWindow(tmp_path / "new")
    window.resize(1366, 728)
    window.show()
    try:
        window.show_setup()
        _thai(window, "page-0-setup")
    finally:
        window.close()


@OFFSCREEN_POPUP
def test_every_editor_and_its_dialogs_are_thai(qtbot, demo):
    ws = demo.ws
    for form_id in ("meeting", "project", "progress_report", "amendment"):
        new = demo.open_editor(form_id)
        new.resize(1366, 728)
        activate(qtbot, new)
        _thai(new, f"editor-new-{form_id}")
        new.close()
    editor = demo.open_editor("meeting", _first(ws, "meeting"))
    editor.resize(1366, 728)
    activate(qtbot, editor)
    _thai(editor, "editor-seed-meeting")
    editor.editor.group.widgets["date"].open_calendar()
    popup = next(w for w in QApplication.topLevelWidgets()
                 if isinstance(w, BECalendar) and w.isVisible())
    _thai(popup, "dialog-calendar")
    popup.close()
    qtbot.mouseClick(editor.panel.buttons["cancel"], Qt.MouseButton.LeftButton)
    _thai(editor.panel.dialog, "dialog-step-cancel")
    editor.panel.dialog.reject()
    editor.editor.input_for("venue").setText("ห้องประชุม 😀")
    editor.save()
    _thai(editor, "editor-unprintable")

    seen = []
    _on_modal(lambda d: (seen.append(d), _thai(d, "dialog-unsaved")))
    editor.close()
    assert seen


def _first(ws, form_id: str) -> str:
    from tambon_desktop.services.records import ListQuery

    return ws.records.list(ListQuery(form_id, limit=5))[0][0]


def test_message_and_file_dialogs_are_thai(qtbot, demo, tmp_path):
    from tambon_desktop.core.errors import KnownError
    from tambon_desktop.ui.errors import show_error

    box = show_error(demo, KnownError("ดิสก์เต็ม บันทึกไม่ได้", "disk full", detail="errno 28"))
    _thai(box, "dialog-error-known")
    box.close()
    try:
        raise ValueError("a bug")
    except ValueError as exc:
        box = show_error(demo, exc)
    _thai(box, "dialog-error-bug")
    box.close()

    seen = []
    _on_modal(lambda d: (seen.append(d.defaultButton().text()), _thai(d, "dialog-delete")))
    record = _first(demo.ws, "meeting")
    demo.delete_records([record])
    assert seen == ["ไม่"]  # Enter keeps the record
    wait_tasks(qtbot)
    assert demo.ws.records.get(record) is not None

    opened = []
    _on_modal(lambda d: (opened.append(d), _thai(d, "dialog-import-records", cells=False)))
    demo.pages["exchange"]._import()  # the page's own import dialog, file types and all
    assert opened and isinstance(opened[0], QFileDialog)

    for mode, name in ((QFileDialog.FileMode.ExistingFiles, "open"),
                       (QFileDialog.FileMode.AnyFile, "save"),
                       (QFileDialog.FileMode.Directory, "folder")):
        dialog = QFileDialog(demo, "เลือกไฟล์", str(tmp_path))
        dialog.setFileMode(mode)
        if name == "save":
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.resize(900, 560)
        dialog.show()
        qtbot.waitUntil(dialog.isVisible)
        _thai(dialog, f"dialog-file-{name}", cells=False)  # file names are the clerk's
        dialog.reject()


def test_print_dialogs_are_thai(qtbot, demo):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from tambon_desktop.ui.monthly_report import MonthlyReportDialog

    monthly = MonthlyReportDialog(demo.ws.district, demo)
    monthly.show()
    _thai(monthly, "dialog-monthly-report")
    monthly.close()

    previews = []
    demo.print_record(_first(demo.ws, "meeting"), on_ready=previews.append)
    qtbot.waitUntil(lambda: bool(previews), timeout=60_000)
    preview = previews[0]
    _thai(preview, "dialog-print-preview")

    printer = QPrinter()  # alive as long as its dialog
    dialog = QPrintDialog(printer, preview)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    _thai(dialog, "dialog-print")
    options = next(b for b in dialog.findChildren(QPushButton) if b.text().startswith("ตัวเลือก"))
    options.click()  # the copies, page range, duplex and colour part
    _thai(dialog, "dialog-print-options")
    dialog.reject()
    preview.close()


def test_the_app_uses_qt_s_translated_file_dialog_on_linux(qtbot, tmp_path):
    from PySide6.QtCore import QCoreApplication

    from tambon_desktop.ui.app import open_workspace
    from tambon_desktop.ui.main_window import MainWindow

    attribute = Qt.ApplicationAttribute.AA_DontUseNativeDialogs
    QCoreApplication.setAttribute(attribute, False)
    window = MainWindow(tmp_path / "new")
    try:
        open_workspace(window, tmp_path / "new", demo=False)  # right after the first paint
        assert QCoreApplication.testAttribute(attribute) == sys.platform.startswith("linux")
    finally:
        QCoreApplication.setAttribute(attribute, True)
        window.close()
