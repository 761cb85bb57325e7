"""A region officer's PC (SBPAC) shows what districts sent and offers no way to write:
no new, carry or delete buttons, Ctrl+N does nothing, an opened record is locked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.helpers.keys import close_all, shot


def test_region_pc_lists_and_opens_records_but_cannot_write(qtbot, workspace, tmp_path):
    from tambon_desktop.services.workspace import Workspace
    from tambon_desktop.ui.main_window import MainWindow

    record = workspace.load_samples()[0]  # as if pulled from a district
    workspace.set_user("sbpac", "region_officer")
    workspace.set_scope(["94", "95", "96", "9003", "9004", "9005", "9006"])
    workspace.close()
    ws = Workspace.open(workspace.folder)
    window = MainWindow(ws.folder)
    try:
        window.attach(ws)
        window.sync.pause()
        window.show()
        page = window.pages["meeting"]
        qtbot.waitUntil(lambda: page.model.rowCount() == 1)
        assert not page.new.isVisible() and not page.carry.isVisible()
        assert not page.delete.isVisible() and page.open.isVisible()
        QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert window.editors == []
        editor = window.open_editor("meeting", record)
        qtbot.waitUntil(lambda: editor.view is not None)
        assert editor.read_only() and not editor.save_action.isEnabled()
        assert editor.statusBar().currentMessage().startswith("อ่านอย่างเดียว")
        shot(window, "region-read-only")
    finally:
        close_all(qtbot)
        ws.close()
