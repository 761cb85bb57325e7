"""Windows open within the 1366×768 screen (status bar and "บันทึกแล้ว" in sight) and come
back at the size and maximised state the clerk left them in."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from tests.helpers.keys import activate, wait_tasks


def _on_screen(window) -> bool:
    room = QGuiApplication.primaryScreen().availableGeometry()
    bar = window.statusBar()
    bottom = bar.mapToGlobal(bar.rect().bottomLeft()).y()
    return room.contains(window.frameGeometry()) and bottom <= room.bottom()


def test_windows_fit_the_screen_and_remember_size_and_maximised(qtbot, workspace):
    from tambon_desktop.ui.main_window import MainWindow

    assert QGuiApplication.primaryScreen().availableGeometry().size().toTuple() == (1366, 768)
    window = MainWindow(workspace.folder)
    window.attach(workspace)
    window.show()
    qtbot.waitExposed(window)
    assert _on_screen(window) and window.height() <= 728
    editor = window.open_editor("meeting")
    activate(qtbot, editor)
    assert _on_screen(editor) and editor.statusBar().isVisible()
    editor.resize(900, 600)
    editor.close()
    qtbot.waitUntil(lambda: not window.editors)
    editor = window.open_editor("meeting")
    assert editor.size().toTuple() == (900, 600)
    editor.close()
    qtbot.waitUntil(lambda: not window.editors)
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    window.close()
    wait_tasks(qtbot)
    assert (workspace.folder / "window.ini").exists()  # in the data folder, nowhere else

    again = MainWindow(workspace.folder)
    again.attach(workspace)
    again.show()
    try:
        qtbot.waitUntil(again.isMaximized)
    finally:
        again.close()
        wait_tasks(qtbot)
