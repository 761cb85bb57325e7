"""Signing in on the sync page, over a real server: a wrong password and an unreachable server
say so in Thai on the page itself; Enter in the password field signs in; a good sign-in clears
the password and takes the role the server holds for the user."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.helpers.keys import type_text, wait_tasks


def _sign_in(qtbot, page, server: str, user: str, password: str) -> None:
    for edit, text in ((page.server, server), (page.user, user), (page.password, password)):
        edit.clear()
        type_text(edit, text)
    QTest.keyClick(page.password, Qt.Key.Key_Return)  # Enter in the password field
    wait_tasks(qtbot)


def _message_boxes() -> set:
    return {w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()}


def test_failed_sign_in_shows_why_on_the_page_in_thai(qtbot, sync_server, workspace, tmp_path):
    from tambon_desktop.ui.main_window import SECTIONS, MainWindow
    from tests.helpers.sync_harness import add_user_direct, server_db_url

    add_user_direct(server_db_url(sync_server), "gui_login_checker", district="9501",
                    role="checker")
    window = MainWindow(workspace.folder)
    window.attach(workspace)
    window.show()
    before = _message_boxes()  # left open by earlier tests, if any
    try:
        window.nav.setCurrentRow(SECTIONS.index("sync"))
        page = window.pages["sync"]
        QTest.keyClick(page.password, Qt.Key.Key_Return)  # nothing filled in
        assert page.login_error.isVisible() and "กรุณากรอก" in page.login_error.text()

        _sign_in(qtbot, page, sync_server.url, "gui_login_checker", "not-the-password")
        assert page.login_error.isVisible()
        assert page.login_error.text().startswith("ลงชื่อไม่สำเร็จ: ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")
        assert page.password.hasFocus() and page.login.isEnabled()
        assert not _message_boxes() - before  # said on the page, no box
        assert window.ws.role == "clerk"

        _sign_in(qtbot, page, "http://127.0.0.1:9", "gui_login_checker", "x")  # nobody there
        assert "ติดต่อเซิร์ฟเวอร์ไม่ได้" in page.login_error.text()
        assert not any(c.isascii() and c.isalpha() for c in page.login_error.text())

        from tests.helpers.sync_harness import PASSWORD

        _sign_in(qtbot, page, sync_server.url, "gui_login_checker", PASSWORD)
        assert not page.login_error.isVisible() and page.password.text() == ""
        assert window.sync.state().configured
        qtbot.waitUntil(lambda: window.ws.role == "checker")  # the server's word for it
        assert window.ws.user == "gui_login_checker"
    finally:
        window.sync.pause()
        window.close()
        wait_tasks(qtbot)
